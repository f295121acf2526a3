// The `evidence:` block: what a valid one means, every way a bad one is refused (file line, field,
// allowed values), how ratings rank, and that the index keeps and exposes them.
#include <gtest/gtest.h>

#include <string>

#include "indexer/document_builder.h"
#include "indexer/evidence.h"
#include "indexer/resource_parser.h"
#include "indexer/schema.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

const Taxonomy& LibraryTaxonomy() {
  static const Taxonomy taxonomy = Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value();
  return taxonomy;
}

// A program with the given evidence block (indented by two spaces under `evidence:`), which
// starts on line 7 of the file.
std::string Program(const std::string& block, const std::string& type = "program") {
  return "---\ntitle: \"A Program\"\nsummary: \"Sample data.\"\ntype: " + type +
         "\nfocus_areas: [gun-violence]\nevidence:\n" + block + "---\nSample data.\n";
}

ParsedResource Parse(const std::string& text) {
  return ParseResource(text, "p.md", "p.md", LibraryTaxonomy());
}

constexpr char kGoodRating[] =
    "    - outcome: gun-violence\n"
    "      rating: effective\n"
    "      evidence_base: multiple-studies\n"
    "      rated_by: \"Sample Panel\"\n"
    "      url: https://example.org/r\n"
    "      date: 2024-05\n";

TEST(EvidenceBlockTest, ParsesRatingsFlagsAndTheSampleMark) {
  ParsedResource p = Parse(Program(std::string("  sample_data: true\n  ratings:\n") + kGoodRating +
                                   "    - outcome: community-trust\n"
                                   "      rating: promising\n"
                                   "      evidence_base: single-study\n"
                                   "      rated_by: \"Sample Panel\"\n"
                                   "      date: 2024\n"
                                   "  emmie: [effect, implementation]\n"));
  ASSERT_TRUE(p.ok()) << p.diagnostics[0].ToString();
  const Evidence& e = p.resource.evidence;
  EXPECT_TRUE(e.sample_data);
  ASSERT_EQ(e.ratings.size(), 2u);
  EXPECT_EQ(e.ratings[0].outcome, "gun-violence");
  EXPECT_EQ(e.ratings[0].rating, "effective");
  EXPECT_EQ(e.ratings[0].evidence_base, "multiple-studies");
  EXPECT_EQ(e.ratings[0].rated_by, "Sample Panel");
  EXPECT_EQ(e.ratings[0].url, "https://example.org/r");
  EXPECT_EQ(e.ratings[0].date, "2024-05");
  EXPECT_EQ(e.ratings[1].url, "");
  EXPECT_EQ(e.emmie, (std::vector<std::string>{"effect", "implementation"}));
}

TEST(EvidenceBlockTest, AResourceWithoutTheBlockHasNoEvidence) {
  ParsedResource p = Parse(test::ResourceMarkdown("Plain", "technology", "Body."));
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.resource.evidence.empty());
}

struct BadBlock {
  const char* name;
  std::string block;
  std::string type;
  int line;
  const char* field;
  const char* message_part;
  std::vector<std::string> allowed;  // checked when not empty
};

// kGoodRating with `key` set to `value`, or without `key` when `value` is empty.
std::string Rating(const std::string& key, const std::string& value) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"outcome", "gun-violence"},           {"rating", "effective"},
      {"evidence_base", "multiple-studies"}, {"rated_by", "\"Sample Panel\""},
      {"url", "https://example.org/r"},      {"date", "2024-05"}};
  std::string out;
  for (auto& [k, v] : fields) {
    if (k == key && value.empty()) continue;
    out += (out.empty() ? "    - " : "      ") + k + ": " + (k == key ? value : v) + "\n";
  }
  return out;
}

