// api_error.h: the one place where a Status becomes an HTTP status and a JSON error body.
//
//   InvalidArgument    400 invalid_parameter     NotFound          404 not_found
//   AlreadyExists      409 conflict              FailedPrecondition 412 precondition_failed
//   Unauthenticated    401 unauthorized          PermissionDenied  403 forbidden
//   ResourceExhausted  413 too_large             Unavailable       503 unavailable
//   RateLimited        429 rate_limited          Cancelled         503 unavailable
//   Gone               410 resync_required (the changes feed adds "epoch" and "generation")
//   InvalidArgument in a JSON document's member (InputKind::kDocument) -> 422 invalid_document
//   IOError, Corruption, Internal -> 500 internal, with a generic message: internals never leak
//   (the real message goes to the server log).
//
// Body: {"error":{"code":"invalid_parameter","message":"...","param":"per_page"}}, where param is
// Status::field() and is left out when empty.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace ch {

struct HttpError {
  int status;
  const char* code;
};

// What the request's input was: query parameters (a bad one is 400), or a JSON document in the
// body, where a well-formed document that breaks a rule (field() names a member inside it, not
// "body") is 422 invalid_document and a malformed one (field() "body") is 400 malformed_body.
enum class InputKind { kParameters, kDocument };

HttpError HttpErrorFor(Status::Code code, InputKind input = InputKind::kParameters,
                       const std::string& field = "");

// Writes the JSON error for `status` into `res`. Internal errors are sent with a generic message
// and logged to stderr; a status with a detail() is logged with it, and the detail never sent.
void WriteError(httplib::Response& res, const Status& status,
                InputKind input = InputKind::kParameters);
// Writes the JSON error for `status` with the index's epoch and generation beside "error" (the
// changes feed's 410 resync_required tells the client where the index is now).
void WriteErrorWithVersion(httplib::Response& res, const Status& status, std::string_view epoch,
                           uint64_t generation);
// Writes a JSON error with an explicit HTTP status and code.
void WriteError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message, std::string_view param = "");

}  // namespace ch
