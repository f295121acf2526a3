#include "server/services/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <rapidjson/document.h>
#include <sys/stat.h>

#include <ctime>
#include <filesystem>

#include "base/file_util.h"
#include "base/hash.h"
#include "base/json_writer.h"

namespace ch {
namespace {

constexpr char kSecretPrefix[] = "chk_";

std::string NowRfc3339() {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string Base64Url(const unsigned char* data, size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      out += kAlphabet[(buffer >> (bits - 6)) & 0x3f];
      bits -= 6;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
  return out;
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string FileSignature(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

ApiKeyStore::ApiKeyStore(std::string data_dir)
    : path_((std::filesystem::path(data_dir) / "curator-keys.json").string()) {}

Status ApiKeyStore::LoadIfChanged() {
  std::string signature = FileSignature(path_);
  if (signature == loaded_signature_) return Status::Ok();
  entries_.clear();
  loaded_signature_ = signature;
  if (signature.empty()) return Status::Ok();  // no file: no keys
  CH_ASSIGN_OR_RETURN(std::string text, ReadFile(path_, 16 << 20));
  rapidjson::Document doc;
  doc.Parse(text.c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("keys") || !doc["keys"].IsArray()) {
    loaded_signature_.clear();
    return Status::Corruption(path_ + " is not a key file written by clearinghouse-server");
  }
  for (const auto& k : doc["keys"].GetArray()) {
    if (!k.IsObject() || !k.HasMember("name") || !k.HasMember("sha256") || !k["name"].IsString() ||
        !k["sha256"].IsString()) {
      loaded_signature_.clear();
      return Status::Corruption(path_ + " has a key entry without name or sha256");
    }
    Entry e;
    e.info.name = k["name"].GetString();
    e.hash = k["sha256"].GetString();
    if (k.HasMember("created") && k["created"].IsString())
      e.info.created = k["created"].GetString();
    if (k.HasMember("revoked") && k["revoked"].IsString())
      e.info.revoked = k["revoked"].GetString();
    entries_.push_back(std::move(e));
  }
  return Status::Ok();
}

Status ApiKeyStore::Save() {
  JsonWriter w;
  w.StartObject();
  w.Key("keys");
  w.StartArray();
  for (const auto& e : entries_) {
    w.StartObject();
    w.Field("name", e.info.name);
    w.Field("sha256", e.hash);
    w.Field("created", e.info.created);
    if (!e.info.revoked.empty()) w.Field("revoked", e.info.revoked);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  CH_RETURN_IF_ERROR(WriteFileAtomic(path_, w.Take() + "\n"));
  ::chmod(path_.c_str(), 0600);
  loaded_signature_ = FileSignature(path_);
  return Status::Ok();
}

Result<std::string> ApiKeyStore::Create(const std::string& name) {
  if (!ValidName(name)) {
    return Status::InvalidArgument(
               "a key name is 1-64 characters of letters, digits, '.', '_' "
               "and '-'")
        .WithField("name");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  CH_RETURN_IF_ERROR(LoadIfChanged());
  for (const auto& e : entries_) {
    if (e.info.name == name) {
      return Status::AlreadyExists("a key named '" + name + "' already exists" +
                                   (e.info.revoked.empty() ? "" : " (revoked); pick another name"));
    }
  }
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) return Status::Internal("no random bytes");
  std::string secret = kSecretPrefix + Base64Url(random, sizeof random);
  entries_.push_back(Entry{{name, NowRfc3339(), ""}, Sha256Hex(secret)});
  CH_RETURN_IF_ERROR(Save());
  return secret;
}

Status ApiKeyStore::Revoke(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  CH_RETURN_IF_ERROR(LoadIfChanged());
  for (auto& e : entries_) {
    if (e.info.name != name) continue;
    if (!e.info.revoked.empty())
      return Status::FailedPrecondition("key '" + name + "' is already revoked");
    e.info.revoked = NowRfc3339();
    return Save();
  }
  return Status::NotFound("no key named '" + name + "'");
}

Result<std::vector<ApiKeyInfo>> ApiKeyStore::List() {
  std::lock_guard<std::mutex> lock(mutex_);
  CH_RETURN_IF_ERROR(LoadIfChanged());
  std::vector<ApiKeyInfo> out;
  for (const auto& e : entries_) out.push_back(e.info);
  return out;
}

Result<std::string> ApiKeyStore::Authenticate(const std::string& secret) {
  std::lock_guard<std::mutex> lock(mutex_);
  Status loaded = LoadIfChanged();
  if (!loaded.ok()) return loaded;
  if (entries_.empty()) {
    return Status::PermissionDenied(
        "no curator keys exist yet; create one with: clearinghouse-server keys create NAME "
        "--data DATA_DIR");
  }
  if (secret.empty()) {
    return Status::Unauthenticated("curator routes need 'Authorization: Bearer KEY'");
  }
  const std::string hash = Sha256Hex(secret);
  const Entry* match = nullptr;
  for (const auto& e : entries_) {
    // Compare with every key, active or not, so that the time taken does not depend on which.
    bool equal =
        e.hash.size() == hash.size() && CRYPTO_memcmp(e.hash.data(), hash.data(), hash.size()) == 0;
    if (equal && e.info.revoked.empty()) match = &e;
  }
  if (!match) return Status::Unauthenticated("the key is unknown or has been revoked");
  return match->info.name;
}

}  // namespace ch
