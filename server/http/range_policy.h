// range_policy.h: which byte ranges the server answers, and how.
//
// httplib 0.11.4 answers every Range header itself: any number of ranges becomes a multipart body
// built in memory (2,000 "0-" ranges turned 6 KB of request into 292 MB of response), a range on
// a handler's body gets status 200 with Content-Range, and an invalid header gets 416. So httplib
// never sees a Range header here:
//   - SetAsideRangeHeader (run by the waiting room on the raw request) renames every `Range`
//     header to `X-Ch-Client-Range` and drops any `X-Ch-Client-Range` the client sent itself;
//   - API responses ignore it (a full 200);
//   - static files (static_files.h) ask DecideRange: one satisfiable range gets 206 with
//     Content-Range; one unsatisfiable range gets 416 with `Content-Range: bytes */LENGTH`;
//     several ranges, an invalid header or an If-Range get the full 200 (RFC 9110 14.2 lets a
//     server ignore Range).
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ch {

// The request header that carries the client's Range to the handlers.
inline constexpr const char* kClientRangeHeader = "X-Ch-Client-Range";

// Rewrites the header block `buffer[0, header_size)` in place as described above; returns the new
// header size.
size_t SetAsideRangeHeader(std::string& buffer, size_t header_size);

struct ByteRange {
  size_t offset = 0;
  size_t length = 0;
};

enum class RangeDecision { kFull, kPartial, kUnsatisfiable };

// For a Range header value and a body of `content_length` bytes. kPartial fills `range`.
RangeDecision DecideRange(std::string_view header, size_t content_length, ByteRange* range);

// "bytes 0-9/100" for kPartial, "bytes */100" for kUnsatisfiable.
std::string ContentRangeValue(RangeDecision decision, const ByteRange& range,
                              size_t content_length);

}  // namespace ch
