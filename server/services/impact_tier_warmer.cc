#include "server/services/impact_tier_warmer.h"

#include <algorithm>
#include <utility>

#include "indexer/schema.h"

namespace ch {

ImpactTierWarmer::ImpactTierWarmer(IndexReader& reader, FacetColumnStore& store,
                                   const Bm25Parameters& bm25, const MatchSetOptions& set_options,
                                   const ImpactTierOptions& tier_options,
                                   ImpactTierWarmerOptions options)
    : reader_(reader),
      store_(store),
      bm25_(bm25),
      set_options_(set_options),
      tier_options_(tier_options),
      options_(options),
      thread_([this] { Run(); }) {}

ImpactTierWarmer::~ImpactTierWarmer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ImpactTierWarmer::Request(const std::string& generation, const Xapian::Query& unit) {
  // Only the key crosses threads: a Query's reference count is not atomic, so a unit shared with
  // the search's own query tree must not be copied here and released on the warmer's thread.
  std::string key = TieredRanker::TierKey(generation, unit);
  const bool term = unit.get_type() == Xapian::Query::LEAF_TERM;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queued_.count(key) != 0) return;
    if (!term && options_.first_requests_kept > 0 && asked_once_.erase(key) == 0) {
      if (asked_once_.size() >= options_.first_requests_kept) asked_once_.clear();
      asked_once_.insert(std::move(key));
      ++stats_.deferred;
      return;
    }
    if (requests_.size() >= options_.max_requests) {
      ++stats_.dropped;
      return;
    }
    queued_.insert(key);
    requests_.push_back(std::move(key));
    ++stats_.requested;
  }
  wake_.notify_all();
}

ImpactTierWarmerStats ImpactTierWarmer::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  ImpactTierWarmerStats out = stats_;
  out.queued = requests_.size();
  return out;
}

void ImpactTierWarmer::Run() {
  uint64_t warmed = 0, newest = 0;  // the reader's epochs start at 1
  auto newest_since = std::chrono::steady_clock::now();
  while (true) {
    const uint64_t epoch = reader_.epoch();
    const auto now = std::chrono::steady_clock::now();
    if (epoch != newest) {
      newest = epoch;
      newest_since = now;
    }
    Outcome outcome = ServeRequests(epoch);
    if (outcome != Outcome::kRetry && epoch != warmed && now - newest_since >= options_.settle) {
      outcome = Warm(epoch);
      if (outcome == Outcome::kDone) warmed = epoch;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (outcome == Outcome::kRetry) ++stats_.errors;
    // Woken early by a request only when there is nothing to retry (else this would spin).
    const bool wake_on_request = outcome != Outcome::kRetry;
    if (wake_.wait_for(lock, options_.poll_interval,
                       [&] { return stopping_ || (wake_on_request && !requests_.empty()); }) &&
        stopping_) {
      return;
    }
  }
}

bool ImpactTierWarmer::Interrupted(uint64_t epoch) const {
  if (reader_.epoch() != epoch) return true;
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

// Builds the queued units of the current generation; drops those of other generations.
ImpactTierWarmer::Outcome ImpactTierWarmer::ServeRequests(uint64_t epoch) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (requests_.empty()) return Outcome::kDone;
  }
  Result<IndexReader::Lease> lease = reader_.Acquire();
  if (!lease.ok()) return Outcome::kRetry;
  Searcher& s = **lease;
  if (s.shard_count != 0 || s.db.size() != 1 || store_.impact_tiers() == nullptr) {
    return Outcome::kDone;
  }
  try {
    const std::shared_ptr<const FacetColumn> column = store_.For(s.db);
    if (column == nullptr) return Outcome::kRetry;
    const TieredRanker ranker(s.db, column, store_.match_sets(), set_options_,
                              store_.impact_tiers(), bm25_, tier_options_);
    while (!Interrupted(epoch)) {
      std::string key;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (requests_.empty()) return Outcome::kDone;
        key = std::move(requests_.front());
        requests_.pop_front();
        queued_.erase(key);
      }
      // An older generation's request is no longer wanted.
      if (TieredRanker::GenerationOfKey(key) != column->key()) continue;
      const Xapian::Query unit = TieredRanker::UnitOfKey(key);
      if (unit.empty()) continue;
      ranker.Tier(unit);
      std::lock_guard<std::mutex> lock(mutex_);
      ++stats_.built;
    }
    return Outcome::kInterrupted;
  } catch (const Xapian::Error&) {
    return Outcome::kRetry;
  }
}

