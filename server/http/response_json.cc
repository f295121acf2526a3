#include "server/http/response_json.h"

#include <algorithm>

namespace ch {

std::string EncodeSearchResponse(const SearchResponse& r) {
  JsonWriter w;
  w.StartObject();
  w.Field("total", r.total);
  w.Field("total_exact", r.total_exact);
  w.Field("facets_exact", r.facets_exact);
  w.Field("page", r.page);
  w.Field("per_page", r.per_page);
  w.Key("results");
  w.StartArray();
  for (const auto& hit : r.results) {
    w.StartObject();
    WriteResourceFields(w, hit.resource);
    w.Field("snippet", hit.snippet);
    w.Field("score", hit.score);
    w.EndObject();
  }
  w.EndArray();
  w.Key("facets");
  w.StartObject();
  for (const auto& facet : r.facets) {
    w.Key(facet.name);
    w.StartArray();
    for (const auto& v : facet.values) {
      w.StartObject();
      w.Field("value", v.value);
      w.Field("label", v.label);
      w.Field("count", v.count);
      w.Field("selected", v.selected);
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.OptionalField("did_you_mean", r.did_you_mean);
  w.Field("match_rule", MatchRuleName(r.match_rule));
  w.Field("sort", r.sort);
  w.Field("order", r.order);
  w.OptionalField("showing_results_for", r.showing_results_for);
  w.OptionalField("search_instead_for", r.search_instead_for);
  w.OptionalField("query_used", r.query_used);
  w.Field("generation", r.generation);
  w.Field("epoch", r.epoch);
  w.Field("partial", r.partial);
  w.Field("missing_shards", r.missing_shards);
  w.Field("took_ms", r.took_ms);
  w.EndObject();
  return w.Take();
}

std::string EncodeSuggestions(const SuggestionList& list) {
  JsonWriter w;
  w.StartObject();
  w.Key("suggestions");
  w.StartArray();
  for (const auto& s : list.suggestions) {
    w.StartObject();
    w.Field("text", s.text);
    w.Field("kind", s.kind);
    w.OptionalField("id", s.id);
    w.EndObject();
  }
  w.EndArray();
  w.Field("partial", list.partial);
  w.Field("missing_shards", list.missing_shards);
  w.EndObject();
  return w.Take();
}

std::string EncodeComparison(const Comparison& c) {
  JsonWriter w;
  w.StartObject();
  w.Key("resources");
  w.StartArray();
  for (const auto& r : c.resources) {
    w.StartObject();
    WriteResourceFields(w, r);
    const auto& emmie = r.evidence.emmie;
    w.Field("cost_covered", std::find(emmie.begin(), emmie.end(), "economic-cost") != emmie.end());
    w.EndObject();
  }
  w.EndArray();
  w.Field("outcomes", c.outcomes);
  w.Field("generation", c.generation);
  w.EndObject();
  return w.Take();
}

namespace {

// The resource object: every field, its front matter's related ids, its HTML, and the generation
// at which it last changed. The same object in a page, a batch and the changes feed.
void WriteResourcePage(JsonWriter& w, const ResourcePage& page) {
  w.StartObject();
  WriteResourceFields(w, page.resource);
  w.Field("related_ids", page.resource.related);
  w.Field("translation_ids", page.resource.translations);
  w.Field("body_html", page.resource.body_html);
  w.Field("generation", page.generation);
  w.EndObject();
}

}  // namespace

std::string EncodeResourcePage(const ResourcePage& page) {
  JsonWriter w;
  WriteResourcePage(w, page);
  return w.Take();
}

std::string EncodeRelated(const RelatedList& list) {
  JsonWriter w;
  w.StartObject();
  w.Field("id", list.id);
  w.Field("generation", list.generation);
  w.Key("related");
  w.StartArray();
  for (const auto& s : list.related) WriteResourceSummary(w, s);
  w.EndArray();
  w.Key("translations");
  w.StartArray();
  for (const auto& t : list.translations) {
    w.StartObject();
    w.Field("id", t.id);
    w.Field("language", t.language);
    w.Field("title", t.title);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string EncodeResourceBatch(const ResourceBatch& batch) {
  JsonWriter w;
  w.StartObject();
  w.Field("epoch", batch.epoch);
  w.Field("generation", batch.generation);
  w.Key("resources");
  w.StartArray();
  for (const auto& page : batch.resources) WriteResourcePage(w, page);
  w.EndArray();
  w.Field("missing", batch.missing);
  w.EndObject();
  return w.Take();
}

std::string EncodeTaxonomy(const TaxonomyView& view) {
  JsonWriter w;
  // `rated` only on types, where the editor needs it to offer the evidence section.
  auto list = [&](const char* key, const std::vector<TaxonomyCount>& entries, bool types = false) {
    w.Key(key);
    w.StartArray();
    for (const auto& e : entries) {
      w.StartObject();
      w.Field("id", e.id);
      w.Field("label", e.label);
      w.Field("description", e.description);
      w.Field("count", e.count);
      if (types) w.Field("rated", e.rated);
      w.EndObject();
    }
    w.EndArray();
  };
  w.StartObject();
  w.Field("language", view.language);
  list("focus_areas", view.focus_areas);
  list("topics", view.topics);
  list("types", view.types, /*types=*/true);
  list("audiences", view.audiences);
  list("outcomes", view.outcomes);
  list("evidence_ratings", view.evidence_ratings);
  list("evidence_bases", view.evidence_bases);
  list("emmie", view.emmie);
  w.Field("partial", view.partial);
  w.Field("missing_shards", view.missing_shards);
  w.EndObject();
  return w.Take();
}

std::string EncodeChanges(const ChangeSet& changes) {
  JsonWriter w;
  w.StartObject();
  w.Field("epoch", changes.epoch);
  w.Field("since", changes.since);
  w.Field("generation", changes.generation);
  w.Field("more", changes.more);
  w.Field("added", changes.added);
  w.Field("changed", changes.changed);
  w.Field("removed", changes.removed);
  if (changes.include_resources) {
    w.Key("resources");
    w.StartArray();
    for (const auto& page : changes.resources) WriteResourcePage(w, page);
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

std::string EncodeStartupState(const StartupState::View& view) {
  JsonWriter w;
  w.StartObject();
  w.Field("state", StageName(view.stage));
  w.Field("phase", IndexPhaseName(view.progress.phase));
  w.Field("done", static_cast<uint64_t>(view.progress.done));
  w.Field("total", static_cast<uint64_t>(view.progress.total));
  if (!view.message.empty()) w.Field("message", view.message);
  w.EndObject();
  return w.Take();
}

std::string EncodeIndexStatus(const IndexStatus& status) {
  JsonWriter w;
  w.StartObject();
  w.Field("status", status.ready ? "ready" : "unavailable");
  w.Field("message", status.message);
  w.Field("documents", status.documents);
  w.Field("generation", status.generation);
  w.Field("build", status.build);
  w.Field("epoch", status.epoch);
  w.Field("schema_version", static_cast<int64_t>(status.schema_version));
  w.Field("schema_current", status.schema_current);
  w.Key("shards");
  w.StartArray();
  for (const auto& shard : status.shards) {
    w.StartObject();
    w.Field("name", shard.name);
    w.Field("up", shard.up);
    w.Field("error", shard.error);
    w.Field("failures", shard.failures);
    w.EndObject();
  }
  w.EndArray();
  w.Field("partial", status.partial);
  w.EndObject();
  return w.Take();
}

void WriteProblems(JsonWriter& w, const Diagnostics& problems) {
  w.StartArray();
  for (const auto& d : problems) {
    w.StartObject();
    w.Field("path", d.path);
    w.Field("line", d.line);
    w.Field("column", d.column);
    w.Field("severity", d.is_error() ? "error" : "warning");
    w.Field("field", d.field);
    w.Field("message", d.message);
    w.Field("allowed", d.allowed);
    w.EndObject();
  }
  w.EndArray();
}

namespace {

void WriteErrorMember(JsonWriter& w, std::string_view code, std::string_view message,
                      std::string_view param) {
  w.Key("error");
  w.StartObject();
  w.Field("code", code);
  w.Field("message", message);
  if (!param.empty()) w.Field("param", param);
  w.EndObject();
}

}  // namespace

std::string EncodeError(std::string_view code, std::string_view message, std::string_view param) {
  JsonWriter w;
  w.StartObject();
  WriteErrorMember(w, code, message, param);
  w.EndObject();
  return w.Take();
}

std::string EncodeErrorWithVersion(std::string_view code, std::string_view message,
                                   std::string_view epoch, uint64_t generation) {
  JsonWriter w;
  w.StartObject();
  WriteErrorMember(w, code, message, "");
  w.Field("epoch", epoch);
  w.Field("generation", generation);
  w.EndObject();
  return w.Take();
}

}  // namespace ch
