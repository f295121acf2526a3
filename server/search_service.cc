#include "server/search_service.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "indexer/schema.h"
#include "server/facet_counter.h"
#include "server/query_builder.h"
#include "server/with_searcher.h"

namespace ch {
namespace {

using Clock = std::chrono::steady_clock;

bool empty_query_text(const std::string& q) {
  return q.find_first_not_of(" \t\r\n") == std::string::npos;
}

std::optional<Vocabulary> VocabularyOfFacet(const std::string& facet) {
  if (facet == "focus_area") return Vocabulary::kFocusArea;
  if (facet == "topic") return Vocabulary::kTopic;
  if (facet == "type") return Vocabulary::kType;
  if (facet == "audience") return Vocabulary::kAudience;
  return std::nullopt;
}

void SetOrder(Xapian::Enquire& enquire, SortOrder sort, bool empty_query) {
  if (sort == SortOrder::kRelevance && empty_query) sort = SortOrder::kNewest;
  switch (sort) {
    case SortOrder::kRelevance:
      break;
    case SortOrder::kNewest:
      enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, true);
      break;
    case SortOrder::kOldest:
      enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, false);
      break;
    case SortOrder::kTitle:
      enquire.set_sort_by_value_then_relevance(schema::kSlotTitleSort, false);
      break;
  }
}

}  // namespace

void PrepareQueryParser(Searcher& s, const SearchLimits& limits) {
  if (s.qp_serial == s.db_serial) return;
  ConfigureQueryParser(s.qp, s.db, s.stemmer, limits);
  s.qp_serial = s.db_serial;
}

const std::vector<std::string>& SearchService::DefaultFacets() {
  static const std::vector<std::string> facets = {"focus_area", "topic", "type",
                                                  "audience",   "year",  "language", "source"};
  return facets;
}

SearchService::SearchService(IndexReader& reader, const Taxonomy& taxonomy,
                             SearchServiceOptions options)
    : reader_(reader), taxonomy_(taxonomy), options_(std::move(options)) {}

Status SearchService::Validate(const SearchRequest& r) const {
  const SearchLimits& limits = options_.limits;
  if (r.q.size() > limits.max_query_chars) {
    return Status::InvalidArgument("the query is " + std::to_string(r.q.size()) +
                                   " bytes long; the limit is " +
                                   std::to_string(limits.max_query_chars))
        .WithField("q");
  }
  if (r.page < 1) return Status::InvalidArgument("page must be 1 or more").WithField("page");
  if (r.per_page < 1 || r.per_page > limits.max_per_page) {
    return Status::InvalidArgument("per_page must be between 1 and " +
                                   std::to_string(limits.max_per_page))
        .WithField("per_page");
  }
  if (static_cast<int64_t>(r.page) * r.per_page > limits.max_result_depth) {
    return Status::InvalidArgument("results past number " +
                                   std::to_string(limits.max_result_depth) +
                                   " are not served; refine the query or the filters")
        .WithField("page");
  }
  for (const auto& facet : r.facets.value_or(std::vector<std::string>{})) {
    if (!schema::FindFacet(facet)) {
      return Status::InvalidArgument("unknown facet '" + facet +
                                     "'; facets are focus_area, topic, type, audience, year, "
                                     "language, source")
          .WithField("facets");
    }
  }
  for (const auto& [name, values] : r.filters) {
    if (values.size() > limits.max_filter_values) {
      return Status::InvalidArgument("at most " + std::to_string(limits.max_filter_values) +
                                     " values per filter")
          .WithField(name);
    }
    std::optional<Vocabulary> v = VocabularyOfFacet(name);
    if (!v) continue;
    for (const auto& value : values) {
      if (!taxonomy_.Contains(*v, value)) {
        std::string allowed;
        for (const auto& id : taxonomy_.Ids(*v)) allowed += (allowed.empty() ? "" : ", ") + id;
        return Status::InvalidArgument("unknown value '" + value + "'; allowed: " + allowed)
            .WithField(name);
      }
    }
  }
  return Status::Ok();
}

std::string SearchService::FacetLabel(const std::string& facet, const std::string& value) const {
  if (std::optional<Vocabulary> v = VocabularyOfFacet(facet)) {
    if (const TaxonomyEntry* e = taxonomy_.Find(*v, value)) return e->label;
  }
  return value;
}

Result<SearchResponse> SearchService::Search(const SearchRequest& request) {
  CH_RETURN_IF_ERROR(Validate(request));
  auto start = Clock::now();
  Result<SearchResponse> response = WithSearcher<SearchResponse>(
      reader_, [&](Searcher& s) { return SearchWith(s, request); });
  if (response.ok()) {
    response->took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }
  return response;
}

