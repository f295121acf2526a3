#include "server/services/audit_log.h"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "base/file_util.h"
#include "base/json_writer.h"

namespace ch {

AuditLog::AuditLog(std::string data_dir)
    : path_((std::filesystem::path(data_dir) / "audit.log").string()) {}

void WriteAuditEntry(JsonWriter& w, const AuditEntry& e) {
  w.StartObject();
  w.Field("time", e.time);
  w.Field("key", e.key);
  w.Field("action", e.action);
  w.Field("id", e.id);
  w.Field("content_hash", e.content_hash);
  w.Field("result", e.result);
  w.Field("remote", e.remote);
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

Result<AuditPage> AuditLog::Read(size_t page, size_t per_page) {
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
    all.push_back({get(d, "time"), get(d, "key"), get(d, "action"), get(d, "id"),
                   get(d, "content_hash"), get(d, "result"), get(d, "remote")});
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
