// The parsers of toolkit_json.h (the encoders are in toolkit_json_encode.cc).
#include "toolkits/toolkit_json.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <initializer_list>

#include "base/utf8.h"

namespace ch {
namespace {

using rapidjson::Value;

constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |  // no recursion: deep nesting
                                 rapidjson::kParseValidateEncodingFlag;  // UTF-8 only

std::string Join(const std::string& path, const char* name) {
  return path.empty() ? name : path + "." + name;
}
std::string Index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}
Status Wrong(const std::string& path, const std::string& message) {
  return Status::InvalidArgument(path + " " + message).WithField(path);
}

// "line L, column C (byte offset O)" for a byte offset into `text`.
std::string Position(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  size_t line_start = 0;
  int line = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  size_t column = Utf8Length(text.substr(line_start, offset - line_start)) + 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte offset " +
         std::to_string(offset) + ")";
}

Status ParseBody(std::string_view body, const ToolkitLimits& limits, rapidjson::Document* doc) {
  if (body.size() > limits.max_request_bytes) {
    return Status::ResourceExhausted("the request body has " + std::to_string(body.size()) +
                                     " bytes; the limit is " +
                                     std::to_string(limits.max_request_bytes))
        .WithField(kBodyField);
  }
  doc->Parse<kParseFlags>(body.data(), body.size());
  if (doc->HasParseError()) {
    return Status::InvalidArgument("malformed JSON at " + Position(body, doc->GetErrorOffset()) +
                                   ": " + rapidjson::GetParseError_En(doc->GetParseError()))
        .WithField(kBodyField);
  }
  if (!doc->IsObject()) {
    return Status::InvalidArgument("the request body must be a JSON object").WithField(kBodyField);
  }
  return Status::Ok();
}

bool IsBlank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Every member of `object` must be in `known` or `ignored`.
Status CheckMembers(const Value& object, const std::string& path,
                    std::initializer_list<const char*> known,
                    std::initializer_list<const char*> ignored = {}) {
  for (auto m = object.MemberBegin(); m != object.MemberEnd(); ++m) {
    std::string name(m->name.GetString(), m->name.GetStringLength());
    auto is = [&](const char* k) { return name == k; };
    if (std::any_of(known.begin(), known.end(), is) ||
        std::any_of(ignored.begin(), ignored.end(), is)) {
      continue;
    }
    std::string allowed;
    for (const char* k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
    std::string where = Join(path, name.substr(0, 60).c_str());
    return Status::InvalidArgument("unknown member '" + name.substr(0, 60) + "'" +
                                   (path.empty() ? "" : " in " + path) + " (known: " + allowed +
                                   ")")
        .WithField(where);
  }
  return Status::Ok();
}

const Value* Member(const Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

// Reads an optional string member; null reads as "" when `nullable`.
Status ReadString(const Value& object, const char* name, const std::string& path, bool required,
                  bool nullable, std::optional<std::string>* out) {
  const Value* v = Member(object, name);
  const std::string where = Join(path, name);
  if (!v) return required ? Wrong(where, "is required") : Status::Ok();
  if (v->IsNull() && nullable) {
    *out = std::string();
    return Status::Ok();
  }
  if (!v->IsString())
    return Wrong(where, nullable ? "must be a string or null" : "must be a string");
  *out = std::string(v->GetString(), v->GetStringLength());
  return Status::Ok();
}

Status ReadString(const Value& object, const char* name, const std::string& path, bool required,
                  bool nullable, std::string* out) {
  std::optional<std::string> value;
  CH_RETURN_IF_ERROR(ReadString(object, name, path, required, nullable, &value));
  if (value) *out = std::move(*value);
  return Status::Ok();
}

Status ReadIndex(const Value& v, const std::string& where, size_t* out) {
  if (!v.IsUint64() || v.GetUint64() > 1000000) {
    return Wrong(where, "must be a non-negative integer (0-based index)");
  }
  *out = static_cast<size_t>(v.GetUint64());
  return Status::Ok();
}

Status ReadVersion(const Value& object, std::optional<int64_t>* out) {
  const Value* v = Member(object, "version");
  if (!v || v->IsNull()) return Status::Ok();
  if (!v->IsInt64() || v->GetInt64() < 0) return Wrong("version", "must be a non-negative integer");
  *out = v->GetInt64();
  return Status::Ok();
}

const Value* ReadArray(const Value& object, const char* name, const std::string& where,
                       Status* status) {
  const Value* v = Member(object, name);
  if (v && !v->IsArray()) *status = Wrong(where, "must be an array");
  return v && v->IsArray() ? v : nullptr;
}

Status ReadSections(const Value& object, std::optional<std::vector<ToolkitSection>>* out) {
  Status status;
  const Value* list = ReadArray(object, "sections", "sections", &status);
  CH_RETURN_IF_ERROR(status);
  if (!list) return Status::Ok();
  std::vector<ToolkitSection> sections;
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const std::string path = Index("sections", i);
    const Value& s = (*list)[i];
    if (!s.IsObject()) return Wrong(path, "must be an object {id, title}");
    CH_RETURN_IF_ERROR(CheckMembers(s, path, {"id", "title"}));
    ToolkitSection section;
    CH_RETURN_IF_ERROR(ReadString(s, "id", path, true, false, &section.id));
    CH_RETURN_IF_ERROR(ReadString(s, "title", path, true, false, &section.title));
    sections.push_back(std::move(section));
  }
  *out = std::move(sections);
  return Status::Ok();
}

Status ReadItem(const Value& v, const std::string& path, std::initializer_list<const char*> known,
                ToolkitItem* item) {
  if (!v.IsObject()) return Wrong(path, "must be an object {resource_id, note, section_id}");
  CH_RETURN_IF_ERROR(CheckMembers(v, path, known, {"available", "resource"}));
  CH_RETURN_IF_ERROR(ReadString(v, "resource_id", path, true, false, &item->resource_id));
  CH_RETURN_IF_ERROR(ReadString(v, "note", path, false, true, &item->note));
  CH_RETURN_IF_ERROR(ReadString(v, "section_id", path, false, true, &item->section_id));
  return Status::Ok();
}

Status ReadStringList(const Value& object, const char* name, std::vector<std::string>* out) {
  Status status;
  const Value* list = ReadArray(object, name, name, &status);
  CH_RETURN_IF_ERROR(status);
  if (!list) return Status::Ok();
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const Value& v = (*list)[i];
    if (!v.IsString()) return Wrong(Index(name, i), "must be a string");
    out->emplace_back(v.GetString(), v.GetStringLength());
  }
  return Status::Ok();
}

const std::initializer_list<const char*> kReadOnlyToolkitMembers = {
    "id",       "version", "created_at", "updated_at", "copied_from",
    "featured", "draft",   "item_count", "edit_key",   "featured_match"};

// Calls read(element, path) for each element of the array member `name`, if there is one.
template <typename F>
Status ForEachElement(const Value& doc, const char* name, F read) {
  Status status;
  const Value* list = ReadArray(doc, name, name, &status);
  CH_RETURN_IF_ERROR(status);
  if (!list) return Status::Ok();
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    CH_RETURN_IF_ERROR(read((*list)[i], Index(name, i)));
  }
  return Status::Ok();
}

