// connection_limits.h: an httplib::Server whose connections cannot starve the workers.
//
// cpp-httplib 0.11.4 gives every accepted connection a worker thread for its whole life: the
// worker waits (keep-alive) for the next request, reads the request line and headers with a
// per-read timeout that each dripped byte renews, and the pool's queue of accepted connections
// has no bound. So 8 slow or idle connections block an 8-worker server, and nothing answers
// "busy" (docs/deployment.md, "Why not httplib's own loop"). GuardedServer keeps httplib's request
// parsing, routing and response writing (Server::process_request) and replaces the connection
// handling around it:
//
//   accept -> waiting room (one epoll thread; no worker) --complete request--> bounded ready
//   queue -> worker: process_request on the buffered bytes -> keep-alive: back to the waiting room
//   (with the rest of its response, when the client has not read it yet)
//
// - The waiting room reads each request's header and body (Content-Length or chunked, at most
//   max_buffered_body_bytes of data: request_framing.h) without a worker, under one total
//   deadline (`request_deadline`) that dripping bytes do not renew: when it passes the client
//   gets 408 and the connection is closed. A request it cannot read whole (a larger body,
//   unreadable framing, another Transfer-Encoding, headers over `max_header_bytes`) is refused by
//   the room itself (400, 413, 431 or 501) and the connection closed: no worker ever reads a body.
// - Idle keep-alive connections wait in the waiting room for `keep_alive_timeout`; at most
//   `max_idle` of them are kept (the longest idle is closed first), and at most `max_connections`
//   are open at all, `max_connections_per_address` from one peer address (a trusted proxy is
//   exempt); a new one beyond that gets 503 at once.
// - A complete request joins the ready queue of at most `max_queued`; when the queue is full the
//   client gets 503 with Retry-After: `retry_after` and the connection is closed.
// - A worker sends what the socket takes at once and leaves the rest of a response to the waiting
//   room, which finishes it by the response's write deadline (httplib's write timeout, from its
//   first byte) or closes the connection: a client that does not read never holds a worker. Such
//   kept bytes are at most `max_deferred_bytes` over all connections; past that a worker waits on
//   the socket as httplib would.
// - Headers over `max_header_bytes` get 431. After a response with status 400, 408, 413, 414, 431
//   or 501 the connection is closed (the request stream cannot be trusted any more).
// - A Range header is rewritten by range_policy.h before httplib sees it (httplib would build a
//   multipart body for any number of ranges).
// - Stop (httplib::Server::stop): the listening socket closes, idle and half-read connections are
//   closed at once, requests in flight get up to `shutdown_grace` to finish (they are answered
//   with Connection: close), then their sockets are shut down and the workers joined.
//
// Thread-safety: as httplib::Server (bind, listen once; stop from any thread). stats() from any
// thread. The object must outlive listen().
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace ch {

struct ConnectionLimits {
  int workers = 8;                                     // threads running requests
  size_t max_queued = 512;                             // complete requests waiting for one
  size_t max_connections = 900;                        // open sockets, all states
  size_t max_idle = 512;                               // idle keep-alive connections kept
  std::chrono::milliseconds request_deadline{5000};    // headers + body, in total
  std::chrono::milliseconds keep_alive_timeout{5000};  // idle time before closing
  std::chrono::milliseconds shutdown_grace{5000};      // for requests in flight at stop
  size_t max_header_bytes = 16 * 1024;                 // request line + headers
  size_t max_buffered_body_bytes = 1 << 20;            // larger bodies get 413 from the room
  int retry_after = 1;                                 // seconds, sent with 503
  size_t max_connections_per_address = 256;            // open sockets from one peer address
  std::vector<std::string> unlimited_addresses;        // peers without that limit (trusted proxies)
  int listen_backlog = 1024;  // connections the kernel holds before accept (capped by somaxconn)
  // Response bytes a socket cannot take at once, kept for the waiting room to finish writing, over
  // all connections; past it a worker waits on the socket as it did before. 0: workers always do.
  size_t max_deferred_bytes = 64u << 20;
  // --cors-origin: the room's own answers (408, 503, refusals) carry the routes' CORS headers.
  std::vector<std::string> cors_origins;
};

// Counters for tests and /metrics; a snapshot.
struct ConnectionStats {
  size_t open = 0;
  size_t idle = 0;
  size_t queued = 0;
  size_t busy = 0;
  uint64_t refused_busy = 0;        // 503: queue full or too many connections
  uint64_t timed_out = 0;           // 408: request deadline passed
  uint64_t refused_unreadable = 0;  // 400, 413, 431, 501: a request the room cannot read whole
  uint64_t idle_closed = 0;         // idle keep-alive connections closed (timeout or cap)
  size_t writing = 0;               // responses the waiting room is finishing for slow readers
  uint64_t write_timed_out = 0;     // of them, cut off at their write deadline
  size_t deferred_bytes = 0;        // their bytes not yet sent
};

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(ConnectionLimits limits);
  ~GuardedServer() override;

  ConnectionStats stats() const;
  const ConnectionLimits& limits() const { return limits_; }

 private:
  class Engine;
  // Called by httplib's accept loop (our task queue runs it inline): hands the socket to the
  // waiting room and returns at once.
  bool process_and_close_socket(socket_t sock) override;
  // Runs one buffered request through httplib; used by the Engine's workers.
  bool ServeOne(httplib::Stream& stream, bool close_connection, bool& connection_closed);

  ConnectionLimits limits_;
  std::unique_ptr<Engine> engine_;
};

}  // namespace ch
