// Parsing request bodies and encoding toolkits (toolkit_json.h).
#include "toolkits/toolkit_json.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "tests/toolkits/fake_directory.h"

namespace ch {
namespace {

const ToolkitLimits kLimits;

TEST(ToolkitJson, ParsesAFullToolkit) {
  Result<ToolkitInput> in = ParseToolkitJson(R"({
    "title": "Guns", "description": "About guns",
    "sections": [{"id": "start", "title": "Start here"}],
    "items": [{"resource_id": "a", "note": "first", "section_id": "start"},
              {"resource_id": "b", "note": null, "section_id": null},
              {"resource_id": "c"}],
    "version": 7})",
                                             kLimits);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->content.title, "Guns");
  EXPECT_EQ(in->content.description, "About guns");
  ASSERT_EQ(in->content.sections.size(), 1u);
  EXPECT_EQ(in->content.sections[0].title, "Start here");
  ASSERT_EQ(in->content.items.size(), 3u);
  EXPECT_EQ(in->content.items[0].section_id, "start");
  EXPECT_EQ(in->content.items[1].note, "");
  EXPECT_EQ(in->content.items[2].resource_id, "c");
  EXPECT_EQ(in->version, 7);
}

TEST(ToolkitJson, MalformedJsonSaysWhere) {
  Result<ToolkitInput> in =
      ParseToolkitJson("{\n  \"title\": \"x\",\n  \"items\": [1,]\n}", kLimits);
  ASSERT_FALSE(in.ok());
  EXPECT_EQ(in.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(in.status().field(), kBodyField);
  EXPECT_NE(in.status().message().find("line 3, column 15"), std::string::npos)
      << in.status().message();
  EXPECT_NE(in.status().message().find("byte offset"), std::string::npos);
}

TEST(ToolkitJson, RejectsWhatIsNotAnObjectOrNotJsonAtAll) {
  for (const char* body : {"", "[]", "\"title\"", "{\"title\": \"a\"} trailing", "{\"t\": \xff}"}) {
    Result<ToolkitInput> in = ParseToolkitJson(body, kLimits);
    EXPECT_EQ(in.status().code(), Status::Code::kInvalidArgument) << body;
    EXPECT_EQ(in.status().field(), kBodyField) << body;
  }
}

TEST(ToolkitJson, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "{\"title\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  Result<ToolkitInput> in = ParseToolkitJson(deep, kLimits);
  EXPECT_EQ(in.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(in.status().field(), "title");
}

TEST(ToolkitJson, BodyOverTheLimitIsResourceExhausted) {
  std::string big = "{\"title\": \"" + std::string(kMaxToolkitRequestBytes, 'a') + "\"}";
  Result<ToolkitInput> in = ParseToolkitJson(big, kLimits);
  EXPECT_EQ(in.status().code(), Status::Code::kResourceExhausted);
  EXPECT_EQ(in.status().field(), kBodyField);
  EXPECT_NE(in.status().message().find("262144"), std::string::npos);
}

TEST(ToolkitJson, WrongShapesNameTheirPath) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({})", "title"},
      {R"({"title": 5})", "title"},
      {R"({"title": "t", "items": {}})", "items"},
      {R"({"title": "t", "items": ["a"]})", "items[0]"},
      {R"({"title": "t", "items": [{"note": "n"}]})", "items[0].resource_id"},
      {R"({"title": "t", "items": [{"resource_id": "a", "note": 3}]})", "items[0].note"},
      {R"({"title": "t", "items": [{"resource_id": "a", "colour": "red"}]})", "items[0].colour"},
      {R"({"title": "t", "sections": [{"id": "s"}]})", "sections[0].title"},
      {R"({"title": "t", "titel": "typo"})", "titel"},
      {R"({"title": "t", "version": "3"})", "version"},
      {R"({"title": "t", "version": -1})", "version"},
  };
  for (const Case& c : cases) {
    Result<ToolkitInput> in = ParseToolkitJson(c.body, kLimits);
    EXPECT_EQ(in.status().code(), Status::Code::kInvalidArgument) << c.body;
    EXPECT_EQ(in.status().field(), c.field) << c.body << ": " << in.status().message();
  }
}

TEST(ToolkitJson, AcceptsWhatGetReturned) {
  ResolvedToolkit r;
  r.toolkit.id = "abcdefghijkl";
  r.toolkit.content.title = "Back again";
  r.toolkit.content.sections = {{"s", "S"}};
  r.toolkit.content.items = {{"a", "n", "s"}, {"gone", "", ""}};
  r.toolkit.version = 3;
  r.toolkit.created_at_ms = r.toolkit.updated_at_ms = 1700000000000;
  r = Resolve(r.toolkit, {{"a", test::MakeSummary("a", "A")}});
  std::string json = EncodeToolkit(r);
  Result<ToolkitInput> in = ParseToolkitJson(json, kLimits);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->content.title, "Back again");
  EXPECT_EQ(in->content.items.size(), 2u);
  EXPECT_EQ(in->content.items[0].section_id, "s");
  EXPECT_EQ(in->version, 3);
}

