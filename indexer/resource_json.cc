#include "indexer/resource_json.h"

namespace ch {

void WriteEvidence(JsonWriter& w, const Evidence& e) {
  w.Key("evidence");
  if (e.empty()) {
    w.Null();
    return;
  }
  w.StartObject();
  w.Field("sample_data", e.sample_data);
  w.Key("ratings");
  w.StartArray();
  for (const auto& r : e.ratings) {
    w.StartObject();
    w.Field("outcome", r.outcome);
    w.Field("rating", r.rating);
    w.Field("evidence_base", r.evidence_base);
    w.Field("rated_by", r.rated_by);
    w.OptionalField("url", r.url);
    w.Field("date", r.date);
    w.EndObject();
  }
  w.EndArray();
  w.Field("emmie", e.emmie);
  w.EndObject();
}

void WriteResourceFields(JsonWriter& w, const Resource& r) {
  w.Field("id", r.id);
  w.Field("title", r.title);
  w.Field("summary", r.summary);
  w.Field("type", r.type);
  w.Field("focus_areas", r.focus_areas);
  w.Field("topics", r.topics);
  w.Field("audience", r.audience);
  w.OptionalField("source", r.source);
  w.Field("authors", r.authors);
  w.OptionalField("published", r.published);
  w.OptionalField("updated", r.updated);
  w.OptionalField("url", r.url);
  w.OptionalField("duration", r.duration);
  w.Field("language", r.language);
  w.Field("keywords", r.keywords);
  WriteEvidence(w, r.evidence);
}

void WriteResourceSummary(JsonWriter& w, const ResourceSummary& s) {
  w.StartObject();
  w.Field("id", s.id);
  w.Field("title", s.title);
  w.Field("summary", s.summary);
  w.Field("type", s.type);
  w.Field("focus_areas", s.focus_areas);
  w.OptionalField("source", s.source);
  w.OptionalField("published", s.published);
  w.OptionalField("url", s.url);
  w.OptionalField("language", s.language);
  WriteEvidence(w, s.evidence);
  w.EndObject();
}

}  // namespace ch
