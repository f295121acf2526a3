// The toolkit API's request-size limit at its exact boundary: a body of exactly
// max_request_bytes is parsed, one byte more is ResourceExhausted (HTTP 413), for every parser
// that takes a request body.
#include <gtest/gtest.h>

#include <string>

#include "toolkits/toolkit_json.h"
#include "toolkits/toolkit_patch.h"

namespace ch {
namespace {

// A valid JSON object padded with trailing spaces to exactly `bytes` bytes.
std::string Padded(const std::string& json, size_t bytes) {
  EXPECT_LE(json.size(), bytes);
  return json + std::string(bytes - json.size(), ' ');
}

TEST(ToolkitRequestLimit, ExactlyTheLimitIsParsedAndOneByteMoreIsNot) {
  const ToolkitLimits limits;
  const size_t at = limits.max_request_bytes;
  EXPECT_TRUE(ParseToolkitJson(Padded(R"({"title":"Sample"})", at), limits).ok());
  EXPECT_EQ(ParseToolkitJson(Padded(R"({"title":"Sample"})", at + 1), limits).status().code(),
            Status::Code::kResourceExhausted);

  EXPECT_TRUE(ParseToolkitPatchJson(Padded(R"({"title":"Sample"})", at), limits).ok());
  EXPECT_EQ(ParseToolkitPatchJson(Padded(R"({"title":"Sample"})", at + 1), limits).status().code(),
            Status::Code::kResourceExhausted);

  EXPECT_TRUE(ParseDraftRequestJson(Padded(R"({"q":"sample"})", at), limits).ok());
  EXPECT_EQ(ParseDraftRequestJson(Padded(R"({"q":"sample"})", at + 1), limits).status().code(),
            Status::Code::kResourceExhausted);
}

TEST(ToolkitRequestLimit, ASmallerConfiguredLimitIsEnforcedAtItsBoundary) {
  ToolkitLimits limits;
  limits.max_request_bytes = 64;
  EXPECT_TRUE(ParseToolkitJson(Padded(R"({"title":"Sample"})", 64), limits).ok());
  Result<ToolkitInput> past = ParseToolkitJson(Padded(R"({"title":"Sample"})", 65), limits);
  EXPECT_EQ(past.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(past.status().message().find("64"), std::string::npos) << past.status().ToString();
}

}  // namespace
}  // namespace ch
