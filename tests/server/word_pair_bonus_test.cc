// The word-pair bonus's query side (server/services/word_pair_bonus.h): which searches get it,
// that a pair weighs more the rarer it is, and that a search's pairs are made in every language it
// is searched in, as each resource's pairs are made in its own. A real Xapian database (in
// memory) holding the pair terms as the indexer writes them (indexer/word_pairs.h).
#include "server/services/word_pair_bonus.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/word_pairs.h"

namespace ch {
namespace {

class WordPairBonusTest : public ::testing::Test {
 protected:
  void Add(const std::string& title, const LanguageSpec& language) {
    Xapian::Document doc;
    doc.add_term("Zsampl");  // every document matches the text query below
    for (const auto& t : WordPairTerms(title, stemmers_.For(language), language.stopper())) {
      doc.add_boolean_term(t);
    }
    doc.set_data(title);
    db_.add_document(doc);
  }
  // Each matching document's weight under `text` AND_MAYBE the bonus, by its title.
  std::vector<std::pair<std::string, double>> Weights(const std::string& q,
                                                      std::vector<const LanguageSpec*> languages,
                                                      WordPairOptions options = {}) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(WithWordPairs(db_, stemmers_, languages, q, options, Xapian::Query("Zsampl")));
    std::vector<std::pair<std::string, double>> out;
    Xapian::MSet mset = enquire.get_mset(0, 10);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      out.emplace_back(it.get_document().get_data(), it.get_weight());
    }
    return out;
  }
  double WeightOf(const std::string& title, const std::vector<std::pair<std::string, double>>& w) {
    for (const auto& [t, weight] : w) {
      if (t == title) return weight;
    }
    return -1;
  }

  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
  LanguageStemmers stemmers_;
  const LanguageSpec& english_ = LanguageFor("en");
  const LanguageSpec& spanish_ = LanguageFor("es");
};

TEST_F(WordPairBonusTest, TwoOrThreeWordSearchesLiftTheResourcesNamingTheirWordsTogether) {
  Add("Sample gang violence review", english_);
  Add("Sample gang review of violence statewide", english_);
  Add("Sample notes", english_);
  const auto w = Weights("gang violence", {&english_});
  EXPECT_GT(WeightOf("Sample gang violence review", w),
            WeightOf("Sample gang review of violence statewide", w));
  EXPECT_EQ(WeightOf("Sample gang review of violence statewide", w), WeightOf("Sample notes", w));
  // The bonus adds no match: the three documents match the text either way.
  EXPECT_EQ(w.size(), 3u);
  // One word, or more than max_words, gets no bonus.
  EXPECT_TRUE(WordPairBonus(db_, stemmers_, {&english_}, "gang", {}).empty());
  EXPECT_TRUE(WordPairBonus(db_, stemmers_, {&english_}, "gang violence review sample", {}).empty());
  WordPairOptions off;
  off.weight = 0;
  EXPECT_TRUE(WordPairBonus(db_, stemmers_, {&english_}, "gang violence", off).empty());
}

TEST_F(WordPairBonusTest, ARarerPairWeighsMore) {
  Add("Sample peer support", english_);
  Add("Sample gang violence", english_);
  Add("Sample gang violence notes", english_);
  const auto w = Weights("peer support", {&english_});
  const auto v = Weights("gang violence", {&english_});
  EXPECT_GT(WeightOf("Sample peer support", w), WeightOf("Sample gang violence", v));
}

TEST_F(WordPairBonusTest, ASearchsPairsAreMadeInEachLanguageItIsSearchedIn) {
  Add("Policia comunitaria en el barrio", spanish_);
  Add("Barrio y policia", spanish_);
  const auto english_only = Weights("policia comunitaria", {&english_});
  EXPECT_EQ(WeightOf("Policia comunitaria en el barrio", english_only),
            WeightOf("Barrio y policia", english_only));
  const auto both = Weights("policias comunitarias", {&english_, &spanish_});
  EXPECT_GT(WeightOf("Policia comunitaria en el barrio", both), WeightOf("Barrio y policia", both));
}

TEST_F(WordPairBonusTest, ASearchReadInAmericanSpellingKeepsThePairsOfItsBritishSpelling) {
  Add("Sample labor trafficking review", english_);
  Add("Sample labour trafficking review", english_);
  Add("Sample labour review of trafficking", english_);
  // "labour trafficking" is searched as "labor trafficking" (american_spelling.h): the resources
  // that name either spelling's pair are lifted alike.
  Xapian::Enquire enquire(db_);
  const Xapian::Query bonus = WordPairBonus(db_, stemmers_, {&english_}, "labor trafficking",
                                            WordPairOptions{}, "labour trafficking");
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query("Zsampl"), bonus));
  std::vector<std::pair<std::string, double>> w;
  Xapian::MSet mset = enquire.get_mset(0, 10);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    w.emplace_back(it.get_document().get_data(), it.get_weight());
  }
  const double apart = WeightOf("Sample labour review of trafficking", w);
  EXPECT_GT(WeightOf("Sample labor trafficking review", w), apart);
  EXPECT_GT(WeightOf("Sample labour trafficking review", w), apart);
}

}  // namespace
}  // namespace ch
