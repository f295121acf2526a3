// The test library built into a real Xapian database and searched through Xapian.
#include <gtest/gtest.h>

#include <algorithm>

#include "indexer/concepts.h"
#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "indexer/schema.h"
#include "indexer/stopwords.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

class LibraryIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    taxonomy_ = new Taxonomy(Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value());
    IndexReport report;
    Status s = BuildIndex(test::LibraryPath(), db(), *taxonomy_, {}, &report);
    ASSERT_TRUE(s.ok()) << s.ToString();
    documents_ = report.documents;
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete taxonomy_;
  }
  static std::string db() { return *dir_ / "index"; }

  // Parses like the server does: English stemming, stop words, field prefixes.
  static Xapian::Query Parse(const std::string& text) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(&EnglishStopper());
    qp.set_default_op(Xapian::Query::OP_OR);
    qp.add_prefix("title", schema::kTitleTextPrefix);
    return qp.parse_query(text,
                          Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE);
  }

  static std::vector<Resource> Search(const Xapian::Query& query, unsigned n = 200) {
    Xapian::Database database(db());
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    std::vector<Resource> out;
    Xapian::MSet mset = enquire.get_mset(0, n);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      out.push_back(schema::DecodeResource(it.get_document().get_data()).value());
    }
    return out;
  }

  static test::TempDir* dir_;
  static Taxonomy* taxonomy_;
  static size_t documents_;
};
test::TempDir* LibraryIndexTest::dir_ = nullptr;
Taxonomy* LibraryIndexTest::taxonomy_ = nullptr;
size_t LibraryIndexTest::documents_ = 0;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

TEST_F(LibraryIndexTest, IndexesEveryFileOfTheLibrary) {
  auto files = ListCorpusFiles(test::LibraryPath()).value();
  EXPECT_EQ(files.size(), test::LibraryResourceCount()) << "README.md is not a resource";
  EXPECT_EQ(documents_, files.size());
  EXPECT_EQ(Xapian::Database(db()).get_doccount(), files.size());
}

TEST(ListCorpusFilesTest, GivesTheSameRelativePathsHoweverTheFolderIsSpelled) {
  const std::string library = test::LibraryPath();
  auto plain = ListCorpusFiles(library).value();
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(plain.front().rfind("resources/", 0), 0u) << plain.front();
  EXPECT_EQ(ListCorpusFiles(library + "/").value(), plain);
  EXPECT_EQ(ListCorpusFiles(library + "/./").value(), plain);
  EXPECT_EQ(ListCorpusFiles(library + "/resources/../").value(), plain);
}

TEST_F(LibraryIndexTest, StemmingFindsOtherFormsOfAWord) {
  std::vector<Resource> results = Search(Parse("investigating"));
  ASSERT_FALSE(results.empty());
  bool other_form = false;
  for (const auto& r : results) {
    std::string text = Lower(r.title + " " + r.summary + " " + r.body_text);
    if (text.find("investigating") == std::string::npos &&
        text.find("investigation") != std::string::npos) {
      other_form = true;
    }
  }
  EXPECT_TRUE(other_form);
}

TEST_F(LibraryIndexTest, PhraseSearchRequiresTheWordsInOrder) {
  std::vector<Resource> phrase = Search(Parse("\"hot spots\""));
  ASSERT_FALSE(phrase.empty());
  for (const auto& r : phrase) {
    std::string text = Lower(r.title + "\n" + r.summary + "\n" + r.body_text + "\n" + [&] {
      std::string k;
      for (const auto& w : r.keywords) k += w + "\n";
      return k;
    }());
    EXPECT_NE(text.find("hot spot"), std::string::npos) << r.id;
  }
  EXPECT_LE(phrase.size(), Search(Parse("hot OR spots")).size());
}

TEST_F(LibraryIndexTest, FocusAreaFilterKeepsOnlyTaggedDocuments) {
  Xapian::Query filtered(Xapian::Query::OP_FILTER, Parse("violence"),
                         Xapian::Query(std::string(schema::kFocusAreaPrefix) + "technology"));
  std::vector<Resource> results = Search(filtered);
  ASSERT_FALSE(results.empty());
  for (const auto& r : results) {
    EXPECT_NE(std::find(r.focus_areas.begin(), r.focus_areas.end(), "technology"),
              r.focus_areas.end())
        << r.id;
  }
  EXPECT_LT(results.size(), Search(Parse("violence")).size());
}

// The library uses every value of its taxonomy (its README says so), so every filter term exists.
TEST_F(LibraryIndexTest, EveryVocabularyValueHasAFilterTerm) {
  Xapian::Database database(db());
  const std::pair<Vocabulary, const char*> prefixes[] = {
      {Vocabulary::kFocusArea, schema::kFocusAreaPrefix},
      {Vocabulary::kTopic, schema::kTopicPrefix},
      {Vocabulary::kType, schema::kTypePrefix},
      {Vocabulary::kAudience, schema::kAudiencePrefix}};
  for (const auto& [vocabulary, prefix] : prefixes) {
    for (const auto& e : taxonomy_->entries(vocabulary)) {
      EXPECT_GE(database.get_termfreq(std::string(prefix) + e.id), 1u) << prefix << e.id;
    }
  }
}

TEST_F(LibraryIndexTest, AcronymConceptConnectsTheTwoForms) {
  ConceptMatcher matcher(*taxonomy_);
  auto concepts = matcher.Find("NIBIN");
  ASSERT_EQ(concepts.size(), 1u);
  Xapian::Query concept_query(std::string(schema::kConceptPrefix) + concepts[0].key);
  std::vector<Resource> by_concept = Search(concept_query);
  std::vector<Resource> by_word = Search(Parse("nibin"));
  EXPECT_GE(by_concept.size(), by_word.size());
}

// A tiny corpus where each document uses only one form of the name.
TEST(AcronymSearchTest, SearchingTheAcronymFindsTheSpelledOutFormAndBack) {
  test::TempDir dir;
  std::string corpus = dir / "corpus";
  test::CopyTaxonomy(corpus);
  test::WriteTextFile(dir.path() / "corpus/acronym.md",
                      test::ResourceMarkdown("Ballistic leads", "gun-violence",
                                             "Enter every casing into NIBIN quickly."));
  test::WriteTextFile(
      dir.path() / "corpus/spelled.md",
      test::ResourceMarkdown("Imaging casings", "gun-violence",
                             "The National Integrated Ballistic Information Network links guns."));
  test::WriteTextFile(dir.path() / "corpus/other.md",
                      test::ResourceMarkdown("Community meetings", "community-engagement",
                                             "Listening sessions after a shooting."));
  Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus, dir / "db", taxonomy, {}, &report).ok());
  ConceptMatcher matcher(taxonomy);
  Xapian::Database database(dir / "db");
  for (const char* query : {"NIBIN", "national integrated ballistic information network"}) {
    auto concepts = matcher.Find(query);
    ASSERT_EQ(concepts.size(), 1u) << query;
    Xapian::Enquire enquire(database);
    enquire.set_query(Xapian::Query(std::string(schema::kConceptPrefix) + concepts[0].key));
    Xapian::MSet mset = enquire.get_mset(0, 10);
    EXPECT_EQ(mset.size(), 2u) << query;
  }
}

}  // namespace
}  // namespace ch
