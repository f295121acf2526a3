#include "server/http/response_compression.h"

#include <cctype>

namespace ch {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsBrotli(std::string_view element) {
  std::string_view name = Trim(element.substr(0, element.find(';')));
  return name.size() == 2 && std::tolower(static_cast<unsigned char>(name[0])) == 'b' &&
         std::tolower(static_cast<unsigned char>(name[1])) == 'r';
}

}  // namespace

std::string WithoutBrotli(std::string_view accept_encoding) {
  std::string kept;
  while (true) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = Trim(accept_encoding.substr(0, comma));
    if (!element.empty() && !IsBrotli(element)) {
      if (!kept.empty()) kept += ", ";
      kept += element;
    }
    if (comma == std::string_view::npos) break;
    accept_encoding.remove_prefix(comma + 1);
  }
  return kept;
}

}  // namespace ch
