// The OpenAPI document describes the server as it is: every documented route answers, and every
// response has exactly the documented fields with the documented types.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>

#include "tests/support/server_harness.h"

namespace ch {
namespace {

// A JSON Schema checker for the subset the document uses: $ref, type (one or a list), properties,
// required, additionalProperties, items, enum. Undocumented properties are errors, so the document
// cannot fall behind the code.
class SchemaChecker {
 public:
  explicit SchemaChecker(const rapidjson::Document& root) : root_(root) {}

  void Check(const rapidjson::Value& schema, const rapidjson::Value& value, const std::string& at,
             std::vector<std::string>* errors) const {
    if (schema.HasMember("$ref")) {
      std::string ref = schema["$ref"].GetString();
      const std::string prefix = "#/components/schemas/";
      if (ref.rfind(prefix, 0) != 0 ||
          !root_["components"]["schemas"].HasMember(ref.substr(prefix.size()).c_str())) {
        errors->push_back(at + ": unresolvable $ref " + ref);
        return;
      }
      return Check(root_["components"]["schemas"][ref.substr(prefix.size()).c_str()], value, at,
                   errors);
    }
    if (schema.HasMember("type") && !TypeMatches(schema["type"], value)) {
      errors->push_back(at + ": wrong type");
      return;
    }
    if (schema.HasMember("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"].GetArray()) found |= e == value;
      if (!found) errors->push_back(at + ": value not in enum");
    }
    if (value.IsObject()) {
      if (schema.HasMember("required")) {
        for (const auto& r : schema["required"].GetArray()) {
          if (!value.HasMember(r.GetString())) {
            errors->push_back(at + ": missing required " + r.GetString());
          }
        }
      }
      for (const auto& m : value.GetObject()) {
        std::string name = m.name.GetString();
        if (schema.HasMember("properties") && schema["properties"].HasMember(name.c_str())) {
          Check(schema["properties"][name.c_str()], m.value, at + "." + name, errors);
        } else if (schema.HasMember("additionalProperties") &&
                   schema["additionalProperties"].IsObject()) {
          Check(schema["additionalProperties"], m.value, at + "." + name, errors);
        } else {
          errors->push_back(at + ": undocumented property " + name);
        }
      }
    }
    if (value.IsArray() && schema.HasMember("items")) {
      for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
        Check(schema["items"], value[i], at + "[" + std::to_string(i) + "]", errors);
      }
    }
  }

 private:
  static bool OneType(const std::string& type, const rapidjson::Value& v) {
    if (type == "object") return v.IsObject();
    if (type == "array") return v.IsArray();
    if (type == "string") return v.IsString();
    if (type == "integer") return v.IsInt64() || v.IsUint64();
    if (type == "number") return v.IsNumber();
    if (type == "boolean") return v.IsBool();
    if (type == "null") return v.IsNull();
    return false;
  }
  static bool TypeMatches(const rapidjson::Value& type, const rapidjson::Value& v) {
    if (type.IsString()) return OneType(type.GetString(), v);
    for (const auto& t : type.GetArray()) {
      if (OneType(t.GetString(), v)) return true;
    }
    return false;
  }
  const rapidjson::Document& root_;
};

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerHarness(test::SourcePath("corpus"));
    std::string text = test::ReadTextFile(test::SourcePath("server/openapi.json"));
    doc_ = new rapidjson::Document();
    doc_->Parse(text.c_str());
    ASSERT_FALSE(doc_->HasParseError()) << "server/openapi.json is not valid JSON";
  }
  static void TearDownTestSuite() {
    delete server_;
    delete doc_;
  }

  // Requests `url` and checks the response against the documented schema for its status.
  void CheckResponse(const std::string& path_template, const std::string& url,
                     int expected_status) {
    httplib::Client client = server_->Client();
    auto res = client.Get(url);
    ASSERT_TRUE(res) << url;
    ASSERT_EQ(res->status, expected_status) << url << " " << res->body.substr(0, 300);
    const auto& paths = (*doc_)["paths"];
    ASSERT_TRUE(paths.HasMember(path_template.c_str())) << path_template << " is not documented";
    const auto& responses = paths[path_template.c_str()]["get"]["responses"];
    std::string status = std::to_string(expected_status);
    ASSERT_TRUE(responses.HasMember(status.c_str()))
        << path_template << " does not document status " << status;
    const auto& response = responses[status.c_str()];
    if (!response.HasMember("content")) return;
    std::string type = res->get_header_value("Content-Type");
    std::string media = type.substr(0, type.find(';'));
    ASSERT_TRUE(response["content"].HasMember(media.c_str()))
        << path_template << " " << status << " does not document " << media;
    if (media != "application/json") return;
    rapidjson::Document body;
    body.Parse(res->body.c_str());
    ASSERT_FALSE(body.HasParseError());
    std::vector<std::string> errors;
    SchemaChecker(*doc_).Check(response["content"][media.c_str()]["schema"], body, url, &errors);
    for (const auto& e : errors) ADD_FAILURE() << e;
  }

  static test::ServerHarness* server_;
  static rapidjson::Document* doc_;
};
test::ServerHarness* OpenApiTest::server_ = nullptr;
rapidjson::Document* OpenApiTest::doc_ = nullptr;

TEST_F(OpenApiTest, DocumentsExactlyTheServedRoutes) {
  std::set<std::string> documented;
  for (const auto& p : (*doc_)["paths"].GetObject()) documented.insert(p.name.GetString());
  std::set<std::string> served = {"/api/v1/search",   "/api/v1/suggest",  "/api/v1/resources/{id}",
                                  "/api/v1/taxonomy", "/api/v1/changes",  "/api/v1/openapi.json",
                                  "/feed.atom",       "/healthz",         "/readyz",
                                  "/metrics"};
  EXPECT_EQ(documented, served);
  EXPECT_EQ(std::string((*doc_)["openapi"].GetString()).substr(0, 3), "3.1");
}

TEST_F(OpenApiTest, SuccessfulResponsesMatchTheirSchemas) {
  CheckResponse("/api/v1/search", "/api/v1/search?q=nibin&focus_area=gun-violence", 200);
  CheckResponse("/api/v1/search", "/api/v1/search?q=balistic", 200);
  CheckResponse("/api/v1/search", "/api/v1/search?sort=newest&per_page=100", 200);
  CheckResponse("/api/v1/suggest", "/api/v1/suggest?q=crime+gu", 200);
  CheckResponse("/api/v1/resources/{id}", "/api/v1/resources/nibin-lead-tracker-tool", 200);
  CheckResponse("/api/v1/taxonomy", "/api/v1/taxonomy", 200);
  CheckResponse("/api/v1/changes", "/api/v1/changes?since=0", 200);
  CheckResponse("/api/v1/openapi.json", "/api/v1/openapi.json", 200);
  CheckResponse("/feed.atom", "/feed.atom", 200);
  CheckResponse("/healthz", "/healthz", 200);
  CheckResponse("/readyz", "/readyz", 200);
  CheckResponse("/metrics", "/metrics", 200);
}

TEST_F(OpenApiTest, ErrorResponsesMatchTheErrorSchema) {
  CheckResponse("/api/v1/search", "/api/v1/search?per_page=1000", 400);
  CheckResponse("/api/v1/suggest", "/api/v1/suggest?x=1", 400);
  CheckResponse("/api/v1/resources/{id}", "/api/v1/resources/not-there", 404);
  CheckResponse("/api/v1/changes", "/api/v1/changes?since=-1", 400);
  CheckResponse("/feed.atom", "/feed.atom?sort=sideways", 400);
}

}  // namespace
}  // namespace ch
