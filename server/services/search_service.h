// search_service.h: full-text search with filters, sorting, paging, snippets, exact disjunctive
// facet counts and spelling suggestions. Knows nothing of HTTP.
//
// Relevance is Xapian's BM25 over fields weighted at index time (title > summary > keywords >
// body; indexer/schema.h). An empty query browses everything; "relevance" order then means newest
// first. Facet counts are exact (the match examines every candidate when counts are asked for),
// count multi-valued fields per value, and are disjunctive: a facet that is filtered on is counted
// with every filter but its own, so its other values stay visible with the counts they would give.
//
// Errors: InvalidArgument with field() naming the request parameter; Unavailable when there is no
// index; IOError/Corruption from Xapian. Thread-safe: every call leases its own Searcher.
#pragma once

#include "base/fifo_gate.h"
#include "base/status.h"
#include "indexer/concepts.h"
#include "indexer/lay_vocabulary.h"
#include "indexer/taxonomy.h"
#include "server/services/asker.h"
#include "server/services/everyday_words.h"
#include "server/services/facet_column_store.h"
#include "server/services/facet_column_warmer.h"
#include "server/services/impact_tier_warmer.h"
#include "server/services/facet_counter.h"
#include "server/services/index_reader.h"
#include "server/services/joined_names.h"
#include "server/services/language_query.h"
#include "server/services/query_builder.h"
#include "server/services/ranking.h"
#include "server/services/result_cache.h"
#include "server/services/search_types.h"

namespace ch {

// How facets are counted over the match set (both exact; docs/api.md, "Facets").
enum class FacetCounting {
  // From the in-memory facet column (facet_column.h) in a boolean pass, cached per match set and
  // generation; the browse page from precomputed counts. A single local database only: shards
  // (local or remote) and a column still loading count with the spy.
  kColumn,
  // Xapian's ValueCountMatchSpy during the ranked match (facet_counter.h): the only way for
  // remote shards; kept selectable to compare against.
  kSpy,
};

struct SearchServiceOptions {
  SearchLimits limits;
  Bm25Parameters bm25;
  RankingOptions ranking;          // weighting scheme, lay-phrase and full-match boosts
  QueryOptions query;              // stemming, stop words, concepts, default operator
  LanguageQueryOptions languages;  // the page language's weight (language_query.h)
  size_t max_facet_values = 100;   // per facet, most frequent first
  FacetCounting facet_counting = FacetCounting::kColumn;
  FacetColumnStoreOptions facet_store;  // columns kept and the tally cache's size
  MatchSetOptions match_sets;           // when facet counts come from a sample (match_set.h)
  // The relevance page of a faceted search from its words' best documents when they prove it is
  // the exact ranking's page (impact_tiers.h); BM25 only, and only with their cache
  // (facet_store.impact_tier_bytes > 0). share_divisor 0: never.
  ImpactTierOptions impact_tiers;
  // With the column warmer (below) and the tier cache, frequent words' tiers are built by a
  // background thread (impact_tier_warmer.h), never by a search; without it, a search builds the
  // tiers it needs.
  ImpactTierWarmerOptions tier_warmer;
  // Load each new generation's facet column in the background (facet_column_warmer.h) rather than
  // in the first search that needs it. Only with kColumn and a local index.
  bool warm_facet_columns = true;
  FacetColumnWarmerOptions warmer;
  ResultCacheOptions result_cache;  // whole responses per request and generation
  // "Showing results for": the spelling correction is searched instead of the query as typed
  // when it matches at least this many documents in full and the typed text fewer. 0 never does.
  unsigned autocorrect_min_matches = 2;
  // Searches computed at once at most (fifo_gate.h); more wait their turn in arrival order. A
  // response from the result cache never waits, nor a search of remote shards (it waits on them,
  // not on the cores). 0: no limit (the library's default, for tests); the server gives one per
  // core, plus one (--concurrent-searches).
  size_t max_concurrent_searches = 0;
};

class SearchService {
 public:
  // `reader` and `taxonomy` must outlive the service.
  SearchService(IndexReader& reader, const Taxonomy& taxonomy, SearchServiceOptions options = {});

