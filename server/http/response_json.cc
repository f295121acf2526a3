#include "server/http/response_json.h"

namespace ch {

std::string EncodeSearchResponse(const SearchResponse& r) {
  JsonWriter w;
  w.StartObject();
  w.Field("total", r.total);
  w.Field("total_exact", r.total_exact);
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
  w.OptionalField("showing_results_for", r.showing_results_for);
  w.OptionalField("search_instead_for", r.search_instead_for);
  w.OptionalField("query_used", r.query_used);
  w.Field("generation", r.generation);
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

std::string EncodeResourcePage(const ResourcePage& page) {
  JsonWriter w;
  w.StartObject();
  WriteResourceFields(w, page.resource);
  w.Field("related_ids", page.resource.related);
  w.Field("body_html", page.resource.body_html);
  w.Key("related");
  w.StartArray();
  for (const auto& s : page.related) WriteResourceSummary(w, s);
  w.EndArray();
  w.Key("translations");
  w.StartArray();
  for (const auto& t : page.translations) {
    w.StartObject();
    w.Field("id", t.id);
    w.Field("language", t.language);
    w.Field("title", t.title);
    w.EndObject();
  }
  w.EndArray();
  w.Field("generation", page.generation);
  w.EndObject();
  return w.Take();
}

std::string EncodeTaxonomy(const TaxonomyView& view) {
  JsonWriter w;
  auto list = [&](const char* key, const std::vector<TaxonomyCount>& entries) {
    w.Key(key);
    w.StartArray();
    for (const auto& e : entries) {
      w.StartObject();
      w.Field("id", e.id);
      w.Field("label", e.label);
      w.Field("description", e.description);
      w.Field("count", e.count);
      w.EndObject();
    }
    w.EndArray();
  };
  w.StartObject();
  list("focus_areas", view.focus_areas);
  list("topics", view.topics);
  list("types", view.types);
  list("audiences", view.audiences);
  w.Field("partial", view.partial);
  w.Field("missing_shards", view.missing_shards);
  w.EndObject();
  return w.Take();
}

std::string EncodeChanges(const ChangeSet& changes) {
  JsonWriter w;
  w.StartObject();
  w.Field("since", changes.since);
  w.Field("generation", changes.generation);
  w.Field("more", changes.more);
  w.Field("added", changes.added);
  w.Field("changed", changes.changed);
  w.Field("removed", changes.removed);
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

std::string EncodeError(std::string_view code, std::string_view message, std::string_view param) {
  JsonWriter w;
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Field("code", code);
  w.Field("message", message);
  if (!param.empty()) w.Field("param", param);
  w.EndObject();
  w.EndObject();
  return w.Take();
}

}  // namespace ch
