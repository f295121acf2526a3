// The proximity bonus (server/services/proximity.h): which words of a query are paired, which
// forms of a word the index is searched in, and that documents in which the words stand together
// rank first without any document being added to or dropped from the matches. A real Xapian
// database (in memory), indexed as the indexer does (STEM_SOME: positions on unstemmed words).
#include "server/services/proximity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "indexer/stopwords.h"

namespace ch {
namespace {

using Q = Xapian::Query;

class ProximityTest : public ::testing::Test {
 protected:
  void Add(const std::string& id, const std::string& text) {
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer_);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_stopper(&EnglishStopper());
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(text);
    doc.set_data(id);
    db_.add_document(doc);
  }
  // The ids of the documents matching `query` (stemmed words ORed, as the search does), in
  // relevance order, with the proximity bonus at `weight` (0: none).
  std::vector<std::string> Ranked(const std::vector<std::string>& words, double weight) {
    std::vector<Q> stems;
    for (const auto& w : words) stems.emplace_back("Z" + stemmer_(w));
    Q query(Q::OP_OR, stems.begin(), stems.end());
    if (weight > 0) {
      Q near = ProximityQuery(db_, stemmer_, words, {});
      if (!near.empty()) {
        query = Q(Q::OP_AND_MAYBE, query, Q(Q::OP_SCALE_WEIGHT, near, weight));
      }
    }
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    std::vector<std::string> ids;
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      ids.push_back(it.get_document().get_data());
    return ids;
  }

  Xapian::Stem stemmer_{"english"};
  Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST(ProximityWordsTest, PairsOnlyTheWordsThatCarryMeaningInOrder) {
  EXPECT_EQ(ContentWords("the shootings on our block", &EnglishStopper()),
            (std::vector<std::string>{"shootings", "block"}));
  // Capitals are lowered as the index holds them; hyphenated words are two words, as indexed.
  EXPECT_EQ(ContentWords("Homicide trauma-informed Review", &EnglishStopper()),
            (std::vector<std::string>{"homicide", "trauma", "informed", "review"}));
}

TEST(ProximityWordsTest, SkipsQuotedPhrasesFieldsAndOperators) {
  EXPECT_EQ(ContentWords("\"focused deterrence\" evaluation", &EnglishStopper()),
            (std::vector<std::string>{"evaluation"}));
  EXPECT_EQ(ContentWords("title:guide gangs AND schools NOT podcast", nullptr),
            (std::vector<std::string>{"gangs", "schools", "podcast"}));
}

TEST_F(ProximityTest, SearchesEveryFormTheIndexHoldsWithTheSameStem) {
  Add("a", "homicide investigations and investigators; investigational drugs; shootout");
  std::vector<std::string> forms = IndexedForms(db_, stemmer_, "investigation", {});
  EXPECT_NE(std::find(forms.begin(), forms.end(), "investigations"), forms.end());
  EXPECT_EQ(std::find(forms.begin(), forms.end(), "shootout"), forms.end());
  // Every form found has the word's stem; the word itself is not invented when the index lacks it.
  for (const auto& f : forms) EXPECT_EQ(stemmer_(f), stemmer_("investigation")) << f;
  EXPECT_EQ(std::find(forms.begin(), forms.end(), "investigation"), forms.end());
  // Prefixed and stemmed terms (capitals, Z) are never forms.
  for (const auto& f : forms) EXPECT_TRUE(f[0] >= 'a' && f[0] <= 'z') << f;
}

TEST_F(ProximityTest, DocumentsWithTheWordsTogetherRankFirst) {
  // Both documents hold both words once, at the same length; only one has them side by side
  // (in other forms of the words than the query's).
  Add("apart", "homicide reports from the county, then a review of investigations statewide");
  Add("together", "homicides investigation reports from the county, then a review of statewide");
  Add("other", "burglary reports from the county");
  const std::vector<std::string> words = {"homicide", "investigations"};
  std::vector<std::string> plain = Ranked(words, 0);
  std::vector<std::string> bonus = Ranked(words, 0.1);
  ASSERT_EQ(bonus.size(), 2u);
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain.front(), "apart");  // a tie without the bonus (document order)
  EXPECT_EQ(bonus.front(), "together");
  // The bonus re-ranks, it never adds or drops a match.
  std::sort(plain.begin(), plain.end());
  std::sort(bonus.begin(), bonus.end());
  EXPECT_EQ(plain, bonus);
}

TEST_F(ProximityTest, LongQuestionsAndSingleWordsGetNoBonus) {
  Add("a", "gang violence in the city");
  EXPECT_TRUE(ProximityQuery(db_, stemmer_, {"gang"}, {}).empty());
  ProximityOptions options;
  options.max_words = 3;
  EXPECT_FALSE(ProximityQuery(db_, stemmer_, {"gang", "violence", "city"}, options).empty());
  EXPECT_TRUE(
      ProximityQuery(db_, stemmer_, {"gang", "violence", "city", "gang", "violence"}, options)
          .empty());
  // A word the index lacks pairs with nothing.
  EXPECT_TRUE(ProximityQuery(db_, stemmer_, {"gang", "zebra"}, {}).empty());
}

TEST_F(ProximityTest, APairOfCommonWordsIsSkippedUnderARarityShare) {
  // "gang" and "violence" are in every document, "ceasefire" in one of four.
  Add("a", "gang violence ceasefire");
  Add("b", "gang violence report");
  Add("c", "gang violence notes");
  Add("d", "gang violence data");
  ProximityOptions options;
  options.max_share = 0.5;
  EXPECT_TRUE(ProximityQuery(db_, stemmer_, {"gang", "violence"}, options).empty());
  EXPECT_FALSE(ProximityQuery(db_, stemmer_, {"violence", "ceasefire"}, options).empty());
  options.max_share = 1;
  EXPECT_FALSE(ProximityQuery(db_, stemmer_, {"gang", "violence"}, options).empty());
}

}  // namespace
}  // namespace ch
