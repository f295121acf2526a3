// The CSV export's formula guard (OWASP "CSV injection"): a cell that a spreadsheet could run as
// a formula gets a leading apostrophe, whichever of = + - @ TAB CR it starts with, and a leading
// CR before = is no way around it. Cells that merely contain those characters are left alone.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/toolkits/fake_directory.h"
#include "toolkits/export_csv.h"

namespace ch {
namespace {

struct GuardCase {
  std::string field;
  std::string written;  // the CSV field as exported
  const char* why;
};

TEST(CsvFormulaGuard, EveryDangerousFirstCharacterGetsAnApostrophe) {
  const std::vector<GuardCase> cases = {
      {"=SUM(A1:A9)", "'=SUM(A1:A9)", "= starts a formula"},
      {"+1+cmd", "'+1+cmd", "+ starts a formula"},
      {"-2+3", "'-2+3", "- starts a formula"},
      {"@SUM(A1)", "'@SUM(A1)", "@ starts a formula"},
      {"\t=1+1", "'\t=1+1", "a leading TAB is dropped by spreadsheets, then = runs"},
      {"\tplain", "'\tplain", "any leading TAB"},
      {"\r=1+1", "\"'\r=1+1\"", "a leading CR is dropped by spreadsheets, then = runs"},
      {"\r\n=1+1", "\"'\r\n=1+1\"", "CR LF before ="},
      {"\rplain", "\"'\rplain\"", "any leading CR"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CsvRecord({c.field}), c.written) << c.why;
  }
}

TEST(CsvFormulaGuard, HarmlessTextIsLeftAlone) {
  const std::vector<GuardCase> cases = {
      {"a=b", "a=b", "= inside the text"},
      {"- a list item", "- a list item", "- then a space is prose"},
      {"-", "-", "a lone dash"},
      {"plain text", "plain text", "nothing special"},
      {"", "", "empty"},
      {"x\t=1", "x\t=1", "TAB inside the text"},
      {"x\r=1", "\"x\r=1\"", "CR inside the text: quoted, not prefixed"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(CsvRecord({c.field}), c.written) << c.why;
  }
}

TEST(CsvFormulaGuard, ExportedNotesTitlesAndSourcesAreGuarded) {
  Toolkit t;
  t.id = "abcdefghijkl";
  t.content.title = "Sample toolkit";
  t.content.items = {{"r1", "\t=HYPERLINK(\"http://example.invalid\")", ""}, {"r2", "\r=1+1", ""}};
  std::unordered_map<std::string, ResourceSummary> found;
  found["r1"] = test::MakeSummary("r1", "=Title formula");
  found["r1"].source = "@Source";
  found["r2"] = test::MakeSummary("r2", "Plain title");
  ExportedFile csv = ExportCsv(Resolve(t, found));
  const std::string& body = csv.body;
  EXPECT_NE(body.find(",'=Title formula,"), std::string::npos) << body;
  EXPECT_NE(body.find(",'@Source,"), std::string::npos) << body;
  EXPECT_NE(body.find(",\"'\t=HYPERLINK(\"\"http://example.invalid\"\")\","), std::string::npos)
      << body;
  EXPECT_NE(body.find(",\"'\r=1+1\","), std::string::npos) << body;
  EXPECT_EQ(body.find(",\t="), std::string::npos) << body;
  EXPECT_EQ(body.find(",\"\r="), std::string::npos) << body;
}

}  // namespace
}  // namespace ch
