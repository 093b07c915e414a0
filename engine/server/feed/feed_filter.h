// FeedFilter: which events a feed consumer wants, by stream kind and by event type.
//
// A stream's kind is its category, the part of the stream id before the first '-'
// ("client" for "client-r01-b01-c00007"; engine/store/stream_id.h). The domain writes
// the kinds "client", "employee", "branch", "region" and "product". A filter with no
// kinds takes every kind, one with no types every type; both lists given means both
// must match. A filter is a plain value, immutable once made, safe to share between
// threads.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "events/envelope.h"
#include "events/status.h"

namespace prospekt::feed {

// Limits of one filter, so that a consumer cannot make the hub's per-event check costly.
inline constexpr std::size_t kMaxFilterKinds = 64;
inline constexpr std::size_t kMaxFilterTypes = 256;

// The kind of a stream: its id up to the first '-' (the whole id if there is none).
std::string_view StreamKind(std::string_view stream_id);

class FeedFilter {
 public:
  // Everything.
  FeedFilter() = default;

  // A filter over the given kinds and types (duplicates are dropped). InvalidArgument,
  // field "kinds" or "types", for a name that is not a stream category ([a-z][a-z0-9_]*)
  // or an event type (a letter, then letters, digits, '_' and '.'), for an empty name,
  // or for more names than the limits above.
  static Result<FeedFilter> Make(const std::vector<std::string>& kinds,
                                 const std::vector<std::string>& types);

  bool Matches(std::string_view stream_id, std::string_view event_type) const;
  bool Matches(const Envelope& envelope) const {
    return Matches(envelope.stream_id, envelope.event_type);
  }

  // Empty means "any".
  const std::set<std::string, std::less<>>& kinds() const { return kinds_; }
  const std::set<std::string, std::less<>>& types() const { return types_; }

  bool operator==(const FeedFilter&) const = default;

 private:
  std::set<std::string, std::less<>> kinds_;
  std::set<std::string, std::less<>> types_;
};

}  // namespace prospekt::feed
