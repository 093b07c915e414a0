// Optimistic concurrency for appends: what the writer believes a stream's version is.
// Stream versions count events in the stream from 1; a stream that does not exist yet
// has version 0. A mismatch makes the append fail with Aborted carrying the current
// version, so the writer can re-read and decide again. Plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/status.h"

namespace prospekt::store {

class ExpectedVersion {
 public:
  // Append whatever the stream's version is.
  static ExpectedVersion Any() { return ExpectedVersion(Kind::kAny, 0); }
  // Append only if the stream has no events yet.
  static ExpectedVersion NoStream() { return ExpectedVersion(Kind::kExact, 0); }
  // Append only if the stream's last version is exactly `version`.
  static ExpectedVersion Exactly(std::uint64_t version) {
    return ExpectedVersion(Kind::kExact, version);
  }

  // The wire form used by the CLI and HTTP: "any", "no_stream" or a decimal version.
  // Anything else is InvalidArgument (field "expected_version").
  static Result<ExpectedVersion> Parse(std::string_view text);

  bool Matches(std::uint64_t current_version) const {
    return kind_ == Kind::kAny || version_ == current_version;
  }
  std::string ToString() const;

 private:
  enum class Kind : std::uint8_t { kAny, kExact };
  ExpectedVersion(Kind kind, std::uint64_t version) : kind_(kind), version_(version) {}

  Kind kind_;
  std::uint64_t version_;
};

}  // namespace prospekt::store
