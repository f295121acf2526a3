// The SciFact conversion writes valid resource files whose indexed text is exactly the original.
#include "benchmarks/scifact_corpus.h"

#include <gtest/gtest.h>

#include "indexer/resource_parser.h"
#include "indexer/taxonomy.h"
#include "tests/support/test_util.h"

namespace ch::bench {
namespace {

Taxonomy SampleTaxonomy() {
  Result<Taxonomy> taxonomy = Taxonomy::Load(test::SourcePath("corpus/taxonomy.yaml"));
  EXPECT_TRUE(taxonomy.ok()) << taxonomy.status().ToString();
  return taxonomy.value();
}

TEST(ScifactCorpusTest, ParsesBeirJsonLines) {
  Result<std::vector<ScifactDocument>> docs = ParseScifactCorpus(
      "{\"_id\": \"4983\", \"title\": \"T\", \"text\": \"X.\", \"metadata\": {}}\n"
      "\n"
      "{\"id\": \"5836\", \"title\": \"U\", \"text\": \"Y\"}\n");
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].id, "4983");
  EXPECT_EQ((*docs)[1].id, "5836");
  EXPECT_EQ((*docs)[1].text, "Y");
  Result<std::vector<ScifactDocument>> bad = ParseScifactCorpus("{\"id\": 1}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1"), std::string::npos);
}

TEST(ScifactCorpusTest, MarkdownSyntaxInTheTextIsIndexedLiterally) {
  ScifactDocument doc;
  doc.id = "42";
  doc.title = "A \"quoted\" title with a back\\slash: *not* emphasis";
  doc.text =
      "1. Not a list; <b>not HTML</b> & no &amp; entity, *no* _emphasis_ or `code`.\n"
      "# Not a heading [not](a-link) ~~kept~~ | a | b |   spaced   out\\ end.";
  std::string file = ResourceFileFor(doc, {});
  ParsedResource parsed = ParseResource(file, "scifact-42.md", "scifact-42.md", SampleTaxonomy());
  ASSERT_TRUE(parsed.ok()) << (parsed.diagnostics.empty() ? "" : parsed.diagnostics[0].ToString());
  EXPECT_EQ(parsed.resource.id, "scifact-42");
  EXPECT_EQ(parsed.resource.title, doc.title);
  EXPECT_EQ(parsed.resource.summary,
            "1. Not a list; <b>not HTML</b> & no &amp; entity, *no* _emphasis_ or `code`.");
  EXPECT_EQ(parsed.resource.body_text,
            "1. Not a list; <b>not HTML</b> & no &amp; entity, *no* _emphasis_ or `code`. "
            "# Not a heading [not](a-link) ~~kept~~ | a | b | spaced out\\ end.");
  EXPECT_EQ(parsed.resource.type, "research-brief");
  EXPECT_EQ(parsed.resource.focus_areas, std::vector<std::string>{"technology"});
}

TEST(ScifactCorpusTest, SummaryIsTheFirstSentenceOrACutAtAWord) {
  EXPECT_EQ(FirstSentence("The first sentence here. Two sentences.", 300),
            "The first sentence here.");
  // A full stop in the first 20 characters ends an enumerator or abbreviation, not a sentence.
  EXPECT_EQ(FirstSentence("1. Short. The rest of it. More.", 300), "1. Short. The rest of it.");
  // "e.g. the" is not the end of a sentence: a lowercase word follows.
  EXPECT_EQ(FirstSentence("Some of the drugs, e.g. aspirin, work. Next.", 300),
            "Some of the drugs, e.g. aspirin, work.");
  EXPECT_EQ(FirstSentence("No end at all", 300), "No end at all");
  EXPECT_EQ(FirstSentence("alpha beta gamma delta. Next.", 12), "alpha beta...");
}

TEST(ScifactCorpusTest, WritesOneFilePerDocumentAndKeepsTheIdMapping) {
  test::TempDir dir;
  std::vector<ScifactDocument> docs = {{"1", "First", "Text one."}, {"22", "Second", "Text two."}};
  auto ids = WriteScifactCorpus(docs, dir / "corpus", {});
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_EQ(ids->at("scifact-1"), "1");
  EXPECT_EQ(ids->at("scifact-22"), "22");
  EXPECT_TRUE(std::filesystem::exists(dir / "corpus/scifact-22.md"));
  std::vector<ScifactDocument> twice = {{"1", "A", "B"}, {"1", "C", "D"}};
  EXPECT_FALSE(WriteScifactCorpus(twice, dir / "corpus", {}).ok());
}

}  // namespace
}  // namespace ch::bench
