#include "base/json_writer.h"

namespace ch {

JsonWriter::JsonWriter(JsonStyle style) {
  if (style == JsonStyle::kPretty) {
    pretty_.emplace(buffer_);
    pretty_->SetIndent(' ', 2);
  } else {
    compact_.emplace(buffer_);
  }
}

void JsonWriter::Field(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  StartArray();
  for (const auto& v : values) String(v);
  EndArray();
}

void JsonWriter::OptionalField(std::string_view key, std::string_view value) {
  Key(key);
  if (value.empty()) {
    Null();
  } else {
    String(value);
  }
}

}  // namespace ch
