// The pure parts behind the connection and request guards: framing, ranges, Markdown limits,
// write limits, client addresses and the public URL.
#include <gtest/gtest.h>
#include <httplib.h>

#include <string>
#include <vector>

#include "indexer/markdown_limits.h"
#include "server/http/client_address.h"
#include "server/http/public_url.h"
#include "server/http/range_policy.h"
#include "server/http/request_framing.h"
#include "server/http/room_answers.h"
#include "server/services/write_limiter.h"

namespace ch {
namespace {

TEST(RequestFramingTest, WaitsForHeadersAndContentLengthBody) {
  FramingLimits limits{1024, 100};
  EXPECT_EQ(FrameRequest("GET / HTTP/1.1\r\nHost: x\r\n", limits).state, RequestFrame::kNeedMore);
  RequestFrame get = FrameRequest("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next", limits);
  EXPECT_EQ(get.state, RequestFrame::kComplete);
  EXPECT_EQ(get.size, 27u);
  std::string post = "POST / HTTP/1.1\r\ncontent-length: 5\r\n\r\nab";
  EXPECT_EQ(FrameRequest(post, limits).state, RequestFrame::kNeedMore);
  EXPECT_EQ(FrameRequest(post + "cde", limits).state, RequestFrame::kComplete);
}

// What the room cannot read whole is refused with the answer the room sends, so that no worker
// ever reads a body.
TEST(RequestFramingTest, RefusesBodiesItCannotReadWhole) {
  FramingLimits limits{1024, 100};
  struct Case {
    std::string request;
    int status;
    const char* code;
    const char* why;
  };
  const std::string chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::vector<Case> cases = {
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented",
       "another transfer coding"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501, "not_implemented",
       "chunked after another coding"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 501,
       "not_implemented", "two Transfer-Encoding headers"},
      {"POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413, "too_large",
       "one byte over the 100 allowed"},
      {"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413, "too_large",
       "a length past any number"},
      {"POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400, "bad_request", "not a number"},
      {"POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "bad_request", "negative"},
      {"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400, "bad_request",
       "two lengths"},
      {"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", 400,
       "bad_request", "a length and an encoding at once could disagree on the body's end"},
      {chunked + "zz\r\n", 400, "bad_request", "a chunk size that is not hex"},
      {chunked + "65\r\n", 413, "too_large", "101 bytes of data, over the 100 allowed"},
      {chunked + "3\r\nabcX\r\n", 400, "bad_request", "chunk data not followed by CRLF"},
      {chunked + std::string(2000, '1'), 400, "bad_request", "a size line over 1 KiB"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.why);
    const RequestFrame f = FrameRequest(c.request, limits);
    EXPECT_EQ(f.state, RequestFrame::kRefused);
    EXPECT_EQ(f.status, c.status);
    EXPECT_EQ(f.code, c.code);
    EXPECT_FALSE(f.message.empty());
    EXPECT_EQ(f.message.find("gzip"), std::string::npos) << "the client's bytes are repeated";
  }
  EXPECT_EQ(FrameRequest("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n", limits).state,
            RequestFrame::kNeedMore)
      << "a body of exactly the limit is read";
}

// A chunked body is read by the waiting room, like a Content-Length one, so that a client that
// sends it slowly holds no worker.
TEST(RequestFramingTest, ReadsChunkedBodiesToTheirLastChunk) {
  FramingLimits limits{1024, 100};
  const std::string head = "POST / HTTP/1.1\r\ntransfer-encoding: Chunked\r\n\r\n";
  EXPECT_EQ(FrameRequest(head, limits).state, RequestFrame::kNeedMore);
  EXPECT_EQ(FrameRequest(head + "5\r\nab", limits).state, RequestFrame::kNeedMore);
  EXPECT_EQ(FrameRequest(head + "5\r\nabcde\r\n", limits).state, RequestFrame::kNeedMore);
  const std::string body = "5\r\nabcde\r\nA;ext=1\r\n0123456789\r\n0\r\n";
  EXPECT_EQ(FrameRequest(head + body, limits).state, RequestFrame::kNeedMore)
      << "no empty line yet";
  RequestFrame whole = FrameRequest(head + body + "\r\nGET /next", limits);
  EXPECT_EQ(whole.state, RequestFrame::kComplete);
  EXPECT_EQ(whole.size, head.size() + body.size() + 2) << "the next request is not part of it";
  RequestFrame trailers = FrameRequest(head + body + "X-Sum: 1\r\n\r\n", limits);
  EXPECT_EQ(trailers.state, RequestFrame::kComplete);
  EXPECT_EQ(trailers.size, head.size() + body.size() + 12);
  const std::string both =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n";
  EXPECT_EQ(FrameRequest(both + "0\r\n\r\n", limits).state, RequestFrame::kRefused)
      << "a length and an encoding at once";
}

TEST(RequestFramingTest, RefusesHeadersOverTheLimit) {
  FramingLimits limits{64, 100};
  const RequestFrame large = FrameRequest("GET / HTTP/1.1\r\nX: " + std::string(100, 'a'), limits);
  EXPECT_EQ(large.state, RequestFrame::kRefused);
  EXPECT_EQ(large.status, 431);
  EXPECT_EQ(large.code, "headers_too_large");
  EXPECT_EQ(FrameRequest("GET / HTTP/1.1\r\nX: " + std::string(30, 'a'), limits).state,
            RequestFrame::kNeedMore);
  std::string leading = "\r\n\r\nGET / HTTP/1.1\r\n\r\n";
  EXPECT_EQ(DropLeadingEmptyLines(leading), 4u);
  EXPECT_EQ(leading, "GET / HTTP/1.1\r\n\r\n");
}

// The room's own answers: the routes' error body, and the routes' CORS headers for an API path
// asked from an allowed origin, so that a script there can read a 503's Retry-After.
TEST(RoomAnswersTest, CarryTheErrorBodyAndTheRoutesCorsHeaders) {
  const std::vector<std::string> origins = {"https://app.example.org"};
  const RoomAnswer busy{503, "overloaded", "the server is \"busy\"", 1};
  const std::string api =
      "GET /api/v1/search?q=x HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.org\r\n";
  const std::string answer = RoomAnswerBytes(busy, api, origins);
  EXPECT_EQ(answer.substr(0, 33), "HTTP/1.1 503 Service Unavailable\r");
  EXPECT_NE(answer.find("\r\nRetry-After: 1\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\r\nAccess-Control-Allow-Origin: https://app.example.org\r\n"),
            std::string::npos)
      << answer;
  EXPECT_NE(answer.find("\r\nVary: Origin\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\r\nAccess-Control-Expose-Headers: ETag, X-Missing-Shards, Retry-After"),
            std::string::npos)
      << answer;
  const std::string body = answer.substr(answer.find("\r\n\r\n") + 4);
  EXPECT_EQ(body, R"({"error":{"code":"overloaded","message":"the server is \"busy\""}})");
  EXPECT_NE(answer.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos);

