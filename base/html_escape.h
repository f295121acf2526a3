// html_escape.h: text made safe to place in HTML, in an element or a quoted attribute.
//
//   out += "<p>" + EscapeHtml(summary) + "</p>";
//   AppendEscapedHtml(body.substr(a, b), &snippet);   // no string of its own
//
// & < > " ' become character references; every other byte, UTF-8 included, is kept. Text is
// always taken as text: "&amp;" comes back as "&amp;amp;". Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ch {

std::string EscapeHtml(std::string_view text);
void AppendEscapedHtml(std::string_view text, std::string* out);

}  // namespace ch
