#include "tests/engine/server/feed/feed_test_support.h"

#include <catch2/catch.hpp>

#include <thread>

namespace prospekt::feed::testing {

std::uint64_t AppendEvents(store::EventStore& store, const std::string& stream, std::size_t count,
                           const std::string& type) {
  store::AppendRequest request;
  request.stream_id = stream;
  for (std::size_t i = 0; i < count; ++i) {
    request.events.push_back(
        prospekt::testing::MakeEvent(type, "{\"n\":" + std::to_string(i) + "}"));
  }
  Result<store::AppendResult> appended = store.Append(std::move(request));
  INFO(appended.status().ToString());
  REQUIRE(appended.ok());
  return appended->last_seq;
}

namespace {

Collected Collect(FeedSubscription& subscription, std::optional<std::uint64_t> until_seq) {
  Collected collected;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (std::chrono::steady_clock::now() < deadline) {
    if (until_seq && !collected.seqs.empty() && collected.seqs.back() >= *until_seq) break;
    FeedBatch batch = subscription.Wait(1000, std::chrono::milliseconds(200));
    if (batch.end) {
      collected.end = batch.end;
      break;
    }
    for (FeedEventPtr& event : batch.events) {
      collected.seqs.push_back(event->seq());
      collected.events.push_back(std::move(event));
    }
  }
  return collected;
}

}  // namespace

Collected CollectUntil(FeedSubscription& subscription, std::uint64_t until_seq) {
  return Collect(subscription, until_seq);
}

void WaitUntil(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!done()) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Collected CollectUntilEnd(FeedSubscription& subscription) {
  return Collect(subscription, std::nullopt);
}

std::vector<std::uint64_t> SeqRange(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = first; seq <= last; ++seq) seqs.push_back(seq);
  return seqs;
}

}  // namespace prospekt::feed::testing
