// front_matter_lite.h: the cheap way a plain application takes a resource file apart, for the
// peer indexers of ch-bench-index (plain Xapian and SQLite FTS5), without a YAML parser.
//
// A resource file is `---`, front matter lines, `---`, then the Markdown body. These functions
// read only what the peers index: the body (everything after the closing `---` line), the title,
// and the facet fields, which the resource format writes as `key: value` or `key: [a, b, c]`
// lines (docs/resource-format.md). Block lists, multi-line scalars and YAML escapes are not
// understood: the generated corpora and the sample never use them for these fields.
//
//   std::string_view front;
//   std::string_view body = BodyOf(file, &front);
//   std::string_view title = TitleOf(front);                        // no quotes
//   std::vector<std::string> areas = ListField(front, "focus_areas");  // {"gun-violence", ...}
//
// Pure functions; the views point into the argument.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ch::bench {

// The text after the front matter (after the second `---` line), setting `*front_matter` to the
// front matter including its opening `---` line; all of `file` and an empty front matter when
// the file has none.
std::string_view BodyOf(std::string_view file, std::string_view* front_matter);

// The `title:` value of a front matter, without surrounding spaces and quotes ("" when absent).
std::string_view TitleOf(std::string_view front_matter);

// The value of the top-level `key:` line, without surrounding spaces and quotes ("" when
// absent). A flow list comes back as written, brackets included.
std::string_view ScalarField(std::string_view front_matter, std::string_view key);

// The items of `key: [a, "b", c]` without quotes, or the scalar as one item; empty when absent.
// Commas inside quoted items are kept (`["Smith, J", Doe]` has two items).
std::vector<std::string> ListField(std::string_view front_matter, std::string_view key);

}  // namespace ch::bench
