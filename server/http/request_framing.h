// request_framing.h: where one HTTP/1.1 request ends in the bytes read so far.
//
// The waiting room (connection_limits.h) reads requests without a worker and hands a request to
// one only when it is complete. This file decides "complete": the header block ends at the first
// empty line; a Content-Length body of at most `max_body` bytes is read too, and so is a body
// sent with `Transfer-Encoding: chunked` up to its last chunk and trailers, with at most
// `max_body` bytes of data. Another Transfer-Encoding, a larger body, an unreadable
// Content-Length or chunks the room cannot frame are left to the worker (httplib reads them
// under the same deadline, or answers 400/413).
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
    kNeedMore,       // keep reading
    kComplete,       // [0, size) is a whole request (headers and any body)
    kHeadersOnly,    // headers complete at header_size; the worker reads the body itself
    kHeaderTooLarge  // no end of headers within max_header: answer 431
  };
  State state = kNeedMore;
  size_t header_size = 0;  // bytes up to and including the empty line
  size_t size = 0;         // kComplete: the whole request
};

RequestFrame FrameRequest(std::string_view buffer, FramingLimits limits);

// Removes empty lines before a request line (RFC 9112 2.2 lets a server ignore them; httplib
// would answer 400). Returns how many bytes were removed.
size_t DropLeadingEmptyLines(std::string& buffer);

// The value of header `name` (case-insensitive) in a header block, or "" when absent. `count`
// receives how many times the header appears.
std::string HeaderValue(std::string_view header_block, std::string_view name, int* count = nullptr);

}  // namespace ch
