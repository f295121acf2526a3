// The encoders of toolkit_json.h (the parsers are in toolkit_json.cc).
#include "base/json_writer.h"
#include "indexer/resource_json.h"
#include "toolkits/toolkit_json.h"

namespace ch {
namespace {

void TimeField(JsonWriter& w, std::string_view key, int64_t unix_ms) {
  w.OptionalField(key, unix_ms == 0 ? std::string() : FormatRfc3339(unix_ms));
}

void WriteSections(JsonWriter& w, const std::vector<ToolkitSection>& sections) {
  w.Key("sections");
  w.StartArray();
  for (const auto& s : sections) {
    w.StartObject();
    w.Field("id", s.id);
    w.Field("title", s.title);
    w.EndObject();
  }
  w.EndArray();
}

void WriteItems(JsonWriter& w, const std::vector<ResolvedItem>& items) {
  w.Key("items");
  w.StartArray();
  for (const ResolvedItem& item : items) {
    w.StartObject();
    w.Field("resource_id", item.item.resource_id);
    w.Field("note", item.item.note);
    w.OptionalField("section_id", item.item.section_id);
    w.Field("available", item.available);
    w.Key("resource");
    if (item.available) {
      WriteResourceSummary(w, item.resource);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
}

void WriteToolkitMembers(JsonWriter& w, const ResolvedToolkit& r) {
  const Toolkit& t = r.toolkit;
  w.OptionalField("id", t.id);
  w.Field("title", t.content.title);
  w.Field("description", t.content.description);
  w.Field("language", t.content.language);
  WriteSections(w, t.content.sections);
  WriteItems(w, r.items);
  w.Field("item_count", static_cast<uint64_t>(r.items.size()));
  w.OptionalField("copied_from", t.copied_from);
  w.Field("featured", r.featured);
  w.Field("draft", r.draft);
  if (r.draft && !r.featured_match.id.empty()) {
    const FeaturedMatch& m = r.featured_match;
    w.Key("featured_match");
    w.StartObject();
    w.Field("id", m.id);
    w.Field("title", m.title);
    w.Field("description", m.description);
    w.Field("matched_items", static_cast<uint64_t>(m.matched_items));
    w.Field("item_count", static_cast<uint64_t>(m.item_count));
    w.EndObject();
  }
  w.Field("version", static_cast<int64_t>(t.version));
  TimeField(w, "created_at", t.created_at_ms);
  TimeField(w, "updated_at", t.updated_at_ms);
}

}  // namespace

std::string EncodeToolkit(const ResolvedToolkit& toolkit, bool pretty) {
  JsonWriter w(pretty ? JsonStyle::kPretty : JsonStyle::kCompact);
  w.StartObject();
  WriteToolkitMembers(w, toolkit);
  w.EndObject();
  return w.Take();
}

std::string EncodeCreatedToolkit(const ResolvedToolkit& toolkit, const std::string& edit_key) {
  JsonWriter w;
  w.StartObject();
  w.Field("edit_key", edit_key);
  WriteToolkitMembers(w, toolkit);
  w.EndObject();
  return w.Take();
}

std::string EncodeFeaturedList(const std::vector<Toolkit>& toolkits) {
  JsonWriter w;
  w.StartObject();
  w.Key("toolkits");
  w.StartArray();
  for (const Toolkit& t : toolkits) {
    w.StartObject();
    w.Field("id", t.id);
    w.Field("title", t.content.title);
    w.Field("description", t.content.description);
    WriteSections(w, t.content.sections);
    w.Field("item_count", static_cast<uint64_t>(t.content.items.size()));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace ch
