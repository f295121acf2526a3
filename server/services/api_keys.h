// api_keys.h: curator API keys, stored only as hashes.
//
// A key's secret is "chk_" + 43 base64url characters (32 random bytes from OpenSSL's RAND_bytes).
// It is shown once, when created; the key file (DATA_DIR/curator-keys.json, written atomically)
// keeps only the name, the SHA-256 of the secret, and the creation and revocation times.
// Authenticate hashes the presented secret and compares it with every active key's hash in
// constant time (CRYPTO_memcmp), so timing reveals neither which key nor how much matched. The
// server re-reads the file when it changes on disk, so `keys create` and `keys revoke` take effect
// without a restart.
//
// Errors: Authenticate -> Unauthenticated (missing, unknown or revoked key), PermissionDenied
// (no keys exist at all: the message says how to create one). Create -> AlreadyExists,
// InvalidArgument (bad name). Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"

namespace ch {

struct ApiKeyInfo {
  std::string name;
  std::string created;  // RFC 3339 UTC
  std::string revoked;  // "" while active
};

class ApiKeyStore {
 public:
  explicit ApiKeyStore(std::string data_dir);

  // Returns the new secret. Names are 1-64 characters of [A-Za-z0-9._-].
  Result<std::string> Create(const std::string& name);
  Status Revoke(const std::string& name);
  Result<std::vector<ApiKeyInfo>> List();
  // The name of the key whose secret this is.
  Result<std::string> Authenticate(const std::string& secret);
  const std::string& path() const { return path_; }

 private:
  struct Entry {
    ApiKeyInfo info;
    std::string hash;  // hex SHA-256 of the secret
  };
  Status LoadIfChanged();  // with mutex_ held
  Status Save();           // with mutex_ held

  std::string path_;
  std::mutex mutex_;
  std::vector<Entry> entries_;
  std::string loaded_signature_;  // stat of the file when last read
};

}  // namespace ch
