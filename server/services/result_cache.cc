#include "server/services/result_cache.h"

#include <string_view>
#include <vector>

namespace ch {
namespace {

// A new field of SearchRequest must be added to KeyOf, or two requests differing only in it would
// share an answer. This assertion fails when the struct changes, to send whoever changes it here.
static_assert(sizeof(SearchRequest) == 240,
              "SearchRequest changed: add the new field to ResultCache::KeyOf, then update this "
              "size");

void Add(std::string& key, std::string_view text) {
  key += std::to_string(text.size());
  key += ':';
  key += text;
}

size_t StringBytes(const std::string& s) { return sizeof(std::string) + s.capacity(); }

size_t StringsBytes(const std::vector<std::string>& list) {
  size_t bytes = sizeof(list);
  for (const auto& s : list) bytes += StringBytes(s);
  return bytes;
}

size_t ResourceBytes(const Resource& r) {
  size_t bytes = sizeof(Resource);
  for (const std::string* s : {&r.id, &r.title, &r.summary, &r.type, &r.source, &r.published,
                               &r.updated, &r.url, &r.duration, &r.language, &r.body_markdown,
                               &r.body_html, &r.body_text, &r.source_path, &r.content_hash}) {
    bytes += s->capacity();
  }
  for (const auto* list : {&r.focus_areas, &r.topics, &r.audience, &r.authors, &r.keywords,
                           &r.related, &r.translations, &r.evidence.emmie}) {
    bytes += StringsBytes(*list);
  }
  for (const EvidenceRating& e : r.evidence.ratings) {
    bytes += sizeof(e) + e.outcome.capacity() + e.rating.capacity() + e.evidence_base.capacity() +
             e.rated_by.capacity() + e.url.capacity() + e.date.capacity();
  }
  return bytes;
}

}  // namespace

std::string ResultCache::KeyOf(const SearchRequest& r, const std::string& index_key) {
  std::string key;
  Add(key, index_key);
  Add(key, r.q);
  key += "f" + std::to_string(r.filters.size());
  for (const auto& [name, values] : r.filters) {
    Add(key, name);
    key += std::to_string(values.size()) + ',';
    for (const auto& v : values) Add(key, v);
  }
  Add(key, r.published_from);
  Add(key, r.published_to);
  key += "s" + std::to_string(static_cast<int>(r.sort)) + "p" + std::to_string(r.page) + "n" +
         std::to_string(r.per_page);
  if (!r.facets) {
    key += "F-";
  } else {
    key += "F" + std::to_string(r.facets->size()) + ',';
    for (const auto& f : *r.facets) Add(key, f);
  }
  key += r.autocorrect ? "a1" : "a0";
  Add(key, r.page_language);
  key += r.coverage ? "c1" : "c0";
  return key;
}

size_t ResultCache::ApproxBytes(const SearchResponse& response) {
  size_t bytes = sizeof(SearchResponse);
  for (const std::string* s :
       {&response.did_you_mean, &response.query_used, &response.sort, &response.order,
        &response.showing_results_for, &response.search_instead_for, &response.epoch}) {
    bytes += s->capacity();
  }
  bytes += StringsBytes(response.missing_shards);
  for (const SearchHit& hit : response.results) {
    bytes +=
        sizeof(SearchHit) - sizeof(Resource) + hit.snippet.capacity() + ResourceBytes(hit.resource);
  }
  for (const FacetCounts& facet : response.facets) {
    bytes += sizeof(FacetCounts) + facet.name.capacity();
    for (const FacetValue& v : facet.values) {
      bytes += sizeof(FacetValue) + v.value.capacity() + v.label.capacity();
    }
  }
  return bytes;
}

void ResultCache::Put(const std::string& key, const SearchResponse& response) {
  cache_.Put(key, std::make_shared<const SearchResponse>(response), ApproxBytes(response));
}

}  // namespace ch
