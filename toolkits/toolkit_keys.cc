#include "toolkits/toolkit_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "base/hash.h"

namespace ch {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

Result<std::string> RandomBytes(size_t n) {
  std::string bytes(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(n)) != 1) {
    return Status::Internal("the random number generator failed (RAND_bytes)");
  }
  return bytes;
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t v = at(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (rest == 2) {
    uint32_t v = (at(i) << 16) | (at(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

Result<std::string> NewToolkitId() {
  CH_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(9));
  return Base64UrlEncode(bytes);
}

Result<std::string> NewEditKey() {
  CH_ASSIGN_OR_RETURN(std::string bytes, RandomBytes(32));
  return Base64UrlEncode(bytes);
}

std::string HashEditKey(std::string_view edit_key) { return Sha256Hex(edit_key); }

bool EditKeyMatches(std::string_view presented, std::string_view stored_hash) {
  std::string hash = HashEditKey(presented);
  if (hash.size() != stored_hash.size()) return false;
  return CRYPTO_memcmp(hash.data(), stored_hash.data(), hash.size()) == 0;
}

bool LooksLikeToolkitId(std::string_view id) {
  if (id.size() != kToolkitIdLength) return false;
  for (char c : id) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

}  // namespace ch
