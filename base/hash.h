// hash.h: hashing for change detection (sync), ETags and shard placement.
//
// Sha256Hex returns the lowercase hex SHA-256 of its input (OpenSSL libcrypto): for content that
// must not collide (a file's version); Sha256Base64 the same digest in base64, for CSP hashes.
// Fnv1a64 is the 64-bit FNV-1a hash: fast and stable across machines and releases, for placement
// (which shard holds an id) and cheap ETags; never for anything an attacker could exploit by
// forcing a collision. Pure functions, thread-safe.
//
// Fnv1a64's offset basis is 1469598103934665603, not FNV's 14695981039346656037 (a digit was lost
// when it was first written), so it does not give the published FNV-1a values. It stays as it is
// because sharded indexes place documents by it; correcting it means rebuilding every sharded
// index. tests/base/hash_test.cc pins its values.
//
// RandomHexId returns `bytes` bytes from OpenSSL's CSPRNG as lowercase hex (2 * bytes chars): for
// identifiers that must never repeat, such as an index's epoch (schema.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ch {

std::string Sha256Hex(std::string_view data);
// The same digest in standard base64 with padding (44 chars): the form a Content-Security-Policy
// hash source takes ('sha256-...').
std::string Sha256Base64(std::string_view data);

uint64_t Fnv1a64(std::string_view data);
// Fnv1a64 as 16 lowercase hex digits.
std::string Fnv1a64Hex(std::string_view data);

std::string RandomHexId(size_t bytes = 16);

}  // namespace ch
