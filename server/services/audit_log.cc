#include "server/services/audit_log.h"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <vector>

#include "base/file_util.h"
#include "base/json_writer.h"

namespace ch {

AuditLog::AuditLog(std::string data_dir, AuditVersionLimits limits)
    : path_((std::filesystem::path(data_dir) / "audit.log").string()),
      versions_dir_((std::filesystem::path(data_dir) / "audit-versions").string()),
      limits_(limits) {}

namespace {
bool IsSha256Hex(const std::string& hash) {
  return hash.size() == 64 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
}
}  // namespace

Status AuditLog::KeepVersion(const std::string& hash, const std::string& text) {
  namespace fs = std::filesystem;
  if (!IsSha256Hex(hash)) return Status::InvalidArgument("not a SHA-256: " + hash);
  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  fs::create_directories(versions_dir_, ec);
  const std::string path = (fs::path(versions_dir_) / (hash + ".md")).string();
  if (fs::exists(path, ec)) return Status::Ok();
  CH_RETURN_IF_ERROR(WriteFileAtomic(path, text));
  // Prune the oldest files beyond the limits.
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  uint64_t bytes = 0;
  for (fs::directory_iterator it(versions_dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".md") continue;
    files.emplace_back(it->last_write_time(ec), it->path());
    bytes += it->file_size(ec);
  }
  std::sort(files.begin(), files.end());
  for (size_t i = 0; i < files.size() &&
                     (files.size() - i > limits_.max_versions || bytes > limits_.max_version_bytes);
       ++i) {
    if (files[i].second == path) continue;
    uint64_t size = fs::file_size(files[i].second, ec);
    if (fs::remove(files[i].second, ec)) bytes -= std::min(bytes, size);
  }
  return Status::Ok();
}

Result<std::string> AuditLog::ReadVersion(const std::string& hash) {
  if (!IsSha256Hex(hash)) {
    return Status::InvalidArgument("a version is 64 lowercase hexadecimal digits")
        .WithField("hash");
  }
  const std::string path = (std::filesystem::path(versions_dir_) / (hash + ".md")).string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::NotFound("version " + hash.substr(0, 12) +
                            " is not kept (saved before versions were kept, or pruned)");
  }
  return ReadFile(path, 2u << 20);
}

void WriteAuditEntry(JsonWriter& w, const AuditEntry& e) {
  w.StartObject();
  w.Field("time", e.time);
  w.Field("key", e.key);
  w.Field("action", e.action);
  w.Field("id", e.id);
  w.Field("content_hash", e.content_hash);
  w.Field("result", e.result);
  w.Field("remote", e.remote);
  if (!e.previous_hash.empty()) w.Field("previous_hash", e.previous_hash);
  w.EndObject();
}

Status AuditLog::Append(AuditEntry e) {
  std::time_t now = std::time(nullptr);
  std::tm tm;
  gmtime_r(&now, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  e.time = when;
  JsonWriter w;
  WriteAuditEntry(w, e);
  std::string line = w.Take() + "\n";

  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) return Status::IOError("cannot open " + path_ + ": " + std::strerror(errno));
  // A crash can leave the last line without its newline: end it first, or this entry would join
  // that torn line and be skipped with it by Read().
  struct stat st;
  char last = '\n';
  if (::fstat(fd, &st) == 0 && st.st_size > 0 && ::pread(fd, &last, 1, st.st_size - 1) == 1 &&
      last != '\n') {
    line.insert(0, "\n");
  }
  ssize_t n = ::write(fd, line.data(), line.size());
  int sync = ::fdatasync(fd);
  ::close(fd);
  if (n != static_cast<ssize_t>(line.size()) || sync != 0) {
    return Status::IOError("cannot append to " + path_ + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Result<AuditPage> AuditLog::Read(size_t page, size_t per_page, const AuditFilter& filter) {
  std::string text;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!std::filesystem::exists(path_)) return AuditPage{};
    CH_ASSIGN_OR_RETURN(text, ReadFile(path_, 512u << 20));
  }
  std::vector<AuditEntry> all;
  std::istringstream lines(text);
  std::string line;
  auto get = [](const rapidjson::Document& d, const char* k) {
    return d.HasMember(k) && d[k].IsString() ? std::string(d[k].GetString()) : std::string();
  };
  while (std::getline(lines, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str());
    if (d.HasParseError() || !d.IsObject()) continue;
    AuditEntry e{get(d, "time"),   get(d, "key"),          get(d, "action"),
                 get(d, "id"),     get(d, "content_hash"), get(d, "result"),
                 get(d, "remote"), get(d, "previous_hash")};
    if (!filter.id.empty() && e.id != filter.id) continue;
    if (!filter.key.empty() && e.key != filter.key) continue;
    all.push_back(std::move(e));
  }
  AuditPage out;
  out.total = all.size();
  size_t skip = (page - 1) * per_page;
  for (size_t i = 0; i < per_page && skip + i < all.size(); ++i) {
    out.entries.push_back(all[all.size() - 1 - skip - i]);
  }
  return out;
}

}  // namespace ch
