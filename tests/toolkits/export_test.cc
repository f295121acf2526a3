// Exporters (toolkit_export.h): each format parsed back.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "base/html_escape.h"
#include "tests/toolkits/fake_directory.h"
#include "toolkits/export_csv.h"
#include "toolkits/export_html.h"
#include "toolkits/export_markdown.h"
#include "toolkits/toolkit_export.h"

namespace ch {
namespace {

const std::string kTrickyNote = "Read this, then \"share\" it.\nSecond line, too.";

ResolvedToolkit Sample() {
  Toolkit t;
  t.id = "abcdefghijkl";
  t.content.title = "Gun Violence <Toolkit> & \"Friends\"";
  t.content.description = "For the <b>whole</b> unit.\n\nSecond paragraph.";
  t.content.sections = {{"start", "Start <here>"}, {"evidence", "Evidence"}};
  std::unordered_map<std::string, ResourceSummary> found;
  for (int i = 0; i < 7; ++i) {
    std::string id = "guide-" + std::to_string(i);
    t.content.items.push_back({id, i == 0 ? kTrickyNote : "", "start"});
    found[id] = test::MakeSummary(id, "Field Guide Number " + std::to_string(i));
  }
  t.content.items.push_back({"report-a", "=SUM(A1:A9)", "evidence"});
  found["report-a"] = test::MakeSummary("report-a", "Evaluation (2021) of Crime Gun Centers",
                                        "research-brief", {"gun-violence"});
  found["report-a"].url = "https://example.org/a report (final).pdf";
  t.content.items.push_back({"sneaky", "", "evidence"});
  found["sneaky"] = test::MakeSummary("sneaky", "Sneaky Link", "tool");
  found["sneaky"].url = "javascript:alert(1)";
  t.content.items.push_back({"loose-one", "No section for me", ""});
  found["loose-one"] = test::MakeSummary("loose-one", "Loose Resource", "webinar");
  t.content.items.push_back({"gone-resource", "It was removed", "evidence"});
  t.version = 3;
  t.created_at_ms = t.updated_at_ms = 1740837909120;
  return Resolve(t, found);
}

// A toolkit in Spanish exports in Spanish: fixed words from export_locale.cc, type labels from the
// taxonomy's Spanish labels (a type it does not translate keeps the readable id).
TEST(ToolkitExport, ASpanishToolkitExportsItsHeadingsAndLabelsInSpanish) {
  Result<Taxonomy> taxonomy = Taxonomy::Parse(
      "focus_areas: [{id: gun-violence, label: Gun Violence}]\ntopics: [{id: t, label: T}]\n"
      "types: [{id: guide, label: Guide}, {id: research-brief, label: Research Brief}, "
      "{id: tool, label: Tool}, {id: webinar, label: Webinar}]\n"
      "audiences: [{id: p, label: P}]\n",
      "tax.yaml",
      {{"es",
        "types: [{id: guide, label: Guía}, {id: research-brief, label: Resumen de "
        "investigación}]\n",
        "tax.es.yaml"}});
  ASSERT_TRUE(taxonomy.ok()) << taxonomy.status().ToString();
  ResolvedToolkit r = Sample();
  r.toolkit.content.language = "es";
  ExportedFile md = ExportToolkit(r, ExportFormat::kMarkdown, &*taxonomy);
  EXPECT_EQ(md.language, "es");
  EXPECT_NE(md.body.find("_11 recursos \xC2\xB7 actualizado 2025-03-01_"), std::string::npos)
      << md.body.substr(0, 300);
  EXPECT_NE(md.body.find("## Otros recursos"), std::string::npos);
  EXPECT_NE(md.body.find("**Nota:** Read this"), std::string::npos);
  EXPECT_NE(md.body.find("_Guía"), std::string::npos) << "type label from taxonomy.es.yaml";
  EXPECT_NE(md.body.find("_Resumen de investigación"), std::string::npos);
  EXPECT_NE(md.body.find("_Webinar"), std::string::npos) << "untranslated: the readable id";
  EXPECT_NE(md.body.find("Ya no está disponible en el centro de recursos"), std::string::npos);
  EXPECT_EQ(md.body.find("Other resources"), std::string::npos);
  EXPECT_EQ(md.body.find("**Note:**"), std::string::npos);

  ExportedFile html = ExportToolkit(r, ExportFormat::kHtml, &*taxonomy);
  EXPECT_NE(html.body.find("<html lang=\"es\">"), std::string::npos);
  EXPECT_NE(html.body.find("<strong>Nota:</strong>"), std::string::npos);
  EXPECT_NE(
      html.body.find("Exportado del Centro de Recursos de Seguridad Pública (kit abcdefghijkl)"),
      std::string::npos);

  ExportedFile csv = ExportToolkit(r, ExportFormat::kCsv, &*taxonomy);
  EXPECT_EQ(csv.body.rfind("posición,sección,título,tipo,fuente,publicado,url,resumen,nota,"
                           "id_recurso,disponible,evidencia\r\n",
                           0),
            0u)
      << csv.body.substr(0, 120);
  EXPECT_NE(csv.body.find(",Guía,"), std::string::npos);
  EXPECT_NE(csv.body.find(",sí,"), std::string::npos);

  // The same toolkit in English is exported exactly as before languages existed.
  r.toolkit.content.language = "en";
  EXPECT_EQ(ExportToolkit(r, ExportFormat::kMarkdown, &*taxonomy).body, ExportMarkdown(r).body);
  EXPECT_NE(ExportMarkdown(r).body.find("## Other resources"), std::string::npos);
}

TEST(ToolkitExport, FileNamesAreSlugsOfTheTitle) {
  ResolvedToolkit r = Sample();
  EXPECT_EQ(ExportFileName(r, "md"), "gun-violence-toolkit-friends.md");
  r.toolkit.content.title = "\xC3\xA9\xC3\xA9\xC3\xA9";
  EXPECT_EQ(ExportFileName(r, "csv"), "toolkit.csv");
  r.toolkit.content.title = std::string(150, 'a') + " b";
  EXPECT_EQ(ExportFileName(r, "html"), std::string(60, 'a') + ".html");
  r.toolkit.content.title = "--Crime  Analysis--";
  EXPECT_EQ(ExportFileName(r, "json"), "crime-analysis.json");
}

TEST(ToolkitExport, FormatsHaveTheirContentTypes) {
  EXPECT_EQ(*ParseExportFormat("md"), ExportFormat::kMarkdown);
  EXPECT_EQ(*ParseExportFormat("markdown"), ExportFormat::kMarkdown);
  EXPECT_EQ(ParseExportFormat("pdf").status().field(), "format");
  ResolvedToolkit r = Sample();
  EXPECT_EQ(ExportToolkit(r, ExportFormat::kMarkdown).content_type, "text/markdown; charset=utf-8");
  EXPECT_EQ(ExportToolkit(r, ExportFormat::kHtml).content_type, "text/html; charset=utf-8");
  EXPECT_EQ(ExportToolkit(r, ExportFormat::kCsv).content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(ExportToolkit(r, ExportFormat::kJson).content_type, "application/json");
  EXPECT_EQ(ExportToolkit(r, ExportFormat::kHtml).file_name, "gun-violence-toolkit-friends.html");
}

TEST(ToolkitExport, MarkdownHasEveryTitleLinkedWithTypeSourceAndNote) {
  ResolvedToolkit r = Sample();
  ExportedFile md = ExportMarkdown(r);
  const std::string& s = md.body;
  EXPECT_EQ(s.rfind("# Gun Violence \\<Toolkit\\> & \"Friends\"\n", 0), 0u) << s.substr(0, 80);
  for (const auto& item : r.items) {
    if (!item.available) continue;
    EXPECT_NE(s.find(item.resource.title), std::string::npos) << item.resource.title;
  }
  EXPECT_NE(s.find("### [Field Guide Number 3](https://example.org/guide-3)"), std::string::npos);
  EXPECT_NE(s.find("(https://example.org/a%20report%20%28final%29.pdf)"), std::string::npos);
  EXPECT_NE(s.find("### Sneaky Link\n"), std::string::npos) << "javascript: is not linked";
  EXPECT_NE(s.find("_Research brief \xC2\xB7 Example Agency \xC2\xB7 2021-06_"), std::string::npos);
  EXPECT_NE(s.find("## Start \\<here\\>"), std::string::npos);
  EXPECT_NE(s.find("## Other resources"), std::string::npos);
  EXPECT_NE(s.find("**Note:** Read this, then \"share\" it.\\\nSecond line, too."),
            std::string::npos);
  EXPECT_NE(s.find("### gone-resource\n"), std::string::npos);
  EXPECT_NE(s.find("No longer available"), std::string::npos);
  EXPECT_NE(s.find("For the \\<b\\>whole\\</b\\> unit.\n\nSecond paragraph."), std::string::npos);
  EXPECT_NE(s.find("_11 resources \xC2\xB7 updated 2025-03-01_"), std::string::npos);
}

TEST(ToolkitExport, MarkdownEscapingKeepsTextLiteral) {
  EXPECT_EQ(EscapeMarkdown("*bold* _it_ [link](x) `code`"),
            "\\*bold\\* \\_it\\_ \\[link\\](x) \\`code\\`");
  EXPECT_EQ(EscapeMarkdown("# not a heading"), "\\# not a heading");
  EXPECT_EQ(EscapeMarkdown("1. not a list"), "1\\. not a list");
  EXPECT_EQ(EscapeMarkdown("2024 was a year - fine"), "2024 was a year - fine");
  EXPECT_EQ(EscapeMarkdown("- item"), "\\- item");
}

// Checks that every opened tag is closed in order. Returns "" or what is wrong.
std::string CheckWellFormed(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta",  "br",   "hr",      "img",
                                              "input", "link", "!doctype"};
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    size_t end = html.find('>', i);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(i);
    std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag = tag.substr(1);
    std::string name = tag.substr(0, tag.find_first_of(" \t\n/"));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.empty()) return "empty tag name";
    if (!closing && kVoid.count(name)) continue;
    if (!closing) {
      open.push_back(name);
      if (name == "style") {  // raw text up to </style>
        i = html.find("</style>", i);
        if (i == std::string::npos) return "unclosed style";
      }
      continue;
    }
    if (open.empty() || open.back() != name) {
      return "</" + name + "> closes <" + (open.empty() ? "nothing" : open.back()) + ">";
    }
    open.pop_back();
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return "";
}

TEST(ToolkitExport, HtmlIsWellFormedSelfContainedAndPrintReady) {
  ResolvedToolkit r = Sample();
  const std::string html = ExportHtml(r).body;
  EXPECT_EQ(CheckWellFormed(html), "");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* external : {"src=", "<link", "<script", "@import", "url(", "<img", "<iframe"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
  // The only links are the resources' own, on <a> elements.
  size_t pos = 0;
  int links = 0;
  while ((pos = html.find("href=\"", pos)) != std::string::npos) {
    EXPECT_EQ(html.substr(html.rfind('<', pos), 3), "<a ");
    EXPECT_EQ(html.substr(pos + 6, 8), "https://");
    pos += 6;
    ++links;
  }
  EXPECT_EQ(links, 9);  // 7 guides, the report and the loose one; not javascript:, not the gone one
  EXPECT_NE(html.find("a[href]::after { content: \" (\" attr(href) \")\""), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
  EXPECT_NE(html.find(".item { break-inside: avoid"), std::string::npos);
  EXPECT_NE(html.find("section.long:not(:first-child) { break-before: page"), std::string::npos);
  EXPECT_NE(html.find("<section class=\"long\">\n<h2>Start &lt;here&gt;</h2>"), std::string::npos);
  EXPECT_NE(html.find("<section>\n<h2>Evidence</h2>"), std::string::npos);
  // Everything is escaped.
  EXPECT_NE(html.find("<h1>Gun Violence &lt;Toolkit&gt; &amp; &quot;Friends&quot;</h1>"),
            std::string::npos);
  EXPECT_EQ(html.find("<Toolkit>"), std::string::npos);
  EXPECT_EQ(html.find("<b>whole"), std::string::npos);
  EXPECT_NE(html.find("Read this, then &quot;share&quot; it.\nSecond line, too."),
            std::string::npos);
  EXPECT_NE(html.find("href=\"https://example.org/a report (final).pdf\""), std::string::npos);
  EXPECT_NE(html.find("<article class=\"item unavailable\">\n<h3>gone-resource</h3>"),
            std::string::npos);
  for (const auto& item : r.items) {
    if (item.available) {
      EXPECT_NE(html.find(EscapeHtml(item.resource.title)), std::string::npos);
    }
  }
}

// A small RFC 4180 reader: records end with CRLF; quoted fields may hold commas, CR, LF and
// doubled quotes. Fails the test on anything else (a bare LF outside quotes, stray quotes).
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t i = 0;
  bool quoted = false, was_quoted = false;
  while (i < text.size()) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c == '"') {
        quoted = false;
        ++i;
        continue;
      }
      field += c;
      ++i;
      continue;
    }
    if (c == '"') {
      EXPECT_TRUE(field.empty() && !was_quoted) << "stray quote at " << i;
      quoted = was_quoted = true;
      ++i;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      was_quoted = false;
      ++i;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      was_quoted = false;
      i += 2;
    } else {
      EXPECT_NE(c, '\n') << "bare LF outside quotes at " << i;
      EXPECT_NE(c, '\r') << "bare CR outside quotes at " << i;
      field += c;
      ++i;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  EXPECT_TRUE(row.empty() && field.empty()) << "last record lacks CRLF";
  return rows;
}

// Headings never skip a level: without sections the items are H2 under the H1 title.
TEST(ToolkitExport, ItemsWithoutSectionsAreLevelTwoHeadings) {
  Toolkit t;
  t.id = "abcdefghijkl";
  t.content.title = "No sections";
  t.content.items.push_back({"guide-1", "", ""});
  std::unordered_map<std::string, ResourceSummary> found;
  found["guide-1"] = test::MakeSummary("guide-1", "Field Guide One");
  ResolvedToolkit r = Resolve(t, found);
  const std::string md = ExportMarkdown(r).body;
  EXPECT_NE(md.find("\n## [Field Guide One]("), std::string::npos) << md;
  EXPECT_EQ(md.find("###"), std::string::npos) << md;
  const std::string html = ExportHtml(r).body;
  EXPECT_NE(html.find("<article class=\"item\">\n<h2><a href="), std::string::npos) << html;
  EXPECT_EQ(html.find("<h3>"), std::string::npos);
  EXPECT_EQ(CheckWellFormed(html), "");
}

TEST(ToolkitExport, CsvParsesBackToTheRightRowsAndFields) {
  ResolvedToolkit r = Sample();
  ExportedFile csv = ExportCsv(r);
  std::vector<std::vector<std::string>> rows = ReadCsv(csv.body);
  ASSERT_EQ(rows.size(), r.items.size() + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"position", "section", "title", "type", "source",
                                               "published", "url", "summary", "note", "resource_id",
                                               "available", "evidence"}));
  for (const auto& row : rows) ASSERT_EQ(row.size(), 12u);
  EXPECT_EQ(rows[1][0], "1");
  EXPECT_EQ(rows[1][1], "Start <here>");
  EXPECT_EQ(rows[1][2], "Field Guide Number 0");
  EXPECT_EQ(rows[1][3], "Guide");
  EXPECT_EQ(rows[1][6], "https://example.org/guide-0");
  EXPECT_EQ(rows[1][8], kTrickyNote);  // comma, quotes and a newline survive
  EXPECT_EQ(rows[1][10], "yes");
  EXPECT_EQ(rows[8][2], "Evaluation (2021) of Crime Gun Centers");
  EXPECT_EQ(rows[8][8], "'=SUM(A1:A9)");  // not run as a formula by spreadsheets
  EXPECT_EQ(rows[10][1], "");
  EXPECT_EQ(rows[10][8], "No section for me");
  EXPECT_EQ(rows[11][2], "gone-resource");
  EXPECT_EQ(rows[11][10], "no");
}

