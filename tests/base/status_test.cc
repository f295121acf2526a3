#include "base/status.h"

#include <gtest/gtest.h>

#include <string>

namespace ch {
namespace {

Result<int> Parse(const std::string& text) {
  if (text.empty()) return Status::InvalidArgument("empty");
  return static_cast<int>(text.size());
}

Result<int> DoubleOf(const std::string& text) {
  CH_ASSIGN_OR_RETURN(int n, Parse(text));
  return 2 * n;
}

Status CheckBoth(const std::string& a, const std::string& b) {
  CH_RETURN_IF_ERROR(Parse(a));  // a Result
  CH_RETURN_IF_ERROR(b == "bad" ? Status::NotFound("bad") : Status::Ok());  // a Status
  return Status::Ok();
}

TEST(StatusTest, AssignOrReturnPassesTheValueOn) {
  Result<int> r = DoubleOf("abc");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(*r, 6);
}

TEST(StatusTest, AssignOrReturnReturnsTheErrorUnchanged) {
  Result<int> r = DoubleOf("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "empty");
}

TEST(StatusTest, ReturnIfErrorTakesAStatusOrAResult) {
  EXPECT_TRUE(CheckBoth("x", "y").ok());
  EXPECT_EQ(CheckBoth("", "y").code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(CheckBoth("x", "bad").code(), Status::Code::kNotFound);
}

TEST(StatusTest, ResultBuiltFromAnOkStatusIsAnInternalError) {
  Result<int> r = Status::Ok();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Status::Code::kInternal);
  EXPECT_NE(r.status().message().find("OK Status"), std::string::npos);
}

TEST(StatusTest, DetailIsPrintedButKeptApartFromTheMessage) {
  Status s = Status::Unavailable("the toolkit store is down").WithDetail("host db1:5432");
  EXPECT_EQ(s.message(), "the toolkit store is down");
  EXPECT_EQ(s.ToString(), "Unavailable: the toolkit store is down (host db1:5432)");
}

TEST(StatusTest, ValueOfAnErrorAbortsWithTheError) {
  Result<int> r = Status::NotFound("no resource 'x'");
  EXPECT_DEATH((void)r.value(), "no resource 'x'");
}

}  // namespace
}  // namespace ch