std::vector<BadBlock> BadBlocks() {
  const std::string ratings = "  ratings:\n";
  return {
      {"not a rated type",
       ratings + kGoodRating,
       "guide",
       7,
       "evidence",
       "only resources of a rated type",
       {"program", "practice"}},
      {"unknown outcome", ratings + Rating("outcome", "parking"), "program", 8,
       "evidence.ratings[0].outcome", "unknown value 'parking'",
       LibraryTaxonomy().Ids(Vocabulary::kOutcome)},
      {"unknown rating", ratings + Rating("rating", "great"), "program", 9,
       "evidence.ratings[0].rating", "unknown value 'great'",
       LibraryTaxonomy().Ids(Vocabulary::kRating)},
      {"unknown evidence base", ratings + Rating("evidence_base", "anecdote"), "program", 10,
       "evidence.ratings[0].evidence_base", "unknown value 'anecdote'",
       LibraryTaxonomy().Ids(Vocabulary::kEvidenceBase)},
      {"missing rater",
       ratings + Rating("rated_by", ""),
       "program",
       8,
       "evidence.ratings[0].rated_by",
       "required field is missing",
       {}},
      {"missing date",
       ratings + Rating("date", ""),
       "program",
       8,
       "evidence.ratings[0].date",
       "required field is missing",
       {}},
      {"bad date",
       ratings + Rating("date", "2024-13"),
       "program",
       13,
       "evidence.ratings[0].date",
       "'2024-13' is not a date",
       {}},
      {"bad url",
       ratings + Rating("url", "ftp://example.org/r"),
       "program",
       12,
       "evidence.ratings[0].url",
       "must be an absolute http:// or https:// address",
       {}},
      {"no ratings",
       "  ratings: []\n",
       "program",
       7,
       "evidence.ratings",
       "needs at least one rating",
       {}},
      {"ratings not a list",
       "  ratings: effective\n",
       "program",
       7,
       "evidence.ratings",
       "must be a list of ratings",
       {}},
      {"rating not a mapping",
       "  ratings: [effective]\n",
       "program",
       7,
       "evidence.ratings[0]",
       "each rating is a mapping",
       {}},
      {"unknown rating key",
       ratings + kGoodRating + "      stars: 5\n",
       "program",
       14,
       "evidence.ratings[0]",
       "unknown field 'stars'",
       {}},
      {"unknown block key",
       "  score: 5\n" + ratings + kGoodRating,
       "program",
       7,
       "evidence",
       "unknown field 'score'",
       {"sample_data", "ratings", "emmie"}},
      {"same outcome and rater twice",
       ratings + kGoodRating + kGoodRating,
       "program",
       14,
       "evidence.ratings[1]",
       "a second time",
       {}},
      {"unknown emmie flag", ratings + kGoodRating + "  emmie: [effect, vibes]\n", "program", 14,
       "evidence.emmie", "unknown value 'vibes'", LibraryTaxonomy().Ids(Vocabulary::kEmmie)},
      {"sample_data not a boolean",
       "  sample_data: maybe\n" + ratings + kGoodRating,
       "program",
       7,
       "evidence.sample_data",
       "must be true or false",
       {}},
      {"block not a mapping", "  effective\n", "program", 7, "evidence", "must be a mapping", {}},
  };
}

TEST(EvidenceBlockTest, RefusesEveryBadBlockAtItsLineNamingTheFieldAndAllowedValues) {
  for (const BadBlock& bad : BadBlocks()) {
    ParsedResource p = Parse(Program(bad.block, bad.type));
    EXPECT_FALSE(p.ok()) << bad.name;
    bool found = false;
    for (const auto& d : p.diagnostics) {
      if (d.is_error() && d.line == bad.line && d.field == bad.field &&
          d.message.find(bad.message_part) != std::string::npos &&
          (bad.allowed.empty() || d.allowed == bad.allowed)) {
        found = true;
      }
    }
    std::string all;
    for (const auto& d : p.diagnostics) all += "\n  " + d.ToString();
    EXPECT_TRUE(found) << bad.name << ": expected line " << bad.line << " " << bad.field << " '"
                       << bad.message_part << "', got:" << all;
  }
}

TEST(EvidenceBlockTest, RefusesMoreRatingsThanTheLimit) {
  std::string block = "  ratings:\n";
  for (int i = 0; i < 21; ++i) {
    block += std::string(kGoodRating)
                 .replace(std::string(kGoodRating).find("Sample Panel"), 12,
                          "Panel " + std::to_string(i));
  }
  ParsedResource p = Parse(Program(block));
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.diagnostics[0].message.find("the limit is 20"), std::string::npos)
      << p.diagnostics[0].ToString();
}

