// facet_counter.h: exact counts of multi-valued facets during a Xapian match.
//
// Xapian's ValueCountMatchSpy counts one value per slot, but a resource has several focus areas
// and topics, stored in one slot joined by schema::kFacetSeparator (indexer/schema.h). This spy
// splits the slot value and counts each value once per matching document. Counts are exact only
// when the match examined every candidate: run the Enquire with check_at_least >= the database
// size. One FacetCounter per Enquire and thread; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <xapian.h>

namespace ch {

class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(Xapian::valueno slot) : slot_(slot) {}

  void operator()(const Xapian::Document& doc, double weight) override;
  std::string name() const override { return "ch::FacetCounter"; }

  // Value -> number of matching documents that have it.
  const std::map<std::string, uint64_t, std::less<>>& counts() const { return counts_; }
  uint64_t documents_seen() const { return seen_; }

 private:
  Xapian::valueno slot_;
  std::map<std::string, uint64_t, std::less<>> counts_;
  uint64_t seen_ = 0;
};

}  // namespace ch
