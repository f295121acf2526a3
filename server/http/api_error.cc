#include "server/http/api_error.h"

#include <iostream>

#include "server/http/response_json.h"

namespace ch {

HttpError HttpErrorFor(Status::Code code, InputKind input, const std::string& field) {
  if (code == Status::Code::kInvalidArgument && input == InputKind::kDocument) {
    if (field == "body") return {400, "malformed_body"};
    if (field != "format") return {422, "invalid_document"};
  }
  switch (code) {
    case Status::Code::kOk:
      return {200, "ok"};
    case Status::Code::kInvalidArgument:
      return {400, "invalid_parameter"};
    case Status::Code::kNotFound:
      return {404, "not_found"};
    case Status::Code::kAlreadyExists:
      return {409, "conflict"};
    case Status::Code::kFailedPrecondition:
      return {412, "precondition_failed"};
    case Status::Code::kUnauthenticated:
      return {401, "unauthorized"};
    case Status::Code::kPermissionDenied:
      return {403, "forbidden"};
    case Status::Code::kResourceExhausted:
      return {413, "too_large"};
    case Status::Code::kRateLimited:
      return {429, "rate_limited"};
    case Status::Code::kGone:  // a changes-feed cursor from another epoch: start again
      return {410, "resync_required"};
    case Status::Code::kUnavailable:
    case Status::Code::kCancelled:  // the server is stopping
      return {503, "unavailable"};
    case Status::Code::kIOError:
    case Status::Code::kCorruption:
    case Status::Code::kInternal:
      return {500, "internal"};
  }
  return {500, "internal"};
}

void WriteError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message, std::string_view param) {
  res.status = http_status;
  res.set_content(EncodeError(code, message, param), "application/json");
}

void WriteError(httplib::Response& res, const Status& status, InputKind input) {
  HttpError e = HttpErrorFor(status.code(), input, status.field());
  if (e.status == 500) {
    std::cerr << "internal error: " << status.ToString() << std::endl;
    WriteError(res, 500, e.code, "the server could not complete the request; it has been logged");
    return;
  }
  if (!status.detail().empty()) {
    std::cerr << "error answered with " << e.status << ": " << status.ToString() << std::endl;
  }
  WriteError(res, e.status, e.code, status.message(), status.field());
}

void WriteErrorWithVersion(httplib::Response& res, const Status& status, std::string_view epoch,
                           uint64_t generation) {
  HttpError e = HttpErrorFor(status.code());
  if (e.status == 500) return WriteError(res, status);
  res.status = e.status;
  res.set_content(EncodeErrorWithVersion(e.code, status.message(), epoch, generation),
                  "application/json");
}

}  // namespace ch
