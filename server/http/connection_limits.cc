#include "server/http/connection_limits.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/http/range_policy.h"
#include "server/http/request_framing.h"
#include "server/http/room_answers.h"

namespace ch {
namespace {

using Clock = std::chrono::steady_clock;

int MillisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(left.count());
}

// After refusing a request, the room drops at most this many times max_buffered_body_bytes of
// what the client still sends (8 MiB by default) before it closes: enough for a body somewhat over
// the limit to be sent whole and its answer read, not a stream to read for the client until the
// deadline.
constexpr size_t kMaxDrainedBodies = 8;

// Best effort, never blocks: the peer is slow or hostile, or we are overloaded.
void SendRaw(int fd, const std::string& bytes) {
  (void)!::send(fd, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

// Closes after reading what is already there, so that unread request bytes do not turn the
// close into a reset that could destroy the answer just sent.
void CloseSocket(int fd) {
  char sink[4096];
  for (int i = 0; i < 16 && ::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

void AddressOf(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

// The bytes of one request, already read by the waiting room, then the socket. Reads stop at
// the request's deadline; a response's writes stop at their own deadline. It notes the status of
// the response written, so that the connection can be closed after a parse error.
//
// With a `deferred` budget, response bytes the socket cannot take at once are kept (pending())
// instead of waited for, within the budget shared by all connections, so that the waiting room
// finishes writing them and a client that reads slowly never holds a worker. Past the budget the
// stream writes what it kept, then waits on the socket as it does without one.
class BufferedSocketStream : public httplib::Stream {
 public:
  BufferedSocketStream(int fd, std::string buffered, Clock::time_point read_deadline,
                       std::chrono::milliseconds write_budget, std::atomic<size_t>* deferred,
                       size_t max_deferred)
      : fd_(fd),
        buffer_(std::move(buffered)),
        read_deadline_(read_deadline),
        write_budget_(write_budget),
        deferred_(deferred),
        max_deferred_(max_deferred) {}
  ~BufferedSocketStream() override { Release(); }

  bool is_readable() const override {
    if (offset_ < buffer_.size()) return true;
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, MillisUntil(read_deadline_)) > 0;
  }
  bool is_writable() const override {
    if (deferred_ != nullptr) return true;  // write() keeps what the socket cannot take
    pollfd p{fd_, POLLOUT, 0};
    return ::poll(&p, 1, MillisUntil(write_deadline())) > 0 && !(p.revents & (POLLERR | POLLHUP));
  }
  ssize_t read(char* ptr, size_t size) override {
    if (offset_ < buffer_.size()) {
      size_t n = std::min(size, buffer_.size() - offset_);
      std::copy(buffer_.data() + offset_, buffer_.data() + offset_ + n, ptr);
      offset_ += n;
      return static_cast<ssize_t>(n);
    }
    if (!is_readable()) {
      read_failed_ = true;
      return -1;
    }
    ssize_t n = ::recv(fd_, ptr, size, MSG_DONTWAIT);
    if (n <= 0) read_failed_ = true;
    return n;
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!write_started_) {
      write_started_ = true;
      write_start_ = Clock::now();
    }
    if (size >= 12 && (status_ == 0 || status_ == 100) && std::string_view(ptr, 5) == "HTTP/") {
      status_ = std::atoi(std::string(ptr + 9, 3).c_str());
    }
    if (deferred_ != nullptr) return Defer(ptr, size);
    return WriteWaiting(ptr, size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      AddressOf(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      AddressOf(addr, ip, port);
  }
  // httplib 0.11.4 uses socket() only to refuse descriptors >= FD_SETSIZE, a limit of its
  // select()-based stream; this stream polls, so it reports a small number for those.
  socket_t socket() const override { return fd_ < FD_SETSIZE ? fd_ : 0; }

  // Bytes read ahead of the next request (a pipelining client).
  std::string TakeUnread() { return buffer_.substr(offset_); }
  // The response bytes kept for the waiting room; the caller takes over their share of the budget
  // (the engine's EndWrite gives it back). write_deadline(): when their writing must end.
  std::string TakePending() {
    reserved_ = 0;
    return std::move(pending_);
  }
  bool has_pending() const { return !pending_.empty(); }
  Clock::time_point write_deadline() const {
    return (write_started_ ? write_start_ : Clock::now()) + write_budget_;
  }
  // After a parse error, a timeout or a failed read the rest of the stream cannot be trusted.
  bool must_close() const {
    return read_failed_ || write_failed_ || status_ == 400 || status_ == 408 || status_ == 413 ||
           status_ == 414 || status_ == 431;
  }

 private:
  ssize_t Defer(const char* ptr, size_t size) {
    size_t sent = 0;
    if (pending_.empty()) {
      ssize_t n = ::send(fd_, ptr, size, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        write_failed_ = true;
        return -1;
      }
      sent = n > 0 ? static_cast<size_t>(n) : 0;
      if (sent == size) return static_cast<ssize_t>(size);
    }
    const size_t rest = size - sent;
    if (deferred_->fetch_add(rest) + rest > max_deferred_) {
      deferred_->fetch_sub(rest);  // over the budget: wait on the socket from now on
      const bool flushed =
          WriteWaiting(pending_.data(), pending_.size()) == static_cast<ssize_t>(pending_.size());
      pending_.clear();
      Release();
      deferred_ = nullptr;
      if (!flushed) return -1;
      ssize_t n = WriteWaiting(ptr + sent, rest);
      return n < 0 ? -1 : static_cast<ssize_t>(sent) + n;
    }
    reserved_ += rest;
    pending_.append(ptr + sent, rest);
    return static_cast<ssize_t>(size);
  }
  // Writes all of [ptr, ptr + size) unless the write deadline passes or the socket fails.
  ssize_t WriteWaiting(const char* ptr, size_t size) {
    size_t done = 0;
    while (done < size) {
      pollfd p{fd_, POLLOUT, 0};
      if (::poll(&p, 1, MillisUntil(write_deadline())) <= 0 || (p.revents & (POLLERR | POLLHUP))) {
        break;
      }
      ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    if (done < size) write_failed_ = true;
    return done == 0 && size > 0 ? -1 : static_cast<ssize_t>(done);
  }
  void Release() {
    if (deferred_ != nullptr && reserved_ > 0) deferred_->fetch_sub(reserved_);
    reserved_ = 0;
  }

  int fd_;
  std::string buffer_;
  size_t offset_ = 0;
  Clock::time_point read_deadline_;
  std::chrono::milliseconds write_budget_;
  std::atomic<size_t>* deferred_;  // null: writes wait on the socket
  size_t max_deferred_;
  std::string pending_;  // response bytes the socket did not take at once
  size_t reserved_ = 0;  // pending_'s share of *deferred_
  bool write_started_ = false;
  Clock::time_point write_start_;
  int status_ = 0;
  bool read_failed_ = false;
  bool write_failed_ = false;
};

}  // namespace

// The waiting room (one epoll thread) and the workers. Connections move between them by value:
// a connection is in exactly one place (the room, the inbox, the ready queue or a worker).
class GuardedServer::Engine {
 public:
  struct Conn {
    int fd = -1;
    std::string peer;  // the peer's address, for the per-address limit
    std::string buffer;
    bool reading = false;  // bytes of a request have arrived; `deadline` is the request's
    // The room is finishing a response (outgoing from `sent` on) for a slow reader; `deadline` is
    // the response's write deadline. Then closed, or back to waiting for the next request.
    bool writing = false;
    bool close_after = false;
    // Refused (request_framing.h) and answered: the room reads and drops what the client still
    // sends until it closes or `deadline`, so that closing does not reset the answer away.
    bool draining = false;
    size_t drained = 0;  // bytes dropped so far; past kMaxDrainedBodies bodies the room closes
    std::string outgoing;
    size_t sent = 0;
    Clock::time_point deadline;
    Clock::time_point idle_since;
    size_t requests = 0;
  };

  Engine(GuardedServer& owner, const ConnectionLimits& limits, size_t keep_alive_max)
      : owner_(owner), limits_(limits), keep_alive_max_(keep_alive_max) {
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
    room_thread_ = std::thread([this] { RunRoom(); });
    int workers = limits_.workers > 0 ? limits_.workers : 8;
    for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { RunWorker(); });
  }

  ~Engine() {
    Shutdown();
    ::close(epoll_);
    ::close(wake_);
  }

  void Admit(int fd) {
    std::string peer = PeerAddress(fd);
    if (stopping_ || open_.load() >= limits_.max_connections || !CountPeer(peer)) {
      ++refused_busy_;
      Answer(fd,
             {503, "overloaded", "the server has too many connections; try again shortly",
              limits_.retry_after},
             "");
      CloseSocket(fd);
      return;
    }
    ++open_;
    auto conn = std::make_unique<Conn>();
    conn->fd = fd;
    conn->peer = std::move(peer);
    conn->idle_since = Clock::now();
    conn->deadline = conn->idle_since + limits_.keep_alive_timeout;
    ToRoom(std::move(conn));
  }

  // Stops taking connections, closes the idle ones, lets requests in flight finish within
  // shutdown_grace, then joins every thread. Idempotent.
  void Shutdown() {
    if (shut_down_) return;
    shut_down_ = true;
    stopping_ = true;
    Wake();
    if (room_thread_.joinable()) room_thread_.join();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto until = Clock::now() + limits_.shutdown_grace;
      drained_.wait_until(lock, until, [this] { return ready_.empty() && busy_fds_.empty(); });
      for (auto& conn : ready_) Close(std::move(conn));
      ready_.clear();
      for (int fd : busy_fds_) ::shutdown(fd, SHUT_RDWR);  // past the grace: unblock them
      workers_exit_ = true;
    }
    ready_cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    // Connections a worker handed back while the waiting room was closing.
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    for (auto& conn : inbox_) Close(std::move(conn));
    inbox_.clear();
  }

  ConnectionStats stats() {
    ConnectionStats s;
    s.open = open_.load();
    s.idle = idle_.load();
    s.refused_busy = refused_busy_.load();
    s.timed_out = timed_out_.load();
    s.refused_unreadable = refused_unreadable_.load();
    s.idle_closed = idle_closed_.load();
    s.writing = writing_.load();
    s.write_timed_out = write_timed_out_.load();
    s.deferred_bytes = deferred_bytes_.load();
    std::lock_guard<std::mutex> lock(mutex_);
    s.queued = ready_.size();
    s.busy = busy_fds_.size();
    return s;
  }

 private:
  void Wake() {
    uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
  }

  void ToRoom(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard<std::mutex> lock(inbox_mutex_);
      inbox_.push_back(std::move(conn));
    }
    Wake();
  }

  // One of the room's own answers (room_answers.h) to the request whose bytes so far are `head`.
  void Answer(int fd, const RoomAnswer& answer, std::string_view head) const {
    SendRaw(fd, RoomAnswerBytes(answer, head, limits_.cors_origins));
  }

  void Close(std::unique_ptr<Conn> conn) {
    EndWrite(*conn);
    CloseSocket(conn->fd);
    --open_;
    std::lock_guard<std::mutex> lock(peers_mutex_);
    auto it = per_peer_.find(conn->peer);
    if (it != per_peer_.end() && --it->second == 0) per_peer_.erase(it);
  }

  static std::string PeerAddress(int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    std::string ip;
    int port = 0;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) AddressOf(addr, ip, port);
    return ip;
  }

  // Counts a new connection from `peer`; false when the peer is at its limit.
  bool CountPeer(const std::string& peer) {
    std::lock_guard<std::mutex> lock(peers_mutex_);
    size_t& count = per_peer_[peer];
    bool unlimited =
        std::find(limits_.unlimited_addresses.begin(), limits_.unlimited_addresses.end(), peer) !=
        limits_.unlimited_addresses.end();
    if (!unlimited && count >= limits_.max_connections_per_address) {
      if (count == 0) per_peer_.erase(peer);
      return false;
    }
    ++count;
    return true;
  }

  // A connection's outgoing bytes stop counting against the budget.
  void EndWrite(Conn& conn) {
    if (!conn.writing) return;
    deferred_bytes_ -= conn.outgoing.size();
    --writing_;
    conn.writing = false;
    conn.outgoing.clear();
    conn.sent = 0;
  }

  // --- the waiting room (its own thread; owns room_) ---

  void RunRoom() {
    std::vector<epoll_event> events(256);
    auto next_sweep = Clock::now();
    while (!stopping_) {
      int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 50);
      for (int i = 0; i < n; ++i) {
        if (events[i].data.fd == wake_) {
          uint64_t count;
          (void)!::read(wake_, &count, sizeof count);
          continue;
        }
        OnEvent(events[i].data.fd);
      }
      TakeInbox();
      if (Clock::now() >= next_sweep) {
        Sweep();
        next_sweep = Clock::now() + std::chrono::milliseconds(50);
      }
    }
    TakeInbox();
    FinishWrites(Clock::now() + limits_.shutdown_grace);
    for (auto& [fd, conn] : room_) Close(std::move(conn));
    room_.clear();
    idle_ = 0;
  }

  // At shutdown: responses the room is writing get the grace that requests in flight get.
  void FinishWrites(Clock::time_point until) {
    std::vector<epoll_event> events(64);
    auto writing = [&] {
      return std::any_of(room_.begin(), room_.end(),
                         [](const auto& c) { return c.second->writing; });
    };
    while (Clock::now() < until) {
      TakeInbox();
      if (!writing()) break;
      int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                           std::max(1, std::min(50, MillisUntil(until))));
      for (int i = 0; i < n; ++i) {
        auto it = room_.find(events[i].data.fd);
        if (it != room_.end() && it->second->writing) OnWritable(it);
      }
      Sweep();
    }
  }

