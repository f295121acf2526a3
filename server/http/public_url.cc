#include "server/http/public_url.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace ch {

Result<std::string> NormalizePublicUrl(std::string_view url) {
  std::string u(url);
  auto invalid = [&](const std::string& why) {
    return Status::InvalidArgument("--public-url '" + u + "': " + why +
                                   "; write it like https://clearinghouse.example.org")
        .WithField("public-url");
  };
  size_t scheme_end = u.find("://");
  if (scheme_end == std::string::npos) return invalid("it needs http:// or https://");
  std::string scheme = u.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return invalid("only http and https are allowed");
  std::string rest = u.substr(scheme_end + 3);
  if (rest.empty() || rest[0] == '/' || rest[0] == ':') return invalid("it has no host");
  if (rest.find_first_of("?#@ \t\r\n\"<>\\") != std::string::npos) {
    return invalid("no query, fragment, user name or spaces are allowed");
  }
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u;
}

std::string OpenApiWithServer(std::string_view document, const std::string& public_url) {
  rapidjson::Document doc;
  doc.Parse(document.data(), document.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("servers") ||
      !doc["servers"].IsArray() || doc["servers"].Empty() || !doc["servers"][0].IsObject()) {
    return std::string(document);
  }
  rapidjson::Value& server = doc["servers"][0];
  rapidjson::Value url(public_url.c_str(), static_cast<rapidjson::SizeType>(public_url.size()),
                       doc.GetAllocator());
  if (server.HasMember("url")) {
    server["url"] = url;
  } else {
    server.AddMember("url", url, doc.GetAllocator());
  }
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  doc.Accept(writer);
  return out.GetString();
}

}  // namespace ch