  const std::string other = "GET /api/v1/search HTTP/1.1\r\nOrigin: https://evil.example.com\r\n";
  const std::string page = "GET /index.html HTTP/1.1\r\nOrigin: https://app.example.org\r\n";
  for (const std::string& head : {other, page, std::string("GET /api/v1/sea"), std::string()}) {
    SCOPED_TRACE(head);
    EXPECT_EQ(RoomAnswerBytes(busy, head, origins).find("Access-Control"), std::string::npos);
  }
  EXPECT_EQ(RoomAnswerBytes(busy, api, {}).find("Access-Control"), std::string::npos);
  const std::string any = RoomAnswerBytes(busy, api, {"*"});
  EXPECT_NE(any.find("\r\nAccess-Control-Allow-Origin: *\r\n"), std::string::npos);
  EXPECT_EQ(any.find("Vary: Origin"), std::string::npos);
  EXPECT_EQ(RoomAnswerBytes({408, "request_timeout", "late"}, "", {}).find("Retry-After"),
            std::string::npos);
}

TEST(RangePolicyTest, SetsAsideEveryRangeHeader) {
  std::string request =
      "GET /a.txt HTTP/1.1\r\nrange: bytes=0-1\r\nX-Ch-Client-Range: forged\r\nHost: x\r\n\r\nBODY";
  size_t end = request.find("\r\n\r\n") + 4;
  size_t size = SetAsideRangeHeader(request, end);
  EXPECT_EQ(request.substr(0, size),
            "GET /a.txt HTTP/1.1\r\nX-Ch-Client-Range: bytes=0-1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(request.substr(size), "BODY");
}

TEST(RangePolicyTest, AnswersOneSatisfiableRangeOnly) {
  ByteRange r;
  EXPECT_EQ(DecideRange("bytes=0-9", 100, &r), RangeDecision::kPartial);
  EXPECT_EQ(ContentRangeValue(RangeDecision::kPartial, r, 100), "bytes 0-9/100");
  EXPECT_EQ(DecideRange("bytes=90-", 100, &r), RangeDecision::kPartial);
  EXPECT_EQ(r.length, 10u);
  EXPECT_EQ(DecideRange("bytes=95-500", 100, &r), RangeDecision::kPartial);
  EXPECT_EQ(r.length, 5u);
  EXPECT_EQ(DecideRange("bytes=-500", 100, &r), RangeDecision::kPartial);
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(DecideRange("bytes=100-", 100, &r), RangeDecision::kUnsatisfiable);
  EXPECT_EQ(ContentRangeValue(RangeDecision::kUnsatisfiable, r, 100), "bytes */100");
  EXPECT_EQ(DecideRange("bytes=-0", 100, &r), RangeDecision::kUnsatisfiable);
  for (const char* ignored : {"bytes=0-,0-", "bytes=0-1,1-2", "bytes=9-1", "bytes=x-", "lines=1-2",
                              "bytes=99999999999999999999999-", ""}) {
    EXPECT_EQ(DecideRange(ignored, 100, &r), RangeDecision::kFull) << ignored;
  }
}

TEST(MarkdownLimitsTest, NamesTheFirstLineOverALimit) {
  MarkdownLimits limits{50, 4, 3};
  EXPECT_FALSE(CheckMarkdownLimits("Text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", limits));
  auto wide =
      CheckMarkdownLimits("Text.\n\n| a | b | c | d | e |\n|---|---|---|---|---|\n", limits);
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->line, 3);
  auto tall = CheckMarkdownLimits("| a |\n|---|\n| 1 |\n| 2 |\n| 3 |\n", limits);
  ASSERT_TRUE(tall);
  EXPECT_EQ(tall->line, 4);
  auto longline = CheckMarkdownLimits("ok\n" + std::string(51, 'a'), limits);
  ASSERT_TRUE(longline);
  EXPECT_EQ(longline->line, 2);
  // Pipes in code and in paragraphs without a delimiter row are not tables.
  EXPECT_FALSE(CheckMarkdownLimits("```\n|a|b|c|d|e|f|\n|-|-|-|-|-|-|\n```\n", limits));
  EXPECT_FALSE(CheckMarkdownLimits("a|b|c|d|e|f|g\n", limits));
}

TEST(WriteLimiterTest, RefusesBeyondTheBurstPerAddressAndKind) {
  WriteLimits limits;
  limits.toolkit_create = {2, std::chrono::hours(1), 2};
  WriteLimiter limiter(limits);
  EXPECT_EQ(limiter.TryAcquire(WriteKind::kToolkitCreate, "a"), 0);
  EXPECT_EQ(limiter.TryAcquire(WriteKind::kToolkitCreate, "a"), 0);
  int wait = limiter.TryAcquire(WriteKind::kToolkitCreate, "a");
  EXPECT_GT(wait, 1000) << "one token per 30 minutes";
  EXPECT_EQ(limiter.TryAcquire(WriteKind::kToolkitCreate, "b"), 0) << "another address";
  EXPECT_EQ(limiter.TryAcquire(WriteKind::kToolkitWrite, "a"), 0) << "another kind";
}

httplib::Request RequestFrom(const std::string& peer, const std::string& forwarded) {
  httplib::Request req;
  req.remote_addr = peer;
  if (!forwarded.empty()) req.set_header("X-Forwarded-For", forwarded);
  return req;
}

TEST(ClientAddressTest, ReadsForwardedForOnlyFromTrustedProxies) {
  std::vector<std::string> proxies = {"10.0.0.2", "10.0.0.3"};
  EXPECT_EQ(ClientAddress(RequestFrom("192.0.2.1", "203.0.113.5"), proxies), "192.0.2.1");
  EXPECT_EQ(ClientAddress(RequestFrom("10.0.0.2", "203.0.113.5"), proxies), "203.0.113.5");
  EXPECT_EQ(ClientAddress(RequestFrom("10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.3"), proxies),
            "203.0.113.5");
  EXPECT_EQ(ClientAddress(RequestFrom("10.0.0.2", "not-an-ip"), proxies), "10.0.0.2");
  EXPECT_EQ(ClientAddress(RequestFrom("10.0.0.2", ""), proxies), "10.0.0.2");
  EXPECT_EQ(ClientAddress(RequestFrom("10.0.0.2", "2001:db8::1"), proxies), "2001:db8::1");
}

TEST(PublicUrlTest, AcceptsHttpAndHttpsBasesOnly) {
  EXPECT_EQ(NormalizePublicUrl("https://example.org/").value(), "https://example.org");
  EXPECT_EQ(NormalizePublicUrl("http://example.org:8080/ch").value(), "http://example.org:8080/ch");
  for (const char* bad : {"example.org", "ftp://example.org", "https://", "https://a.org/?q=1",
                          "https://user@a.org"}) {
    EXPECT_FALSE(NormalizePublicUrl(bad).ok()) << bad;
  }
  std::string doc =
      OpenApiWithServer(R"({"servers":[{"url":"http://localhost:8080"}]})", "https://example.org");
  EXPECT_EQ(doc, R"({"servers":[{"url":"https://example.org"}]})");
}

}  // namespace
}  // namespace ch
