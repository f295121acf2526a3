// Every validation error kind, as a curator would meet it: the file, line, field and message.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "indexer/corpus.h"
#include "indexer/resource_parser.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

const Taxonomy& LibraryTaxonomy() {
  static const Taxonomy taxonomy = Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value();
  return taxonomy;
}

struct Expected {
  const char* file;
  int line;
  const char* field;
  const char* message_part;
};

// One row per file in tests/testdata/invalid-corpus.
const Expected kExpected[] = {
    {"missing-front-matter.md", 1, "front_matter", "missing front matter"},
    {"unterminated-front-matter.md", 1, "front_matter", "never closed"},
    {"yaml-syntax-error.md", 6, "front_matter", "YAML syntax error"},
    {"missing-required-fields.md", 1, "summary", "required field is missing"},
    {"unknown-focus-area.md", 5, "focus_areas", "unknown value 'traffic-safety'"},
    {"unknown-topic.md", 8, "topics", "unknown value 'parking-enforcement'"},
    {"unknown-type.md", 4, "type", "unknown value 'brochure'"},
    {"unknown-audience.md", 6, "audience", "unknown value 'astronauts'"},
    {"bad-date.md", 6, "published", "'2021-02-30' is not a date"},
    {"bad-url-scheme.md", 6, "url", "must be an absolute http:// or https:// address"},
    {"duplicate-id-b.md", 6, "id", "duplicate id 'shared-id'"},
    {"related-missing.md", 8, "related", "no resource has the id 'no-such-resource'"},
    {"translation-missing.md", 8, "translations", "no resource has the id 'no-such-translation'"},
    {"translation-same-language.md", 7, "translations", "same language (en)"},
    {"invalid-utf8.md", 8, "file", "invalid UTF-8"},
    {"empty-body.md", 7, "body", "the body is empty"},
    {"bad-evidence-rating.md", 9, "evidence.ratings[0].rating", "unknown value 'fantastic'"},
};

class InvalidCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    check_ = new CorpusCheck(
        ValidateCorpus(test::SourcePath("tests/testdata/invalid-corpus"), LibraryTaxonomy())
            .value());
  }
  static void TearDownTestSuite() { delete check_; }
  static CorpusCheck* check_;
};
CorpusCheck* InvalidCorpusTest::check_ = nullptr;

// Validation holds every file's id and references, never its text: memory grows with the number
// of files (2.9 GB on a 250,000-file corpus when it kept the bodies).
TEST_F(InvalidCorpusTest, KeepsIdsAndReferencesButNotTheText) {
  size_t with_ids = 0, with_refs = 0;
  for (const auto& file : check_->files) {
    const Resource& r = file.resource;
    EXPECT_TRUE(r.body_markdown.empty() && r.body_html.empty() && r.body_text.empty() &&
                r.summary.empty() && r.keywords.empty())
        << file.path << " keeps its text";
    with_ids += !r.id.empty();
    with_refs += !file.related_refs.empty() || !file.translation_refs.empty();
  }
  EXPECT_EQ(with_ids, check_->files.size());
  EXPECT_GT(with_refs, 0u) << "the cross-file checks need the references";
}

TEST_F(InvalidCorpusTest, ReportsEveryBrokenFileWithItsLineFieldAndMessage) {
  for (const auto& e : kExpected) {
    bool found = false;
    for (const auto& d : check_->diagnostics) {
      if (d.path.ends_with(std::string("/") + e.file) && d.line == e.line && d.field == e.field &&
          d.message.find(e.message_part) != std::string::npos && d.is_error()) {
        found = true;
      }
    }
    EXPECT_TRUE(found) << "no diagnostic for " << e.file << ":" << e.line << " " << e.field
                       << " containing '" << e.message_part << "'";
  }
}

TEST_F(InvalidCorpusTest, EveryFileButTheFirstOfADuplicatePairHasAnError) {
  for (const auto& file : check_->files) {
    if (file.path.ends_with("duplicate-id-a.md")) {
      EXPECT_TRUE(file.ok()) << "the first file with an id keeps it";
    } else {
      EXPECT_FALSE(file.ok()) << file.path << " should have an error";
    }
  }
  EXPECT_EQ(check_->files.size(), std::size(kExpected) + 1);
}