Status ReadRemoveItem(const Value& v, const std::string& path, ItemRef* ref) {
  if (v.IsString()) {
    ref->resource_id.assign(v.GetString(), v.GetStringLength());
    return Status::Ok();
  }
  size_t index = 0;
  if (!ReadIndex(v, path, &index).ok()) {
    return Wrong(path, "must be an item index or a resource id");
  }
  ref->index = index;
  return Status::Ok();
}

Status ReadUpdateItem(const Value& v, const std::string& path, ItemUpdate* u) {
  if (!v.IsObject()) return Wrong(path, "must be an object {resource_id, note?, section_id?}");
  CH_RETURN_IF_ERROR(CheckMembers(v, path, {"resource_id", "note", "section_id"}));
  CH_RETURN_IF_ERROR(ReadString(v, "resource_id", path, true, false, &u->resource_id));
  CH_RETURN_IF_ERROR(ReadString(v, "note", path, false, true, &u->note));
  return ReadString(v, "section_id", path, false, true, &u->section_id);
}

Status ReadAddItem(const Value& v, const std::string& path, ItemAddition* a) {
  CH_RETURN_IF_ERROR(
      ReadItem(v, path, {"resource_id", "note", "section_id", "position"}, &a->item));
  if (const Value* p = Member(v, "position"); p && !p->IsNull()) {
    size_t position = 0;
    CH_RETURN_IF_ERROR(ReadIndex(*p, path + ".position", &position));
    a->position = position;
  }
  return Status::Ok();
}

Status ReadMoveItem(const Value& v, const std::string& path, ItemMove* m) {
  if (!v.IsObject()) return Wrong(path, "must be an object {resource_id, to}");
  CH_RETURN_IF_ERROR(CheckMembers(v, path, {"resource_id", "to"}));
  CH_RETURN_IF_ERROR(ReadString(v, "resource_id", path, true, false, &m->resource_id));
  const Value* to = Member(v, "to");
  if (!to) return Wrong(path + ".to", "is required");
  return ReadIndex(*to, path + ".to", &m->to);
}

