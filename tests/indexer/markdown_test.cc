// Markdown rendering: GFM extensions on, raw HTML never reaches the page.
#include "indexer/markdown.h"

#include <gtest/gtest.h>

namespace ch {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(MarkdownTest, RendersTablesAutolinksAndStrikethrough) {
  RenderedMarkdown out = RenderMarkdown(
      "| A | B |\n|---|---|\n| 1 | 2 |\n\nSee https://bja.ojp.gov for ~~old~~ news.\n");
  EXPECT_TRUE(Contains(out.html, "<table>"));
  EXPECT_TRUE(Contains(out.html, "<td>1</td>"));
  EXPECT_TRUE(Contains(out.html, "<a href=\"https://bja.ojp.gov\">"));
  EXPECT_TRUE(Contains(out.html, "<del>old</del>"));
}

TEST(MarkdownTest, OmitsRawHtmlBlocksAndInlineTags) {
  RenderedMarkdown out = RenderMarkdown(
      "<script>alert(1)</script>\n\nText with <img src=x onerror=alert(1)> inline.\n");
  EXPECT_FALSE(Contains(out.html, "<script"));
  EXPECT_FALSE(Contains(out.html, "<img"));
  EXPECT_TRUE(Contains(out.html, "raw HTML omitted"));
  EXPECT_FALSE(Contains(out.text, "alert"));
}

TEST(MarkdownTest, NeutralisesJavascriptLinks) {
  RenderedMarkdown out = RenderMarkdown("[click](javascript:alert(1))\n");
  EXPECT_FALSE(Contains(out.html, "javascript:"));
}

TEST(MarkdownTest, PlainTextKeepsWordsOfAdjacentBlocksAndCellsApart) {
  RenderedMarkdown out =
      RenderMarkdown("## Heading\nParagraph one.\n\n| a | b |\n|---|---|\n| left | right |\n");
  EXPECT_TRUE(Contains(out.text, "Heading\nParagraph one."));
  EXPECT_TRUE(Contains(out.text, "left"));
  EXPECT_TRUE(Contains(out.text, "right"));
  EXPECT_FALSE(Contains(out.text, "leftright"));
}

TEST(MarkdownTest, EscapesTextThatLooksLikeMarkup) {
  RenderedMarkdown out = RenderMarkdown("Fish & chips \"quoted\" 5 > 3\n");
  EXPECT_TRUE(Contains(out.html, "Fish &amp; chips &quot;quoted&quot; 5 &gt; 3"));
}

}  // namespace
}  // namespace ch
