#include "server/services/match_set.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "server/services/sort_ranks.h"
#include "server/services/wildcard_expansion.h"

namespace ch {
namespace {

using Q = Xapian::Query;

// Sets the bit of every document a boolean pass shows it.
class BitmapSpy : public Xapian::MatchSpy {
 public:
  explicit BitmapSpy(DocBitmap* out) : out_(out) {}
  void operator()(const Xapian::Document& doc, double) override { out_->Set(doc.get_docid()); }

 private:
  DocBitmap* out_;
};

size_t BitmapBytes(const DocBitmap& b) { return b.memory_bytes(); }

}  // namespace

MatchSetEvaluator::MatchSetEvaluator(const Xapian::Database& db,
                                     std::shared_ptr<const FacetColumn> column,
                                     MatchSetCache* cache, MatchSetOptions options)
    : db_(db), column_(std::move(column)), cache_(cache), options_(options) {}

DocBitmap MatchSetEvaluator::Evaluate(const Xapian::Query& query) const { return *Set(query); }

uint64_t MatchSetEvaluator::PositionChecks(const Xapian::Query& query) const {
  std::set<std::string> seen;
  return PositionChecks(query, &seen);
}

// A phrase that occurs twice (in each language's branch) is checked once: its set is cached.
uint64_t MatchSetEvaluator::PositionChecks(const Xapian::Query& query,
                                           std::set<std::string>* seen) const {
  const Q::op type = query.get_type();
  if (type == Q::OP_PHRASE || type == Q::OP_NEAR) {
    if (!seen->insert(query.get_description()).second || Known(query)) return 0;
    return Candidates(query).Count();
  }
  uint64_t checks = 0;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    checks += PositionChecks(query.get_subquery(i), seen);
  }
  return checks;
}

DocBitmap MatchSetEvaluator::Candidates(const Xapian::Query& phrase) const {
  DocBitmap all = *Set(phrase.get_subquery(0));
  for (size_t i = 1; i < phrase.get_num_subqueries(); ++i) all.And(*Set(phrase.get_subquery(i)));
  return all;
}

bool MatchSetEvaluator::Known(const Xapian::Query& query) const {
  if (cache_ == nullptr) return false;
  const std::string key = XapianSetKey(query, "");
  return !key.empty() && cache_->Get(key) != nullptr;
}

std::string MatchSetEvaluator::XapianSetKey(const Xapian::Query& query,
                                            const std::string& sample_key) const {
  try {
    return column_->key() + "\nq" + sample_key + query.serialise();
  } catch (const Xapian::UnimplementedError&) {
    return "";  // a posting source that cannot be serialised: not cached
  }
}

void MatchSetEvaluator::SettleRarePhrases(const Xapian::Query& query) const {
  const Q::op type = query.get_type();
  if (type != Q::OP_PHRASE && type != Q::OP_NEAR) {
    for (size_t i = 0; i < query.get_num_subqueries(); ++i)
      SettleRarePhrases(query.get_subquery(i));
    return;
  }
  if (cache_ == nullptr || !sample_key_.empty() || Known(query)) return;
  const DocBitmap candidates = Candidates(query);
  const uint64_t n = candidates.Count();
  if (n <= options_.exact_position_checks || n > options_.rare_phrase_checks) return;
  MatchSetEvaluator pilot(db_, column_, cache_, options_);
  const uint64_t every = options_.pilot_checks == 0 ? 1 : n / options_.pilot_checks;
  pilot.RestrictToSample(static_cast<uint32_t>(std::max<uint64_t>(1, every)));
  DocBitmap held = pilot.Evaluate(query);
  held.And(pilot.sample());
  const uint64_t tried = candidates.CountAnd(pilot.sample());
  if (tried == 0 ||
      static_cast<double>(held.Count()) > options_.rare_phrase_share * static_cast<double>(tried)) {
    return;
  }
  Set(query);  // cached by ByXapian, so that PositionChecks counts it as none
}

void MatchSetEvaluator::RestrictToSample(uint32_t every) {
  sample_ = column_->Sample(every);
  sample_ids_.clear();
  sample_.ForEach([&](Xapian::docid id) { sample_ids_.push_back(id); });
  sample_key_ = "every" + std::to_string(every) + "|";
}

