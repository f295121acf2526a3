// Slow, idle and hostile clients against a real server on loopback (issue 13): the server keeps
// answering everyone else, bounds what a request may cost, and says no clearly.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/child_process.h"
#include "tests/support/server_harness.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// A raw TCP connection to the server, for the clients httplib::Client will not imitate.
class RawConnection {
 public:
  // receive_buffer > 0: the socket's receive buffer is that small (a client that reads slowly).
  explicit RawConnection(int port, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer > 0) {
      ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_), connected_(other.connected_) {
    other.fd_ = -1;
  }
  bool connected() const { return connected_; }
  bool Send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // Everything until the server closes, or until `timeout` passes.
  std::string ReadUntilClosed(milliseconds timeout, bool* closed = nullptr) {
    std::string out;
    auto deadline = Clock::now() + timeout;
    if (closed) *closed = false;
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      int left = static_cast<int>(
          std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count());
      if (::poll(&p, 1, left > 0 ? left : 0) <= 0) break;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        if (closed) *closed = true;
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

// A small corpus of its own: three resources (sample data, fictional).
std::string MakeCorpus(const fs::path& dir) {
  test::CopyTaxonomy(dir);
  test::WriteTextFile(dir / "porch-light-program.md",
                      test::ResourceMarkdown("Porch light program (sample)", "community-engagement",
                                             "Neighbours keep porch lights on along school routes.",
                                             "id: porch-light-program\n"));
  test::WriteTextFile(dir / "ledger-of-tips.md",
                      test::ResourceMarkdown("Ledger of anonymous tips (sample)", "gun-violence",
                                             "A shared ledger for tips about illegal guns.",
                                             "id: ledger-of-tips\n"));
  test::WriteTextFile(
      dir / "court-liaison.md",
      test::ResourceMarkdown("Court liaison handbook (sample)", "investigations",
                             "How a liaison keeps victims informed.", "id: court-liaison\n"));
  return dir.string();
}

class HostileClientsTest : public ::testing::Test {
 protected:
  void Start(std::function<void(HttpServerOptions&)> tune = {}, int threads = 4,
             bool curator = false, int max_failed_auth = 10) {
    test::ServerHarness::Options options;
    options.corpus = MakeCorpus(dir_.path() / "corpus");
    options.web_dir = WebDir();
    options.threads = threads;
    options.curator = curator;
    options.max_failed_auth = max_failed_auth;
    options.tune_http = std::move(tune);
    server_ = std::make_unique<test::ServerHarness>(options);
  }
  std::string WebDir() {
    fs::path web = dir_.path() / "web";
    fs::create_directories(web / ".git");
    test::WriteTextFile(web / "index.html", "<!doctype html><title>sample</title>");
    test::WriteTextFile(web / ".git" / "config", "[core]\n\trepositoryformatversion = 0\n");
    test::WriteTextFile(web / ".env", "SECRET=sample\n");
    test::WriteTextFile(web / "notes.md", "# Notes (sample)\n");
    test::WriteTextFile(web / "big.txt", std::string(100000, 'x'));
    return web.string();
  }
  httplib::Client Client() {
    httplib::Client client = server_->Client();
    client.set_read_timeout(5, 0);
    return client;
  }

  // The slowest of five searches in a row, in ms; each must answer 200.
  double SlowestOfFiveSearches() {
    httplib::Client client = Client();
    double slowest = 0;
    for (int round = 0; round < 5; ++round) {
      auto start = Clock::now();
      auto res = client.Get("/api/v1/search?q=porch");
      if (!res) {
        ADD_FAILURE() << "search " << round << ": " << httplib::to_string(res.error());
        return 1e9;
      }
      EXPECT_EQ(res->status, 200);
      slowest = std::max(slowest, MillisSince(start));
    }
    return slowest;
  }

  test::TempDir dir_;
  std::unique_ptr<test::ServerHarness> server_;
};

TEST_F(HostileClientsTest, SlowAndIdleConnectionsDoNotDelayOtherClients) {
  Start();
  // 64 connections that drip one header line every 100 ms, and 150 that say nothing at all.
  std::vector<RawConnection> dripping, idle;
  for (int i = 0; i < 64; ++i) {
    dripping.emplace_back(server_->port());
    ASSERT_TRUE(dripping.back().connected());
    ASSERT_TRUE(dripping.back().Send("GET /healthz HTTP/1.1\r\n"));
  }
  for (int i = 0; i < 150; ++i) {
    idle.emplace_back(server_->port());
    ASSERT_TRUE(idle.back().connected());
  }
  httplib::Client client = Client();
  double slowest = 0;
  for (int round = 0; round < 15; ++round) {
    for (auto& c : dripping) c.Send("X-Drip: " + std::to_string(round) + "\r\n");
    auto start = Clock::now();
    auto res = client.Get("/healthz");
    ASSERT_TRUE(res) << "round " << round << ": " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, 200);
    slowest = std::max(slowest, MillisSince(start));
    std::this_thread::sleep_for(milliseconds(100));
  }
  EXPECT_LT(slowest, 1000) << "a normal client waited behind slow ones";
}

// Clients that ask for a large response and do not read it once held a worker each for up to the
// write timeout (5 s): two of them stopped a server of two workers. The waiting room now finishes
// such writes, and every byte still arrives, in order, when the client reads.
TEST_F(HostileClientsTest, ClientsThatDoNotReadTheirResponsesHoldNoWorker) {
  std::string big;  // more than a loopback socket's buffers hold (4 MiB); no two places alike
  for (int i = 0; big.size() < (12u << 20); ++i) big += std::to_string(i) + ",";
  fs::create_directories(dir_.path() / "web");
  test::WriteTextFile(dir_.path() / "web" / "huge.txt", big);
  Start({}, /*threads=*/2);
  std::vector<RawConnection> unread;
  for (int i = 0; i < 3; ++i) {
    unread.emplace_back(server_->port(), /*receive_buffer=*/4096);
    ASSERT_TRUE(unread.back().connected());
    ASSERT_TRUE(unread.back().Send("GET /huge.txt HTTP/1.1\r\nHost: sample\r\n\r\n"));
  }
  std::this_thread::sleep_for(milliseconds(300));  // the workers have taken the three requests
  EXPECT_LT(SlowestOfFiveSearches(), 1000)
      << "a search waited for workers writing to clients that do not read";
  // The first client now reads: the whole file, after its headers, byte for byte.
  std::string answer;
  while (answer.size() < big.size()) {
    std::string more = unread[0].ReadUntilClosed(milliseconds(1000));
    if (more.empty()) break;
    answer += more;
  }
  const size_t body = answer.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos) << answer.substr(0, 200);
  EXPECT_EQ(answer.substr(0, 15), "HTTP/1.1 200 OK");
  EXPECT_EQ(answer.size() - body - 4, big.size());
  EXPECT_TRUE(answer.compare(body + 4, std::string::npos, big) == 0) << "the body was altered";
  // The connection then waits for its next request, as after any response.
  ASSERT_TRUE(unread[0].Send("GET /healthz HTTP/1.1\r\nHost: sample\r\n\r\n"));
  EXPECT_EQ(unread[0].ReadUntilClosed(milliseconds(1000)).substr(0, 15), "HTTP/1.1 200 OK");
}

