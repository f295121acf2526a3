// The WDK mapping turns driver reference pages into valid resource files: dates, ids, types,
// summaries, topics and keywords. The example front matter here is written for these tests.
#include "benchmarks/wdk_mapping.h"

#include <gtest/gtest.h>

#include "base/slug.h"
#include "base/utf8.h"
#include "indexer/resource_parser.h"
#include "indexer/taxonomy.h"
#include "tests/support/test_util.h"

namespace ch::bench {
namespace {

std::string ProjectTaxonomyText() {
  return test::ReadTextFile(test::SourcePath("corpus/taxonomy.yaml"));
}

// The project taxonomy plus the topics of `tech_roots`.
Taxonomy TaxonomyWith(const std::vector<std::string>& tech_roots) {
  TopicCatalog catalog;
  for (const auto& t : tech_roots) catalog.Add(t);
  Result<std::string> text = TaxonomyWithTopics(ProjectTaxonomyText(), catalog.Topics());
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  Result<Taxonomy> taxonomy = Taxonomy::Parse(text.ok() ? *text : "", "test taxonomy");
  EXPECT_TRUE(taxonomy.ok()) << taxonomy.status().ToString();
  return taxonomy.value();
}

WdkPage PageFrom(const std::string& relative_path, const std::string& file) {
  std::optional<SourceSplit> split = SplitFrontMatter(file);
  EXPECT_TRUE(split.has_value());
  WdkPage page;
  page.relative_path = relative_path;
  if (!split) return page;
  Status status = ReadWdkFrontMatter(split->front_matter, &page);
  EXPECT_TRUE(status.ok()) << status.ToString();
  page.body = std::string(split->body);
  return page;
}

std::string FirstDiagnostic(const ParsedResource& parsed) {
  return parsed.diagnostics.empty() ? "" : parsed.diagnostics[0].ToString();
}

TEST(WdkMappingTest, SplitsFrontMatterLikeTheIndexer) {
  auto split = SplitFrontMatter("---\ntitle: A\n---\n# Body\n");
  ASSERT_TRUE(split);
  EXPECT_EQ(split->front_matter, "title: A\n");
  EXPECT_EQ(split->body, "# Body\n");
  auto crlf = SplitFrontMatter("\xEF\xBB\xBF---\r\ntitle: B\r\n--- \r\nText");
  ASSERT_TRUE(crlf);
  EXPECT_EQ(crlf->front_matter, "title: B\r\n");
  EXPECT_EQ(crlf->body, "Text");
  auto no_body = SplitFrontMatter("---\ntitle: C\n---");
  ASSERT_TRUE(no_body);
  EXPECT_EQ(no_body->body, "");
  EXPECT_FALSE(SplitFrontMatter("title: D\n---\n"));
  EXPECT_FALSE(SplitFrontMatter("---\ntitle: E\n"));
  EXPECT_FALSE(SplitFrontMatter(""));
}

TEST(WdkMappingTest, ConvertsMsDatesToIsoDates) {
  const std::pair<const char*, const char*> cases[] = {{"10/19/2018", "2018-10-19"},
                                                       {"2/5/2019", "2019-02-05"},
                                                       {" 12/31/1999 ", "1999-12-31"},
                                                       {"2/29/2020", "2020-02-29"},
                                                       {"2/29/2019", ""},
                                                       {"13/01/2019", ""},
                                                       {"0/10/2019", ""},
                                                       {"2019-01-05", ""},
                                                       {"1/5/19", ""},
                                                       {"1/5/1899", ""},
                                                       {"1/5/2019/1", ""},
                                                       {"", ""},
                                                       {"a/b/cdef", ""},
                                                       {"001/5/2019", ""}};
  for (const auto& [in, want] : cases) EXPECT_EQ(PublishedFromMsDate(in), want) << in;
}

TEST(WdkMappingTest, SlugsIdsAndNumbersCollisions) {
  IdAllocator ids;
  EXPECT_EQ(ids.Allocate("NS:usbcam._CAM_FRAME"), "ns-usbcam-cam-frame");
  EXPECT_EQ(ids.Allocate("ns-usbcam-_cam_frame"), "ns-usbcam-cam-frame-2");
  EXPECT_EQ(ids.Allocate("NS:USBCAM.CAM_FRAME"), "ns-usbcam-cam-frame-3");
  EXPECT_EQ(ids.Allocate("::"), "wdk-page");
  EXPECT_EQ(ids.Allocate(""), "wdk-page-2");
  EXPECT_EQ(ids.collisions(), 3u);

  std::string long_uid = "NF:widget." + std::string(150, 'x');
  std::string first = ids.Allocate(long_uid);
  std::string second = ids.Allocate(long_uid);
  EXPECT_EQ(first.size(), kMaxSlugLength);
  EXPECT_LE(second.size(), kMaxSlugLength);
  EXPECT_TRUE(IsValidSlug(first));
  EXPECT_TRUE(IsValidSlug(second));
  EXPECT_EQ(second.substr(second.size() - 2), "-2");
  EXPECT_NE(first, second);
}

TEST(WdkMappingTest, MapsPageKindsToTaxonomyTypes) {
  struct Case {
    PageKind kind;
    const char* type;
  };
  const Case cases[] = {
      {{{"APIRef", "kbSyntax"}, {"HeaderDef"}, "", "ns-widget-_frame.md"}, "fact-sheet"},
      {{{"apiref"}, {"DllExport"}, "", "nf-widget-open.md"}, "guide"},
      {{{"APIRef"}, {"LibDef"}, "", "nf-widget-close.md"}, "guide"},
      {{{"APIRef"}, {"COM"}, "", "nf-widget-iwidget-run.md"}, "guide"},
      {{{"APIRef"}, {"UserDefined"}, "", "nc-widget-evt_ready.md"}, "template"},
      {{{"APIRef"}, {"-HeaderDef"}, "", "nf-widget-odd.md"}, "article"},
      {{{"apiref"}, {}, "", "nf-widget-bare.md"}, "article"},
      {{{}, {}, "overview", "index.md"}, "website"},
      {{{}, {}, "portal", "landing.md"}, "website"},
      {{{}, {}, "", "index.md"}, "website"},
      {{{}, {}, "", "ne-widget-mode.md"}, "article"},
      {{{"APIRef"}, {"HeaderDef"}, "language-reference", "ne-widget-mode.md"}, "fact-sheet"},
  };
  Taxonomy taxonomy = TaxonomyWith({});
  for (const auto& c : cases) {
    EXPECT_EQ(ResourceTypeFor(c.kind), c.type) << c.kind.file_name;
    EXPECT_TRUE(taxonomy.Contains(Vocabulary::kType, c.type)) << c.type;
  }
}

TEST(WdkMappingTest, PlainTextRemovesMarkupButKeepsAngleBracketText) {
  EXPECT_EQ(PlainText("The **WIDGET_FRAME** structure `holds`  a\n[frame](../widget/x.md)."),
            "The WIDGET_FRAME structure holds a frame.");
  EXPECT_EQ(PlainText("Reads HKLM\\Services\\<driver name>\\Parameters."),
            "Reads HKLM\\Services\\<driver name>\\Parameters.");
  EXPECT_EQ(PlainText("See <a href=\"/x\">WidgetOpen</a><br/>and &#0034;\\Device\\W0&#34;."),
            "See WidgetOpen and \"\\Device\\W0\".");
  EXPECT_EQ(PlainText("Fish &amp; chips &lt;3 &#x263A; &bogus; & more"),
            "Fish & chips <3 \xE2\x98\xBA &bogus; & more");
  EXPECT_EQ(PlainText("\\_WIDGET\\_HEADER <!-- note --> C++ CALLBACK* PFN"),
            "_WIDGET_HEADER C++ CALLBACK* PFN");
  EXPECT_EQ(PlainText("  \n  "), "");
}

TEST(WdkMappingTest, CutsAtAWordWithinTheCharacterLimit) {
  EXPECT_EQ(CutToChars("short", 10), "short");
  EXPECT_EQ(CutToChars("one two three four", 12), "one two...");
  std::string accents = "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";  // six "é"
  EXPECT_EQ(CutToChars(accents, 6), accents);
  EXPECT_EQ(CutToChars(accents, 5), "\xC3\xA9\xC3\xA9...");
}

TEST(WdkMappingTest, SummaryFallsBackToTheBodyThenTheTitle) {
  Summary described = SummaryFor("  The `WidgetOpen` function opens a widget. ", "", "T");
  EXPECT_EQ(described.text, "The WidgetOpen function opens a widget.");
  EXPECT_EQ(described.source, SummarySource::kDescription);

  const char* body =
      "\n# WidgetOpen function\n\n## -description\n\n<!-- a\ncomment -->\n```cpp\nint x;\n```\n"
      "The **WidgetOpen** function opens a widget for the caller. It takes a handle.\n"
      "More of the first paragraph.\n\nA second paragraph.\n";
  Summary from_body = SummaryFor("", body, "WidgetOpen function");
  EXPECT_EQ(from_body.text, "The WidgetOpen function opens a widget for the caller.");
  EXPECT_EQ(from_body.source, SummarySource::kBody);

  Summary from_title = SummaryFor(" ", "# Only a heading\n\n| a | b |\n", "WidgetClose function");
  EXPECT_EQ(from_title.text, "WidgetClose function");
  EXPECT_EQ(from_title.source, SummarySource::kTitle);

  Summary cut = SummaryFor(std::string(3000, 'w'), "", "T", 2000);
  EXPECT_EQ(Utf8Length(cut.text), 2000u);
}

TEST(WdkMappingTest, TechRootsBecomeTopicsWithTheCommonestSpelling) {
  EXPECT_EQ(TopicIdForTechRoot("IEEE"), "wdk-ieee");
  EXPECT_EQ(TopicIdForTechRoot(" _hid "), "wdk-hid");
  EXPECT_EQ(TopicIdForTechRoot("kernel (wdm.h)"), "wdk-kernel-wdm-h");
  EXPECT_EQ(TopicIdForTechRoot(""), "");
  EXPECT_EQ(TopicIdForTechRoot("--"), "");
  EXPECT_EQ(TopicIdForTechRoot("The WIDGET_MODE enumeration lists the modes of a widget."), "");

  TopicCatalog catalog;
  for (const char* t : {"ieee", "IEEE", "IEEE", "widgets", "Gadgets", "gadgets", "", "--"}) {
    catalog.Add(t);
  }
  std::vector<WdkTopic> topics = catalog.Topics();
  ASSERT_EQ(topics.size(), 3u);
  EXPECT_EQ(topics[0].id, "wdk-gadgets");
  EXPECT_EQ(topics[0].label, "Gadgets");  // a tie: the smallest spelling
  EXPECT_EQ(topics[1].id, "wdk-ieee");
  EXPECT_EQ(topics[1].label, "IEEE");
  EXPECT_EQ(topics[1].pages, 3u);
  EXPECT_EQ(topics[2].label, "widgets");
}

TEST(WdkMappingTest, ExtendedTaxonomyKeepsTheProjectEntries) {
  Taxonomy base = TaxonomyWith({});
  Taxonomy extended = TaxonomyWith({"IEEE", "widgets: \"quoted\""});
  for (Vocabulary v : kAllVocabularies) {
    for (const auto& entry : base.entries(v)) {
      const TaxonomyEntry* same = extended.Find(v, entry.id);
      ASSERT_NE(same, nullptr) << entry.id;
      EXPECT_EQ(same->label, entry.label);
      EXPECT_EQ(same->synonyms, entry.synonyms);
    }
  }
  EXPECT_EQ(extended.glossary(), base.glossary());
  EXPECT_EQ(extended.entries(Vocabulary::kTopic).size(),
            base.entries(Vocabulary::kTopic).size() + 2);
  ASSERT_NE(extended.Find(Vocabulary::kTopic, "wdk-widgets-quoted"), nullptr);
  EXPECT_EQ(extended.Find(Vocabulary::kTopic, "wdk-widgets-quoted")->label, "widgets: \"quoted\"");

  Result<std::string> twice =
      TaxonomyWithTopics(ProjectTaxonomyText(), {{"wdk-a", "A", 1}, {"wdk-a", "A", 1}});
  EXPECT_FALSE(twice.ok());
  EXPECT_FALSE(TaxonomyWithTopics("types: []\n", {}).ok());
}

TEST(WdkMappingTest, ReportsYamlErrorsWithTheirPosition) {
  WdkPage page;
  Status bad = ReadWdkFrontMatter("title: A\nkeywords: [unclosed\n", &page);
  ASSERT_FALSE(bad.ok());
  // yaml-cpp stops after the last line of the front matter, the file's fourth.
  EXPECT_EQ(bad.message().rfind("line 4, column 1: ", 0), 0u) << bad.message();
  EXPECT_FALSE(ReadWdkFrontMatter("- just\n- a list\n", &page).ok());
}

constexpr const char* kWidgetPage = R"md(---
UID: NF:widget.WidgetOpen
title: "WidgetOpen function: opens a widget (widget.h)"
description: Opens a **widget** and returns "a handle" — see [WidgetClose](nf-widget-widgetclose.md).
tech.root: Widgets
ms.date: 3/7/2021
keywords: ["WidgetOpen function", "widget.h"]
ms.keywords: WidgetOpen, widget/WidgetOpen
req.header: widget.h
req.irql: 
f1_keywords:
 - WidgetOpen
 - widget/WidgetOpen
 - widgetopen
topic_type:
 - APIRef
 - kbSyntax
api_type:
 - DllExport
api_location:
 - Widget.dll
 - widget.h
api_name:
 - WidgetOpen
---

# WidgetOpen function

## -description

Opens a widget.

<table><tr><td>raw HTML</td></tr></table>

---

## -returns

A handle.
)md";

TEST(WdkMappingTest, MappedPageIsAValidResource) {
  WdkPage page = PageFrom("widget/nf-widget-widgetopen.md", kWidgetPage);
  IdAllocator ids;
  MappedResource r = MapWdkPage(page, ids, {});
  EXPECT_EQ(r.id, "nf-widget-widgetopen");
  EXPECT_EQ(r.type, "guide");
  EXPECT_EQ(r.topic, "wdk-widgets");
  EXPECT_EQ(r.published, "2021-03-07");
  EXPECT_EQ(r.summary_source, SummarySource::kDescription);
  EXPECT_EQ(r.keywords_dropped, 0u);

  ParsedResource parsed =
      ParseResource(r.file, "x/" + r.id + ".md", "x/" + r.id + ".md", TaxonomyWith({"Widgets"}));
  ASSERT_TRUE(parsed.ok()) << FirstDiagnostic(parsed) << "\n" << r.file;
  EXPECT_TRUE(parsed.diagnostics.empty()) << FirstDiagnostic(parsed);
  const Resource& res = parsed.resource;
  EXPECT_EQ(res.id, "nf-widget-widgetopen");
  EXPECT_EQ(res.title, "WidgetOpen function: opens a widget (widget.h)");
  EXPECT_EQ(res.summary, "Opens a widget and returns \"a handle\" — see WidgetClose.");
  EXPECT_EQ(res.type, "guide");
  EXPECT_EQ(res.focus_areas, std::vector<std::string>{"technology"});
  EXPECT_EQ(res.topics, std::vector<std::string>{"wdk-widgets"});
  EXPECT_EQ(res.source, "Microsoft Windows Driver Kit documentation");
  EXPECT_EQ(res.published, "2021-03-07");
  EXPECT_EQ(res.url,
            "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/widget/"
            "nf-widget-widgetopen");
  EXPECT_EQ(res.language, "en");
  EXPECT_EQ(res.keywords, (std::vector<std::string>{"WidgetOpen function", "widget.h", "WidgetOpen",
                                                    "widget/WidgetOpen", "Widget.dll"}));
  EXPECT_EQ(res.body_markdown, std::string(SplitFrontMatter(kWidgetPage)->body));
  EXPECT_NE(res.body_text.find("A handle."), std::string::npos);
}

TEST(WdkMappingTest, SparsePageGetsFallbacksAndStaysValid) {
  // No UID, description, tech.root, date or body: the id comes from the path, the summary and
  // the body from the title, and an index page is a website.
  WdkPage page = PageFrom("_gadgets/index.md",
                          "---\ntitle: 'Gadgets: #1 & <more>'\nms.date: x\n"
                          "description:\nkeywords: [\"\", \"  \"]\n---\n");
  IdAllocator ids;
  MappedResource r = MapWdkPage(page, ids, {});
  EXPECT_EQ(r.id, "gadgets-index");
  EXPECT_EQ(r.type, "website");
  EXPECT_EQ(r.topic, "");
  EXPECT_EQ(r.published, "");
  EXPECT_EQ(r.summary_source, SummarySource::kTitle);
  EXPECT_TRUE(r.body_from_summary);
  ParsedResource parsed = ParseResource(r.file, "gadgets/gadgets-index.md",
                                        "gadgets/gadgets-index.md", TaxonomyWith({}));
  ASSERT_TRUE(parsed.ok()) << FirstDiagnostic(parsed) << "\n" << r.file;
  EXPECT_TRUE(parsed.diagnostics.empty()) << FirstDiagnostic(parsed);
  EXPECT_EQ(parsed.resource.summary, "Gadgets: #1 & <more>");
  EXPECT_EQ(parsed.resource.body_text, "Gadgets: #1 & <more>");
  EXPECT_EQ(parsed.resource.url,
            "https://learn.microsoft.com/en-us/windows-hardware/drivers/ddi/_gadgets/");
  EXPECT_TRUE(parsed.resource.keywords.empty());
}

TEST(WdkMappingTest, KeywordsAreDeduplicatedAndLimited) {
  WdkPage page;
  page.relative_path = "w/nf-w-x.md";
  page.uid = "NF:w.X";
  page.title = "X";
  page.body = "Text.\n";
  page.keywords = {"Alpha", "alpha", " ALPHA ", "beta  gamma", std::string(301, 'k')};
  for (int i = 0; i < 60; ++i) page.keywords.push_back("kw" + std::to_string(i));
  IdAllocator ids;
  MappedResource r = MapWdkPage(page, ids, {});
  ParsedResource parsed = ParseResource(r.file, "w/x.md", "w/x.md", TaxonomyWith({}));
  ASSERT_TRUE(parsed.ok()) << FirstDiagnostic(parsed);
  const auto& keywords = parsed.resource.keywords;
  ASSERT_EQ(keywords.size(), 50u);
  EXPECT_EQ(keywords[0], "Alpha");
  EXPECT_EQ(keywords[1], "beta gamma");
  EXPECT_EQ(keywords[2], "kw0");
  EXPECT_EQ(r.keywords_dropped, 1u + 12u);  // the over-long one, and kw48..kw59
}

}  // namespace
}  // namespace ch::bench
