#include "indexer/manifest_stream.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "base/file_util.h"

namespace ch {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + ": " + std::strerror(errno));
}

// Header, then the body file's bytes, into `out`; flushed and fsynced.
Status WriteManifest(std::FILE* out, const std::string& out_path, const std::string& header,
                     const std::string& body_path) {
  if (std::fwrite(header.data(), 1, header.size(), out) != header.size()) {
    return ErrnoStatus("cannot write", out_path);
  }
  std::FILE* body = std::fopen(body_path.c_str(), "rb");
  if (!body) return ErrnoStatus("cannot open", body_path);
  std::vector<char> buffer(1 << 20);
  size_t n = 0;
  bool ok = true;
  while (ok && (n = std::fread(buffer.data(), 1, buffer.size(), body)) > 0) {
    ok = std::fwrite(buffer.data(), 1, n, out) == n;
  }
  const bool read_ok = !std::ferror(body);
  std::fclose(body);
  if (!read_ok) return ErrnoStatus("cannot read", body_path);
  if (!ok || std::fflush(out) != 0) return ErrnoStatus("cannot write", out_path);
  if (::fsync(::fileno(out)) != 0) return ErrnoStatus("cannot fsync", out_path);
  return Status::Ok();
}

}  // namespace

ManifestStream::ManifestStream(std::string body_path) : body_path_(std::move(body_path)) {
  body_ = std::fopen(body_path_.c_str(), "wb");
  failed_ = body_ == nullptr;
}

ManifestStream::~ManifestStream() {
  Close();
  std::remove(body_path_.c_str());
}

void ManifestStream::Close() {
  if (body_ && std::fclose(body_) != 0) failed_ = true;
  body_ = nullptr;
}

void ManifestStream::Add(std::string_view path, const ManifestEntry& entry) {
  if (!body_) return;
  line_.clear();
  CorpusManifest::AppendEntryLine(path, entry, &line_);
  if (std::fwrite(line_.data(), 1, line_.size(), body_) != line_.size()) failed_ = true;
  ++entries_;
}

Status ManifestStream::Finish(const std::string& path, uint64_t build, uint64_t generation,
                              int64_t recorded_at_ns) {
  Close();
  if (failed_) {
    std::remove(body_path_.c_str());
    return Status::IOError("cannot write " + body_path_ + "; the corpus manifest was not written");
  }
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp-" +
                                                   std::to_string(::getpid())))
                              .string();
  std::FILE* out = std::fopen(tmp.c_str(), "wb");
  Status written =
      out ? WriteManifest(out, tmp, CorpusManifest::HeaderText(build, generation, recorded_at_ns),
                          body_path_)
          : ErrnoStatus("cannot create", tmp);
  if (out && std::fclose(out) != 0 && written.ok()) written = ErrnoStatus("cannot close", tmp);
  std::remove(body_path_.c_str());
  if (written.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    written = ErrnoStatus("cannot rename into", path);
  }
  if (!written.ok()) {
    std::remove(tmp.c_str());
    return written;
  }
  return SyncDirectory(target.parent_path().string());
}

}  // namespace ch