Status ReadPatchItems(const Value& doc, ToolkitPatch* patch) {
  CH_RETURN_IF_ERROR(ForEachElement(doc, "remove_items", [&](const Value& v, std::string path) {
    return ReadRemoveItem(v, path, &patch->remove_items.emplace_back());
  }));
  CH_RETURN_IF_ERROR(ForEachElement(doc, "update_items", [&](const Value& v, std::string path) {
    return ReadUpdateItem(v, path, &patch->update_items.emplace_back());
  }));
  CH_RETURN_IF_ERROR(ForEachElement(doc, "add_items", [&](const Value& v, std::string path) {
    return ReadAddItem(v, path, &patch->add_items.emplace_back());
  }));
  CH_RETURN_IF_ERROR(ForEachElement(doc, "move_items", [&](const Value& v, std::string path) {
    return ReadMoveItem(v, path, &patch->move_items.emplace_back());
  }));
  if (Member(doc, "order")) {
    std::vector<std::string> order;
    CH_RETURN_IF_ERROR(ReadStringList(doc, "order", &order));
    patch->order = std::move(order);
  }
  return Status::Ok();
}

}  // namespace

Result<ToolkitInput> ParseToolkitJson(std::string_view body, const ToolkitLimits& limits) {
  rapidjson::Document doc;
  CH_RETURN_IF_ERROR(ParseBody(body, limits, &doc));
  CH_RETURN_IF_ERROR(
      CheckMembers(doc, "", {"title", "description", "language", "sections", "items", "version"},
                   kReadOnlyToolkitMembers));
  ToolkitInput in;
  CH_RETURN_IF_ERROR(ReadString(doc, "title", "", true, false, &in.content.title));
  CH_RETURN_IF_ERROR(ReadString(doc, "description", "", false, true, &in.content.description));
  std::string language;
  CH_RETURN_IF_ERROR(ReadString(doc, "language", "", false, false, &language));
  if (!language.empty()) in.content.language = language;
  std::optional<std::vector<ToolkitSection>> sections;
  CH_RETURN_IF_ERROR(ReadSections(doc, &sections));
  if (sections) in.content.sections = std::move(*sections);
  Status status;
  if (const Value* items = ReadArray(doc, "items", "items", &status)) {
    for (rapidjson::SizeType i = 0; i < items->Size(); ++i) {
      ToolkitItem item;
      CH_RETURN_IF_ERROR(
          ReadItem((*items)[i], Index("items", i), {"resource_id", "note", "section_id"}, &item));
      in.content.items.push_back(std::move(item));
    }
  }
  CH_RETURN_IF_ERROR(status);
  CH_RETURN_IF_ERROR(ReadVersion(doc, &in.version));
  return in;
}

Result<ToolkitPatch> ParseToolkitPatchJson(std::string_view body, const ToolkitLimits& limits) {
  rapidjson::Document doc;
  CH_RETURN_IF_ERROR(ParseBody(body, limits, &doc));
  CH_RETURN_IF_ERROR(CheckMembers(doc, "",
                                  {"title", "description", "language", "sections", "remove_items",
                                   "update_items", "add_items", "move_items", "order", "version"}));
  ToolkitPatch patch;
  CH_RETURN_IF_ERROR(ReadString(doc, "title", "", false, false, &patch.title));
  CH_RETURN_IF_ERROR(ReadString(doc, "language", "", false, false, &patch.language));
  CH_RETURN_IF_ERROR(ReadString(doc, "description", "", false, true, &patch.description));
  CH_RETURN_IF_ERROR(ReadSections(doc, &patch.sections));
  CH_RETURN_IF_ERROR(ReadPatchItems(doc, &patch));
  CH_RETURN_IF_ERROR(ReadVersion(doc, &patch.version));
  return patch;
}

Result<DraftRequest> ParseDraftRequestJson(std::string_view body, const ToolkitLimits& limits) {
  rapidjson::Document doc;
  CH_RETURN_IF_ERROR(ParseBody(body, limits, &doc));
  CH_RETURN_IF_ERROR(CheckMembers(doc, "", {"q", "focus_areas", "size", "language"}));
  DraftRequest r;
  CH_RETURN_IF_ERROR(ReadString(doc, "q", "", false, true, &r.q));
  CH_RETURN_IF_ERROR(ReadString(doc, "language", "", false, false, &r.language));
  CH_RETURN_IF_ERROR(ReadStringList(doc, "focus_areas", &r.focus_areas));
  if (const Value* size = Member(doc, "size"); size && !size->IsNull()) {
    if (!size->IsInt()) return Wrong("size", "must be an integer");
    r.size = size->GetInt();
  }
  return r;
}

Result<CopyRequest> ParseCopyRequestJson(std::string_view body, const ToolkitLimits& limits) {
  CopyRequest r;
  if (IsBlank(body)) return r;
  rapidjson::Document doc;
  CH_RETURN_IF_ERROR(ParseBody(body, limits, &doc));
  CH_RETURN_IF_ERROR(CheckMembers(doc, "", {"title"}));
  CH_RETURN_IF_ERROR(ReadString(doc, "title", "", false, false, &r.title));
  return r;
}

}  // namespace ch
