// openapi_checker.h: checks real HTTP responses against the OpenAPI document.
//
//   OpenApiChecker api(test::SourcePath("server/openapi.json"));
//   for (const auto& e : api.Check("get", "/api/v1/search", *res)) ADD_FAILURE() << e;
//
// The route and status must be documented, the content type must be one the document lists, and
// a JSON body must match its schema exactly (see SchemaChecker).
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "tests/support/test_util.h"

namespace ch::test {

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

class OpenApiChecker {
 public:
  explicit OpenApiChecker(const std::string& path) {
    std::string text = ReadTextFile(path);
    doc_.Parse(text.c_str());
  }
  bool valid() const { return !doc_.HasParseError() && doc_.IsObject(); }
  const rapidjson::Document& document() const { return doc_; }

  // Every way `res` differs from what the document says `method path_template` answers.
  std::vector<std::string> Check(const std::string& method, const std::string& path_template,
                                 const httplib::Response& res) const {
    std::vector<std::string> errors;
    const std::string where = method + " " + path_template + " " + std::to_string(res.status);
    const auto& paths = doc_["paths"];
    if (!paths.HasMember(path_template.c_str()) ||
        !paths[path_template.c_str()].HasMember(method.c_str())) {
      return {where + ": route not documented"};
    }
    const auto& responses = paths[path_template.c_str()][method.c_str()]["responses"];
    std::string status = std::to_string(res.status);
    if (!responses.HasMember(status.c_str())) return {where + ": status not documented"};
    const auto& response = responses[status.c_str()];
    if (!response.HasMember("content")) return errors;
    std::string type = res.get_header_value("Content-Type");
    std::string media = type.substr(0, type.find(';'));
    if (!response["content"].HasMember(media.c_str())) {
      return {where + ": content type " + media + " not documented"};
    }
    if (media != "application/json") return errors;
    rapidjson::Document body;
    body.Parse(res.body.c_str());
    if (body.HasParseError()) return {where + ": body is not JSON"};
    SchemaChecker(doc_).Check(response["content"][media.c_str()]["schema"], body, where, &errors);
    return errors;
  }

 private:
  rapidjson::Document doc_;
};

}  // namespace ch::test
