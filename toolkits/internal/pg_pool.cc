#include "toolkits/internal/pg_pool.h"

#include <algorithm>

namespace ch::internal {

PgPool::Lease::~Lease() {
  if (pool_ && conn_) pool_->Return(std::move(conn_));
}

PgPool::PgPool(std::string conninfo, PgConnectOptions connect, PgPoolOptions options)
    : conninfo_(std::move(conninfo)), connect_(std::move(connect)), options_(options) {}

PgPool::~PgPool() = default;

void PgPool::Adopt(std::unique_ptr<PgConnection> conn) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++open_;
  idle_.push_back(std::move(conn));
}

Result<PgPool::Lease> PgPool::Acquire() {
  const size_t max = std::max<size_t>(options_.max_connections, 1);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    bool ready =
        returned_.wait_for(lock, options_.wait, [&] { return !idle_.empty() || open_ < max; });
    if (!ready) {
      return Status::Unavailable("postgresql: all " + std::to_string(max) +
                                 " connections stayed busy for " +
                                 std::to_string(options_.wait.count()) + " ms");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn), /*reused=*/true);
    }
    ++open_;  // reserve the slot, then connect without holding the mutex
  }
  Result<std::unique_ptr<PgConnection>> conn = PgConnection::Connect(conninfo_, connect_);
  if (!conn.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    returned_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(conn).value(), /*reused=*/false);
}

void PgPool::Return(std::unique_ptr<PgConnection> conn) {
  const bool keep = !conn->broken() && conn->idle();
  if (!keep) conn.reset();  // close it outside the mutex
  std::lock_guard<std::mutex> lock(mutex_);
  if (keep) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
  returned_.notify_one();
}

}  // namespace ch::internal
