// hash.h: content hashing for change detection (sync) and ETags.
//
// Sha256Hex returns the lowercase hex SHA-256 of its input (OpenSSL libcrypto). Pure function,
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace ch {

std::string Sha256Hex(std::string_view data);

}  // namespace ch
