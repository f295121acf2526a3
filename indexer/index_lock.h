// index_lock.h: one writer per index folder, across processes.
//
// Xapian already refuses a second WritableDatabase on one database, but a rebuild writes a new
// build folder, so it would not collide with a server writing the live one, and the server's
// write would be lost at the switch. IndexLock is an flock(2) on DB_DIR/writer.lock held by every
// writer (the CLI's build, add, remove and sync, and the running server) for as long as it may
// write. The holder's description ("clearinghouse-server pid 1234") is written into the file so
// that the one refused can say who holds it. The kernel releases the lock when the process dies,
// so a crash never leaves a stale lock.
#pragma once

#include <string>

#include "base/status.h"

namespace ch {

class IndexLock {
 public:
  // Creates DB_DIR if needed. Unavailable, naming the holder, when someone else holds the lock.
  static Result<IndexLock> Acquire(const std::string& db_dir, const std::string& holder);

  IndexLock(IndexLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  IndexLock& operator=(IndexLock&& other) noexcept;
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;
  ~IndexLock();

 private:
  explicit IndexLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace ch
