// Status and Result<T>: errors as values at every module edge.
//
// Codes are chosen by how the caller should react (after absl::StatusCode):
//   kAborted            a concurrency conflict: re-read and retry (carries the current
//                       stream version where one applies);
//   kFailedPrecondition a business rule said no: show the message, do not retry;
//   kInvalidArgument    the input is malformed: fix the request;
//   kNotFound           the thing asked for does not exist;
//   kCorruption         stored data is damaged: stop and call an operator;
//   kPermissionDenied   the caller has no right to do this;
//   kIOError            the disk or the OS failed: the operation may be retried later.
// Both types are [[nodiscard]]; an error deliberately ignored is spelled out with
// IgnoreError(). Plain values, safe to copy between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace prospekt {

enum class StatusCode : std::uint8_t {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAborted,
  kFailedPrecondition,
  kPermissionDenied,
  kCorruption,
  kIOError,
};

// The stable lower-case name of a code, used in logs and JSON error bodies.
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string message, std::string field = {}) {
    return {StatusCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static Status NotFound(std::string message, std::string field = {}) {
    return {StatusCode::kNotFound, std::move(message), std::move(field)};
  }
  // A version conflict; `current_version` is what the caller should re-read from.
  static Status Aborted(std::string message, std::uint64_t current_version) {
    Status status{StatusCode::kAborted, std::move(message), "expected_version"};
    status.current_version_ = current_version;
    return status;
  }
  static Status FailedPrecondition(std::string message, std::string field = {}) {
    return {StatusCode::kFailedPrecondition, std::move(message), std::move(field)};
  }
  static Status PermissionDenied(std::string message) {
    return {StatusCode::kPermissionDenied, std::move(message)};
  }
  static Status Corruption(std::string message) {
    return {StatusCode::kCorruption, std::move(message)};
  }
  static Status IOError(std::string message) { return {StatusCode::kIOError, std::move(message)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The input field the error is about ("" when it is not about one field).
  const std::string& field() const { return field_; }
  // Set only on kAborted version conflicts.
  std::optional<std::uint64_t> current_version() const { return current_version_; }

  // "code: message" (plus the field), one readable line.
  std::string ToString() const;

  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::optional<std::uint64_t> current_version_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  // The error; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  // Precondition: ok().
  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace prospekt

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define PROSPEKT_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    ::prospekt::Status prospekt_status_ = (expr);        \
    if (!prospekt_status_.ok()) return prospekt_status_; \
  } while (false)
