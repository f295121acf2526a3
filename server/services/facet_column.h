// facet_column.h: the facet values of every document of one index generation, in memory, so that
// counting a match set's facets costs a few array reads per document instead of a value-slot
// lookup, a string split and a map update per document (95% of a results page's cost before).
//
//   FacetColumn::Key key = FacetColumn::KeyOf(db);
//   std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
//   FacetTally tally = column->NewTally();
//   column->Add(docid, &tally);                       // once per matching document
//   for (auto& [value, n] : column->Values(0, tally)) ...   // facet 0 of schema::Facets()
//
// Layout: one entry per facet of schema::Facets() (built generically from that list, whatever it
// holds), each a dictionary of the facet's distinct values and, per document id, the ids of its
// values (compressed-row: offsets[docid] .. offsets[docid + 1] index into `ids`). Memory: per
// facet 4 bytes per document id (offsets) + 4 bytes per value a document has, plus the
// dictionary; at 250,000 documents with ~11 facet values each, about 18 MB in all
// (memory_bytes() reports it).
//
// It also holds each value's documents, inverted from that: a bitmap (doc_bitmap.h) for a value
// that at least 1 / kDenseShare of the ids carry, a sorted id list for a rarer one. TallyOf
// counts a match set given as a bitmap (match_set.h) with those, facet by facet whichever is
// cheaper: a popcount of the match set and each value's bitmap, or a walk over the matching
// documents' value ids as Add does. At 250,000 documents that adds about 5 MB (27 MB in all with
// the sort ranks, benchmarks/RESULTS.md facets Run 6). Also holds the counts over every document
// (the browse page), and the documents' ranks by date and by title (sort_ranks.h: value-sorted
// pages), read with it so that both describe one generation, and every document's length (4 bytes
// per document id: 1 MB at 250,000), which a word's BM25 weights need (bm25_postings.h).
//
// Only for a single local database: with several databases (local shards behind one stub) Xapian
// 1.4 hands a match spy (the column's counting before match sets) a document whose id is not the
// combined id the column is indexed by
// (tests/server/facets_test.cc, CountsEqualBruteForceOnLocalShards, caught it), and remote
// shards run the spy on each shard. Both keep Xapian's own ValueCountMatchSpy (facet_counter.h),
// which Xapian runs per database and merges.
//
// Errors: KeyOf and Load throw Xapian::Error, so that a caller inside WithSearcher
// (with_searcher.h) retries on a fresh revision as for any other read. A loaded column is
// immutable and thread-safe; a FacetTally belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "server/services/doc_bitmap.h"
#include "server/services/sort_ranks.h"

namespace ch {

// Counts per facet (in schema::Facets() order), indexed by value id, and how many documents
// were added.
struct FacetTally {
  std::vector<std::vector<uint32_t>> counts;
  uint64_t documents = 0;
  // 1: exact. k > 1: counted over a sample of every k-th document (Sample), so the figures the
  // search reports (Values, documents * k) are estimates (match_set.h says when).
  uint32_t sample_every = 1;
};

class FacetColumn {
 public:
  // What identifies the documents of a database: its uuid (new with every rebuild), change
  // generation (bumped by every commit that changes documents), document count and last id.
  using Key = std::string;
  static Key KeyOf(const Xapian::Database& db);  // may throw Xapian::Error

  // Reads every facet slot of `db` (a local database).
  static std::shared_ptr<const FacetColumn> Load(const Xapian::Database& db);

  const Key& key() const { return key_; }
  size_t facet_count() const { return facets_.size(); }
  FacetTally NewTally() const;
  // Adds the values of document `docid` (ids past the last document are ignored).
  void Add(Xapian::docid docid, FacetTally* tally) const {
    if (docid >= max_docid_plus_one_) return;
    ++tally->documents;
    for (size_t f = 0; f < facets_.size(); ++f) {
      const Column& c = facets_[f];
      uint32_t* counts = tally->counts[f].data();
      for (uint32_t i = c.offsets[docid], end = c.offsets[docid + 1]; i < end; ++i) {
        ++counts[c.ids[i]];
      }
    }
  }
  // How TallyOf counts a facet: kAuto picks the cheaper of the other two per facet (tests force
  // each to show that they agree).
  enum class TallyMethod { kAuto, kWalkDocuments, kValueSets };
  // The counts of the documents in `matched` (sized for this generation: limit() ids).
  FacetTally TallyOf(const DocBitmap& matched, TallyMethod method = TallyMethod::kAuto) const;
  // The counts over every document (what a search with no text and no filter matches).
  const FacetTally& all() const { return all_; }
  // Every document of the generation, and the id limit its bitmaps are sized for.
  const DocBitmap& all_documents() const { return all_documents_; }
  Xapian::docid limit() const { return max_docid_plus_one_; }
  // Every `every`-th document of the generation, in id order (the first, the every+1-th ...).
  DocBitmap Sample(uint32_t every) const;
  // Facet `f`'s values with a non-zero count in `tally` (times tally.sample_every).
  std::vector<std::pair<std::string, uint64_t>> Values(size_t f, const FacetTally& tally) const;
  const SortRanks& sort_ranks() const { return sort_ranks_; }
  // Document `docid`'s length (its terms' wdf summed, as Xapian keeps it; 0 past the last id).
  Xapian::termcount length(Xapian::docid docid) const {
    return docid < lengths_.size() ? lengths_[docid] : 0;
  }
  size_t memory_bytes() const;

 private:
  struct Column {
    std::vector<std::string> dictionary;  // value id -> value
    std::vector<uint32_t> offsets;        // docid -> first index into ids (size: max docid + 2)
    std::vector<uint32_t> ids;
    // Each value's documents (see above): dense_values[i]'s in dense[i]; the other values' in
    // sparse_ids[sparse_offsets[value] .. sparse_offsets[value + 1]] (empty for dense ones).
    std::vector<uint32_t> dense_values;
    std::vector<DocBitmap> dense;
    std::vector<uint32_t> sparse_offsets;
    std::vector<Xapian::docid> sparse_ids;
  };
  // A value carried by at least 1 / this of the ids gets a bitmap: from there a bitmap (1 bit per
  // id) is no larger than its id list (32 bits per document).
  static constexpr uint64_t kDenseShare = 32;

  void Read(const Xapian::Database& db);
  static void InvertValues(Column& c, Xapian::docid limit);
  void CountByValueSets(size_t f, const DocBitmap& matched, FacetTally* tally) const;

  Key key_;
  Xapian::docid max_docid_plus_one_ = 0;
  std::vector<Column> facets_;
  FacetTally all_;
  DocBitmap all_documents_;
  SortRanks sort_ranks_;
  std::vector<Xapian::termcount> lengths_;  // by docid
};

}  // namespace ch