Result<SearchResponse> SearchService::SearchWith(Searcher& s, const SearchRequest& request) {
  PrepareQueryParser(s, options_.limits);
  SearchResponse out;
  out.page = request.page;
  out.per_page = request.per_page;
  out.generation = schema::ParseGeneration(s.db.get_metadata(schema::kMetaGeneration));

  ParsedText text = ParseQueryText(s.qp, request.q, options_.query);
  out.query_used = text.fallback_text;
  if (!empty_query_text(request.q)) out.did_you_mean = SpellingCorrection(s.db, request.q);
  const bool empty_query = text.query.get_type() == Xapian::Query::LEAF_MATCH_ALL;

  std::string bad_param;
  Result<Xapian::Query> filter = BuildFilterQuery(request, "", &bad_param);
  if (!filter.ok()) return Status(filter.status()).WithField(bad_param);
  auto filtered = [&](const Xapian::Query& f) {
    return f.empty() ? text.query : Xapian::Query(Xapian::Query::OP_FILTER, text.query, f);
  };

  const std::vector<std::string>& facets = request.facets ? *request.facets : DefaultFacets();
  const Xapian::doccount all = s.db.get_doccount();
  const auto& bm25 = options_.bm25;
  auto make_enquire = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(s.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(
        Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen));
    return enquire;
  };

  Xapian::Enquire enquire = make_enquire(filtered(*filter));
  SetOrder(enquire, request.sort, empty_query);
  // Facets with an active filter are counted separately (disjunctive); the rest ride along.
  std::vector<std::pair<std::string, std::unique_ptr<FacetCounter>>> counters;
  for (const auto& name : facets) {
    const schema::Facet* facet = schema::FindFacet(name);
    counters.emplace_back(name, std::make_unique<FacetCounter>(facet->slot));
    auto active = request.filters.find(name);
    if (active == request.filters.end() || active->second.empty()) {
      enquire.add_matchspy(counters.back().second.get());
    }
  }
  const Xapian::doccount first = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
  const Xapian::doccount check_at_least = facets.empty() ? 0 : all;
  Xapian::MSet mset = enquire.get_mset(first, request.per_page, check_at_least);
  out.total = mset.get_matches_estimated();
  out.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();

  for (auto& [name, counter] : counters) {
    auto active = request.filters.find(name);
    if (active == request.filters.end() || active->second.empty()) continue;
    Result<Xapian::Query> others = BuildFilterQuery(request, name, &bad_param);
    if (!others.ok()) return others.status();
    Xapian::Enquire facet_enquire = make_enquire(filtered(*others));
    facet_enquire.set_weighting_scheme(Xapian::BoolWeight());
    facet_enquire.add_matchspy(counter.get());
    facet_enquire.get_mset(0, 0, all);
  }
  for (auto& [name, counter] : counters) {
    FacetCounts counts;
    counts.name = name;
    auto active = request.filters.find(name);
    // Sources are filtered by slug, so "BJA " and "bja" select the same value.
    auto key_of = [&](const std::string& value) {
      return name == "source" ? schema::SourceSlug(value) : value;
    };
    std::vector<std::string> selected;
    if (active != request.filters.end()) {
      for (const auto& v : active->second) selected.push_back(key_of(v));
    }
    auto is_selected = [&](const std::string& value) {
      return std::find(selected.begin(), selected.end(), key_of(value)) != selected.end();
    };
    for (const auto& [value, count] : counter->counts()) {
      counts.values.push_back({value, FacetLabel(name, value), count, is_selected(value)});
    }
    std::sort(counts.values.begin(), counts.values.end(), [](const auto& a, const auto& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (counts.values.size() > options_.max_facet_values) {
      counts.values.resize(options_.max_facet_values);
    }
    // A selected value always shows, even with no matches, so that it can be unselected.
    if (active != request.filters.end()) {
      for (const auto& v : active->second) {
        bool present = std::any_of(counts.values.begin(), counts.values.end(),
                                   [&](const FacetValue& f) { return key_of(f.value) == key_of(v); });
        if (!present) counts.values.push_back({v, FacetLabel(name, v), 0, true});
      }
    }
    out.facets.push_back(std::move(counts));
  }

  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    Result<Resource> resource = schema::DecodeResource(doc.get_data());
    if (!resource.ok()) return resource.status();
    SearchHit hit;
    hit.snippet = mset.snippet(resource->body_text, options_.limits.snippet_chars, s.stemmer,
                               Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                                   Xapian::MSet::SNIPPET_EXHAUSTIVE,
                               "<mark>", "</mark>", "\xE2\x80\xA6");
    hit.score = empty_query || request.sort != SortOrder::kRelevance ? 0 : it.get_weight();
    hit.resource = std::move(resource).value();
    hit.resource.body_html.clear();
    hit.resource.body_text.clear();
    out.results.push_back(std::move(hit));
  }
  return out;
}

}  // namespace ch
