// inline_styles.h: a page's marked stylesheet put into the page itself, as it is served.
//
// A page asks for it with exactly `<link rel="stylesheet" href="PATH" data-inline>` (PATH a file
// of the web folder, such as css/site.css). InlineStylesheets replaces each such link with
// `<style data-inline="PATH">` + the file's text + `</style>` and adds that text's sha256 to the
// style-src of the page's meta Content-Security-Policy. The first paint then waits for no
// stylesheet request (benchmarks/RESULTS.md, "Web page paint time on a slow phone"), while the
// source keeps one stylesheet, no copies and no build step.
//
// Nothing changes (the browser fetches the file as usual) for a link whose file `read` cannot
// give, whose text is over kMaxInlineStyleBytes or contains "</style", or when the page has no
// meta policy with a style-src directive in its head to add the hashes to: a page is never served
// with a style its policy would block.
//
// Thread-safety: a pure function of its arguments and of what `read` returns.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "base/status.h"

namespace ch {

// Larger stylesheets stay links: every page would carry the bytes again.
inline constexpr size_t kMaxInlineStyleBytes = 64 * 1024;

// `read` gives the text of a PATH named by a marked link (relative to the web folder), or an
// error when the file is missing or outside the folder.
std::string InlineStylesheets(std::string html,
                              const std::function<Result<std::string>(const std::string&)>& read);

}  // namespace ch
