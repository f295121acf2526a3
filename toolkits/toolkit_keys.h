// toolkit_keys.h: toolkit ids and edit keys.
//
// A toolkit id is 12 characters of base64url ([A-Za-z0-9_-]) encoding 9 bytes (72 bits) from
// OpenSSL's RAND_bytes: short enough for a URL, too many to guess or enumerate. An edit key is
// 32 random bytes in base64url without padding (43 characters). It is shown to the creator once;
// the store keeps only HashEditKey(key), the lowercase hex SHA-256 of the key's characters, and
// EditKeyMatches compares hashes in constant time (CRYPTO_memcmp).
//
//   Result<std::string> id = NewToolkitId();
//   Result<std::string> key = NewEditKey();
//   store.Create(toolkit, HashEditKey(*key));
//   ...
//   if (!EditKeyMatches(presented_key, stored_hash)) return Status::PermissionDenied(...);
//
// Errors: Internal when the random generator fails. Thread-safe (OpenSSL 3's RAND is).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace ch {

inline constexpr size_t kToolkitIdLength = 12;
inline constexpr size_t kEditKeyLength = 43;

Result<std::string> NewToolkitId();
Result<std::string> NewEditKey();
std::string HashEditKey(std::string_view edit_key);
// True when SHA-256(presented) equals `stored_hash`; timing does not depend on where they differ.
bool EditKeyMatches(std::string_view presented, std::string_view stored_hash);
// True for strings shaped like NewToolkitId's output (cheap rejection of junk in URLs).
bool LooksLikeToolkitId(std::string_view id);
// Unpadded base64url of `bytes` (RFC 4648 section 5).
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace ch
