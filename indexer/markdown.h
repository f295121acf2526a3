// markdown.h: renders a resource body (GitHub-flavoured Markdown) to safe HTML and plain text.
//
// Uses cmark-gfm with the table, autolink, strikethrough and tagfilter extensions. Raw HTML in
// the Markdown is never passed through: cmark-gfm's safe mode (the default, without
// CMARK_OPT_UNSAFE) replaces raw HTML blocks and inline tags with an HTML comment
// `<!-- raw HTML omitted -->`, and links or images with `javascript:`, `vbscript:`, `file:` or
// non-image `data:` URLs get an empty href. The plain text keeps the words of every text and
// code node (not of raw HTML), one block per line, for indexing and snippets.
//
// Thread-safe: cmark-gfm's extension registry is initialised once (std::call_once).
#pragma once

#include <string>
#include <string_view>

namespace ch {

struct RenderedMarkdown {
  std::string html;
  std::string text;
};

RenderedMarkdown RenderMarkdown(std::string_view markdown);

}  // namespace ch