TEST_F(InvalidCorpusTest, ControlledFieldErrorsNameTheAllowedValues) {
  for (const auto& d : check_->diagnostics) {
    if (d.field == "focus_areas") {
      const std::vector<std::string> ids = LibraryTaxonomy().Ids(Vocabulary::kFocusArea);
      EXPECT_EQ(d.allowed, ids);
      EXPECT_NE(d.ToString().find("(allowed: " + ids[0] + ","), std::string::npos) << d.ToString();
    }
  }
}

TEST_F(InvalidCorpusTest, MissingFieldsAreAllReportedInOneRun) {
  int missing = 0;
  for (const auto& d : check_->diagnostics) {
    if (d.path.ends_with("missing-required-fields.md")) ++missing;
  }
  EXPECT_EQ(missing, 2) << "summary and type";
}

ParsedResource Parse(const std::string& text) {
  return ParseResource(text, "test.md", "test.md", LibraryTaxonomy());
}

TEST(ResourceParserTest, RejectsFilesOverOneMebibyteWithoutParsingThem) {
  test::TempDir dir;
  std::string big = test::ResourceMarkdown("Big", "technology", std::string(1100000, 'a'));
  test::WriteTextFile(dir.path() / "big.md", big);
  ParsedResource parsed = ReadResourceFile(dir.path().string(), "big.md", LibraryTaxonomy());
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.diagnostics[0].field, "file");
  EXPECT_NE(parsed.diagnostics[0].message.find("1 MiB"), std::string::npos);
}

TEST(ResourceParserTest, ParsesEveryDocumentedField) {
  ParsedResource p = Parse(R"md(---
id: full-example
title: "Full Example"
summary: "Every field."
type: webinar
focus_areas: [gun-violence, technology]
topics: [crime-gun-intelligence]
audience: [investigators]
source: "Bureau of Justice Assistance (BJA)"
authors: ["A. Person", "B. Person"]
published: 2021-06
updated: 2022-01-15
url: https://bja.ojp.gov/example
duration: "1 hour"
language: es
keywords: [NIBIN, casings]
related: [other-resource]
---
## Heading

Body with **bold** text.
)md");
  ASSERT_TRUE(p.ok()) << p.diagnostics[0].ToString();
  const Resource& r = p.resource;
  EXPECT_EQ(r.id, "full-example");
  EXPECT_EQ(r.type, "webinar");
  EXPECT_EQ(r.focus_areas, (std::vector<std::string>{"gun-violence", "technology"}));
  EXPECT_EQ(r.authors.size(), 2u);
  EXPECT_EQ(r.published, "2021-06");
  EXPECT_EQ(r.updated, "2022-01-15");
  EXPECT_EQ(r.language, "es");
  EXPECT_EQ(r.duration, "1 hour");
  EXPECT_EQ(r.related, (std::vector<std::string>{"other-resource"}));
  EXPECT_NE(r.body_html.find("<h2>Heading</h2>"), std::string::npos);
  EXPECT_NE(r.body_text.find("Body with bold text."), std::string::npos);
  EXPECT_EQ(r.content_hash.size(), 64u);
}

TEST(ResourceParserTest, DerivesTheIdFromTheFileNameAndDefaultsLanguageToEnglish) {
  ParsedResource p = ParseResource(test::ResourceMarkdown("T", "technology", "Body."),
                                   "x/My Guide_2024.md", "x/My Guide_2024.md", LibraryTaxonomy());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.resource.id, "my-guide-2024");
  EXPECT_EQ(p.resource.language, "en");
}

