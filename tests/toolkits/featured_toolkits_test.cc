// Featured toolkits (featured_toolkits.h): the sample corpus's files and broken fixtures.
#include "toolkits/featured_toolkits.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unordered_set>

#include "tests/support/test_util.h"
#include "tests/toolkits/fake_directory.h"

namespace ch {
namespace {

namespace fs = std::filesystem;

// The ids of the sample corpus: its resource files' names (none overrides its id).
std::unordered_set<std::string> CorpusIds() {
  std::unordered_set<std::string> ids;
  for (const auto& entry : fs::directory_iterator(test::SourcePath("corpus/resources"))) {
    if (entry.path().extension() == ".md") ids.insert(entry.path().stem().string());
  }
  return ids;
}

std::string AllDiagnostics(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds) out += d.ToString() + "\n";
  return out;
}

TEST(FeaturedToolkits, EverySampleToolkitValidatesAgainstTheCorpus) {
  const std::unordered_set<std::string> ids = CorpusIds();
  ASSERT_GT(ids.size(), 100u);
  Result<FeaturedLoad> load = LoadFeaturedToolkits(test::SourcePath("corpus/toolkits"), ids);
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  EXPECT_TRUE(load->diagnostics.empty()) << AllDiagnostics(load->diagnostics);
  const auto& list = load->toolkits.list();
  ASSERT_GE(list.size(), 6u);
  for (const char* id : {"school-violence-prevention", "crime-gun-intelligence",
                         "starting-a-crime-analysis-unit", "victim-services-after-a-homicide",
                         "community-engagement-after-a-shooting", "officer-wellness"}) {
    const Toolkit* t = load->toolkits.Find(id);
    ASSERT_NE(t, nullptr) << id;
    EXPECT_GE(t->content.items.size(), 5u) << id;
    EXPECT_LE(t->content.items.size(), 10u) << id;
    EXPECT_FALSE(t->content.description.empty()) << id;
    EXPECT_TRUE(ValidateToolkitContent(t->content, ToolkitLimits()).ok()) << id;
    for (const auto& item : t->content.items) {
      EXPECT_FALSE(item.note.empty()) << id << ": " << item.resource_id;
      EXPECT_FALSE(item.section_id.empty()) << id << ": " << item.resource_id;
      EXPECT_EQ(item.note.back() == '\n', false);
    }
  }
}

TEST(FeaturedToolkits, LoadsThroughADirectoryToo) {
  test::FakeDirectory directory;
  for (const auto& id : CorpusIds()) directory.Add(test::MakeSummary(id, id));
  Result<FeaturedLoad> load = LoadFeaturedToolkits(test::SourcePath("corpus/toolkits"), directory);
  ASSERT_TRUE(load.ok());
  EXPECT_TRUE(load->diagnostics.empty()) << AllDiagnostics(load->diagnostics);
  EXPECT_GE(load->toolkits.list().size(), 6u);
  directory.Remove("nibin-lead-tracker-tool");
  load = LoadFeaturedToolkits(test::SourcePath("corpus/toolkits"), directory);
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->toolkits.Find("crime-gun-intelligence"), nullptr);
  EXPECT_NE(AllDiagnostics(load->diagnostics).find("no resource with id 'nibin-lead-tracker-tool'"),
            std::string::npos);
}

TEST(FeaturedToolkits, BrokenFilesReportFileAndLineAndTheRestStillLoad) {
  const std::string dir = test::SourcePath("tests/testdata/toolkits");
  Result<FeaturedLoad> load = LoadFeaturedToolkits(dir, CorpusIds());
  ASSERT_TRUE(load.ok());
  ASSERT_EQ(load->toolkits.list().size(), 1u);
  EXPECT_EQ(load->toolkits.list()[0].id, "valid-example");
  const std::string report = AllDiagnostics(load->diagnostics);
  EXPECT_NE(report.find(dir + "/unknown-resource.yaml:9:19: error: sections[0].items[1].resource: "
                              "no resource with id 'no-such-resource'"),
            std::string::npos)
      << report;
  bool syntax = false;
  for (const auto& d : load->diagnostics) {
    if (d.path == dir + "/bad-syntax.yaml") {
      syntax = true;
      EXPECT_GT(d.line, 0) << d.ToString();
      EXPECT_NE(d.message.find("YAML"), std::string::npos) << d.ToString();
    }
  }
  EXPECT_TRUE(syntax) << report;
}

TEST(FeaturedToolkits, ScalarItemsAndDerivedSectionIdsWork) {
  FeaturedFile f = ParseFeaturedToolkit(R"(id: t
title: "T"
sections:
  - title: "Start Here: the basics!"
    items: [a, b]
)",
                                        "t.yaml", {"a", "b"});
  ASSERT_TRUE(f.toolkit) << AllDiagnostics(f.diagnostics);
  EXPECT_EQ(f.toolkit->content.sections[0].id, "start-here-the-basics");
  EXPECT_EQ(f.toolkit->content.items.size(), 2u);
  EXPECT_EQ(f.toolkit->version, 0);
}

TEST(FeaturedToolkits, ReportsEveryProblemWithItsPosition) {
  ToolkitLimits limits;
  limits.max_note_chars = 10;
  FeaturedFile f = ParseFeaturedToolkit(R"(id: Not A Slug
title: ""
colour: blue
sections:
  - id: s
    title: S
    items:
      - resource: a
        note: "far too long for the limit"
      - resource: a
      - resource: Bad!
  - id: s
    title: Again
    items: []
)",
                                        "t.yaml", {"a"}, limits);
  EXPECT_FALSE(f.toolkit);
  const std::string report = AllDiagnostics(f.diagnostics);
  for (const char* expected :
       {"t.yaml:1:5: error: id:", "t.yaml:2:8: error: title:",
        "t.yaml:3:1: error: colour: unknown key",
        "t.yaml:9:15: error: sections[0].items[0].note: note has 26 characters",
        "t.yaml:10:19: error: sections[0].items[1].resource: resource 'a' is listed twice",
        "t.yaml:11:19: error: sections[0].items[2].resource: resource id 'Bad!'",
        "sections[1].id: section id 's' is used twice", "t.yaml:14:12: error: sections[1].items"}) {
    EXPECT_NE(report.find(expected), std::string::npos) << expected << "\n" << report;
  }
}

TEST(FeaturedToolkits, DuplicateIdsAcrossFilesAreReported) {
  test::TempDir dir;
  const std::string body = "id: same\ntitle: T\nsections:\n  - title: S\n    items: [a]\n";
  test::WriteTextFile(dir.path() / "a.yaml", body);
  test::WriteTextFile(dir.path() / "b.yml", body);
  test::WriteTextFile(dir.path() / "_draft.yaml", "not: [valid");
  test::WriteTextFile(dir.path() / "notes.txt", "ignored");
  Result<FeaturedLoad> load = LoadFeaturedToolkits(dir.path().string(), {"a"});
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->toolkits.list().size(), 1u);
  ASSERT_EQ(load->diagnostics.size(), 1u) << AllDiagnostics(load->diagnostics);
  EXPECT_NE(load->diagnostics[0].path.find("b.yml"), std::string::npos);
}

TEST(FeaturedToolkits, AMissingFolderMeansNoFeaturedToolkits) {
  test::TempDir dir;
  Result<FeaturedLoad> load = LoadFeaturedToolkits(dir / "none", std::unordered_set<std::string>{});
  ASSERT_TRUE(load.ok());
  EXPECT_TRUE(load->toolkits.list().empty());
  EXPECT_TRUE(load->diagnostics.empty());
}

}  // namespace
}  // namespace ch
