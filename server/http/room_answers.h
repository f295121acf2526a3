// room_answers.h: the answers the waiting room (connection_limits.h) sends itself, without a
// worker: 408 request_timeout, 503 overloaded, and the refusals of request_framing.h (400, 413,
// 431, 501). The routes' JSON error body (docs/api.md, "Errors"), Connection: close, and the
// routes' CORS headers (cors_policy.h) when the request's head, as far as it arrived, asks for an
// API path from an allowed Origin: a script on another origin can then read a 503's Retry-After
// and back off, instead of seeing a network error.
//
//   std::string bytes = RoomAnswerBytes({503, "overloaded", "...", 1}, conn.buffer, origins);
//
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ch {

struct RoomAnswer {
  int status = 0;
  std::string code;     // the API's error code
  std::string message;  // in plain words; written as JSON (escaped)
  int retry_after = 0;  // seconds; 0: no Retry-After
};

// The whole HTTP/1.1 response. `request_head` holds the bytes of the request read so far ("" when
// none arrived); `cors_origins` is --cors-origin's list.
std::string RoomAnswerBytes(const RoomAnswer& answer, std::string_view request_head,
                            const std::vector<std::string>& cors_origins);

}  // namespace ch
