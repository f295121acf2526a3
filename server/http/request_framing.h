// request_framing.h: where one HTTP/1.1 request ends in the bytes read so far.
//
// The waiting room (connection_limits.h) reads requests without a worker and hands a request to
// one only when it is complete. This file decides "complete": the header block ends at the first
// empty line; a Content-Length body of at most `max_body` bytes is read too, and so is a body
// sent with `Transfer-Encoding: chunked` up to its last chunk and trailers, with at most
// `max_body` bytes of data. Every other request is refused here, with the answer the room sends
// before it closes the connection, so that no worker ever reads a request body: headers over
// `max_header` (431), a body over `max_body` (413), an unreadable Content-Length or chunk framing
// (400), both a length and an encoding (400: the two could disagree on where the body ends), and a
// Transfer-Encoding other than chunked (501).
//
//   RequestFrame f = FrameRequest(buffer, {.max_header = 16384, .max_body = 1 << 20});
//   if (f.state == RequestFrame::kComplete) ... buffer[0, f.size) is one request
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ch {

struct FramingLimits {
  size_t max_header = 16 * 1024;
  size_t max_body = 1 << 20;
};

struct RequestFrame {
  enum State {
    kNeedMore,  // keep reading
    kComplete,  // [0, size) is a whole request (headers and any body)
    kRefused    // it cannot be read whole: answer `status` with `code` and `message`, then close
  };
  State state = kNeedMore;
  size_t header_size = 0;  // bytes up to and including the empty line
  size_t size = 0;         // kComplete: the whole request
  int status = 0;          // kRefused: 400, 413, 431 or 501
  std::string code;        // kRefused: the API's error code (docs/api.md, "Errors")
  std::string message;     // kRefused: what is wrong, in plain words
};

RequestFrame FrameRequest(std::string_view buffer, FramingLimits limits);

// Removes empty lines before a request line (RFC 9112 2.2 lets a server ignore them; httplib
// would answer 400). Returns how many bytes were removed.
size_t DropLeadingEmptyLines(std::string& buffer);

// The value of header `name` (case-insensitive) in a header block, or "" when absent. `count`
// receives how many times the header appears.
std::string HeaderValue(std::string_view header_block, std::string_view name, int* count = nullptr);

}  // namespace ch