// Past the budget for kept bytes a worker writes the rest itself, after what was kept: the
// response still arrives whole and in order.
TEST_F(HostileClientsTest, ResponsesPastTheKeptBytesBudgetStillArriveWhole) {
  std::string big;
  for (int i = 0; big.size() < (9u << 20); ++i) big += std::to_string(i) + ",";
  fs::create_directories(dir_.path() / "web");
  test::WriteTextFile(dir_.path() / "web" / "huge.txt", big);
  Start([](HttpServerOptions& o) { o.connections.max_deferred_bytes = 1 << 20; }, 2);
  RawConnection slow(server_->port(), /*receive_buffer=*/4096);
  ASSERT_TRUE(slow.connected());
  ASSERT_TRUE(slow.Send("GET /huge.txt HTTP/1.1\r\nHost: sample\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(300));
  std::string answer;
  while (answer.size() < big.size()) {
    std::string more = slow.ReadUntilClosed(milliseconds(1000));
    if (more.empty()) break;
    answer += more;
  }
  const size_t body = answer.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos) << answer.substr(0, 200);
  EXPECT_EQ(answer.size() - body - 4, big.size());
  EXPECT_TRUE(answer.compare(body + 4, std::string::npos, big) == 0) << "the body was altered";
}

// A chunked body is read by the waiting room too: clients that send one slowly hold no worker and
// get 408 at the request's deadline, and a whole chunked request is served as any other.
TEST_F(HostileClientsTest, SlowChunkedBodiesHoldNoWorker) {
  Start([](HttpServerOptions& o) { o.read_timeout = std::chrono::seconds(2); }, /*threads=*/2);
  const std::string head =
      "POST /api/v1/toolkits HTTP/1.1\r\nHost: sample\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::vector<RawConnection> slow;
  for (int i = 0; i < 3; ++i) {
    slow.emplace_back(server_->port());
    ASSERT_TRUE(slow.back().connected());
    ASSERT_TRUE(slow.back().Send(head + "20\r\n{\"title\":"));
  }
  EXPECT_LT(SlowestOfFiveSearches(), 1000) << "a search waited for workers reading chunked bodies";
  bool closed = false;
  EXPECT_NE(slow[0].ReadUntilClosed(milliseconds(4000), &closed).find(" 408 "), std::string::npos);
  EXPECT_TRUE(closed);
  const std::string json =
      R"({"title":"Sample toolkit","items":[{"resource_id":"court-liaison"}]})";
  RawConnection whole(server_->port());
  ASSERT_TRUE(whole.Send(head + "10\r\n" + json.substr(0, 16) + "\r\n"));
  char size[16];
  std::snprintf(size, sizeof size, "%zx", json.size() - 16);
  ASSERT_TRUE(whole.Send(size + std::string("\r\n") + json.substr(16) + "\r\n0\r\n\r\n"));
  std::string answer = whole.ReadUntilClosed(milliseconds(2000));
  EXPECT_EQ(answer.substr(0, 21), "HTTP/1.1 201 Created\r") << answer.substr(0, 300);
  EXPECT_NE(answer.find("Sample toolkit"), std::string::npos) << answer.substr(0, 300);
}

// A request whose body the waiting room cannot read whole is refused by the room itself, at once,
// however slowly the rest would come: clients that announce a body over the limit, another
// Transfer-Encoding or unreadable framing hold no worker, and each gets its own error.
TEST_F(HostileClientsTest, BodiesTheRoomCannotReadAreRefusedAtOnce) {
  Start(
      [](HttpServerOptions& o) {
        o.read_timeout = std::chrono::seconds(3);
        o.cors_origins = {"https://app.example.org"};
      },
      /*threads=*/2);
  const std::string post =
      "POST /api/v1/toolkits HTTP/1.1\r\nHost: sample\r\nOrigin: https://app.example.org\r\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {post + "Content-Length: 5000000\r\n\r\n{\"title\":", "HTTP/1.1 413 "},
      {post + "Transfer-Encoding: chunked\r\n\r\n200000\r\n{\"title\":", "HTTP/1.1 413 "},
      {post + "Transfer-Encoding: gzip\r\n\r\n\x1f\x8b", "HTTP/1.1 501 "},
      {post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\n", "HTTP/1.1 400 "},
      {post + "Content-Length: 12abc\r\n\r\n", "HTTP/1.1 400 "},
      {post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 400 "},
  };
  std::vector<RawConnection> clients;
  for (const auto& [request, status] : cases) {
    clients.emplace_back(server_->port());
    ASSERT_TRUE(clients.back().connected());
    ASSERT_TRUE(clients.back().Send(request));  // and nothing more
  }
  const auto start = Clock::now();
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].first.substr(post.size(), 40));
    bool closed = false;
    const std::string answer = clients[i].ReadUntilClosed(milliseconds(2000), &closed);
    EXPECT_EQ(answer.substr(0, 13), cases[i].second) << answer.substr(0, 200);
    EXPECT_NE(answer.find("{\"error\":{\"code\":\""), std::string::npos) << answer;
    EXPECT_NE(answer.find("\r\nAccess-Control-Allow-Origin: https://app.example.org\r\n"),
              std::string::npos)
        << "a script on the allowed origin could not read the answer";
    EXPECT_TRUE(closed);
  }
  EXPECT_LT(MillisSince(start), 1000) << "the refusals waited for bodies that never come";
  EXPECT_LT(SlowestOfFiveSearches(), 1000);
  // No route saw them, so /metrics counts them for the operator.
  auto metrics = Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("clearinghouse_connections_refused_total{reason=\"unreadable\"} " +
                               std::to_string(cases.size()) + "\n"),
            std::string::npos)
      << metrics->body;
}