TEST(ResourceParserTest, AnEmptyFrontMatterNamesEachMissingFieldAndStillRendersTheBody) {
  ParsedResource p = Parse("---\n---\n## Heading\n\nText.\n");
  ASSERT_FALSE(p.ok());
  std::vector<std::string> fields;
  for (const auto& d : p.diagnostics) fields.push_back(d.field);
  for (const char* required : {"title", "summary", "type", "focus_areas"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), required), fields.end()) << required;
  }
  EXPECT_EQ(std::find(fields.begin(), fields.end(), "front_matter"), fields.end());
  EXPECT_NE(p.resource.body_html.find("<h2>Heading</h2>"), std::string::npos)
      << "the workspace's preview shows the text before any field is filled in";
  // A front matter that is not fields at all is still refused as such.
  ParsedResource list = Parse("---\n- a\n---\nText.\n");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.diagnostics[0].field, "front_matter");
}

TEST(ResourceParserTest, RejectsUpdatedBeforePublished) {
  ParsedResource p = Parse(
      test::ResourceMarkdown("T", "technology", "Body.", "published: 2022-05\nupdated: 2021\n"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.diagnostics[0].field, "updated");
}

TEST(ResourceParserTest, WarnsAboutUnknownFieldsWithoutFailing) {
  ParsedResource p = Parse(test::ResourceMarkdown("T", "technology", "Body.", "topic: x\n"));
  EXPECT_TRUE(p.ok());
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(p.diagnostics[0].field, "topic");
}

TEST(ResourceParserTest, RejectsOverlongTitlesAndTooManyKeywords) {
  std::string keywords = "keywords: [";
  for (int i = 0; i < 60; ++i) keywords += (i ? ", k" : "k") + std::to_string(i);
  keywords += "]\n";
  ParsedResource p =
      Parse(test::ResourceMarkdown(std::string(400, 't'), "technology", "Body.", keywords));
  ASSERT_EQ(p.diagnostics.size(), 2u);
  EXPECT_EQ(p.diagnostics[0].field, "title");
  EXPECT_EQ(p.diagnostics[1].field, "keywords");
}

TEST(ResourceParserTest, AcceptsPartialDatesAndRejectsImpossibleOnes) {
  EXPECT_TRUE(IsValidPartialDate("2012"));
  EXPECT_TRUE(IsValidPartialDate("2020-02"));
  EXPECT_TRUE(IsValidPartialDate("2024-02-29"));
  EXPECT_FALSE(IsValidPartialDate("2023-02-29"));
  EXPECT_FALSE(IsValidPartialDate("2023-13"));
  EXPECT_FALSE(IsValidPartialDate("23-01-01"));
  EXPECT_FALSE(IsValidPartialDate("2023/01/01"));
}

TEST(ResourceParserTest, RejectsUrlsWithoutAHost) {
  ParsedResource p = Parse(test::ResourceMarkdown("T", "technology", "Body.", "url: https:///x\n"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.diagnostics[0].field, "url");
}

TEST(ResourceParserTest, ReportsTheLineOfABadValueInABlockList) {
  ParsedResource p = Parse(
      "---\ntitle: T\nsummary: S\ntype: guide\nfocus_areas:\n  - technology\n"
      "  - moon-landing\n---\nBody.\n");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.diagnostics[0].line, 7);
  EXPECT_EQ(p.diagnostics[0].column, 5);
}

}  // namespace
}  // namespace ch

namespace ch {
namespace {

TEST(ResourceParserTest, AKeyGivenTwiceIsAnErrorAtItsSecondLine) {
  ParsedResource parsed = ParseResource(
      "---\ntitle: \"Sample twice\"\nsummary: \"A sample.\"\ntype: guide\n"
      "focus_areas: [technology]\ntype: report\n---\nBody.\n",
      "test.md", "test.md", Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value());
  ASSERT_FALSE(parsed.ok());
  bool found = false;
  for (const auto& d : parsed.diagnostics) {
    if (d.field == "type" && d.line == 6 && d.is_error()) {
      found = true;
      EXPECT_NE(d.message.find("given twice (first at line 4)"), std::string::npos) << d.message;
    }
  }
  EXPECT_TRUE(found) << "no error at test.md:6 for the second 'type'";
}

}  // namespace
}  // namespace ch
