#include "server/facet_counter.h"

#include <string_view>

#include "indexer/schema.h"

namespace ch {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  const std::string value = doc.get_value(slot_);
  std::string_view rest(value);
  while (!rest.empty()) {
    size_t end = rest.find(schema::kFacetSeparator);
    std::string_view one = rest.substr(0, end);
    if (!one.empty()) {
      auto it = counts_.find(one);
      if (it == counts_.end()) {
        counts_.emplace(std::string(one), 1);
      } else {
        ++it->second;
      }
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
}

}  // namespace ch
