// bm25_postings.h: a word's BM25 weight in every document that holds it, from its postings and
// the documents' lengths kept in memory (facet_column.h): the same doubles as Xapian 1.4.22's
// BM25Weight gives when it ranks the word alone.
//
//   const Bm25Postings weigh(db, *column, bm25);
//   weigh.ForEach("Zshoot", [&](Xapian::docid id, double weight) { ... });  // ascending ids
//
// Why: an impact tier (impact_tiers.h) is a word's best documents with their weights; a rare
// word's holds all of them. Xapian's ranking of the word alone reads each document's length from
// the length list, and for documents far apart every read seeks into a new chunk: about 0.85 us
// per document at 250,000 documents, against 27 ns for the postings with the lengths from memory
// (benchmarks/RESULTS.md, issue 15, Run 19). Rare words' tiers are built during searches, and they
// were 7% of the server's CPU.
//
// Exactness: BM25Weight::init at factor 1 and within-query frequency 1 (no relevance set) and
// BM25Weight::get_sumpart, with the same operations in the same order on the same statistics
// (the database's document count and average length), so each weight is the one Xapian's match
// gives the word alone; tests/server/impact_tiers_test.cc compares them on every word of a test
// database. A query's own weighting of the word scales these (impact_tiers.h, BoundUnit).
//
// Preconditions: `bm25.k2` is 0 (else the weights carry a query-length part; Usable says) and
// `column` was loaded from `db`, a single local database. Errors: Xapian::Error propagates (call
// inside WithSearcher). Thread-safety: const; `db` is read, so one thread at a time per Database.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include <xapian.h>

#include "server/services/doc_bitmap.h"
#include "server/services/facet_column.h"
#include "server/services/ranking.h"

namespace ch {

class Bm25Postings {
 public:
  Bm25Postings(const Xapian::Database& db, const FacetColumn& column, const Bm25Parameters& bm25);

  // Whether these parameters give weights that ForEach can compute (k2 = 0).
  static bool Usable(const Bm25Parameters& bm25) { return bm25.k2 == 0; }

  // Calls f(docid, weight) for every document holding `term`, in ascending id order.
  template <typename F>
  void ForEach(const std::string& term, F f) const {
    const double termweight = TermWeight(db_.get_termfreq(term));
    for (Xapian::PostingIterator p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
      f(*p, Weight(termweight, p.get_wdf(), column_.length(*p)));
    }
  }

  // Calls f(docid, weight) for every document holding one of `terms`, in ascending id order, with
  // the weight of their SYNONYM. Costs a pass over their postings and a word per 64 documents.
  template <typename F>
  void ForEachOfSynonym(const std::vector<std::string>& terms, F f) const {
    std::vector<Xapian::termcount> wdfs;  // by docid
    std::vector<Xapian::doccount> frequencies;
    const DocBitmap held = SummedWdfs(terms, &wdfs, &frequencies);
    const double termweight =
        TermWeight(SynonymFrequency(std::move(frequencies), collection_size_));
    held.ForEach([&](Xapian::docid id) {
      const Xapian::termcount length = column_.length(id);
      f(id, Weight(termweight, std::min(wdfs[id], length), length));
    });
  }

  // Xapian's estimate of the documents an OR of terms held by `frequencies` documents matches,
  // which it gives a SYNONYM as its frequency: OrContext::postlist joins the two least frequent
  // parts into one OR until one is left, and each OR estimates l + r - l r / N, rounded to the
  // nearest count. Equal frequencies may be joined in any order: the estimates are the same.
  static Xapian::doccount SynonymFrequency(std::vector<Xapian::doccount> frequencies,
                                           Xapian::doccount collection_size);

 private:
  // The documents holding one of `terms`; wdfs[id] (sized for the column) their wdfs summed, a
  // term given twice counting twice, as in Xapian's OR; `frequencies` the terms' frequencies.
  DocBitmap SummedWdfs(const std::vector<std::string>& terms, std::vector<Xapian::termcount>* wdfs,
                       std::vector<Xapian::doccount>* frequencies) const;
  // BM25Weight::init(1.0) with within-query frequency 1: the weight's document-independent part.
  double TermWeight(Xapian::doccount termfreq) const;
  // BM25Weight::get_sumpart.
  double Weight(double termweight, Xapian::termcount wdf, Xapian::termcount length) const {
    const double normlen = std::max(length * len_factor_, min_normlen_);
    const double wdf_double = wdf;
    const double denom = k1_ * (normlen * b_ + (1 - b_)) + wdf_double;
    return termweight * (wdf_double / denom);
  }

  const Xapian::Database& db_;
  const FacetColumn& column_;
  double k1_, k3_, b_, min_normlen_;  // clamped as BM25Weight's constructor clamps them
  Xapian::doccount collection_size_;
  double len_factor_;  // 1 / the average length, or 0 where lengths do not count
};

}  // namespace ch
