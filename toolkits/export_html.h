// export_html.h: a toolkit as a self-contained, print-ready HTML5 document.
//
// One file that looks right on screen and on paper, with nothing to fetch: the CSS is inline in
// a <style> element, there are no scripts, images, fonts or stylesheets to load, and the only
// URLs are the resources' own links (only http and https ones are made links). In print:
//   - each link's address is printed after its text (a[href]::after { content: " (" attr(href)
//     ")" }), so the paper copy still says where to find every resource;
//   - an item never splits across pages (break-inside: avoid), a heading stays with what follows
//     (break-after: avoid);
//   - a long section (kLongSectionItems items or more) that is not the first starts on a new
//     page; short sections flow on.
// Every piece of text is HTML-escaped (& < > " '); notes keep their line breaks
// (white-space: pre-line). Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "toolkits/resolved_toolkit.h"
#include "toolkits/toolkit_export.h"

namespace ch {

inline constexpr size_t kLongSectionItems = 6;

// text/html; charset=utf-8, "<slug>.html".
ExportedFile ExportHtml(const ResolvedToolkit& toolkit,
                        const ExportLocale& locale = ExportLocale());

}  // namespace ch
