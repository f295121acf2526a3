// The JSON writer (base/json_writer.h): exact compact and pretty output, every value kind, and
// strings escaped so that any UTF-8 text (quotes, backslashes, control characters) round-trips.
#include "base/json_writer.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdint>
#include <limits>
#include <string>

namespace ch {
namespace {

void WriteEveryKind(JsonWriter& w) {
  w.StartObject();
  w.Field("s", "text");
  w.Field("u", std::numeric_limits<uint64_t>::max());
  w.Field("i", -5);
  w.Field("i64", std::numeric_limits<int64_t>::min());
  w.Field("d", 0.1);
  w.Field("b", false);
  w.Field("list", std::vector<std::string>{"a", "b"});
  w.Field("none", std::vector<std::string>{});
  w.OptionalField("absent", "");
  w.OptionalField("present", "2021-06");
  w.Key("n");
  w.Null();
  w.EndObject();
}

TEST(JsonWriterTest, CompactOutputHasNoWhitespace) {
  JsonWriter w;
  WriteEveryKind(w);
  EXPECT_EQ(w.Take(), R"({"s":"text","u":18446744073709551615,"i":-5,"i64":-9223372036854775808,)"
                      R"("d":0.1,"b":false,"list":["a","b"],"none":[],"absent":null,)"
                      R"("present":"2021-06","n":null})");
}

TEST(JsonWriterTest, PrettyOutputIndentsByTwoSpaces) {
  JsonWriter w(JsonStyle::kPretty);
  w.StartObject();
  w.Field("title", "T");
  w.Field("items", std::vector<std::string>{"x"});
  w.Key("empty");
  w.StartArray();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(w.Take(),
            "{\n  \"title\": \"T\",\n  \"items\": [\n    \"x\"\n  ],\n  \"empty\": []\n}");
}

TEST(JsonWriterTest, EscapesQuotesBackslashesAndControlCharacters) {
  JsonWriter w;
  w.StartObject();
  w.Field("q\"k", std::string("say \"hi\"\\ \n\t\r\b\f \x01 \x1f end"));
  w.EndObject();
  EXPECT_EQ(w.Take(), R"({"q\"k":"say \"hi\"\\ \n\t\r\b\f \u0001 \u001F end"})");
}

TEST(JsonWriterTest, EveryStringRoundTripsThroughAParser) {
  const std::string texts[] = {"",
                               "</script>",
                               "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                               std::string("nul\0inside", 10),
                               "tab\tand\nnewline",
                               "\\\"'"};
  for (const std::string& text : texts) {
    JsonWriter w;
    w.StartArray();
    w.String(text);
    w.EndArray();
    const std::string json = w.Take();
    rapidjson::Document doc;
    doc.Parse(json.c_str(), json.size());
    ASSERT_FALSE(doc.HasParseError()) << json;
    EXPECT_EQ(std::string(doc[0].GetString(), doc[0].GetStringLength()), text) << json;
  }
}

}  // namespace
}  // namespace ch