ImpactTierWarmer::Outcome ImpactTierWarmer::Warm(uint64_t epoch) {
  Result<IndexReader::Lease> lease = reader_.Acquire();
  if (!lease.ok()) return Outcome::kRetry;
  Searcher& s = **lease;
  ImpactTierCache* cache = store_.impact_tiers();
  if (s.shard_count != 0 || s.db.size() != 1 || cache == nullptr) return Outcome::kDone;
  try {
    const std::shared_ptr<const FacetColumn> column = store_.For(s.db);
    if (column == nullptr) return Outcome::kRetry;
    const TieredRanker ranker(s.db, column, store_.match_sets(), set_options_, cache, bm25_,
                              tier_options_);
    const auto budget =
        static_cast<size_t>(options_.cache_share * static_cast<double>(cache->max_bytes()));
    size_t bytes = 0;
    // The epoch also moves when nothing searched changed (a reopen of the same revision).
    if (column->key() == warmed_generation_) return Outcome::kDone;
    for (const Xapian::Query& unit : Units(s.db, column->key())) {
      if (Interrupted(epoch)) return Outcome::kInterrupted;
      const std::shared_ptr<const ImpactTier> tier = ranker.Tier(unit);
      bytes += tier->memory_bytes() + 2 * TieredRanker::TierKey(column->key(), unit).size();
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++stats_.built;
      }
      if (bytes >= budget) break;
    }
    warmed_generation_ = column->key();
    std::lock_guard<std::mutex> lock(mutex_);
    ++stats_.generations;
    return Outcome::kDone;
  } catch (const Xapian::Error&) {
    return Outcome::kRetry;
  }
}

// What to warm for `generation`: the previous generations' units, most recently used first, then
// the frequent weighted terms a search weighs, most frequent first: stems (searched words go in as
// stems), the words themselves (phrases and a search's first word match them as typed) and the
// taxonomy's concept terms.
std::vector<Xapian::Query> ImpactTierWarmer::Units(const Xapian::Database& db,
                                                   const std::string& generation) const {
  std::vector<Xapian::Query> units;
  std::unordered_set<std::string> seen;
  for (const std::string& key : store_.impact_tiers()->Keys()) {
    if (units.size() >= options_.max_units) return units;
    if (TieredRanker::GenerationOfKey(key) == generation) continue;
    Xapian::Query unit = TieredRanker::UnitOfKey(key);
    if (unit.empty() || !seen.insert(TieredRanker::TierKey(generation, unit)).second) continue;
    units.push_back(std::move(unit));
  }
  std::vector<std::pair<Xapian::doccount, std::string>> frequent;
  auto add_frequent = [&](const std::string& prefix) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
      if (TieredRanker::Frequent(t.get_termfreq(), db.get_doccount(), tier_options_) &&
          db.get_wdf_upper_bound(*t) > 0) {
        frequent.emplace_back(t.get_termfreq(), *t);
      }
    }
  };
  add_frequent("Z");  // Xapian::QueryParser's stems
  add_frequent(schema::kConceptPrefix);
  // Unprefixed words start with a lower-case letter or a digit (prefixes are upper-case).
  for (char c = 'a'; c <= 'z'; ++c) add_frequent(std::string(1, c));
  for (char c = '0'; c <= '9'; ++c) add_frequent(std::string(1, c));
  std::sort(frequent.begin(), frequent.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (const auto& [documents, term] : frequent) {
    if (units.size() >= options_.max_units) break;
    if (seen.insert(TieredRanker::TierKey(generation, Xapian::Query(term))).second) {
      units.emplace_back(term);
    }
  }
  return units;
}

}  // namespace ch
