#include "server/services/bm25_postings.h"

#include <algorithm>
#include <cmath>

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

}  // namespace ch
