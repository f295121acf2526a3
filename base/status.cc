#include "base/status.h"

#include <cstdio>
#include <cstdlib>

namespace ch {

const char* CodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "OK";
    case Status::Code::kInvalidArgument:
      return "InvalidArgument";
    case Status::Code::kNotFound:
      return "NotFound";
    case Status::Code::kAlreadyExists:
      return "AlreadyExists";
    case Status::Code::kFailedPrecondition:
      return "FailedPrecondition";
    case Status::Code::kPermissionDenied:
      return "PermissionDenied";
    case Status::Code::kUnauthenticated:
      return "Unauthenticated";
    case Status::Code::kResourceExhausted:
      return "ResourceExhausted";
    case Status::Code::kRateLimited:
      return "RateLimited";
    case Status::Code::kUnavailable:
      return "Unavailable";
    case Status::Code::kIOError:
      return "IOError";
    case Status::Code::kCorruption:
      return "Corruption";
    case Status::Code::kInternal:
      return "Internal";
    case Status::Code::kCancelled:
      return "Cancelled";
    case Status::Code::kGone:
      return "Gone";
  }
  return "Unknown";
}

namespace internal {
void DieOnValueOfError(const Status& status) {
  std::fprintf(stderr, "Result::value() called on an error: %s\n", status.ToString().c_str());
  std::abort();
}

Status OkStatusWithoutValue() {
  return Status::Internal("a Result was built from an OK Status, without a value");
}
}  // namespace internal

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = std::string(CodeName(code_)) + ": " + message_;
  if (!detail_.empty()) out += " (" + detail_ + ")";
  return out;
}

}  // namespace ch
