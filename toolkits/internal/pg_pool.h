// internal/pg_pool.h: a small, bounded pool of PostgreSQL connections to one database.
//
// Each caller leases one connection for one transaction and gives it back when the lease is
// destroyed; at most `max_connections` exist at once, and a caller finding them all leased
// waits up to `wait` (then Unavailable). Connections are opened lazily, outside the pool's
// mutex, so a slow or unreachable server never blocks callers that hold a connection. A
// connection that broke (the server restarted, the network dropped) or that is still inside a
// transaction when returned is closed instead of pooled.
//
//   PgPool pool(uri, PgConnectOptions(), PgPoolOptions());
//   Result<PgPool::Lease> lease = pool.Acquire();
//   if (!lease.ok()) return lease.status();
//   Result<PgResult> r = (*lease)->Exec("read", "SELECT 1");
//
// Thread-safety: Acquire and Lease destruction may be called from any thread; a leased
// connection belongs to the lease holder alone. The pool must outlive its leases.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"
#include "toolkits/internal/pg_db.h"

namespace ch::internal {

struct PgPoolOptions {
  size_t max_connections = 8;            // at least 1
  std::chrono::milliseconds wait{5000};  // for a free connection, then Unavailable
};

class PgPool {
 public:
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn, bool reused)
        : pool_(pool), conn_(std::move(conn)), reused_(reused) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }
    // True when the connection had served an earlier lease (so it may have gone stale while
    // idle); false for a connection opened for this lease.
    bool reused() const { return reused_; }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
    bool reused_;
  };

  PgPool(std::string conninfo, PgConnectOptions connect, PgPoolOptions options);
  ~PgPool();
  PgPool(const PgPool&) = delete;
  PgPool& operator=(const PgPool&) = delete;

  // An idle connection, a new one when fewer than max_connections exist, or the first one
  // returned within `wait`. Errors: those of PgConnection::Connect; Unavailable when every
  // connection stayed leased for `wait`.
  Result<Lease> Acquire();
  // Pools an already open connection (the one Open used for the migrations).
  void Adopt(std::unique_ptr<PgConnection> conn);

 private:
  void Return(std::unique_ptr<PgConnection> conn);

  const std::string conninfo_;
  const PgConnectOptions connect_;
  const PgPoolOptions options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
  size_t open_ = 0;  // idle + leased + being opened; guarded by mutex_
};

}  // namespace ch::internal