MatchSetEvaluator::Shared MatchSetEvaluator::Set(const Xapian::Query& query) const {
  const Xapian::docid limit = column_->limit();
  const size_t n = query.get_num_subqueries();
  switch (query.get_type()) {
    case Q::LEAF_TERM:
      return Term(*query.get_terms_begin());
    case Q::LEAF_MATCH_ALL:
      return Shared(column_, &column_->all_documents());
    case Q::LEAF_MATCH_NOTHING:
      return std::make_shared<const DocBitmap>(limit);
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_MAYBE:
      return Set(query.get_subquery(0));
    case Q::OP_OR:
    case Q::OP_SYNONYM:
    case Q::OP_MAX: {
      auto out = std::make_shared<DocBitmap>(limit);
      Union(query, 0, out.get());
      return out;
    }
    case Q::OP_AND:
    case Q::OP_FILTER: {
      auto out = std::make_shared<DocBitmap>(*Set(query.get_subquery(0)));
      for (size_t i = 1; i < n; ++i) out->And(*Set(query.get_subquery(i)));
      return out;
    }
    case Q::OP_AND_NOT: {
      auto out = std::make_shared<DocBitmap>(*Set(query.get_subquery(0)));
      DocBitmap excluded(limit);
      Union(query, 1, &excluded);
      out->AndNot(excluded);
      return out;
    }
    case Q::OP_XOR: {
      auto out = std::make_shared<DocBitmap>(limit);
      for (size_t i = 0; i < n; ++i) out->Xor(*Set(query.get_subquery(i)));
      return out;
    }
    case Q::OP_WILDCARD:
      if (std::optional<Q> terms = ExpandedWildcard(db_, query)) return Set(*terms);
      return ByXapian(query);
    default:
      return ByXapian(query);
  }
}

// ORs the sets of `query`'s subqueries from `first` on into `out`; a rare term's postings go
// straight in, without a bitmap of their own.
void MatchSetEvaluator::Union(const Xapian::Query& query, size_t first, DocBitmap* out) const {
  for (size_t i = first; i < query.get_num_subqueries(); ++i) {
    const Q sub = query.get_subquery(i);
    if (sub.get_type() == Q::LEAF_TERM) {
      const std::string term = *sub.get_terms_begin();
      if (!Cacheable(db_.get_termfreq(term))) {
        AddPostings(term, out);
        continue;
      }
    }
    out->Or(*Set(sub));
  }
}

bool MatchSetEvaluator::Cacheable(Xapian::doccount termfreq) const {
  return cache_ != nullptr && options_.cache_share_divisor > 0 &&
         static_cast<uint64_t>(termfreq) * options_.cache_share_divisor >= db_.get_doccount();
}

void MatchSetEvaluator::AddPostings(const std::string& term, DocBitmap* out) const {
  for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p) out->Set(*p);
}

MatchSetEvaluator::Shared MatchSetEvaluator::Term(const std::string& term) const {
  const Xapian::doccount termfreq = db_.get_termfreq(term);
  std::string key;
  if (termfreq > 0 && Cacheable(termfreq)) {
    key = column_->key() + "\nt" + term;
    if (Shared hit = cache_->Get(key)) return hit;
  }
  auto out = std::make_shared<DocBitmap>(column_->limit());
  if (termfreq > 0) AddPostings(term, out.get());
  if (!key.empty()) cache_->Put(key, out, BitmapBytes(*out));
  return out;
}

FacetTally CountFacets(const Xapian::Database& db, std::shared_ptr<const FacetColumn> column,
                       MatchSetCache* cache, const MatchSetOptions& options,
                       const Xapian::Query& query) {
  MatchSetEvaluator sets(db, column, cache, options);
  const uint64_t limit = options.exact_position_checks;
  if (limit > 0) sets.SettleRarePhrases(query);
  const uint64_t checks = limit > 0 ? sets.PositionChecks(query) : 0;
  const auto every = static_cast<uint32_t>(checks > limit ? (checks + limit - 1) / limit : 1);
  DocBitmap matched;
  if (every > 1) {
    sets.RestrictToSample(every);
    matched = sets.Evaluate(query);
    matched.And(sets.sample());  // Xapian's parts were evaluated within the sample only
  } else {
    matched = sets.Evaluate(query);
  }
  FacetTally tally = column->TallyOf(matched);
  tally.sample_every = every;
  return tally;
}

MatchSetEvaluator::Shared MatchSetEvaluator::ByXapian(const Xapian::Query& query) const {
  const std::string key = cache_ != nullptr ? XapianSetKey(query, sample_key_) : "";
  if (!key.empty()) {
    if (Shared hit = cache_->Get(key)) return hit;
  }
  auto out = std::make_shared<DocBitmap>(column_->limit());
  Xapian::Enquire enquire(db_);
  enquire.set_query(sample_key_.empty() ? query : SortedCandidatesQuery(query, sample_ids_));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  BitmapSpy spy(out.get());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, db_.get_doccount());
  if (!key.empty()) cache_->Put(key, out, BitmapBytes(*out));
  return out;
}

}  // namespace ch
