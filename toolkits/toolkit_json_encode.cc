// The encoders of toolkit_json.h (the parsers are in toolkit_json.cc).
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "toolkits/toolkit_json.h"

namespace ch {
namespace {

template <typename W>
void Str(W& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}
template <typename W>
void OptionalStr(W& w, std::string_view s) {
  if (s.empty()) {
    w.Null();
  } else {
    Str(w, s);
  }
}
template <typename W>
void Time(W& w, int64_t unix_ms) {
  if (unix_ms == 0) {
    w.Null();
  } else {
    Str(w, FormatRfc3339(unix_ms));
  }
}

template <typename W>
void WriteSections(W& w, const std::vector<ToolkitSection>& sections) {
  w.Key("sections");
  w.StartArray();
  for (const auto& s : sections) {
    w.StartObject();
    w.Key("id");
    Str(w, s.id);
    w.Key("title");
    Str(w, s.title);
    w.EndObject();
  }
  w.EndArray();
}

template <typename W>
void WriteResource(W& w, const ResourceSummary& r) {
  w.StartObject();
  w.Key("id");
  Str(w, r.id);
  w.Key("title");
  Str(w, r.title);
  w.Key("summary");
  Str(w, r.summary);
  w.Key("type");
  Str(w, r.type);
  w.Key("focus_areas");
  w.StartArray();
  for (const auto& f : r.focus_areas) Str(w, f);
  w.EndArray();
  w.Key("source");
  OptionalStr(w, r.source);
  w.Key("published");
  OptionalStr(w, r.published);
  w.Key("url");
  OptionalStr(w, r.url);
  w.EndObject();
}

template <typename W>
void WriteToolkitMembers(W& w, const ResolvedToolkit& r) {
  const Toolkit& t = r.toolkit;
  w.Key("id");
  OptionalStr(w, t.id);
  w.Key("title");
  Str(w, t.content.title);
  w.Key("description");
  Str(w, t.content.description);
  WriteSections(w, t.content.sections);
  w.Key("items");
  w.StartArray();
  for (const ResolvedItem& item : r.items) {
    w.StartObject();
    w.Key("resource_id");
    Str(w, item.item.resource_id);
    w.Key("note");
    Str(w, item.item.note);
    w.Key("section_id");
    OptionalStr(w, item.item.section_id);
    w.Key("available");
    w.Bool(item.available);
    w.Key("resource");
    if (item.available) {
      WriteResource(w, item.resource);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("item_count");
  w.Uint64(r.items.size());
  w.Key("copied_from");
  OptionalStr(w, t.copied_from);
  w.Key("featured");
  w.Bool(r.featured);
  w.Key("draft");
  w.Bool(r.draft);
  w.Key("version");
  w.Int64(t.version);
  w.Key("created_at");
  Time(w, t.created_at_ms);
  w.Key("updated_at");
  Time(w, t.updated_at_ms);
}

}  // namespace

std::string EncodeToolkit(const ResolvedToolkit& toolkit, bool pretty) {
  rapidjson::StringBuffer buffer;
  if (pretty) {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
    w.SetIndent(' ', 2);
    w.StartObject();
    WriteToolkitMembers(w, toolkit);
    w.EndObject();
  } else {
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    WriteToolkitMembers(w, toolkit);
    w.EndObject();
  }
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string EncodeCreatedToolkit(const ResolvedToolkit& toolkit, const std::string& edit_key) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("edit_key");
  Str(w, edit_key);
  WriteToolkitMembers(w, toolkit);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string EncodeFeaturedList(const std::vector<Toolkit>& toolkits) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("toolkits");
  w.StartArray();
  for (const Toolkit& t : toolkits) {
    w.StartObject();
    w.Key("id");
    Str(w, t.id);
    w.Key("title");
    Str(w, t.content.title);
    w.Key("description");
    Str(w, t.content.description);
    WriteSections(w, t.content.sections);
    w.Key("item_count");
    w.Uint64(t.content.items.size());
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace ch
