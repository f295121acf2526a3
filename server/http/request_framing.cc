#include "server/http/request_framing.h"

#include <cctype>
#include <charconv>
#include <string>
#include <utility>

namespace ch {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

RequestFrame Refuse(RequestFrame frame, int status, const char* code, std::string message) {
  frame.state = RequestFrame::kRefused;
  frame.status = status;
  frame.code = code;
  frame.message = std::move(message);
  return frame;
}

RequestFrame TooLarge(RequestFrame frame, size_t max_body) {
  return Refuse(std::move(frame), 413, "too_large",
                "the request body is over the limit of " + std::to_string(max_body) + " bytes");
}

RequestFrame Unreadable(RequestFrame frame, const std::string& what) {
  return Refuse(std::move(frame), 400, "bad_request", "the request could not be read: " + what);
}

// Where a chunked body that starts at frame.header_size ends. Refused: a size line over 1 KiB, a
// chunk size that is not hex, chunk data not followed by CRLF (400); more than `max_body` bytes of
// data, or size lines and trailers past twice that (413).
RequestFrame FrameChunked(std::string_view buffer, RequestFrame frame, size_t max_body) {
  constexpr size_t kMaxSizeLine = 1024;
  const size_t max_bytes = frame.header_size + 2 * max_body + 16 * 1024;
  const auto long_line = [&] {
    return Unreadable(frame,
                      "a chunk size line is over " + std::to_string(kMaxSizeLine) + " bytes");
  };
  size_t pos = frame.header_size;
  size_t data = 0;
  for (;;) {
    if (pos > max_bytes) return TooLarge(frame, max_body);
    const size_t eol = buffer.find('\n', pos);
    if (eol == std::string_view::npos) {
      return buffer.size() - pos > kMaxSizeLine ? long_line() : frame;  // kNeedMore
    }
    std::string_view line = buffer.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.size() > kMaxSizeLine) return long_line();
    line = Trim(line.substr(0, line.find(';')));  // chunk extensions are ignored
    size_t size = 0;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (line.empty() || ec != std::errc() || ptr != line.data() + line.size()) {
      return Unreadable(frame, "a chunk size is not a hexadecimal number");
    }
    if (size == 0) break;
    if (size > max_body - data) return TooLarge(frame, max_body);
    data += size;
    if (buffer.size() < pos + size + 2) return frame;  // kNeedMore
    if (buffer.substr(pos + size, 2) != "\r\n") {
      return Unreadable(frame, "chunk data is not followed by CRLF");
    }
    pos += size + 2;
  }
  for (;;) {  // trailer lines, then an empty line
    if (pos > max_bytes) return TooLarge(frame, max_body);
    const size_t eol = buffer.find('\n', pos);
    if (eol == std::string_view::npos) {
      return buffer.size() > max_bytes ? TooLarge(frame, max_body) : frame;
    }
    std::string_view line = buffer.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line == "\r") break;
  }
  frame.state = RequestFrame::kComplete;
  frame.size = pos;
  return frame;
}

}  // namespace

std::string HeaderValue(std::string_view block, std::string_view name, int* count) {
  std::string value;
  int seen = 0;
  size_t pos = block.find('\n');  // skip the request line
  while (pos != std::string_view::npos && pos + 1 < block.size()) {
    size_t start = pos + 1;
    size_t end = block.find('\n', start);
    std::string_view line =
        block.substr(start, end == std::string_view::npos ? block.npos : end - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos && EqualsNoCase(line.substr(0, colon), name)) {
      if (seen++ == 0) value = std::string(Trim(line.substr(colon + 1)));
    }
    pos = end;
  }
  if (count) *count = seen;
  return value;
}

size_t DropLeadingEmptyLines(std::string& buffer) {
  size_t n = 0;
  while (n < buffer.size() && (buffer[n] == '\r' || buffer[n] == '\n')) ++n;
  buffer.erase(0, n);
  return n;
}

RequestFrame FrameRequest(std::string_view buffer, FramingLimits limits) {
  RequestFrame frame;
  size_t end = buffer.find("\r\n\r\n");
  size_t sep = 4;
  if (end == std::string_view::npos) {
    end = buffer.find("\n\n");  // httplib accepts bare LF line ends too
    sep = 2;
  }
  if (end == std::string_view::npos || end + sep > limits.max_header) {
    if (buffer.size() <= limits.max_header && end == std::string_view::npos) return frame;
    return Refuse(
        frame, 431, "headers_too_large",
        "the request line and headers are over " + std::to_string(limits.max_header) + " bytes");
  }
  frame.header_size = end + sep;
  std::string_view block = buffer.substr(0, end);
  int lengths = 0;
  int encodings = 0;
  std::string length_text = HeaderValue(block, "Content-Length", &lengths);
  const std::string encoding = HeaderValue(block, "Transfer-Encoding", &encodings);
  if (encodings > 0 && lengths > 0) {
    return Unreadable(frame, "it has both Content-Length and Transfer-Encoding");
  }
  if (encodings == 1 && EqualsNoCase(encoding, "chunked")) {
    return FrameChunked(buffer, frame, limits.max_body);
  }
  if (encodings > 0) {
    // The client's value is not repeated (docs/api.md: an error never echoes request bytes).
    return Refuse(frame, 501, "not_implemented",
                  "the only Transfer-Encoding supported is chunked: send the body with "
                  "Content-Length or Transfer-Encoding: chunked");
  }
  if (lengths > 1) return Unreadable(frame, "it has more than one Content-Length");
  size_t length = 0;
  if (lengths == 1) {
    auto [ptr, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (length_text.empty() || ec == std::errc::invalid_argument ||
        ptr != length_text.data() + length_text.size()) {
      return Unreadable(frame, "Content-Length is not a number of bytes");
    }
    if (ec != std::errc() || length > limits.max_body) return TooLarge(frame, limits.max_body);
  }
  if (buffer.size() < frame.header_size + length) return frame;  // kNeedMore
  frame.state = RequestFrame::kComplete;
  frame.size = frame.header_size + length;
  return frame;
}

}  // namespace ch