TEST(EvidenceBlockTest, ATaxonomyWithoutEvidenceListsAcceptsNoRating) {
  Result<Taxonomy> t = Taxonomy::Parse(
      "focus_areas: [{id: gun-violence, label: G}]\ntopics: [{id: t, label: T}]\n"
      "types: [{id: program, label: P, rated: true}]\naudiences: [{id: a, label: A}]\n",
      "tax.yaml");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ParsedResource p =
      ParseResource(Program(std::string("  ratings:\n") + kGoodRating), "p.md", "p.md", *t);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.diagnostics[0].field, "evidence.ratings[0].outcome");
}

TEST(EvidenceBlockTest, TheTaxonomyAllowsRatedOnTypesOnly) {
  Result<Taxonomy> t = Taxonomy::Parse(
      "focus_areas: [{id: g, label: G, rated: true}]\ntopics: [{id: t, label: T}]\n"
      "types: [{id: program, label: P}]\naudiences: [{id: a, label: A}]\n",
      "tax.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.yaml:1:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("types only"), std::string::npos);
}

Evidence With(std::vector<std::pair<std::string, std::string>> ratings) {
  Evidence e;
  for (auto& [rating, base] : ratings) {
    e.ratings.push_back({"gun-violence", rating, base, "P", "", "2024"});
  }
  return e;
}

TEST(EvidenceRankTest, SortKeysFollowTheTaxonomyOrderStrongestLargest) {
  const Taxonomy& t = LibraryTaxonomy();
  const std::vector<std::string> ratings = t.Ids(Vocabulary::kRating);
  ASSERT_EQ(ratings.front(), "effective");
  for (size_t i = 1; i < ratings.size(); ++i) {
    EXPECT_GT(EvidenceSortKey(t, With({{ratings[i - 1], "single-study"}})),
              EvidenceSortKey(t, With({{ratings[i], "meta-analysis"}})))
        << ratings[i - 1] << " ranks above " << ratings[i] << " whatever the base";
  }
  EXPECT_GT(EvidenceSortKey(t, With({{"promising", "meta-analysis"}})),
            EvidenceSortKey(t, With({{"promising", "single-study"}})));
  EXPECT_GT(EvidenceSortKey(t, With({{"harmful", "single-study"}})), "")
      << "any rating ranks above none";
  EXPECT_EQ(EvidenceSortKey(t, Evidence()), "");
}

TEST(EvidenceRankTest, StrongestRatingCanBeLimitedToOneOutcome) {
  Evidence e = With({{"promising", "single-study"}});
  e.ratings.push_back({"violent-crime", "effective", "meta-analysis", "P", "", "2024"});
  ASSERT_NE(StrongestRating(LibraryTaxonomy(), e), nullptr);
  EXPECT_EQ(StrongestRating(LibraryTaxonomy(), e)->rating, "effective");
  EXPECT_EQ(StrongestRating(LibraryTaxonomy(), e, "gun-violence")->rating, "promising");
  EXPECT_EQ(StrongestRating(LibraryTaxonomy(), e, "recidivism"), nullptr);
}

TEST(EvidenceIndexTest, TheDocumentKeepsRatingsAndFiltersOnRatingAndOutcome) {
  ParsedResource p = Parse(Program(std::string("  sample_data: true\n  ratings:\n") + kGoodRating +
                                   "  emmie: [effect]\n"));
  ASSERT_TRUE(p.ok());
  Xapian::Document doc = DocumentBuilder(LibraryTaxonomy(), nullptr).Build(p.resource);
  bool rating_term = false, outcome_term = false;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    rating_term |= *t == std::string(schema::kEvidenceRatingPrefix) + "effective";
    outcome_term |= *t == std::string(schema::kEvidenceOutcomePrefix) + "gun-violence";
  }
  EXPECT_TRUE(rating_term);
  EXPECT_TRUE(outcome_term);
  EXPECT_EQ(doc.get_value(schema::kSlotFacetEvidenceRating), "effective");
  EXPECT_EQ(doc.get_value(schema::kSlotEvidenceSort),
            EvidenceSortKey(LibraryTaxonomy(), p.resource.evidence));
  Result<Resource> back = schema::DecodeResource(doc.get_data());
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->evidence.ratings.size(), 1u);
  EXPECT_EQ(back->evidence.ratings[0].url, "https://example.org/r");
  EXPECT_TRUE(back->evidence.sample_data);
  EXPECT_EQ(back->evidence.emmie, (std::vector<std::string>{"effect"}));
}

}  // namespace
}  // namespace ch
