// export_markdown.h: a toolkit as a Markdown document (CommonMark).
//
//   # <title>
//   <description>
//   _<n> resources · updated <date>_
//   ## <section title>                      (one per section with items; then "Other resources")
//   ### [<resource title>](<url>)           (plain title when there is no url)
//   _<type> · <source> · <published>_
//   <summary>
//   **Note:** <the user's note>
//
// Text from users and resources is escaped so that it reads as written (no accidental emphasis,
// links or headings), line breaks in notes are kept, and URLs are percent-encoded where Markdown
// would end them. Thread-safety: pure function.
#pragma once

#include "toolkits/resolved_toolkit.h"
#include "toolkits/toolkit_export.h"

namespace ch {

// text/markdown; charset=utf-8, "<slug>.md".
ExportedFile ExportMarkdown(const ResolvedToolkit& toolkit,
                            const ExportLocale& locale = ExportLocale());

// `text` with Markdown's inline and line-start syntax escaped by backslashes.
std::string EscapeMarkdown(std::string_view text);

}  // namespace ch
