#include "server/http/room_answers.h"

#include "base/json_writer.h"
#include "server/http/cors_policy.h"
#include "server/http/request_framing.h"

namespace ch {
namespace {

const char* ReasonPhrase(int status) {
  switch (status) {
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Bad Request";
  }
}

// The CORS headers for the request whose first bytes are `head`, or "".
std::string CorsHeaders(std::string_view head, const std::vector<std::string>& cors_origins) {
  if (cors_origins.empty()) return "";
  const size_t line_end = head.find('\n');
  if (line_end == std::string_view::npos) return "";  // no whole request line: no path known
  const std::string_view line = head.substr(0, line_end);
  const size_t path_start = line.find(' ');
  if (path_start == std::string_view::npos) return "";
  const size_t path_end = line.find_first_of(" ?", path_start + 1);
  const std::string_view path = line.substr(path_start + 1, path_end == std::string_view::npos
                                                                ? std::string_view::npos
                                                                : path_end - path_start - 1);
  const size_t block_end = head.find("\r\n\r\n");
  const std::string origin =
      HeaderValue(head.substr(0, block_end == std::string_view::npos ? head.size() : block_end),
                  "Origin");
  const std::string allowed = AllowedOrigin(cors_origins, path, origin);
  if (allowed.empty()) return "";
  std::string headers = "Access-Control-Allow-Origin: " + allowed + "\r\n";
  if (allowed != "*") headers += "Vary: Origin\r\n";
  return headers + "Access-Control-Expose-Headers: " + kCorsExposedHeaders + "\r\n";
}

}  // namespace

std::string RoomAnswerBytes(const RoomAnswer& answer, std::string_view request_head,
                            const std::vector<std::string>& cors_origins) {
  JsonWriter w;
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Field("code", answer.code);
  w.Field("message", answer.message);
  w.EndObject();
  w.EndObject();
  const std::string body = w.Take();
  std::string head = "HTTP/1.1 " + std::to_string(answer.status) + " " +
                     ReasonPhrase(answer.status) +
                     "\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) +
                     "\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n";
  if (answer.retry_after > 0) head += "Retry-After: " + std::to_string(answer.retry_after) + "\r\n";
  head += CorsHeaders(request_head, cors_origins);
  return head + "\r\n" + body;
}

}  // namespace ch
