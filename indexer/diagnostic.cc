#include "indexer/diagnostic.h"

#include <algorithm>

namespace ch {

std::string Diagnostic::ToString() const {
  std::string out = path;
  out += ':' + std::to_string(line) + ':' + std::to_string(column) + ": ";
  out += severity == Severity::kError ? "error: " : "warning: ";
  if (!field.empty()) out += field + ": ";
  out += message;
  if (!allowed.empty()) {
    out += " (allowed: ";
    for (size_t i = 0; i < allowed.size(); ++i) {
      if (i) out += ", ";
      out += allowed[i];
    }
    out += ')';
  }
  return out;
}

bool HasErrors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.is_error(); });
}

}  // namespace ch
