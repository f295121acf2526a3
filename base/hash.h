// hash.h: hashing for change detection (sync), ETags and shard placement.
//
// Sha256Hex returns the lowercase hex SHA-256 of its input (OpenSSL libcrypto): for content that
// must not collide (a file's version). Fnv1a64 is the 64-bit FNV-1a hash: fast and stable across
// machines and releases, for placement (which shard holds an id) and cheap ETags; never for
// anything an attacker could exploit by forcing a collision. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ch {

std::string Sha256Hex(std::string_view data);

uint64_t Fnv1a64(std::string_view data);
// Fnv1a64 as 16 lowercase hex digits.
std::string Fnv1a64Hex(std::string_view data);

}  // namespace ch