TEST(ToolkitExport, CsvQuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvRecord({"plain", "a,b", "say \"hi\"", "two\r\nlines", ""}),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",");
  EXPECT_EQ(CsvRecord({"-5 degrees", "- a list", "@user", "+1"}),
            "'-5 degrees,- a list,'@user,'+1");
}

TEST(ToolkitExport, JsonParsesBack) {
  ResolvedToolkit r = Sample();
  ExportedFile json = ExportJson(r);
  rapidjson::Document doc;
  doc.Parse(json.body.c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_STREQ(doc["title"].GetString(), r.toolkit.content.title.c_str());
  EXPECT_EQ(doc["items"].Size(), r.items.size());
  EXPECT_STREQ(doc["items"][0]["note"].GetString(), kTrickyNote.c_str());
  EXPECT_NE(json.body.find("\n  \"title\""), std::string::npos) << "pretty-printed";
  EXPECT_EQ(json.file_name, "gun-violence-toolkit-friends.json");
}

// The Sample() toolkit with its report rated (fictional sample data) for two outcomes.
ResolvedToolkit RatedSample() {
  ResolvedToolkit r = Sample();
  for (auto& item : r.items) {
    if (item.item.resource_id != "report-a") continue;
    item.resource.evidence.sample_data = true;
    item.resource.evidence.ratings = {
        {"gun-violence", "effective", "multiple-studies", "Sample Panel", "", "2024-05"},
        {"community-trust", "no-effect", "single-study", "Sample Panel", "", "2024"}};
  }
  return r;
}

TEST(ToolkitExport, MarkdownAndHtmlSayHowManyItemsAreRated) {
  ResolvedToolkit r = RatedSample();
  const std::string line =
      "1 of " + std::to_string(r.items.size()) + " resources has an evidence rating";
  EXPECT_EQ(RatedSummary(r), line);
  EXPECT_NE(ExportMarkdown(r).body.find(" \xC2\xB7 " + line + "_"), std::string::npos);
  EXPECT_NE(ExportHtml(r).body.find(" \xC2\xB7 " + line + "</p>"), std::string::npos);
  EXPECT_EQ(RatedSummary(Sample()), "") << "nothing said when nothing is rated";
  EXPECT_EQ(ExportMarkdown(Sample()).body.find("evidence rating"), std::string::npos);
}

TEST(ToolkitExport, TheRatedLineIsInTheToolkitsLanguage) {
  ResolvedToolkit r = RatedSample();
  r.toolkit.content.language = "es";
  const std::string line =
      "1 de " + std::to_string(r.items.size()) + " recursos tiene una calificación de la evidencia";
  EXPECT_EQ(RatedSummary(r, ExportLocale("es")), line);
  ExportedFile md = ExportToolkit(r, ExportFormat::kMarkdown, nullptr);
  EXPECT_NE(md.body.find(" \xC2\xB7 " + line + "_"), std::string::npos) << md.body.substr(0, 300);
  EXPECT_EQ(md.body.find("evidence rating"), std::string::npos) << "no English left in the line";
}

TEST(ToolkitExport, EveryFormatCarriesTheRatingsAndTheSampleMark) {
  ResolvedToolkit r = RatedSample();
  const std::string line =
      "Evidence (sample data): Gun violence: Effective (multiple studies, rated by Sample Panel, "
      "2024-05); Community trust: No effect (single study, rated by Sample Panel, 2024)";
  std::vector<std::vector<std::string>> rows = ReadCsv(ExportCsv(r).body);
  EXPECT_EQ(rows[8][11], line);
  EXPECT_EQ(rows[1][11], "") << "unrated items have an empty evidence column";
  EXPECT_NE(ExportMarkdown(r).body.find(line), std::string::npos);
  EXPECT_NE(ExportHtml(r).body.find("<p class=\"evidence\">" + line + "</p>"), std::string::npos);
  rapidjson::Document doc;
  doc.Parse(ExportJson(r).body.c_str());
  const rapidjson::Value* rated = nullptr;
  for (const auto& item : doc["items"].GetArray()) {
    if (std::string(item["resource_id"].GetString()) == "report-a") rated = &item;
  }
  ASSERT_NE(rated, nullptr);
  const auto& evidence = (*rated)["resource"]["evidence"];
  ASSERT_TRUE(evidence.IsObject());
  EXPECT_TRUE(evidence["sample_data"].GetBool());
  EXPECT_STREQ(evidence["ratings"][1]["rating"].GetString(), "no-effect");
  EXPECT_TRUE(doc["items"][0]["resource"]["evidence"].IsNull());
}

}  // namespace
}  // namespace ch
