// status.h: errors as values, shared by every module.
//
// A Status is OK or carries a Code and a human-readable message. Result<T> holds either a value or
// a non-OK Status. Functions that can fail return one of these instead of throwing; exceptions from
// Xapian, SQLite or yaml-cpp are caught at the adapter that calls them and converted here.
//
//   CH_ASSIGN_OR_RETURN(Taxonomy t, Taxonomy::Load(path));   // returns the error, if any
//   CH_RETURN_IF_ERROR(Validate(t));                         // a Status or a Result
//   Use(t);
//
// A Result built from an OK Status holds no value and no error: that is a bug in the caller, so
// the Result holds an Internal error saying so instead (as abseil's StatusOr does).
//
// Thread-safety: plain values; safe to copy and move between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace ch {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,     // the caller's input is wrong (bad parameter, bad document)
    kNotFound,            // the thing asked for does not exist
    kAlreadyExists,       // a create that would overwrite
    kFailedPrecondition,  // a version check (If-Match) or state check failed
    kPermissionDenied,    // authenticated, but not allowed
    kUnauthenticated,     // no or bad credentials
    kResourceExhausted,   // a size or count limit was exceeded
    kRateLimited,         // too many requests (or failed attempts) in a short time
    kUnavailable,         // try again later (locked database, shard down)
    kIOError,             // the file system failed
    kCorruption,          // stored data is damaged
    kInternal,            // a bug or an unexpected library error
    kCancelled,           // stopped on request (a stop signal) before it finished
    kGone,                // what the caller holds no longer applies here (another index epoch)
  };

  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {Code::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {Code::kFailedPrecondition, std::move(m)};
  }
  static Status PermissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {Code::kUnauthenticated, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {Code::kResourceExhausted, std::move(m)};
  }
  static Status RateLimited(std::string m) { return {Code::kRateLimited, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status IOError(std::string m) { return {Code::kIOError, std::move(m)}; }
  static Status Corruption(std::string m) { return {Code::kCorruption, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }
  static Status Cancelled(std::string m) { return {Code::kCancelled, std::move(m)}; }
  static Status Gone(std::string m) { return {Code::kGone, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field or request parameter at fault ("per_page", "title"), or "".
  const std::string& field() const { return field_; }
  Status&& WithField(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }
  // What only an operator should see (a database's host and name, a path on the server):
  // logged and printed by ToString(), never sent to a client. "" when there is none.
  const std::string& detail() const { return detail_; }
  Status&& WithDetail(std::string detail) && {
    detail_ = std::move(detail);
    return std::move(*this);
  }
  // "NotFound: no resource with id 'x'", with " (detail)" when there is one.
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
  std::string detail_;
};

const char* CodeName(Status::Code code);

namespace internal {
[[noreturn]] void DieOnValueOfError(const Status& status);
// The Internal error that replaces an OK Status given to Result(Status).
Status OkStatusWithoutValue();
}  // namespace internal

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status)                          // NOLINT: implicit by design
      : status_(status.ok() ? internal::OkStatusWithoutValue() : std::move(status)) {}

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  // value() on an error is a bug in the caller: it aborts with the error instead of reading
  // garbage.
  const T& value() const& { return Checked(), *value_; }
  T& value() & { return Checked(), *value_; }
  T&& value() && { return Checked(), std::move(*value_); }
  const T* operator->() const { return &*value_; }
  T* operator->() { return &*value_; }
  const T& operator*() const& { return *value_; }
  T& operator*() & { return *value_; }

 private:
  void Checked() const {
    if (!value_) internal::DieOnValueOfError(status_);
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace ch

namespace ch::internal {
inline const Status& StatusOf(const Status& s) { return s; }
template <typename T>
const Status& StatusOf(const Result<T>& r) {
  return r.status();
}
}  // namespace ch::internal

// Returns early from the enclosing function when `expr` (a Status or a Result) is an error.
#define CH_RETURN_IF_ERROR(expr)                              \
  do {                                                        \
    ::ch::Status ch_status_ = ::ch::internal::StatusOf(expr); \
    if (!ch_status_.ok()) return ch_status_;                  \
  } while (0)

// Evaluates `rexpr`, a Result<T>. On error, returns its Status from the enclosing function;
// otherwise moves the value into `lhs`, a declaration (`Taxonomy t`) or an assignable lvalue.
#define CH_ASSIGN_OR_RETURN(lhs, rexpr) \
  CH_ASSIGN_OR_RETURN_IMPL_(CH_STATUS_CONCAT_(ch_result_, __LINE__), lhs, rexpr)
#define CH_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                              \
  if (!result.ok()) return result.status();           \
  lhs = std::move(result).value()
#define CH_STATUS_CONCAT_INNER_(a, b) a##b
#define CH_STATUS_CONCAT_(a, b) CH_STATUS_CONCAT_INNER_(a, b)
