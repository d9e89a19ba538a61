// Status and Result<T>: how the library reports expected failures (I/O, malformed input,
// unknown formats, bad queries). Broken preconditions are bugs and are asserted instead.
// g++ 12 has no std::expected, so Result<T> is a small variant over a value and a Status.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace newsgraph {

// The outcome of an operation that can fail for reasons outside the program: either OK or an
// error message that says what failed, where (file, line or byte offset) and how to fix it.
// A value type; safe to copy and to share between threads once built.
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message), true); }

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  Status(std::string message, bool failed) : message_(std::move(message)), failed_(failed) {}
  std::string message_;
  bool failed_ = false;
};

// Either a T or the Status of why there is none. value() on an error is a bug (asserted).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace newsgraph