  void TakeInbox() {
    std::vector<std::unique_ptr<Conn>> arrived;
    {
      std::lock_guard<std::mutex> lock(inbox_mutex_);
      arrived.swap(inbox_);
    }
    for (auto& conn : arrived) {
      if (stopping_ && !conn->writing) {
        Close(std::move(conn));
        continue;
      }
      if (!conn->writing && !conn->buffer.empty() && TryDispatch(conn)) continue;  // pipelined
      int fd = conn->fd;
      epoll_event ev{};
      ev.events = conn->writing ? EPOLLOUT : EPOLLIN | EPOLLRDHUP;
      ev.data.fd = fd;
      if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) {
        Close(std::move(conn));
        continue;
      }
      if (!conn->reading && !conn->writing) ++idle_;
      room_[fd] = std::move(conn);
      if (idle_.load() > limits_.max_idle) CloseLongestIdle();
    }
  }

  void OnEvent(int fd) {
    auto it = room_.find(fd);
    if (it == room_.end()) return;
    if (it->second->writing) return OnWritable(it);
    if (it->second->draining) return OnDrain(it);
    OnReadable(it);
  }

  void OnDrain(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it) {
    Conn& conn = *it->second;
    const size_t most = kMaxDrainedBodies * limits_.max_buffered_body_bytes;
    char sink[16384];
    // A bounded turn (other connections wait for this one), and a bounded total.
    for (int i = 0; i < 64 && conn.drained <= most; ++i) {
      ssize_t n = ::recv(conn.fd, sink, sizeof sink, MSG_DONTWAIT);
      if (n > 0) conn.drained += static_cast<size_t>(n);
      if (n > 0 || (n < 0 && errno == EINTR)) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      return Remove(it, /*send_timeout=*/false);  // the client closed
    }
    if (conn.drained > most) Remove(it, /*send_timeout=*/false);
  }

  // Answers a request the room cannot read whole and lingers: the answer and a FIN go out, and
  // the room drains what the client still sends (a body it had begun to send) until the request's
  // deadline, or kMaxDrainedBodies bodies' worth. Closing at once would reset the connection
  // before the client reads the answer.
  void Refuse(std::unique_ptr<Conn>& conn, const RequestFrame& frame) {
    Answer(conn->fd, {frame.status, frame.code, frame.message}, conn->buffer);
    ::shutdown(conn->fd, SHUT_WR);
    conn->draining = true;
    conn->buffer.clear();
    const int fd = conn->fd;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) return Close(std::move(conn));
    room_[fd] = std::move(conn);
  }

  // Sends what the socket takes of a slow reader's response; once it is all sent, the connection
  // is closed or waits for its next request.
  void OnWritable(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it) {
    Conn& conn = *it->second;
    while (conn.sent < conn.outgoing.size()) {
      ssize_t n = ::send(conn.fd, conn.outgoing.data() + conn.sent,
                         conn.outgoing.size() - conn.sent, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n <= 0) return Remove(it, /*send_timeout=*/false);
      conn.sent += static_cast<size_t>(n);
    }
    if (conn.close_after || stopping_) return Remove(it, /*send_timeout=*/false);
    EndWrite(conn);
    conn.idle_since = Clock::now();
    conn.deadline = conn.idle_since + limits_.keep_alive_timeout;
    std::unique_ptr<Conn> owned = std::move(it->second);
    room_.erase(it);
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, owned->fd, nullptr);
    ToRoom(std::move(owned));  // as a worker hands back a connection: idle, or a pipelined request
  }

  void OnReadable(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it) {
    const int fd = it->first;
    Conn& conn = *it->second;
    char chunk[16384];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      return Remove(it, /*send_timeout=*/false);
    }
    if (n < 0) return;
    if (!conn.reading) {
      conn.reading = true;
      conn.deadline = Clock::now() + limits_.request_deadline;
      --idle_;
    }
    conn.buffer.append(chunk, static_cast<size_t>(n));
    std::unique_ptr<Conn> owned = std::move(it->second);
    room_.erase(it);
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    if (TryDispatch(owned)) return;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = fd;
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    room_[fd] = std::move(owned);
  }

  // Hands a complete request to the ready queue (true: `conn` is gone), or leaves it to wait.
  bool TryDispatch(std::unique_ptr<Conn>& conn) {
    DropLeadingEmptyLines(conn->buffer);
    if (conn->buffer.empty()) return false;
    if (!conn->reading) {
      conn->reading = true;
      conn->deadline = Clock::now() + limits_.request_deadline;
    }
    RequestFrame frame =
        FrameRequest(conn->buffer, {limits_.max_header_bytes, limits_.max_buffered_body_bytes});
    if (frame.state == RequestFrame::kNeedMore) return false;
    if (frame.state == RequestFrame::kRefused) {
      ++refused_unreadable_;
      Refuse(conn, frame);
      return true;
    }
    SetAsideRangeHeader(conn->buffer, frame.header_size);
    std::lock_guard<std::mutex> lock(mutex_);
    if (ready_.size() >= limits_.max_queued) {
      ++refused_busy_;
      Answer(conn->fd,
             {503, "overloaded", "the server is busy; try again shortly", limits_.retry_after},
             conn->buffer);
      Close(std::move(conn));
      return true;
    }
    ready_.push_back(std::move(conn));
    ready_cv_.notify_one();
    return true;
  }

  void Remove(std::unordered_map<int, std::unique_ptr<Conn>>::iterator it, bool send_timeout) {
    std::unique_ptr<Conn> conn = std::move(it->second);
    room_.erase(it);
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, conn->fd, nullptr);
    if (!conn->reading && !conn->writing) --idle_;
    if (send_timeout) {
      Answer(conn->fd, {408, "request_timeout", "the request did not arrive in time"},
             conn->buffer);
    }
    Close(std::move(conn));
  }

  void Sweep() {
    auto now = Clock::now();
    for (auto it = room_.begin(); it != room_.end();) {
      auto next = std::next(it);
      if (now >= it->second->deadline) {
        bool reading = it->second->reading && !it->second->writing && !it->second->draining;
        if (it->second->draining) {
          // answered already: the client was still sending at the deadline
        } else if (it->second->writing) {
          ++write_timed_out_;  // the rest of the response is dropped with the connection
        } else if (reading) {
          ++timed_out_;
        } else {
          ++idle_closed_;
        }
        Remove(it, reading);
      }
      it = next;
    }
  }

  void CloseLongestIdle() {
    auto oldest = room_.end();
    for (auto it = room_.begin(); it != room_.end(); ++it) {
      if (it->second->reading || it->second->writing) continue;
      if (oldest == room_.end() || it->second->idle_since < oldest->second->idle_since) oldest = it;
    }
    if (oldest == room_.end()) return;
    ++idle_closed_;
    Remove(oldest, false);
  }

  // --- the workers ---

  void RunWorker() {
    for (;;) {
      std::unique_ptr<Conn> conn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_cv_.wait(lock, [this] { return workers_exit_ || !ready_.empty(); });
        if (workers_exit_) return;
        conn = std::move(ready_.front());
        ready_.pop_front();
        busy_fds_.insert(conn->fd);
      }
      Serve(conn);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        busy_fds_.erase(conn->fd);
      }
      drained_.notify_all();
      if (conn->fd >= 0) {
        if (stopping_ && !conn->writing) {
          Close(std::move(conn));
        } else {
          ToRoom(std::move(conn));
        }
      }
    }
  }

  // Runs one request; leaves conn->fd at -1 after closing it.
  void Serve(std::unique_ptr<Conn>& conn) {
    // Once stopping, the room is closing: a worker writes its response itself, as before.
    const bool defer = !stopping_ && limits_.max_deferred_bytes > 0;
    BufferedSocketStream stream(conn->fd, std::move(conn->buffer), conn->deadline,
                                std::chrono::milliseconds(owner_.write_timeout_sec_ * 1000 +
                                                          owner_.write_timeout_usec_ / 1000),
                                defer ? &deferred_bytes_ : nullptr, limits_.max_deferred_bytes);
    bool close = stopping_ || ++conn->requests >= keep_alive_max_;
    bool closed = false;
    bool ok = owner_.ServeOne(stream, close, closed);
    const bool close_after = !ok || close || closed || stream.must_close();
    if (stream.has_pending() && !(close_after && !ok)) {
      conn->close_after = close_after;
      conn->deadline = stream.write_deadline();
      if (!close_after) conn->buffer = stream.TakeUnread();
      conn->outgoing = stream.TakePending();  // its share of the budget comes with it
      conn->sent = 0;
      conn->writing = true;
      conn->reading = false;
      ++writing_;
      return;
    }
    if (close_after) {
      int fd = conn->fd;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        busy_fds_.erase(fd);
      }
      Close(std::move(conn));
      conn = std::make_unique<Conn>();  // fd -1: nothing to return
      return;
    }
    conn->buffer = stream.TakeUnread();
    conn->reading = false;
    conn->idle_since = Clock::now();
    conn->deadline = conn->idle_since + limits_.keep_alive_timeout;
  }

  GuardedServer& owner_;
  const ConnectionLimits limits_;
  const size_t keep_alive_max_;
  int epoll_ = -1;
  int wake_ = -1;
  std::atomic<bool> stopping_{false};
  bool shut_down_ = false;

  std::atomic<size_t> open_{0};
  std::mutex peers_mutex_;
  std::unordered_map<std::string, size_t> per_peer_;  // open connections per peer address
  std::atomic<size_t> idle_{0};
  std::atomic<uint64_t> refused_busy_{0};
  std::atomic<uint64_t> timed_out_{0};
  std::atomic<uint64_t> refused_unreadable_{0};
  std::atomic<uint64_t> idle_closed_{0};
  std::atomic<size_t> writing_{0};
  std::atomic<uint64_t> write_timed_out_{0};
  std::atomic<size_t> deferred_bytes_{0};  // response bytes kept for slow readers, all connections

  std::thread room_thread_;
  std::unordered_map<int, std::unique_ptr<Conn>> room_;  // room thread only
  std::mutex inbox_mutex_;
  std::vector<std::unique_ptr<Conn>> inbox_;

  std::mutex mutex_;  // guards ready_, busy_fds_, workers_exit_
  std::condition_variable ready_cv_;
  std::condition_variable drained_;
  std::deque<std::unique_ptr<Conn>> ready_;
  std::set<int> busy_fds_;
  bool workers_exit_ = false;
  std::vector<std::thread> workers_;
};

