// The feed's request parameters, as a consumer gives them over HTTP (SSE and WebSocket):
// `GET /feed?from=SEQ&kinds=client,employee&types=ContactLogged,...` and the SSE
// `Last-Event-ID` header. Parsing and validation only: pure, thread-safe, no I/O.
//
//   from            a seq, decimal; the first event delivered is the first matching one
//                   with seq >= from (inclusive; 0 means 1, the start of the log).
//                   Absent: live only, from the next event appended.
//   kinds           comma-separated stream kinds (FeedFilter), e.g. client,employee
//   types           comma-separated event types, e.g. ContactLogged,ClientAssigned
//   Last-Event-ID   the id (seq) of the last event the consumer got; resumes after it,
//                   i.e. from = id + 1. It wins over `from`, since an SSE client that
//                   reconnects repeats the first URL and adds this header.
//
// Any other parameter, a parameter given twice or a malformed value is InvalidArgument
// with `field` naming the parameter ("from", "kinds", "types", "Last-Event-ID", or the
// unknown name); the HTTP layer answers it with 400.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/server/feed/feed_filter.h"
#include "events/status.h"

namespace prospekt::feed {

struct FeedQuery {
  // The first seq wanted; nullopt: live only, from the next event the hub sees.
  std::optional<std::uint64_t> from_seq;
  FeedFilter filter;

  bool operator==(const FeedQuery&) const = default;
};

// `target` is the request target ("/feed?from=10&kinds=client") or only its query part
// after the '?'; the path is ignored. Names and values are percent-decoded.
// `last_event_id` is the header's value, empty when the header is absent.
Result<FeedQuery> ParseFeedQuery(std::string_view target, std::string_view last_event_id = {});

// A decimal seq (at most 20 digits, no sign, no spaces, fits 64 bits). InvalidArgument
// naming `field` otherwise.
Result<std::uint64_t> ParseSeq(std::string_view text, const std::string& field);

}  // namespace prospekt::feed
