// utf8.h: UTF-8 validation with the position of the first bad byte.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ch {

// Returns the byte offset of the first invalid sequence, or npos when `s` is valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
size_t FindInvalidUtf8(std::string_view s);

// `s` with every invalid sequence (each byte that does not start a valid one) replaced by U+FFFD,
// so that whatever is echoed into a response is valid UTF-8. Valid input comes back unchanged.
std::string ToValidUtf8(std::string_view s);

// Number of code points in valid UTF-8 (bytes that are not continuation bytes).
size_t Utf8Length(std::string_view s);

}  // namespace ch
