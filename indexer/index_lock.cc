#include "indexer/index_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ch {

Result<IndexLock> IndexLock::Acquire(const std::string& db_dir, const std::string& holder) {
  std::error_code ec;
  std::filesystem::create_directories(db_dir, ec);
  if (ec) return Status::IOError("cannot create index folder " + db_dir + ": " + ec.message());
  std::string path = (std::filesystem::path(db_dir) / "writer.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char buffer[512] = {0};
    ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    ::close(fd);
    std::string who = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "another process";
    while (!who.empty() && (who.back() == '\n' || who.back() == ' ')) who.pop_back();
    return Status::Unavailable("the index at " + db_dir + " is being written by " + who +
                               "; stop it or send the change through it");
  }
  std::string text = holder + " pid " + std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) < 0) {
    // The lock itself is held; a missing description only makes messages vaguer.
  }
  return IndexLock(fd);
}

IndexLock& IndexLock::operator=(IndexLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace ch
