// json_writer.h: a small RapidJSON writer, so that JSON is never built by string concatenation
// and every module spells values the same way.
//
//   JsonWriter w;                              // compact; JsonWriter(JsonStyle::kPretty) indents
//   w.StartObject(); w.Field("total", 3); w.EndObject();
//   std::string body = w.Take();
//
// Keys and strings are written as valid UTF-8 whatever they hold: an invalid byte (a request's
// bytes echoed in a message, say) becomes U+FFFD, so no JSON this writer makes is rejected by a
// strict decoder. Valid text costs one validation pass. Not thread-safe; one writer per document.
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"

namespace ch {

enum class JsonStyle { kCompact, kPretty };

class JsonWriter {
 public:
  explicit JsonWriter(JsonStyle style = JsonStyle::kCompact);

  void StartObject() {
    Do([](auto& w) { w.StartObject(); });
  }
  void EndObject() {
    Do([](auto& w) { w.EndObject(); });
  }
  void StartArray() {
    Do([](auto& w) { w.StartArray(); });
  }
  void EndArray() {
    Do([](auto& w) { w.EndArray(); });
  }
  void Key(std::string_view key) {
    if (FindInvalidUtf8(key) != std::string_view::npos) return Key(ToValidUtf8(key));
    Do([key](auto& w) { w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size())); });
  }
  void String(std::string_view value) {
    if (FindInvalidUtf8(value) != std::string_view::npos) return String(ToValidUtf8(value));
    Do([value](auto& w) {
      w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
    });
  }
  void Uint(uint64_t value) {
    Do([value](auto& w) { w.Uint64(value); });
  }
  void Int(int64_t value) {
    Do([value](auto& w) { w.Int64(value); });
  }
  void Double(double value) {
    Do([value](auto& w) { w.Double(value); });
  }
  void Bool(bool value) {
    Do([value](auto& w) { w.Bool(value); });
  }
  void Null() {
    Do([](auto& w) { w.Null(); });
  }

  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const char* value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, const std::string& value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, uint64_t value) {
    Key(key);
    Uint(value);
  }
  void Field(std::string_view key, int value) {
    Key(key);
    Int(value);
  }
  void Field(std::string_view key, int64_t value) {
    Key(key);
    Int(value);
  }
  void Field(std::string_view key, double value) {
    Key(key);
    Double(value);
  }
  void Field(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }
  void Field(std::string_view key, const std::vector<std::string>& values);
  // A string field that is null when empty (optional values such as url or published).
  void OptionalField(std::string_view key, std::string_view value);

  // The document so far; the writer is spent afterwards.
  std::string Take() { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  template <typename F>
  void Do(F&& f) {
    if (pretty_) {
      f(*pretty_);
    } else {
      f(*compact_);
    }
  }

  rapidjson::StringBuffer buffer_;
  std::optional<rapidjson::Writer<rapidjson::StringBuffer>> compact_;
  std::optional<rapidjson::PrettyWriter<rapidjson::StringBuffer>> pretty_;
};

}  // namespace ch
