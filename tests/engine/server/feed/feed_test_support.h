// Helpers of the feed's tests: a store with fsync off, appends of many events, and
// collecting a subscription's events up to a seq with a generous deadline (the tests
// wait on conditions, never on time).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/server/feed/feed_hub.h"
#include "engine/store/event_store.h"
#include "tests/test_support.h"

namespace prospekt::feed::testing {

// How long a test waits for a condition before it fails; never reached when all is well.
inline constexpr std::chrono::seconds kPatience{30};

inline store::StoreOptions FastStore() {
  store::StoreOptions options;
  options.sync = false;  // throwaway data; the feed reads what is committed either way
  return options;
}

// Appends `count` events of `type` to `stream` in one request; returns the last seq.
std::uint64_t AppendEvents(store::EventStore& store, const std::string& stream, std::size_t count,
                           const std::string& type = "ContactLogged");

struct Collected {
  std::vector<std::uint64_t> seqs;
  std::vector<FeedEventPtr> events;
  std::optional<FeedEnd> end;
};

// Polls `subscription` until it has delivered an event with seq >= `until_seq`, or it
// ended, or kPatience passed.
Collected CollectUntil(FeedSubscription& subscription, std::uint64_t until_seq);

// Polls until the subscription ended (or kPatience passed).
Collected CollectUntilEnd(FeedSubscription& subscription);

// Sleeps a millisecond at a time until `done` holds; fails the test after kPatience.
void WaitUntil(const std::function<bool()>& done);

// 1, 2, ..., n (or first..last).
std::vector<std::uint64_t> SeqRange(std::uint64_t first, std::uint64_t last);

}  // namespace prospekt::feed::testing
