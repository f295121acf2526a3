#include "server/http/request_encoding.h"

#include "base/utf8.h"
#include "server/http/api_error.h"
#include "server/http/query_string.h"

namespace ch {
namespace {

std::string AtByte(size_t offset) {
  return " is not valid UTF-8 (byte " + std::to_string(offset) + ")";
}

}  // namespace

std::optional<std::string> InvalidEncodingInTarget(const httplib::Request& req) {
  if (size_t bad = FindInvalidUtf8(req.path); bad != std::string::npos) {
    return "the request path" + AtByte(bad);
  }
  QueryParams params = QueryParams::FromTarget(req.target);
  for (const auto& [name, value] : params.values()) {
    if (size_t bad = FindInvalidUtf8(name); bad != std::string::npos) {
      return "a query parameter's name" + AtByte(bad);
    }
    if (size_t bad = FindInvalidUtf8(value); bad != std::string::npos) {
      return "the value of parameter '" + name + "'" + AtByte(bad);
    }
  }
  return std::nullopt;
}

std::optional<std::string> InvalidEncodingInBody(const httplib::Request& req) {
  if (size_t bad = FindInvalidUtf8(req.body); bad != std::string::npos) {
    return "the request body" + AtByte(bad);
  }
  return std::nullopt;
}

void WriteInvalidEncoding(httplib::Response& res, const std::string& what) {
  WriteError(res, 400, "invalid_encoding", what + "; send text as UTF-8 (percent-encoded in URLs)");
  res.set_header("Cache-Control", "no-store");
}

}  // namespace ch
