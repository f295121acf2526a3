// result_cache.h: whole search responses of one index generation, kept so that a repeated search
// (the browse page everyone lands on, a results page paged back to, a facet unticked again, a
// popular question) is answered without matching again.
//
//   ResultCache cache(ResultCacheOptions{});
//   const std::string key = ResultCache::KeyOf(request, FacetColumn::KeyOf(db));
//   if (std::shared_ptr<const SearchResponse> hit = cache.Get(key)) return *hit;
//   ... search ...; cache.Put(key, response);
//
// A key is every field of the request, serialised unambiguously (lengths before strings), and
// the identity of the index's documents (facet_column.h's Key: uuid, change generation, document
// count, last id). Any commit that changes a document (a curator write, a sync, a rebuild)
// changes that identity, so an answer is never served for other documents than those it was
// computed from: old entries simply stop matching and age out. Responses that depend on more
// than the local index (remote shards, a partial answer) are not cached by the caller.
//
// Memory: at most ResultCacheOptions::bytes (ApproxBytes estimates each response from its
// strings and the structures holding them; a ten-result page encodes to 11 KB of JSON without
// facets and 24 KB with the default ones at 250,000 documents, so 16 MB holds several hundred).
// Least recently used responses go first. 0 bytes caches nothing.
//
// Thread-safe: every member may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "base/lru_cache.h"
#include "server/services/search_types.h"

namespace ch {

struct ResultCacheOptions {
  size_t bytes = 16 * 1024 * 1024;  // responses cached, all generations together; 0: none
};

class ResultCache {
 public:
  explicit ResultCache(ResultCacheOptions options = {}) : cache_(options.bytes) {}

  // The key of `request` over the documents identified by `index_key`.
  static std::string KeyOf(const SearchRequest& request, const std::string& index_key);
  // What `response` costs in memory, roughly: its strings and the structures holding them.
  static size_t ApproxBytes(const SearchResponse& response);

  bool enabled() const { return cache_.max_bytes() > 0; }
  std::shared_ptr<const SearchResponse> Get(const std::string& key) { return cache_.Get(key); }
  void Put(const std::string& key, const SearchResponse& response);
  LruCacheStats stats() const { return cache_.stats(); }

 private:
  LruCache<SearchResponse> cache_;
};

}  // namespace ch
