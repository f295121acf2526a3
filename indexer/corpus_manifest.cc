#include "indexer/corpus_manifest.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <string_view>
#include <vector>

#include "base/file_util.h"

namespace ch {
namespace {

constexpr char kMagic[] = "clearinghouse-corpus-manifest 1";
constexpr char kFileName[] = "corpus-manifest";

int64_t Nanos(const struct timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

// Paths may hold any byte but these four, which the format uses.
std::string Escape(std::string_view path) {
  std::string out;
  for (char c : path) {
    if (c == '%' || c == '\t' || c == '\n' || c == '\r') {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

bool Unescape(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      *out += in[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= in.size() ||
        std::from_chars(in.data() + i + 1, in.data() + i + 3, value, 16).ptr != in.data() + i + 3) {
      return false;
    }
    *out += static_cast<char>(value);
    i += 2;
  }
  return true;
}

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  auto [ptr, err] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return err == std::errc() && ptr == text.data() + text.size();
}

std::vector<std::string_view> Split(std::string_view line, char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = line.find(separator, start);
    out.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

bool ParseHeader(std::string_view line, std::string_view key, int64_t* value) {
  if (line.substr(0, key.size()) != key || line.size() <= key.size() + 1) return false;
  return ParseNumber(line.substr(key.size() + 1), value);
}

bool ParseEntry(std::string_view line, std::string* path, ManifestEntry* e) {
  std::vector<std::string_view> f = Split(line, '\t');
  if (f.size() != 7 || !Unescape(f[0], path)) return false;
  if (!ParseNumber(f[1], &e->stat.size) || !ParseNumber(f[2], &e->stat.mtime_ns) ||
      !ParseNumber(f[3], &e->stat.ctime_ns)) {
    return false;
  }
  e->file_hash = f[4];
  e->id = f[5];
  e->indexed_hash = f[6];
  return true;
}

}  // namespace

Result<FileStat> StatFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound(path + " does not exist");
    return Status::IOError("cannot stat " + path + ": " + std::strerror(errno));
  }
  return FileStat{static_cast<int64_t>(st.st_size), Nanos(st.st_mtim), Nanos(st.st_ctim)};
}

int64_t WallClockNanos() {
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  return Nanos(now);
}

std::string CorpusManifest::PathFor(const std::string& db_dir) {
  return (std::filesystem::path(db_dir) / kFileName).string();
}

Result<CorpusManifest> CorpusManifest::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(path + " does not exist");
  CH_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::vector<std::string_view> lines = Split(text, '\n');
  CorpusManifest m;
  int64_t build = 0, generation = 0;
  if (lines.size() < 5 || lines[0] != kMagic || !ParseHeader(lines[1], "build", &build) ||
      !ParseHeader(lines[2], "generation", &generation) ||
      !ParseHeader(lines[3], "recorded_at", &m.recorded_at_ns_)) {
    return Status::Corruption(path + ": not a corpus manifest (bad header)");
  }
  m.Stamp(static_cast<uint64_t>(build), static_cast<uint64_t>(generation));
  for (size_t i = 4; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::string entry_path;
    ManifestEntry entry;
    if (!ParseEntry(lines[i], &entry_path, &entry)) {
      return Status::Corruption(path + ":" + std::to_string(i + 1) + ": malformed entry");
    }
    if (!entry.id.empty()) m.path_of_id_[entry.id] = entry_path;
    m.entries_.emplace(std::move(entry_path), std::move(entry));
  }
  return m;
}

std::string CorpusManifest::HeaderText(uint64_t build, uint64_t generation,
                                       int64_t recorded_at_ns) {
  return std::string(kMagic) + "\nbuild " + std::to_string(build) + "\ngeneration " +
         std::to_string(generation) + "\nrecorded_at " + std::to_string(recorded_at_ns) + "\n";
}

void CorpusManifest::AppendEntryLine(std::string_view path, const ManifestEntry& e,
                                     std::string* out) {
  if (e.id.empty() && e.file_hash.empty()) return;
  *out += Escape(path);
  for (int64_t n : {e.stat.size, e.stat.mtime_ns, e.stat.ctime_ns}) {
    *out += '\t';
    *out += std::to_string(n);
  }
  for (const std::string* field : {&e.file_hash, &e.id, &e.indexed_hash}) {
    *out += '\t';
    *out += *field;
  }
  *out += '\n';
}

Status CorpusManifest::Save(const std::string& path) const {
  std::string out = HeaderText(build_, generation_, recorded_at_ns_);
  out.reserve(out.size() + entries_.size() * 200);
  for (const auto& [p, e] : entries_) AppendEntryLine(p, e, &out);
  return WriteFileAtomic(path, out);
}

const std::string* CorpusManifest::TrustedHash(const std::string& path, const FileStat& now,
                                               std::chrono::nanoseconds racy_window) const {
  const ManifestEntry* e = Find(path);
  if (!e || !now.known() || e->file_hash.empty() || !(e->stat == now)) return nullptr;
  const int64_t settled_before = recorded_at_ns_ - racy_window.count();
  if (now.mtime_ns >= settled_before || now.ctime_ns >= settled_before) return nullptr;
  return &e->file_hash;
}

const ManifestEntry* CorpusManifest::Find(const std::string& path) const {
  auto it = entries_.find(path);
  return it == entries_.end() ? nullptr : &it->second;
}

void CorpusManifest::SetFile(const std::string& path, const FileStat& stat,
                             const std::string& file_hash) {
  ManifestEntry& e = entries_[path];
  e.stat = stat;
  e.file_hash = file_hash;
}

void CorpusManifest::SetIndexed(const std::string& path, const std::string& id,
                                const std::string& hash) {
  RemoveId(id);
  ManifestEntry& e = entries_[path];
  if (!e.id.empty() && e.id != id) path_of_id_.erase(e.id);
  e.id = id;
  e.indexed_hash = hash;
  path_of_id_[id] = path;
}

void CorpusManifest::ClearIndexSide() {
  for (auto& [path, e] : entries_) {
    e.id.clear();
    e.indexed_hash.clear();
  }
  path_of_id_.clear();
}

void CorpusManifest::RemoveId(const std::string& id) {
  auto it = path_of_id_.find(id);
  if (it == path_of_id_.end()) return;
  auto entry = entries_.find(it->second);
  if (entry != entries_.end() && entry->second.id == id) {
    entry->second.id.clear();
    entry->second.indexed_hash.clear();
  }
  path_of_id_.erase(it);
}

bool CorpusManifest::KeepFilesOnly(const std::unordered_set<std::string>& paths) {
  bool changed = false;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (paths.count(it->first)) {
      ++it;
      continue;
    }
    changed = true;
    if (it->second.id.empty()) {
      it = entries_.erase(it);
    } else {
      it->second.stat = FileStat{};
      it->second.file_hash.clear();
      ++it;
    }
  }
  return changed;
}

void CorpusManifest::Erase(const std::string& path) {
  auto it = entries_.find(path);
  if (it == entries_.end()) return;
  if (!it->second.id.empty()) path_of_id_.erase(it->second.id);
  entries_.erase(it);
}

}  // namespace ch
