#include "toolkits/export_html.h"

#include <vector>

#include "base/html_escape.h"

namespace ch {
namespace {

constexpr char kStyle[] = R"css(
:root { color-scheme: light; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; padding-bottom: .25rem;
     border-bottom: 2px solid #1d3557; color: #1d3557; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
a { color: #1d4ed8; }
header .description { white-space: pre-line; margin: .5rem 0; }
.meta { font-family: Arial, sans-serif; font-size: .85rem; color: #555; margin: 0 0 .4rem; }
.item { border-left: 3px solid #d0d7e2; padding: .5rem 0 .5rem .9rem; margin: 0 0 1rem; }
.item.unavailable { border-left-color: #c0392b; }
.summary { margin: .25rem 0; }
.note { background: #f4f6fa; padding: .4rem .6rem; margin: .4rem 0 0; white-space: pre-line; }
.note strong { font-family: Arial, sans-serif; font-size: .85rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #666; border-top: 1px solid #ccc; }
@page { margin: 2cm 1.8cm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  a { color: #000; text-decoration: none; }
  a[href]::after { content: " (" attr(href) ")"; font-size: 9pt; color: #333;
                   word-break: break-all; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .item { break-inside: avoid; page-break-inside: avoid; }
  .note { background: none; border: 1px solid #ccc; }
  section.long:not(:first-child) { break-before: page; page-break-before: always; }
  p { orphans: 3; widows: 3; }
}
)css";

bool IsHttpUrl(std::string_view url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

// `heading` is "h3" under a section heading and "h2" when the toolkit has no sections, so the
// headings go H1 -> H2 -> H3 without a skipped level.
void AppendItem(std::string& out, const ResolvedItem& item, const std::string& heading,
                const ExportLocale& locale) {
  out += item.available ? "<article class=\"item\">\n" : "<article class=\"item unavailable\">\n";
  out += "<" + heading + ">";
  const std::string title = EscapeHtml(DisplayTitle(item));
  if (item.available && IsHttpUrl(item.resource.url)) {
    out += "<a href=\"" + EscapeHtml(item.resource.url) + "\">" + title + "</a>";
  } else {
    out += title;
  }
  out += "</" + heading + ">\n<p class=\"meta\">" + EscapeHtml(ItemByline(item, locale)) + "</p>\n";
  if (std::string evidence = EvidenceLine(item, locale); !evidence.empty()) {
    out += "<p class=\"evidence\">" + EscapeHtml(evidence) + "</p>\n";
  }
  if (item.available && !item.resource.summary.empty()) {
    out += "<p class=\"summary\">" + EscapeHtml(item.resource.summary) + "</p>\n";
  }
  if (!item.item.note.empty()) {
    out += "<p class=\"note\"><strong>" + EscapeHtml(locale.words().note) + "</strong> " +
           EscapeHtml(item.item.note) + "</p>\n";
  }
  out += "</article>\n";
}

}  // namespace

ExportedFile ExportHtml(const ResolvedToolkit& r, const ExportLocale& locale) {
  const ToolkitContent& c = r.toolkit.content;
  std::string html = "<!DOCTYPE html>\n<html lang=\"" + locale.language() +
                     "\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>" +
                     EscapeHtml(c.title) + "</title>\n<style>" + kStyle +
                     "</style>\n</head>\n"
                     "<body>\n<header>\n<h1>" +
                     EscapeHtml(c.title) + "</h1>\n";
  if (!c.description.empty()) {
    html += "<p class=\"description\">" + EscapeHtml(c.description) + "</p>\n";
  }
  std::string meta = locale.Count(r.items.size());
  if (r.toolkit.updated_at_ms > 0) {
    meta += " \xC2\xB7 " + std::string(locale.words().updated) + " " +
            FormatRfc3339(r.toolkit.updated_at_ms).substr(0, 10);
  }
  if (std::string rated = RatedSummary(r, locale); !rated.empty()) meta += " \xC2\xB7 " + rated;
  html += "<p class=\"meta\">" + EscapeHtml(meta) + "</p>\n</header>\n<main>\n";
  std::vector<ItemGroup> groups = GroupBySection(r);
  for (const ItemGroup& group : groups) {
    html += group.items.size() >= kLongSectionItems ? "<section class=\"long\">\n" : "<section>\n";
    bool headed = group.section || groups.size() > 1;
    if (group.section) {
      html += "<h2>" + EscapeHtml(group.section->title) + "</h2>\n";
    } else if (headed) {
      html += "<h2>" + EscapeHtml(locale.words().other_resources) + "</h2>\n";
    }
    for (const ResolvedItem* item : group.items) {
      AppendItem(html, *item, headed ? "h3" : "h2", locale);
    }
    html += "</section>\n";
  }
  html += "</main>\n<footer>\n<p>" + EscapeHtml(locale.words().exported_from);
  if (!r.toolkit.id.empty()) {
    html += " (" + EscapeHtml(locale.words().toolkit) + " " + EscapeHtml(r.toolkit.id) + ")";
  }
  html += ".</p>\n</footer>\n</body>\n</html>\n";
  return {html, "text/html; charset=utf-8", ExportFileName(r, "html"), locale.language()};
}

}  // namespace ch
