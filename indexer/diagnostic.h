// diagnostic.h: one problem found in a resource file, in the shape every tool reports.
//
// The CLI prints diagnostics as `path:line:column: error|warning: field: message`, and the curator
// API returns the same fields as JSON, so a curator sees the same words in both places. Lines and
// columns are 1-based; 0 means "the whole file" (for example a file that is too large).
#pragma once

#include <string>
#include <vector>

namespace ch {

enum class Severity { kError, kWarning };

struct Diagnostic {
  std::string path;  // file path as given, or "body" for a document sent over HTTP
  int line = 0;      // 1-based; 0 when the problem concerns the whole file
  int column = 0;    // 1-based; 0 when unknown
  Severity severity = Severity::kError;
  std::string field;  // front matter key ("focus_areas"), or "front_matter", "body", "file"
  std::string message;
  std::vector<std::string> allowed;  // the allowed values, when the field is controlled

  bool is_error() const { return severity == Severity::kError; }
  // `path:line:column: error: field: message (allowed: a, b, c)`.
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

// True when any diagnostic is an error (warnings do not block indexing).
bool HasErrors(const Diagnostics& diagnostics);

}  // namespace ch