namespace {

// httplib's accept loop hands each socket to a task queue; this one runs the task at once (it
// only moves the socket into the waiting room), and shuts the engine down when the loop ends.
class InlineQueue : public httplib::TaskQueue {
 public:
  explicit InlineQueue(std::function<void()> on_shutdown) : on_shutdown_(std::move(on_shutdown)) {}
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { on_shutdown_(); }

 private:
  std::function<void()> on_shutdown_;
};

}  // namespace

GuardedServer::GuardedServer(ConnectionLimits limits) : limits_(limits) {
  new_task_queue = [this]() -> httplib::TaskQueue* {
    // httplib 0.11.4 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into
    // Debian's library): a burst of connections on a busy machine overflows it and the clients'
    // SYNs are dropped (retried after 1 s, 3 s, ...). listen() again on the bound socket raises it.
    if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, limits_.listen_backlog);
    engine_ = std::make_unique<Engine>(*this, limits_, keep_alive_max_count_);
    return new InlineQueue([this] { engine_->Shutdown(); });
  };
}

GuardedServer::~GuardedServer() {
  if (engine_) engine_->Shutdown();
}

ConnectionStats GuardedServer::stats() const {
  return engine_ ? engine_->stats() : ConnectionStats{};
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  engine_->Admit(sock);
  return true;
}

bool GuardedServer::ServeOne(httplib::Stream& stream, bool close_connection,
                             bool& connection_closed) {
  return process_request(stream, close_connection, connection_closed, nullptr);
}

}  // namespace ch
