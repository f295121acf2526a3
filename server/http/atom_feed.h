// atom_feed.h: an Atom 1.0 feed of search results (newest resources, with the search filters),
// for people who follow the library in a feed reader. Pure function; XML-escapes everything.
#pragma once

#include <string>

#include "server/services/search_types.h"

namespace ch {

// `base_url` is "http://host:port" (no trailing slash); entries link to the resource page there
// and to the original with rel="related".
std::string RenderAtomFeed(const SearchResponse& response, const std::string& base_url,
                           const std::string& self_url);

std::string XmlEscape(const std::string& text);

}  // namespace ch
