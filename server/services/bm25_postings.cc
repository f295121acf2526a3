#include "server/services/bm25_postings.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace ch {

Bm25Postings::Bm25Postings(const Xapian::Database& db, const FacetColumn& column,
                           const Bm25Parameters& bm25)
    : db_(db),
      column_(column),
      k1_(std::max(bm25.k1, 0.0)),
      k3_(std::max(bm25.k3, 0.0)),
      b_(std::clamp(bm25.b, 0.0, 1.0)),
      min_normlen_(bm25.min_normlen),
      collection_size_(db.get_doccount()),
      len_factor_(0) {
  // Xapian's statistics: the total length over the document count, as one double division.
  if (b_ != 0 && k1_ != 0) {
    len_factor_ = db.get_avlength();
    if (len_factor_ != 0) len_factor_ = 1 / len_factor_;
  }
}

double Bm25Postings::TermWeight(Xapian::doccount termfreq) const {
  double tw = (collection_size_ - termfreq + 0.5) / (termfreq + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  double termweight = std::log(tw);
  if (k3_ != 0) {
    const double wqf_double = 1;
    termweight *= (k3_ + 1) * wqf_double / (k3_ + wqf_double);
  }
  return termweight * (k1_ + 1);
}

DocBitmap Bm25Postings::SummedWdfs(const std::vector<std::string>& terms,
                                   std::vector<Xapian::termcount>* wdfs,
                                   std::vector<Xapian::doccount>* frequencies) const {
  DocBitmap held(column_.limit());
  wdfs->assign(column_.limit(), 0);
  for (const std::string& term : terms) {
    frequencies->push_back(db_.get_termfreq(term));
    for (Xapian::PostingIterator p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) {
      if (*p >= wdfs->size()) continue;  // not in this generation's column (cannot happen)
      (*wdfs)[*p] += p.get_wdf();
      held.Set(*p);
    }
  }
  return held;
}

Xapian::doccount Bm25Postings::SynonymFrequency(std::vector<Xapian::doccount> frequencies,
                                                Xapian::doccount collection_size) {
  if (frequencies.empty()) return 0;
  std::priority_queue<Xapian::doccount, std::vector<Xapian::doccount>,
                      std::greater<Xapian::doccount>>
      parts(std::greater<Xapian::doccount>(), std::move(frequencies));
  while (parts.size() > 1) {
    const auto r = static_cast<double>(parts.top());
    parts.pop();
    const auto l = static_cast<double>(parts.top());
    parts.pop();
    // OrPostList::get_termfreq_est, operation for operation.
    const double est = l + r - (l * r / collection_size);
    parts.push(static_cast<Xapian::doccount>(est + 0.5));
  }
  return parts.top();
}

}  // namespace ch
