#include "base/slug.h"

namespace ch {

bool IsValidSlug(std::string_view s) {
  if (s.empty() || s.size() > kMaxSlugLength) return false;
  if (s.front() == '-') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string SlugFromFileName(std::string_view file_name) {
  if (file_name.size() > 3 && file_name.substr(file_name.size() - 3) == ".md") {
    file_name.remove_suffix(3);
  }
  std::string out;
  bool pending_hyphen = false;
  for (char c : file_name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word) {
      pending_hyphen = !out.empty();
      continue;
    }
    if (pending_hyphen) out += '-';
    pending_hyphen = false;
    out += c;
  }
  if (out.size() > kMaxSlugLength) out.resize(kMaxSlugLength);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace ch
