// search_types.h: the values the search service takes and returns. Plain data; no Xapian and no
// HTTP types, so the HTTP layer and the tests use them without either.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "indexer/resource.h"

namespace ch {

// kEvidence: "strongest evidence first" (docs/api.md, "Sorting by evidence").
enum class SortOrder { kRelevance, kNewest, kOldest, kTitle, kEvidence };

struct SearchLimits {
  size_t max_query_chars = 1000;
  int max_per_page = 100;
  int max_result_depth = 10000;       // page * per_page may not go past this
  size_t max_filter_values = 50;      // per filter
  unsigned wildcard_expansion = 100;  // terms a prefix* may expand to (the most frequent)
  size_t snippet_chars = 240;
};

struct SearchRequest {
  std::string q;  // full query syntax; empty browses everything
  // Facet name (schema::Facets) -> accepted values: OR within a filter, AND across filters.
  std::map<std::string, std::vector<std::string>> filters;
  std::string published_from;  // YYYY[-MM[-DD]], inclusive; "" for open
  std::string published_to;    // YYYY[-MM[-DD]], inclusive; "" for open
  SortOrder sort = SortOrder::kRelevance;
  int page = 1;  // 1-based
  int per_page = 10;
  // Which facet counts to return: nullopt for the default set, empty for none.
  std::optional<std::vector<std::string>> facets;
  // Search the spelling correction instead when the query as typed matches nothing in full and
  // the correction does ("Showing results for"); false searches the text as typed.
  bool autocorrect = true;
  // The page's language (`lang=` or Accept-Language): without a language filter, its documents
  // rank first at equal match (language_query.h). "" or a code not analysed: no preference.
  std::string page_language;
  // Fill SearchHit::coverage (for the toolkit drafter). The API never sends it, and it reads each
  // hit's whole term list, so by default it is not computed (issue 15).
  bool coverage = false;
};

struct SearchHit {
  Resource resource;    // body_html and body_text are cleared to keep responses small
  std::string snippet;  // HTML: matched words in <mark>, everything else escaped
  double score = 0;     // BM25 weight (0 when sorted by something else than relevance)
  // Share of the query's concepts the resource matches (query_expansion.h, ConceptGroups): 1 when
  // it matches all of them, or when the query names none, or when SearchRequest::coverage is
  // false. Not sent by the API; the toolkit drafter uses it so that a draft holds only on-topic
  // items.
  double coverage = 1;
};

struct FacetValue {
  std::string value;
  std::string label;
  uint64_t count = 0;
  bool selected = false;
};

struct FacetCounts {
  std::string name;
  std::vector<FacetValue> values;  // by count, descending, then value
};

// Which documents a text query shows (SearchResponse::match_rule; docs/api.md).
enum class MatchRule {
  kBrowse,     // "browse": no text, every document (subject to filters)
  kRanked,     // "ranked": relevance order; partial matches too, below the full ones
  kAllWords,   // "all_words": sorted by a value; only documents matching every word or concept
  kAsWritten,  // "as_written": sorted by a value; the query's own operators decide
};
const char* MatchRuleName(MatchRule rule);

struct SearchResponse {
  uint64_t total = 0;
  bool total_exact = true;
  // False when the facet counts (and then `total`) were estimated from a sample of the documents
  // (MatchSetOptions::exact_position_checks).
  bool facets_exact = true;
  int page = 1;
  int per_page = 10;
  std::vector<SearchHit> results;
  std::vector<FacetCounts> facets;
  std::string did_you_mean;  // "" when the query looks right
  std::string query_used;    // the query after a fallback to plain words ("" when none)
  MatchRule match_rule = MatchRule::kBrowse;
  std::string sort;   // the order applied: "relevance", "newest", "oldest", "title", "evidence"
  std::string order;  // in plain words, how the results are ordered, tie-breaks included
  // Set together when the spelling correction was searched instead of the query as typed.
  std::string showing_results_for;
  std::string search_instead_for;
  uint64_t generation = 0;  // the index's change generation
  std::string epoch;        // the index's epoch (schema.h)
  // Remote shards that did not answer: results and counts cover only the others.
  bool partial = false;
  std::vector<std::string> missing_shards;
  double took_ms = 0;
};

struct Suggestion {
  std::string text;
  std::string kind;  // "title" or "term"
  std::string id;    // the resource id for a title
};

// Suggestions, and the remote shards that did not answer (then `partial`: titles and term
// frequencies cover only the others).
struct SuggestionList {
  std::vector<Suggestion> suggestions;
  bool partial = false;
  std::vector<std::string> missing_shards;
};

// The same resource in another language (Resource::translations), for "también en español".
struct TranslationLink {
  std::string id, language, title;
};

// One resource as GET /api/v1/resources/{id} answers it: it changes only when the resource does.
struct ResourcePage {
  Resource resource;
  uint64_t generation = 0;  // the generation at which this resource last changed (not the index's)
  std::string epoch;        // the index's epoch: part of the page's ETag, not of its body
};

// The computed list of related resources of `id`: it changes when other resources change.
struct RelatedList {
  std::string id;
  uint64_t generation = 0;  // the index's change generation
  std::vector<ResourceSummary> related;
  // The front matter's translations that exist, in listed order, for "también en español": other
  // resources' titles, so they live here and not in the (stable) resource page.
  std::vector<TranslationLink> translations;
};

// GET /api/v1/resources?ids=...: the resources found, in the order asked, and the ids not found.
struct ResourceBatch {
  std::string epoch;
  uint64_t generation = 0;
  std::vector<ResourcePage> resources;
  std::vector<std::string> missing;
};

// What identifies the live index's content: ETags of index-derived answers come from it.
struct IndexVersion {
  std::string epoch;
  uint64_t build = 0;
  uint64_t generation = 0;
};

// GET /api/v1/changes: what changed after `since` in the index with `epoch` ("" = not checked).
struct ChangesRequest {
  uint64_t since = 0;
  std::string epoch;
  bool include_resources = false;
};

// Programs side by side (GET /api/v1/compare): the resources in the order asked (bodies cleared)
// and the outcomes any of them is rated for, in taxonomy order.
struct Comparison {
  std::vector<Resource> resources;
  std::vector<std::string> outcomes;
  uint64_t generation = 0;
};

struct TaxonomyCount {
  std::string id, label, description;
  uint64_t count = 0;
  bool rated = false;  // types only: resources of this type may carry evidence ratings
};

struct TaxonomyView {
  std::string language;  // the labels' language code ("en", "es")
  std::vector<TaxonomyCount> focus_areas, topics, types, audiences;
  // The evidence vocabularies (empty when the taxonomy has none); counts of rated resources.
  std::vector<TaxonomyCount> outcomes, evidence_ratings, evidence_bases, emmie;
  // Remote shards that did not answer: the counts cover only the others.
  bool partial = false;
  std::vector<std::string> missing_shards;
};

struct ChangeSet {
  std::string epoch;
  uint64_t since = 0;
  // Pass it as `since` next time: the current generation, or, when `more`, the last generation
  // this answer covers completely.
  uint64_t generation = 0;
  bool more = false;  // the answer stopped at its page limit; ask again with since=generation
  // added: ids the client cannot have seen at `since`; changed: ids it had, changed since. Both
  // are upserts for a client. removed: ids removed after `since` (tombstones).
  std::vector<std::string> added, changed, removed;
  bool include_resources = false;
  std::vector<ResourcePage> resources;  // with include_resources: added then changed, in order
};

struct ShardHealth {
  std::string name;  // host:port
  bool up = false;
  std::string error;
  uint64_t failures = 0;
};

struct IndexStatus {
  bool ready = false;
  std::string message;
  uint64_t documents = 0;
  uint64_t generation = 0;
  uint64_t build = 0;
  std::string epoch;
  // The schema version the index was built with (schema.h; 0 when unavailable or not recorded)
  // and whether this binary expects it: an older index still serves, but a filter that needs
  // terms it lacks finds nothing, so the message asks for a rebuild.
  int schema_version = 0;
  bool schema_current = false;
  std::vector<ShardHealth> shards;  // remote shards only
  bool partial = false;             // some remote shards are down
};

}  // namespace ch