TEST(ToolkitJson, EncodesResolvedAndMissingItems) {
  Toolkit t;
  t.id = "abcdefghijkl";
  t.content.title = "T \"quoted\"";
  t.content.items = {{"a", "note", ""}, {"gone", "still here", ""}};
  t.version = 2;
  t.created_at_ms = 1740837909120;
  t.updated_at_ms = 1740837909120;
  ResolvedToolkit r = Resolve(t, {{"a", test::MakeSummary("a", "Title A", "report")}});
  rapidjson::Document doc;
  doc.Parse(EncodeToolkit(r).c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_STREQ(doc["id"].GetString(), "abcdefghijkl");
  EXPECT_STREQ(doc["title"].GetString(), "T \"quoted\"");
  EXPECT_EQ(doc["item_count"].GetInt(), 2);
  EXPECT_EQ(doc["version"].GetInt(), 2);
  EXPECT_STREQ(doc["created_at"].GetString(), "2025-03-01T14:05:09.120Z");
  EXPECT_TRUE(doc["copied_from"].IsNull());
  EXPECT_FALSE(doc["featured"].GetBool());
  const auto& items = doc["items"];
  EXPECT_TRUE(items[0]["available"].GetBool());
  EXPECT_STREQ(items[0]["resource"]["title"].GetString(), "Title A");
  EXPECT_STREQ(items[0]["resource"]["type"].GetString(), "report");
  EXPECT_STREQ(items[0]["resource"]["url"].GetString(), "https://example.org/a");
  EXPECT_EQ(items[0]["resource"]["focus_areas"].Size(), 1u);
  EXPECT_FALSE(items[1]["available"].GetBool());
  EXPECT_TRUE(items[1]["resource"].IsNull());
  EXPECT_STREQ(items[1]["note"].GetString(), "still here");
  EXPECT_TRUE(items[1]["section_id"].IsNull());
}

TEST(ToolkitJson, CreatedResponseCarriesTheEditKey) {
  Toolkit t;
  t.id = "abcdefghijkl";
  t.content.title = "T";
  rapidjson::Document doc;
  doc.Parse(EncodeCreatedToolkit(Resolve(t, {}), "the-key").c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_STREQ(doc["edit_key"].GetString(), "the-key");
  EXPECT_STREQ(doc["id"].GetString(), "abcdefghijkl");
  EXPECT_EQ(EncodeToolkit(Resolve(t, {})).find("the-key"), std::string::npos);
}

TEST(ToolkitJson, ParsesPatches) {
  Result<ToolkitPatch> p = ParseToolkitPatchJson(R"({
    "title": "New", "description": null,
    "sections": [{"id": "s", "title": "S"}],
    "remove_items": [2, "old-id"],
    "update_items": [{"resource_id": "a", "note": "n", "section_id": null}],
    "add_items": [{"resource_id": "b", "note": "x", "position": 0}],
    "move_items": [{"resource_id": "c", "to": 1}],
    "order": ["b", "a", "c"], "version": 4})",
                                                 kLimits);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(*p->title, "New");
  EXPECT_EQ(*p->description, "");
  EXPECT_EQ(p->sections->size(), 1u);
  ASSERT_EQ(p->remove_items.size(), 2u);
  EXPECT_EQ(*p->remove_items[0].index, 2u);
  EXPECT_EQ(p->remove_items[1].resource_id, "old-id");
  EXPECT_EQ(*p->update_items[0].section_id, "");
  EXPECT_EQ(*p->add_items[0].position, 0u);
  EXPECT_EQ(p->move_items[0].to, 1u);
  EXPECT_EQ(p->order->size(), 3u);
  EXPECT_EQ(p->version, 4);
}

TEST(ToolkitJson, BadPatchesNameTheirPath) {
  struct Case {
    const char* body;
    const char* field;
  };
  const Case cases[] = {
      {R"({"remove_items": [-1]})", "remove_items[0]"},
      {R"({"remove_items": [true]})", "remove_items[0]"},
      {R"({"add_items": [{"resource_id": "a", "position": "first"}]})", "add_items[0].position"},
      {R"({"move_items": [{"resource_id": "a"}]})", "move_items[0].to"},
      {R"({"order": "a,b"})", "order"},
      {R"({"order": ["a", 2]})", "order[1]"},
      {R"({"rename": "x"})", "rename"},
      {R"({"title": null})", "title"},
  };
  for (const Case& c : cases) {
    Result<ToolkitPatch> p = ParseToolkitPatchJson(c.body, kLimits);
    EXPECT_EQ(p.status().code(), Status::Code::kInvalidArgument) << c.body;
    EXPECT_EQ(p.status().field(), c.field) << c.body << ": " << p.status().message();
  }
}

TEST(ToolkitJson, ParsesDraftAndCopyRequests) {
  Result<DraftRequest> d = ParseDraftRequestJson(
      R"({"q": "nibin", "focus_areas": ["gun-violence"], "size": 12})", kLimits);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->q, "nibin");
  EXPECT_EQ(d->focus_areas.size(), 1u);
  EXPECT_EQ(d->size, 12);
  EXPECT_EQ(ParseDraftRequestJson("{}", kLimits)->size, 10);
  EXPECT_EQ(ParseDraftRequestJson(R"({"size": 2.5})", kLimits).status().field(), "size");
  EXPECT_FALSE(ParseCopyRequestJson("", kLimits)->title.has_value());
  EXPECT_EQ(*ParseCopyRequestJson(R"({"title": "Mine"})", kLimits)->title, "Mine");
  EXPECT_EQ(ParseCopyRequestJson(R"({"name": "Mine"})", kLimits).status().field(), "name");
}

TEST(ToolkitJson, EncodesTheFeaturedList) {
  Toolkit t;
  t.id = "officer-wellness";
  t.content.title = "Officer wellness";
  t.content.sections = {{"s", "S"}};
  t.content.items = {{"a", "", "s"}, {"b", "", "s"}};
  rapidjson::Document doc;
  doc.Parse(EncodeFeaturedList({t}).c_str());
  ASSERT_FALSE(doc.HasParseError());
  ASSERT_EQ(doc["toolkits"].Size(), 1u);
  EXPECT_STREQ(doc["toolkits"][0]["id"].GetString(), "officer-wellness");
  EXPECT_EQ(doc["toolkits"][0]["item_count"].GetInt(), 2);
}

}  // namespace
}  // namespace ch
