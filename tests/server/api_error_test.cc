// Errors reach clients with their status and message; what only an operator should see (a
// status's detail, an internal error's text) is logged, never sent.
#include "server/http/api_error.h"

#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

namespace ch {
namespace {

class CapturedStderr {
 public:
  CapturedStderr() : old_(std::cerr.rdbuf(text_.rdbuf())) {}
  ~CapturedStderr() { std::cerr.rdbuf(old_); }
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::streambuf* old_;
};

TEST(ApiErrorTest, DetailIsLoggedButNotSent) {
  httplib::Response res;
  CapturedStderr log;
  WriteError(res, Status::Unavailable("postgresql: cannot connect to the toolkit database")
                      .WithDetail("database 'toolkits' on db.internal:5432: connection refused"));
  EXPECT_EQ(res.status, 503);
  EXPECT_NE(res.body.find("cannot connect to the toolkit database"), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("db.internal"), std::string::npos) << res.body;
  EXPECT_NE(log.text().find("db.internal:5432"), std::string::npos) << log.text();
}

TEST(ApiErrorTest, InternalErrorsSendAGenericMessage) {
  httplib::Response res;
  CapturedStderr log;
  WriteError(res, Status::Internal("xapian: /srv/data/index/build-000003 is corrupt"));
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("/srv/data"), std::string::npos) << res.body;
  EXPECT_NE(log.text().find("/srv/data"), std::string::npos) << log.text();
}

TEST(ApiErrorTest, ClientErrorsNameTheirField) {
  httplib::Response res;
  WriteError(res, Status::InvalidArgument("per_page must be 1-100").WithField("per_page"));
  EXPECT_EQ(res.status, 400);
  EXPECT_NE(res.body.find("per_page must be 1-100"), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("\"per_page\""), std::string::npos) << res.body;
}

}  // namespace
}  // namespace ch