// After refusing a body, the room drops what the client still sends for a while, so that the
// client reads its 413 instead of a reset, but not a whole stream until the deadline: past 8
// bodies' worth (8 x 64 KiB here) it closes.
TEST_F(HostileClientsTest, ARefusedClientIsReadForBoundedBytesOnly) {
  Start([](HttpServerOptions& o) {
    o.read_timeout = std::chrono::seconds(5);
    o.max_body_bytes = 64 * 1024;
  });
  RawConnection client(server_->port());
  ASSERT_TRUE(client.Send(
      "POST /api/v1/toolkits HTTP/1.1\r\nHost: sample\r\nContent-Length: 100000000\r\n\r\n"));
  EXPECT_EQ(client.ReadUntilClosed(milliseconds(1000)).substr(0, 13), "HTTP/1.1 413 ");
  const auto start = Clock::now();
  const std::string chunk(64 * 1024, 'a');
  size_t sent = 0;
  while (sent < (64u << 20) && MillisSince(start) < 4000 && client.Send(chunk))
    sent += chunk.size();
  EXPECT_LT(sent, 64u << 20) << "the room kept reading a refused client's stream";
  EXPECT_LT(MillisSince(start), 4000) << "the room kept the connection open to its deadline";
}

TEST_F(HostileClientsTest, DrippingRequestGets408AtItsTotalDeadline) {
  Start([](HttpServerOptions& o) { o.read_timeout = std::chrono::seconds(1); });
  RawConnection slow(server_->port());
  ASSERT_TRUE(slow.connected());
  auto start = Clock::now();
  std::string answer;
  bool closed = false;
  // A header line every 200 ms renews a per-read timeout forever; the total deadline is 1 s.
  for (int i = 0; i < 15 && !closed; ++i) {
    slow.Send(i == 0 ? "GET / HTTP/1.1\r\n" : "X-Drip: " + std::to_string(i) + "\r\n");
    answer += slow.ReadUntilClosed(milliseconds(200), &closed);
  }
  EXPECT_TRUE(closed);
  EXPECT_NE(answer.find("HTTP/1.1 408"), std::string::npos) << answer;
  EXPECT_LT(MillisSince(start), 2000);
  auto metrics = Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("clearinghouse_connections_refused_total{reason=\"timed_out\"} 1\n"),
            std::string::npos)
      << metrics->body;
  EXPECT_NE(metrics->body.find("clearinghouse_connections{state=\"busy\"} 1\n"), std::string::npos)
      << "the scrape itself holds a worker";
}

