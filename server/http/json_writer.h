// json_writer.h: RapidJSON-based encoders for every API response type, so that JSON is never
// built by string concatenation and every route spells a field the same way.
//
//   JsonWriter w;
//   w.StartObject(); w.Field("total", 3); w.EndObject();
//   std::string body = w.Take();
//
// Not thread-safe; one writer per response.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/diagnostic.h"
#include "server/search_types.h"

namespace ch {

class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray() { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }
  void Key(std::string_view key) {
    writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  }
  void String(std::string_view value) {
    writer_.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  void Uint(uint64_t value) { writer_.Uint64(value); }
  void Int(int64_t value) { writer_.Int64(value); }
  void Double(double value) { writer_.Double(value); }
  void Bool(bool value) { writer_.Bool(value); }
  void Null() { writer_.Null(); }

  void Field(std::string_view key, std::string_view value) { Key(key); String(value); }
  void Field(std::string_view key, const char* value) { Key(key); String(value); }
  void Field(std::string_view key, const std::string& value) { Key(key); String(value); }
  void Field(std::string_view key, uint64_t value) { Key(key); Uint(value); }
  void Field(std::string_view key, int value) { Key(key); Int(value); }
  void Field(std::string_view key, double value) { Key(key); Double(value); }
  void Field(std::string_view key, bool value) { Key(key); Bool(value); }
  void Field(std::string_view key, const std::vector<std::string>& values);
  // A string field that is null when empty (optional values such as url or published).
  void OptionalField(std::string_view key, const std::string& value);

  std::string Take() { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

// The resource fields shared by results, pages and summaries (not the body).
void WriteResourceFields(JsonWriter& w, const Resource& r);
void WriteSummary(JsonWriter& w, const ResourceSummary& s);

std::string EncodeSearchResponse(const SearchResponse& r);
std::string EncodeSuggestions(const std::vector<Suggestion>& suggestions);
std::string EncodeResourcePage(const ResourcePage& page);
std::string EncodeTaxonomy(const TaxonomyView& view);
std::string EncodeChanges(const ChangeSet& changes);
std::string EncodeIndexStatus(const IndexStatus& status);
// Validation problems in the CLI's shape: path, line, column, severity, field, message, allowed.
void WriteProblems(JsonWriter& w, const Diagnostics& problems);

// {"error":{"code":...,"message":...,"param":...}} (param omitted when empty).
std::string EncodeError(std::string_view code, std::string_view message, std::string_view param);

}  // namespace ch
