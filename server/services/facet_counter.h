// facet_counter.h: exact counts of multi-valued facets during a Xapian match.
//
// A resource has several focus areas and topics, stored in one value slot joined by
// schema::kFacetSeparator (indexer/schema.h). The counting during the match is done by Xapian's
// own ValueCountMatchSpy, which counts each distinct slot value (each combination): a built-in spy
// is one that xapian-tcpsrv can run on a remote shard and whose counts Xapian merges across
// shards, which a spy of our own could not be. counts() then splits every combination into its
// values; since a document has each value at most once, the sums are exact per-value document
// counts. Counts are exact only when the match examined every candidate: run the Enquire with
// check_at_least >= the database size.
//
//   FacetCounter topics(schema::kSlotFacetTopic);
//   enquire.add_matchspy(&topics.spy());
//   enquire.get_mset(0, 10, db.get_doccount());
//   for (const auto& [value, count] : topics.counts()) ...
//
// One FacetCounter per Enquire and thread; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <xapian.h>

namespace ch {

class FacetCounter {
 public:
  explicit FacetCounter(Xapian::valueno slot) : spy_(slot) {}

  Xapian::MatchSpy& spy() { return spy_; }
  // Value -> number of matching documents that have it (computed on first call after the match).
  const std::map<std::string, uint64_t, std::less<>>& counts();

 private:
  Xapian::ValueCountMatchSpy spy_;
  std::map<std::string, uint64_t, std::less<>> counts_;
  bool counted_ = false;
};

}  // namespace ch
