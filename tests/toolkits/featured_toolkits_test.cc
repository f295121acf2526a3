// Featured toolkits (featured_toolkits.h): the test library's files and broken fixtures.
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

// The ids of the test library's resources.
std::unordered_set<std::string> LibraryIds() {
  std::vector<std::string> ids = test::LibraryResourceIds();
  return {ids.begin(), ids.end()};
}

std::string AllDiagnostics(const Diagnostics& ds) {
  std::string out;
  for (const auto& d : ds) out += d.ToString() + "\n";
  return out;
}

TEST(FeaturedToolkits, LoadsEveryFileOfAFolderWithSectionsAndNotes) {
  const std::unordered_set<std::string> ids = LibraryIds();
  ASSERT_FALSE(ids.empty());
  Result<FeaturedLoad> load = LoadFeaturedToolkits(test::LibraryPath("toolkits"), ids);
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  EXPECT_TRUE(load->diagnostics.empty()) << AllDiagnostics(load->diagnostics);
  ASSERT_EQ(load->toolkits.list().size(), 2u);

  const Toolkit* t = load->toolkits.Find("crime-gun-intelligence");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->content.title, "Crime Gun Intelligence");
  EXPECT_NE(t->content.description.find("Sample data."), std::string::npos);
  EXPECT_NE(t->content.description.back(), '\n') << "folded text loses its final newline";
  ASSERT_EQ(t->content.sections.size(), 2u);
  EXPECT_EQ(t->content.sections[1].id, "tools-and-training");
  ASSERT_EQ(t->content.items.size(), 5u);
  EXPECT_EQ(t->content.items[0].resource_id, "nibin-lead-follow-up-investigator-guide");
  EXPECT_EQ(t->content.items[0].section_id, "start-here");
  EXPECT_EQ(t->content.items[4].section_id, "tools-and-training");
  for (const auto& item : t->content.items) {
    EXPECT_FALSE(item.note.empty()) << item.resource_id;
    EXPECT_EQ(ids.count(item.resource_id), 1u) << item.resource_id;
  }
  EXPECT_TRUE(ValidateToolkitContent(t->content, ToolkitLimits()).ok());
  EXPECT_NE(load->toolkits.Find("community-violence-intervention"), nullptr);
}

TEST(FeaturedToolkits, LoadsThroughADirectoryToo) {
  test::FakeDirectory directory;
  for (const auto& id : LibraryIds()) directory.Add(test::MakeSummary(id, id));
  Result<FeaturedLoad> load = LoadFeaturedToolkits(test::LibraryPath("toolkits"), directory);
  ASSERT_TRUE(load.ok());
  EXPECT_TRUE(load->diagnostics.empty()) << AllDiagnostics(load->diagnostics);
  EXPECT_EQ(load->toolkits.list().size(), 2u);
  directory.Remove("nibin-lead-tracker-tool");
  load = LoadFeaturedToolkits(test::LibraryPath("toolkits"), directory);
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load->toolkits.Find("crime-gun-intelligence"), nullptr);
  EXPECT_NE(load->toolkits.Find("community-violence-intervention"), nullptr)
      << "the other toolkit still loads";
  EXPECT_NE(AllDiagnostics(load->diagnostics).find("no resource with id 'nibin-lead-tracker-tool'"),
            std::string::npos);
}

TEST(FeaturedToolkits, BrokenFilesReportFileAndLineAndTheRestStillLoad) {
  const std::string dir = test::SourcePath("tests/testdata/toolkits");
  Result<FeaturedLoad> load = LoadFeaturedToolkits(dir, LibraryIds());
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

// A featured toolkit with its Spanish words beside the English ones (sample data).
constexpr const char* kTranslated = R"(id: t
title: "Crime guns"
description: "Sample data. What a department needs."
translations:
  es:
    title: "Armas usadas en delitos"
    description: "Datos de ejemplo. Lo que necesita un departamento."
sections:
  - id: start
    title: "Start here"
    translations: {es: {title: "Para empezar"}}
    items:
      - resource: a
        note: "Read first."
        translations:
          es:
            note: "Léalo primero."
      - resource: b
        note: "Then this."
  - id: tools
    title: "Tools"
    items: [c]
)";