TEST_F(HostileClientsTest, FullQueueAnswers503WithRetryAfter) {
  std::string big(12u << 20, 'x');  // more than a loopback socket's buffers hold (4 MiB)
  fs::create_directories(dir_.path() / "web");
  test::WriteTextFile(dir_.path() / "web" / "huge.txt", big);
  Start(
      [](HttpServerOptions& o) {
        o.connections.max_queued = 1;
        o.connections.max_deferred_bytes = 0;  // a worker writes a whole response itself
        o.write_timeout = std::chrono::seconds(3);
      },
      /*threads=*/1);
  // The only worker writes a file to a client that does not read it (until the 3 s deadline).
  RawConnection holder(server_->port(), /*receive_buffer=*/4096);
  ASSERT_TRUE(holder.Send("GET /huge.txt HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(200));
  RawConnection queued(server_->port());
  ASSERT_TRUE(queued.Send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  std::this_thread::sleep_for(milliseconds(100));
  RawConnection refused(server_->port());
  auto start = Clock::now();
  ASSERT_TRUE(refused.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
  bool closed = false;
  std::string answer = refused.ReadUntilClosed(milliseconds(2000), &closed);
  EXPECT_NE(answer.find("HTTP/1.1 503"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  EXPECT_TRUE(closed);
  EXPECT_LT(MillisSince(start), 500) << "refusal must be immediate";
  // The queued request is served once the worker is free.
  std::string served = queued.ReadUntilClosed(milliseconds(5000));
  EXPECT_NE(served.find("HTTP/1.1 200"), std::string::npos) << served;
}

TEST_F(HostileClientsTest, OneAddressCannotTakeEveryConnection) {
  Start([](HttpServerOptions& o) { o.connections.max_connections_per_address = 4; });
  std::vector<RawConnection> held;
  for (int i = 0; i < 4; ++i) {
    held.emplace_back(server_->port());
    ASSERT_TRUE(held.back().connected());
  }
  std::this_thread::sleep_for(milliseconds(100));
  RawConnection fifth(server_->port());
  std::string answer = fifth.ReadUntilClosed(milliseconds(2000));
  EXPECT_NE(answer.find("HTTP/1.1 503"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Retry-After"), std::string::npos) << answer;
  held.clear();  // closed: the address may connect again
  std::this_thread::sleep_for(milliseconds(200));
  auto res = Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(HostileClientsTest, ParseErrorClosesTheConnection) {
  Start();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send("GARBAGE\r\nHost: x\r\n\r\n"));
  bool closed = false;
  std::string answer = c.ReadUntilClosed(milliseconds(2000), &closed);
  EXPECT_NE(answer.find("HTTP/1.1 400"), std::string::npos) << answer;
  EXPECT_TRUE(closed) << "the connection stayed open after a malformed request";
}

TEST_F(HostileClientsTest, HugeHeadersGet431) {
  Start();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n"));
  bool closed = false;
  std::string answer = c.ReadUntilClosed(milliseconds(2000), &closed);
  EXPECT_NE(answer.find("HTTP/1.1 431"), std::string::npos) << answer.substr(0, 200);
  EXPECT_TRUE(closed);
}

TEST_F(HostileClientsTest, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  RawConnection c(server_->port());
  ASSERT_TRUE(
      c.Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /missing.txt HTTP/1.1\r\nHost: x\r\n"
             "Connection: close\r\n\r\n"));
  std::string answer = c.ReadUntilClosed(milliseconds(3000));
  size_t first = answer.find("HTTP/1.1 200");
  size_t second = answer.find("HTTP/1.1 404");
  ASSERT_NE(first, std::string::npos) << answer;
  ASSERT_NE(second, std::string::npos) << answer;
  EXPECT_LT(first, second);
}

long RssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::string ManyRanges(int n) {
  std::string value = "bytes=0-";
  for (int i = 1; i < n; ++i) value += ",0-";
  return value;
}

TEST_F(HostileClientsTest, ManyRangesDoNotMultiplyTheResponse) {
  Start();
  long rss_before = RssKb();
  std::vector<std::thread> clients;
  std::atomic<size_t> largest{0};
  std::atomic<int> full_answers{0};
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      httplib::Client client = Client();
      for (const char* path : {"/big.txt", "/api/v1/openapi.json"}) {
        auto res = client.Get(path, {{"Range", ManyRanges(2000)}});
        if (!res) continue;
        largest = std::max(largest.load(), res->body.size());
        if (res->status == 200 && !res->has_header("Content-Range")) ++full_answers;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(full_answers.load(), 16) << "several ranges are ignored: a plain 200";
  EXPECT_LE(largest.load(), size_t{1} << 20) << "no response beyond the largest file";
  EXPECT_LT(RssKb() - rss_before, 64 * 1024) << "RSS grew by more than 64 MB";
}

TEST_F(HostileClientsTest, OneRangeOnAStaticFileGets206) {
  Start();
  httplib::Client client = Client();
  auto part = client.Get("/big.txt", {{"Range", "bytes=10-19"}});
  ASSERT_TRUE(part);
  EXPECT_EQ(part->status, 206);
  EXPECT_EQ(part->get_header_value("Content-Range"), "bytes 10-19/100000");
  EXPECT_EQ(part->body, std::string(10, 'x'));

  auto suffix = client.Get("/big.txt", {{"Range", "bytes=-5"}, {"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(suffix);
  EXPECT_EQ(suffix->status, 206);
  EXPECT_EQ(suffix->get_header_value("Content-Range"), "bytes 99995-99999/100000");
  EXPECT_EQ(suffix->body.size(), 5u) << "a range is never compressed";

  auto past = client.Get("/big.txt", {{"Range", "bytes=200000-"}});
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 416);
  EXPECT_EQ(past->get_header_value("Content-Range"), "bytes */100000");

  for (const char* ignored : {"bytes=abc", "bytes=5-1", "items=0-1", "bytes=0-1,4-5"}) {
    auto full = client.Get("/big.txt", {{"Range", ignored}});
    ASSERT_TRUE(full);
    EXPECT_EQ(full->status, 200) << ignored;
    EXPECT_EQ(full->body.size(), 100000u) << ignored;
    EXPECT_FALSE(full->has_header("Content-Range")) << ignored;
  }
  auto api = client.Get("/api/v1/openapi.json", {{"Range", "bytes=0-3"}});
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 200) << "Range is ignored on API responses";
  EXPECT_FALSE(api->has_header("Content-Range"));
  EXPECT_GT(api->body.size(), 1000u);
}

TEST_F(HostileClientsTest, SecurityHeadersAreSentAsHeaders) {
  Start();
  httplib::Client client = Client();
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(page->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(page->get_header_value("Referrer-Policy"), "no-referrer");
  auto json = client.Get("/healthz");
  ASSERT_TRUE(json);
  EXPECT_EQ(json->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(json->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  auto missing = client.Get("/api/v1/resources/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->get_header_value("X-Content-Type-Options"), "nosniff") << "errors too";
}

TEST_F(HostileClientsTest, DotfilesAreRefusedAndMarkdownIsLabelled) {
  Start();
  httplib::Client client = Client();
  for (const char* path : {"/.git/config", "/.env", "/.git/", "/sub/../.env"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
    EXPECT_EQ(res->body.find("SECRET"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("repositoryformatversion"), std::string::npos) << path;
  }
  auto md = client.Get("/notes.md");
  ASSERT_TRUE(md);
  EXPECT_EQ(md->status, 200);
  EXPECT_EQ(md->get_header_value("Content-Type"), "text/markdown; charset=utf-8");
}

TEST_F(HostileClientsTest, ToolkitCreationIsLimitedPerAddress) {
  Start([](HttpServerOptions& o) {
    o.write_limits.toolkit_create = {3, std::chrono::hours(1), 3};
  });
  httplib::Client client = Client();
  const std::string body =
      R"({"title":"Sample toolkit","items":[{"resource_id":"court-liaison"}]})";
  for (int i = 0; i < 3; ++i) {
    auto res = client.Post("/api/v1/toolkits", body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 201) << res->body;
  }
  auto refused = client.Post("/api/v1/toolkits", body, "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429) << refused->body;
  EXPECT_GE(std::stoi("0" + refused->get_header_value("Retry-After")), 1);
  EXPECT_NE(refused->body.find("rate_limited"), std::string::npos);
  // Reading is not limited.
  auto read = client.Get("/api/v1/toolkits/featured");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
}

TEST_F(HostileClientsTest, CuratorThrottleUsesTheAddressFromTrustedProxies) {
  Start([](HttpServerOptions& o) { o.trusted_proxies = {"127.0.0.1"}; }, 4, /*curator=*/true,
        /*max_failed_auth=*/3);
  std::string secret = server_->keys().Create("sample-curator").value();
  httplib::Client client = Client();
  auto audit = [&](const std::string& key, const std::string& forwarded) {
    httplib::Headers headers = {{"Authorization", "Bearer " + key}, {"X-Forwarded-For", forwarded}};
    return client.Get("/api/v1/curator/audit", headers);
  };
  // An anonymous client behind the proxy guesses keys until it is throttled...
  for (int i = 0; i < 3; ++i) {
    auto res = audit("wrong-" + std::to_string(i), "203.0.113.9");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  auto throttled = audit("wrong-again", "203.0.113.9");
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  // ...while a curator behind the same proxy, from another address, still gets in.
  auto curator = audit(secret, "198.51.100.7");
  ASSERT_TRUE(curator);
  EXPECT_EQ(curator->status, 200) << curator->body;
  // Entries the client wrote itself, left of the proxy's, do not pick its address.
  auto spoofed = audit("wrong-3", "198.51.100.7, 203.0.113.9");
  ASSERT_TRUE(spoofed);
  EXPECT_EQ(spoofed->status, 429);
}

TEST_F(HostileClientsTest, ForwardedForIsIgnoredFromPeersThatAreNotTrusted) {
  Start({}, 4, /*curator=*/true, /*max_failed_auth=*/2);
  ASSERT_TRUE(server_->keys().Create("sample-curator").ok());
  httplib::Client client = Client();
  int last = 0;
  for (int i = 0; i < 3; ++i) {
    auto res = client.Get(
        "/api/v1/curator/audit",
        {{"Authorization", "Bearer wrong"}, {"X-Forwarded-For", "192.0.2." + std::to_string(i)}});
    ASSERT_TRUE(res);
    last = res->status;
  }
  EXPECT_EQ(last, 429) << "a new X-Forwarded-For each time must not escape the throttle";
}

std::string WideTableResource(int columns) {
  std::string header = "|", rule = "|";
  for (int i = 0; i < columns; ++i) {
    header += " c |";
    rule += "---|";
  }
  return "---\nid: wide-table\ntitle: \"Wide table (sample)\"\nsummary: \"A table too wide.\"\n"
         "type: guide\nfocus_areas: [gun-violence]\n---\nIntro line.\n\n" +
         header + "\n" + rule + "\n";
}

TEST_F(HostileClientsTest, WideTableIsRejectedQuicklyNamingTheLine) {
  Start({}, 4, /*curator=*/true);
  std::string secret = server_->keys().Create("sample-curator").value();
  httplib::Client client = Client();
  client.set_bearer_token_auth(secret);
  std::string body = WideTableResource(60000);
  auto start = Clock::now();
  auto res = client.Post("/api/v1/curator/resources", body, "text/markdown");
  double ms = MillisSince(start);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422) << res->body.substr(0, 300);
  EXPECT_NE(res->body.find("\"line\":10"), std::string::npos) << res->body.substr(0, 300);
  EXPECT_NE(res->body.find("allowed"), std::string::npos);
  // The status and the line prove the check; the bound only guards against rendering the table
  // before checking it, and is generous because a shared CI machine can be slow (100 ms failed at
  // a load average of 18).
  EXPECT_LT(ms, 2000) << "the check runs before cmark-gfm renders the table";
}

TEST(MarkdownLimitsCliTest, ValidateReportsTheWideTableLine) {
  test::TempDir dir;
  std::string corpus = MakeCorpus(dir.path() / "corpus");
  test::WriteTextFile(dir.path() / "corpus" / "wide-table.md", WideTableResource(500));
  std::string output;
  auto start = Clock::now();
  int status = test::RunCommand(test::BinaryPath("bin/clearinghouse-index") + " validate " + corpus,
                                &output);
  EXPECT_NE(status, 0);
  EXPECT_NE(output.find("wide-table.md:10:1: error: body:"), std::string::npos) << output;
  EXPECT_LT(MillisSince(start), 5000);
}

TEST_F(HostileClientsTest, CsvExportGuardsFormulaPrefixes) {
  Start();
  httplib::Client client = Client();
  const std::string toolkit =
      "{\"title\":\"Sample\",\"items\":[{\"resource_id\":\"court-liaison\","
      "\"note\":\"\\r=HYPERLINK(\\\"x\\\")\"}]}";
  auto created = client.Post("/api/v1/toolkits", toolkit, "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  std::string id = created->body.substr(created->body.find("\"id\":\"") + 6);
  id = id.substr(0, id.find('"'));
  auto csv = client.Get("/api/v1/toolkits/" + id + "/export?format=csv");
  ASSERT_TRUE(csv);
  ASSERT_EQ(csv->status, 200);
  EXPECT_NE(csv->body.find("\"'\r=HYPERLINK"), std::string::npos) << csv->body;
  auto html = client.Get("/api/v1/toolkits/" + id + "/export?format=html");
  ASSERT_TRUE(html);
  EXPECT_NE(html->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
}

TEST_F(HostileClientsTest, LinksUseThePublicUrlNeverTheHostHeader) {
  Start([](HttpServerOptions& o) { o.public_url = "https://clearinghouse.example.org"; });
  httplib::Client client = Client();
  auto feed = client.Get("/feed.atom", {{"Host", "evil.example"}});
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->status, 200);
  EXPECT_EQ(feed->body.find("evil.example"), std::string::npos);
  EXPECT_NE(feed->body.find("https://clearinghouse.example.org/"), std::string::npos);
  auto openapi = client.Get("/api/v1/openapi.json");
  ASSERT_TRUE(openapi);
  EXPECT_NE(openapi->body.find(R"("url":"https://clearinghouse.example.org")"), std::string::npos);
}

// The real server binary: SIGTERM with idle keep-alive connections open.
TEST(ShutdownTest, SigtermWithIdleConnectionsExitsWithinASecond) {
  test::TempDir dir;
  std::string corpus = MakeCorpus(dir.path() / "corpus");
  int port = test::FreeTcpPort();
  test::ChildProcess server({test::BinaryPath("bin/clearinghouse-server"), "--corpus", corpus,
                             "--db", dir / "index", "--data", dir / "data", "--web", dir / "corpus",
                             "--port", std::to_string(port), "--quiet"});
  httplib::Client probe("127.0.0.1", port);
  auto started = Clock::now();
  while (!probe.Get("/healthz") && MillisSince(started) < 20000) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(probe.Get("/healthz")) << server.log();
  // Three keep-alive connections, each after one answered request, now idle.
  std::vector<RawConnection> idle;
  for (int i = 0; i < 3; ++i) {
    idle.emplace_back(port);
    ASSERT_TRUE(idle.back().Send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_NE(idle.back().ReadUntilClosed(milliseconds(300)).find("200"), std::string::npos);
  }
  auto start = Clock::now();
  ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
  while (server.running() && MillisSince(start) < 5000) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_FALSE(server.running());
  EXPECT_LT(MillisSince(start), 1000) << server.log();
}

}  // namespace
}  // namespace ch
