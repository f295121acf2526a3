// status.h: errors as values, shared by every module.
//
// A Status is OK or carries a Code and a human-readable message. Result<T> holds either a value or
// a non-OK Status. Functions that can fail return one of these instead of throwing; exceptions from
// Xapian, SQLite or yaml-cpp are caught at the adapter that calls them and converted here.
//
//   Result<Taxonomy> t = Taxonomy::Load(path);
//   if (!t.ok()) return t.status();
//   Use(t.value());
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
}  // namespace internal

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

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

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define CH_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::ch::Status ch_status_ = (expr);         \
    if (!ch_status_.ok()) return ch_status_;  \
  } while (0)