  Result<SearchResponse> Search(const SearchRequest& request);
  // Checks a request's parameters without searching (used by Search; exposed for tests).
  Status Validate(const SearchRequest& request) const;
  const SearchServiceOptions& options() const { return options_; }
  // Facet columns and cache: loads, hits, memory (for tests and benchmarks).
  FacetColumnStoreStats facet_stats() const { return facet_store_.stats(); }
  // The background loads of new generations' columns; zeros when there is no warmer.
  FacetColumnWarmerStats warmer_stats() const {
    return warmer_ ? warmer_->stats() : FacetColumnWarmerStats{};
  }
  // The background building of impact tiers; zeros when there is no tier warmer.
  ImpactTierWarmerStats tier_warmer_stats() const {
    return tier_warmer_ ? tier_warmer_->stats() : ImpactTierWarmerStats{};
  }
  // The response cache (result_cache.h): hits, misses, evictions, entries, bytes.
  LruCacheStats result_cache_stats() const { return results_.stats(); }
  // Searches let in, and how many had to wait for their turn (max_concurrent_searches).
  FifoGateStats gate_stats() const { return gate_.stats(); }
  // The facets returned when a request names none.
  static const std::vector<std::string>& DefaultFacets();

 private:
  struct TextPlan {
    std::string cleaned;  // CleanQueryText of the query, British spellings read as American
    std::string typed;    // CleanQueryText of the query when that changed it, else ""
    ParsedText parsed;    // with the lay phrases' concepts and the boosts added
    size_t words = 0;     // distinct word terms (for feedback)
    std::vector<std::vector<std::string>> concepts;  // ConceptGroups of the user's words
    Xapian::Query all_words;  // every word or concept required (when asked for and meaningful)
    bool empty = false;       // no text: browsing
    bool plain_or = false;    // combined by the default OR, so partial matches exist
    // The audience bonus for who asks (asker.h), weighed by language as the lay concepts are;
    // empty when it does not apply. Relevance order adds it under AND_MAYBE.
    Xapian::Query audience;
  };
  using Counters = std::vector<std::pair<std::string, std::unique_ptr<FacetCounter>>>;

