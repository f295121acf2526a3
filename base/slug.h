// slug.h: resource ids and the other slugs used in terms and URLs.
//
// A slug is 1-120 bytes of [a-z0-9-], starting with a letter or digit. Ids appear in URLs, in
// Xapian terms and in file names, so this one rule keeps them safe in all three places.
#pragma once

#include <string>
#include <string_view>

namespace ch {

inline constexpr size_t kMaxSlugLength = 120;

bool IsValidSlug(std::string_view s);
// The default id for a file: its name without ".md", lowercased, with every run of characters
// outside [a-z0-9] turned into one hyphen, trimmed of hyphens, and cut to kMaxSlugLength.
std::string SlugFromFileName(std::string_view file_name);

}  // namespace ch
