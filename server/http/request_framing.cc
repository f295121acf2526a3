#include "server/http/request_framing.h"

#include <cctype>
#include <charconv>

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
    frame.state = buffer.size() > limits.max_header || end != std::string_view::npos
                      ? RequestFrame::kHeaderTooLarge
                      : RequestFrame::kNeedMore;
    return frame;
  }
  frame.header_size = end + sep;
  std::string_view block = buffer.substr(0, end);
  int lengths = 0;
  int encodings = 0;
  std::string length_text = HeaderValue(block, "Content-Length", &lengths);
  HeaderValue(block, "Transfer-Encoding", &encodings);
  if (encodings > 0 || lengths > 1) {
    frame.state = RequestFrame::kHeadersOnly;
    return frame;
  }
  size_t length = 0;
  if (lengths == 1) {
    auto [ptr, ec] =
        std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
    if (ec != std::errc() || ptr != length_text.data() + length_text.size() ||
        length > limits.max_body) {
      frame.state = RequestFrame::kHeadersOnly;
      return frame;
    }
  }
  if (buffer.size() < frame.header_size + length) return frame;  // kNeedMore
  frame.state = RequestFrame::kComplete;
  frame.size = frame.header_size + length;
  return frame;
}

}  // namespace ch