  // SearchWith, or the cached answer to the same request over the same documents.
  Result<SearchResponse> CachedSearch(Searcher& s, const SearchRequest& request);
  Result<SearchResponse> SearchWith(Searcher& s, const SearchRequest& request);
  TextPlan PlanText(Searcher& s, const std::string& q, bool need_all,
                    const LanguagePlan& languages) const;
  Xapian::Query TextQuery(SortOrder sort, const TextPlan& plan, MatchRule* rule) const;
  // The text query a filtered facet is counted with: `text`, except for the language facet under a
  // language filter, whose counts say what each language would give, so the query is read as if
  // no language were chosen.
  Xapian::Query TextForFacet(Searcher& s, const SearchRequest& request, const std::string& facet,
                             const TextPlan& plan, const Xapian::Query& text) const;
  // The concept terms of the lay phrases in `cleaned`: the default language's vocabulary always,
  // and another language's when the search is in it (its `language` filter, or the page's
  // language without a filter).
  Xapian::Query LayConcepts(const std::string& cleaned, const LanguagePlan& languages,
                            std::vector<std::string>* keys) const;
  // The audience bonus of `q` (asker.h) for `plan`, in which `lay_matches` lay phrases matched,
  // read in `language` (the query's own or the page's; nullptr: the default language).
  Xapian::Query AudienceBonus(const Xapian::Database& db, const std::string& q,
                              const LanguageSpec* language, const TextPlan& plan,
                              size_t lay_matches) const;
  Xapian::Query WithFeedback(Searcher& s, const TextPlan& plan, const Xapian::Query& text,
                             const Xapian::Query& filter) const;
  Xapian::Query WithProximity(Searcher& s, const TextPlan& plan, const Xapian::Query& text) const;
  Xapian::Enquire MakeEnquire(Searcher& s, const Xapian::Query& query) const;
  Xapian::doccount FullMatches(Searcher& s, const TextPlan& plan, const Xapian::Query& filter,
                               Xapian::doccount enough) const;
  bool CorrectionFindsMore(Searcher& s, const TextPlan& typed, const std::string& correction,
                           const Xapian::Query& filter, const LanguagePlan& languages) const;
  Result<Xapian::MSet> RunAndCount(Searcher& s, const SearchRequest& request,
                                   const Xapian::Query& query, const TextPlan& plan,
                                   SearchResponse* out);
  Status CountFilteredFacets(Searcher& s, const SearchRequest& request, const TextPlan& plan,
                             Counters& counters);
  Result<Xapian::MSet> RunAndCountWithColumn(Searcher& s, const SearchRequest& request,
                                             const Xapian::Query& query, const TextPlan& plan,
                                             const std::shared_ptr<const FacetColumn>& column,
                                             SearchResponse* out);
  // The page [first, first + per_page) of a match without spies (ranked_page.h); `estimates`
  // (optional) receives an MSet with the match estimates; `known_kth` as RankWithWordPairs'.
  Xapian::MSet RankedPage(Searcher& s, const SearchRequest& request, const TextPlan& plan,
                          const Xapian::Query& query, Xapian::doccount first,
                          Xapian::MSet* estimates, double known_kth = 0) const;
  // A page sorted by date or title from the sort ranks (sort_ranks.h); `matched` receives how
  // many documents match. `everything`: `query` matches every document.
  Xapian::MSet SortedPage(Searcher& s, const SearchRequest& request, const Xapian::Query& query,
                          bool empty_text, bool everything,
                          const std::shared_ptr<const FacetColumn>& column, SortRanks::Order order,
                          uint64_t* matched) const;
  std::shared_ptr<const FacetTally> Tally(Searcher& s,
                                          const std::shared_ptr<const FacetColumn>& column,
                                          const Xapian::Query& match, bool everything);
  FacetCounts Counts(const SearchRequest& request, const std::string& name,
                     std::vector<std::pair<std::string, uint64_t>> values) const;
  // `out` with a hit for each of `ranked`, in order.
  Result<SearchResponse> AppendHits(Searcher& s, const SearchRequest& request, const TextPlan& plan,
                                    const std::vector<RankedDoc>& ranked,
                                    SearchResponse out) const;
  // The taxonomy label of a facet value in `lang` (the value itself outside the taxonomy).
  std::string FacetLabel(const std::string& facet, const std::string& value,
                         std::string_view lang) const;

  IndexReader& reader_;
  const Taxonomy& taxonomy_;
  SearchServiceOptions options_;
  std::vector<LayVocabulary> lay_;  // one per analysed language, the default's first
  FacetColumnStore facet_store_;
  ResultCache results_;
  FifoGate gate_;  // max_concurrent_searches
  ConceptMatcher concepts_;   // names the parse misses: "COPS" in capitals, "real-time ..."
  JoinedNames joined_names_;  // "realtime" read as the taxonomy's "real-time" (joined_names.h)
  EverydayWords everyday_;    // words "did you mean" leaves alone (everyday_words.h)
  std::vector<AskerClassifier> askers_;  // who asks (the audience bonus), one per analysed language
  std::unique_ptr<FacetColumnWarmer> warmer_;  // stopped before what it uses goes
  std::unique_ptr<ImpactTierWarmer> tier_warmer_;  // last: stopped first
};

// Prepares the Searcher's QueryParser for its current database (cheap when already done).
void PrepareQueryParser(Searcher& s, const SearchLimits& limits);

}  // namespace ch