TEST(FeaturedToolkits, ATranslationGivesTheToolkitInThatLanguage) {
  test::TempDir dir;
  test::WriteTextFile(dir.path() / "a.yaml", kTranslated);
  test::WriteTextFile(dir.path() / "b.yaml",
                      "id: u\ntitle: Untranslated\nsections:\n  - title: S\n    items: [c]\n");
  Result<FeaturedLoad> load = LoadFeaturedToolkits(dir.path().string(), {"a", "b", "c"});
  ASSERT_TRUE(load.ok());
  ASSERT_TRUE(load->diagnostics.empty()) << AllDiagnostics(load->diagnostics);
  const Toolkit* en = load->toolkits.Find("t");
  const Toolkit* es = load->toolkits.Find("t", "es");
  ASSERT_NE(en, nullptr);
  ASSERT_NE(es, nullptr);
  EXPECT_EQ(en->content.title, "Crime guns");
  EXPECT_EQ(en->content.language, "en");
  EXPECT_EQ(en->content.items[0].note, "Read first.");
  EXPECT_EQ(es->content.language, "es") << "its exports are in Spanish";
  EXPECT_EQ(es->content.title, "Armas usadas en delitos");
  EXPECT_EQ(es->content.description, "Datos de ejemplo. Lo que necesita un departamento.");
  EXPECT_EQ(es->content.sections[0].title, "Para empezar");
  EXPECT_EQ(es->content.sections[1].title, "Tools") << "an untranslated section keeps its title";
  EXPECT_EQ(es->content.items[0].note, "Léalo primero.");
  EXPECT_EQ(es->content.items[1].note, "Then this.");
  EXPECT_EQ(es->content.items.size(), en->content.items.size());
  // The whole list in Spanish, in the same order; an untranslated toolkit as written.
  ASSERT_EQ(load->toolkits.list("es").size(), 2u);
  EXPECT_EQ(load->toolkits.list("es")[1].content.title, "Untranslated");
  EXPECT_EQ(load->toolkits.list("").at(0).content.title, "Crime guns");
  EXPECT_EQ(load->toolkits.list("en").at(0).content.title, "Crime guns");
  EXPECT_EQ(load->toolkits.Find("t", "fr")->content.title, "Crime guns");
}

TEST(FeaturedToolkits, ABadTranslationIsReportedAtItsLine) {
  FeaturedFile f = ParseFeaturedToolkit(R"(id: t
title: "T"
translations:
  fr: {title: "Trousse"}
  en: {title: "Again"}
  es: {title: "", colour: rojo}
sections:
  - id: s
    title: S
    translations: {de: {title: "Anfang"}}
    items:
      - resource: a
        translations: {es: {note: "demasiado largo para el límite"}}
)",
                                        "t.yaml", {"a"}, [] {
                                          ToolkitLimits limits;
                                          limits.max_note_chars = 10;
                                          return limits;
                                        }());
  EXPECT_FALSE(f.toolkit);
  const std::string report = AllDiagnostics(f.diagnostics);
  for (const char* expected :
       {"t.yaml:4:3: error: translations.fr: 'fr' is not an analysed language",
        "t.yaml:5:3: error: translations.en: 'en' is not an analysed language other than the "
        "default",
        "t.yaml:6:19: error: translations.es.colour: unknown key",
        "translations.es.title:", "t.yaml:10:20: error: sections[0].translations.de:",
        "t.yaml:13:35: error: sections[0].items[0].translations.es.note: note has 30 "
        "characters"}) {
    EXPECT_NE(report.find(expected), std::string::npos) << expected << "\n" << report;
  }
  // A section translated into a language the toolkit has no title in.
  FeaturedFile missing = ParseFeaturedToolkit(R"(id: t
title: "T"
sections:
  - id: s
    title: S
    translations: {es: {title: "Para empezar"}}
    items: [a]
)",
                                              "t.yaml", {"a"});
  EXPECT_FALSE(missing.toolkit);
  EXPECT_NE(AllDiagnostics(missing.diagnostics)
                .find("error: translations.es: sections or items are translated into 'es' but "
                      "the toolkit has no 'translations: es: title'"),
            std::string::npos)
      << AllDiagnostics(missing.diagnostics);
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
