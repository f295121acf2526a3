#include "server/services/facet_counter.h"

#include <string_view>

#include "indexer/schema.h"

namespace ch {

const std::map<std::string, uint64_t, std::less<>>& FacetCounter::counts() {
  if (counted_) return counts_;
  counted_ = true;
  for (auto it = spy_.values_begin(); it != spy_.values_end(); ++it) {
    const std::string combination = *it;
    const uint64_t documents = it.get_termfreq();
    std::string_view rest(combination);
    while (!rest.empty()) {
      size_t end = rest.find(schema::kFacetSeparator);
      std::string_view one = rest.substr(0, end);
      if (!one.empty()) {
        auto found = counts_.find(one);
        if (found == counts_.end()) {
          counts_.emplace(std::string(one), documents);
        } else {
          found->second += documents;
        }
      }
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  return counts_;
}

}  // namespace ch
