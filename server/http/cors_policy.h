// cors_policy.h: which scripts on other origins may read an answer (--cors-origin), by one rule
// for the routes' answers (http_server.cc) and the waiting room's own (room_answers.h).
//
//   AllowedOrigin({"https://app.example.org"}, "/api/v1/search", "https://app.example.org")
//     -> "https://app.example.org"
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ch {

// The headers a script on an allowed origin may read: the version, the missing shards of a
// partial answer, and how long to wait after a 429 or 503.
inline constexpr char kCorsExposedHeaders[] = "ETag, X-Missing-Shards, Retry-After";

// Whether `path` is the API's (the /api/ routes and the Atom feed): only those answer scripts on
// other origins.
bool IsApiPath(std::string_view path);

// The Access-Control-Allow-Origin value for a request from `origin` to `path`: "*" when `allowed`
// holds "*", the origin itself when `allowed` names it (the answer then varies by Origin), else
// "" (no CORS headers: the browser keeps the answer from the script).
std::string AllowedOrigin(const std::vector<std::string>& allowed, std::string_view path,
                          std::string_view origin);

}  // namespace ch
