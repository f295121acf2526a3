#include "server/http/range_policy.h"

#include <cctype>
#include <charconv>

namespace ch {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// A non-empty run of digits, as a size_t (false on overflow).
bool ParseNumber(std::string_view s, size_t* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

size_t SetAsideRangeHeader(std::string& buffer, size_t header_size) {
  std::string block;
  block.reserve(header_size + 16);
  size_t pos = 0;
  bool first = true;
  while (pos < header_size) {
    size_t end = buffer.find('\n', pos);
    if (end == std::string::npos || end >= header_size) end = header_size - 1;
    std::string_view line(buffer.data() + pos, end + 1 - pos);
    pos = end + 1;
    if (!first && StartsWithNoCase(line, std::string(kClientRangeHeader) + ":")) continue;
    if (!first && StartsWithNoCase(line, "range:")) {
      block += kClientRangeHeader;
      block.append(line.substr(5));
      continue;
    }
    first = false;
    block.append(line);
  }
  buffer.replace(0, header_size, block);
  return block.size();
}

RangeDecision DecideRange(std::string_view header, size_t content_length, ByteRange* range) {
  header = Trim(header);
  if (!StartsWithNoCase(header, "bytes=")) return RangeDecision::kFull;
  std::string_view spec = Trim(header.substr(6));
  if (spec.find(',') != std::string_view::npos) return RangeDecision::kFull;  // several
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeDecision::kFull;
  std::string_view first_text = Trim(spec.substr(0, dash));
  std::string_view last_text = Trim(spec.substr(dash + 1));
  size_t first = 0, last = 0;
  if (first_text.empty()) {  // suffix: the last N bytes
    if (!ParseNumber(last_text, &last)) return RangeDecision::kFull;
    if (last == 0 || content_length == 0) return RangeDecision::kUnsatisfiable;
    size_t n = last < content_length ? last : content_length;
    *range = {content_length - n, n};
    return RangeDecision::kPartial;
  }
  if (!ParseNumber(first_text, &first)) return RangeDecision::kFull;
  if (last_text.empty()) {
    last = content_length == 0 ? 0 : content_length - 1;
  } else if (!ParseNumber(last_text, &last) || last < first) {
    return RangeDecision::kFull;  // invalid: ignored
  }
  if (first >= content_length) return RangeDecision::kUnsatisfiable;
  if (last >= content_length) last = content_length - 1;
  *range = {first, last - first + 1};
  return RangeDecision::kPartial;
}

std::string ContentRangeValue(RangeDecision decision, const ByteRange& range,
                              size_t content_length) {
  if (decision == RangeDecision::kPartial) {
    return "bytes " + std::to_string(range.offset) + "-" +
           std::to_string(range.offset + range.length - 1) + "/" + std::to_string(content_length);
  }
  return "bytes */" + std::to_string(content_length);
}

}  // namespace ch
