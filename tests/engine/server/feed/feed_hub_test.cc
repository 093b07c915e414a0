// FeedHub: live fan-out, catch-up joining the live tail without gap or duplicate while
// appends go on, slow consumers disconnected with their resume position (the appender
// never waits), resuming, filters, Stop(), metrics.
#include "engine/server/feed/feed_hub.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tests/engine/server/feed/feed_test_support.h"
#include "tests/test_support.h"

namespace prospekt::feed {
namespace {

using prospekt::testing::OpenStore;
using prospekt::testing::TempDir;
using testing::AppendEvents;
using testing::CollectUntil;
using testing::CollectUntilEnd;
using testing::FastStore;
using testing::SeqRange;
using testing::WaitUntil;

TEST_CASE("the hub fans every committed event out to every live consumer", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 5);  // history that live consumers skip
  FeedHub hub(*store);
  std::vector<std::unique_ptr<FeedSubscription>> consumers;
  for (int i = 0; i < 3; ++i) consumers.push_back(hub.Subscribe(std::nullopt, FeedFilter{}));
  for (const auto& consumer : consumers) CHECK(consumer->start_seq() == 6);

  for (int round = 0; round < 10; ++round) AppendEvents(*store, "client-r01-b01-c00002", 7);
  const std::uint64_t head = store->Head().last_seq;
  REQUIRE(head == 75);
  for (const auto& consumer : consumers) {
    testing::Collected got = CollectUntil(*consumer, head);
    CHECK_FALSE(got.end);
    CHECK(got.seqs == SeqRange(6, head));
    REQUIRE_FALSE(got.events.empty());
    CHECK(got.events.front()->envelope().stream_id == "client-r01-b01-c00002");
  }
  FeedBatch none = consumers[0]->Poll();
  CHECK(none.events.empty());
  CHECK_FALSE(none.end);

  FeedHubMetrics metrics = hub.Metrics();
  CHECK(metrics.consumers == 3);
  CHECK(metrics.catching_up == 0);
  CHECK(metrics.events_sent == 3 * 70);
  CHECK(metrics.live_seq == head + 1);
}

TEST_CASE("with no consumer the tail skips ahead; a later one still gets everything",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  const std::uint64_t unread = AppendEvents(*store, "client-r01-b01-c00001", 9);
  WaitUntil([&] { return hub.Metrics().live_seq > unread; });
  REQUIRE(hub.Metrics().live_seq == unread + 1);  // passed without a consumer
  auto from_start = hub.Subscribe(1, FeedFilter{});
  auto from_now = hub.Subscribe(std::nullopt, FeedFilter{});
  CHECK(from_now->start_seq() == unread + 1);
  const std::uint64_t head = AppendEvents(*store, "client-r01-b01-c00002", 4);
  CHECK(CollectUntil(*from_start, head).seqs == SeqRange(1, head));
  CHECK(CollectUntil(*from_now, head).seqs == SeqRange(unread + 1, head));
}

TEST_CASE("feed events carry the stored bytes and render JSON on one line", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 2);
  FeedHub hub(*store);
  auto consumer = hub.Subscribe(1, FeedFilter{});
  testing::Collected got = CollectUntil(*consumer, 2);
  REQUIRE(got.seqs == SeqRange(1, 2));
  std::vector<std::string> stored;
  REQUIRE(store
              ->ScanRaw(1,
                        [&](std::uint64_t, std::string_view bytes) {
                          stored.emplace_back(bytes);
                          return true;
                        })
              .ok());
  REQUIRE(stored.size() == 2);
  CHECK(got.events[0]->stored_bytes() == stored[0]);
  CHECK(got.events[1]->stored_bytes() == stored[1]);
  const std::string& json = got.events[1]->Json();
  CHECK(json.find('\n') == std::string::npos);
  CHECK(json.find("\"seq\":2") != std::string::npos);
  CHECK(json.find("\"stream_id\":\"client-r01-b01-c00001\"") != std::string::npos);
}

TEST_CASE("a consumer behind catches up from the store and joins live with no gap nor duplicate",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  for (int i = 0; i < 20; ++i) AppendEvents(*store, "client-r01-b01-c" + std::to_string(i), 100);
  FeedHubOptions options;
  options.read_batch = 37;  // many catch-up turns, and live batches of several sizes
  FeedHub hub(*store, options);
  auto live = hub.Subscribe(std::nullopt, FeedFilter{});

  // Appends go on while the consumers catch up.
  constexpr int kRounds = 150;
  std::thread appender([&] {
    for (int round = 0; round < kRounds; ++round) {
      AppendEvents(*store, "employee-r01-b01-e0" + std::to_string(round % 7),
                   static_cast<std::size_t>(1 + round % 5));
    }
  });

  auto from_start = hub.Subscribe(1, FeedFilter{});
  auto from_middle = hub.Subscribe(1234, FeedFilter{});
  appender.join();
  const std::uint64_t head = store->Head().last_seq;
  REQUIRE(head > 2000);

  testing::Collected a = CollectUntil(*from_start, head);
  testing::Collected b = CollectUntil(*from_middle, head);
  testing::Collected c = CollectUntil(*live, head);
  CHECK_FALSE(a.end);
  CHECK(a.seqs == SeqRange(1, head));
  CHECK(b.seqs == SeqRange(1234, head));
  CHECK(c.seqs == SeqRange(2001, head));

  // All three are live now: the next append reaches each exactly once.
  const std::uint64_t more = AppendEvents(*store, "branch-r01-b01", 3);
  CHECK(CollectUntil(*from_start, more).seqs == SeqRange(head + 1, more));
  CHECK(CollectUntil(*from_middle, more).seqs == SeqRange(head + 1, more));
  CHECK(hub.Metrics().catching_up == 0);
}

TEST_CASE("a slow consumer is disconnected with its resume position; others and writers go on",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHubOptions options;
  options.max_buffered_events = 8;
  FeedHub hub(*store, options);
  auto slow = hub.Subscribe(std::nullopt, FeedFilter{});
  auto fast = hub.Subscribe(std::nullopt, FeedFilter{});

  // The fast consumer reads on its own thread while the slow one reads three events and
  // then nothing more.
  AppendEvents(*store, "client-r01-b01-c00001", 3);
  testing::Collected slow_got = CollectUntil(*slow, 3);
  REQUIRE(slow_got.seqs == SeqRange(1, 3));

  // 400 more events in 100 appends: every append returns although `slow` never reads.
  // The fast consumer reads each append's events before the next one comes.
  testing::Collected fast_got = CollectUntil(*fast, 3);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t last = AppendEvents(*store, "client-r01-b01-c00002", 4);
    testing::Collected more = CollectUntil(*fast, last);
    REQUIRE_FALSE(more.end);
    fast_got.seqs.insert(fast_got.seqs.end(), more.seqs.begin(), more.seqs.end());
  }
  CHECK(fast_got.seqs == SeqRange(1, 403));

  testing::Collected ended = CollectUntilEnd(*slow);
  REQUIRE(ended.end);
  CHECK(ended.seqs.empty());  // the buffer is dropped with the disconnect
  CHECK(ended.end->reason == FeedEndReason::kFellBehind);
  CHECK(ended.end->resume_from == 4);
  CHECK(ended.end->message == "fell behind: resume from seq 4");
  CHECK(slow->resume_from() == 4);
  // Asked again, the end is the same.
  CHECK(slow->Poll().end->resume_from == 4);

  // Resuming from there yields exactly the missing events.
  auto resumed = hub.Subscribe(ended.end->resume_from, FeedFilter{});
  testing::Collected rest = CollectUntil(*resumed, 403);
  CHECK(rest.seqs == SeqRange(4, 403));

  FeedHubMetrics metrics = hub.Metrics();
  CHECK(metrics.disconnects_fell_behind == 1);
  CHECK(metrics.consumers == 2);  // fast and resumed
}

TEST_CASE("a byte-bounded buffer disconnects too, and a big event passes an empty buffer",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHubOptions options;
  options.max_buffered_bytes = 64;  // smaller than one envelope
  FeedHub hub(*store, options);
  auto consumer = hub.Subscribe(std::nullopt, FeedFilter{});
  AppendEvents(*store, "client-r01-b01-c00001", 1);
  CHECK(CollectUntil(*consumer, 1).seqs == SeqRange(1, 1));
  AppendEvents(*store, "client-r01-b01-c00001", 2);  // the second does not fit beside the first
  testing::Collected got = CollectUntilEnd(*consumer);
  REQUIRE(got.end);
  CHECK(got.end->reason == FeedEndReason::kFellBehind);
  CHECK(got.end->resume_from == 2);

  // Catching up never overflows: one event at a time through the tiny buffer.
  auto behind = hub.Subscribe(1, FeedFilter{});
  CHECK(CollectUntil(*behind, 3).seqs == SeqRange(1, 3));
}

TEST_CASE("a disconnected consumer that resumes from its end misses nothing (with a filter)",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHubOptions options;
  options.max_buffered_events = 2;
  FeedHub hub(*store, options);
  Result<FeedFilter> clients = FeedFilter::Make({"client"}, {});
  REQUIRE(clients.ok());
  auto consumer = hub.Subscribe(std::nullopt, *clients);
  std::vector<std::uint64_t> client_seqs;
  for (int i = 0; i < 10; ++i) {
    AppendEvents(*store, "employee-r01-b01-e01", 1);
    client_seqs.push_back(AppendEvents(*store, "client-r01-b01-c00001", 1));
  }
  // The tail has offered it every event before it polls (else a poll may empty its
  // buffer in time, and it falls behind later than this test means).
  WaitUntil([&] { return hub.Metrics().live_seq > client_seqs.back(); });
  testing::Collected first = CollectUntilEnd(*consumer);
  REQUIRE(first.end);
  CHECK(first.end->reason == FeedEndReason::kFellBehind);
  // It got nothing (never polled): resume at its first client event, seq 2.
  CHECK(first.end->resume_from == 2);
  auto resumed = hub.Subscribe(first.end->resume_from, *clients);
  CHECK(CollectUntil(*resumed, client_seqs.back()).seqs == client_seqs);
}

TEST_CASE("filters by stream kind and event type, live and catching up", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  auto append_mix = [&] {
    AppendEvents(*store, "client-r01-b01-c00001", 1, "ContactLogged");
    AppendEvents(*store, "client-r01-b01-c00002", 1, "ClientAssigned");
    AppendEvents(*store, "employee-r01-b01-e01", 1, "ContactLogged");
    AppendEvents(*store, "branch-r01-b01", 1, "WeeklyPlanSet");
  };
  append_mix();  // seqs 1..4: history
  FeedHub hub(*store);
  auto filter = [](std::vector<std::string> kinds, std::vector<std::string> types) {
    Result<FeedFilter> made = FeedFilter::Make(kinds, types);
    REQUIRE(made.ok());
    return *made;
  };
  auto clients = hub.Subscribe(1, filter({"client"}, {}));
  auto contacts = hub.Subscribe(1, filter({}, {"ContactLogged"}));
  auto client_contacts = hub.Subscribe(1, filter({"client", "branch"}, {"ContactLogged"}));
  auto people = hub.Subscribe(1, filter({"employee", "branch"}, {}));
  append_mix();                                           // seqs 5..8: live
  AppendEvents(*store, "region-r01", 1, "RegionOpened");  // seq 9: matches none of them

  CHECK(CollectUntil(*clients, 6).seqs == std::vector<std::uint64_t>{1, 2, 5, 6});
  CHECK(CollectUntil(*contacts, 7).seqs == std::vector<std::uint64_t>{1, 3, 5, 7});
  CHECK(CollectUntil(*client_contacts, 5).seqs == std::vector<std::uint64_t>{1, 5});
  CHECK(CollectUntil(*people, 8).seqs == std::vector<std::uint64_t>{3, 4, 7, 8});
  // Past the last match, the position still moves on.
  REQUIRE(store->WaitForSeq(9, testing::kPatience));
  const auto deadline = std::chrono::steady_clock::now() + testing::kPatience;
  while (clients->resume_from() != 10 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(clients->resume_from() == 10);
}

TEST_CASE("Stop ends every consumer with 'server shutting down' and its resume position",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 100);
  FeedHubOptions options;
  options.max_buffered_events = 10;
  auto hub = std::make_unique<FeedHub>(*store, options);
  std::atomic<int> notified{0};
  auto live = hub->Subscribe(std::nullopt, FeedFilter{}, [&] { ++notified; });
  auto catching_up = hub->Subscribe(1, FeedFilter{});  // never reads: stuck at 10 buffered
  auto partway = hub->Subscribe(1, FeedFilter{});
  testing::Collected partway_got = CollectUntil(*partway, 15);
  REQUIRE(partway_got.seqs == SeqRange(1, partway_got.seqs.back()));
  REQUIRE(partway_got.seqs.back() >= 15);

  hub->Stop();
  CHECK(notified.load() == 1);
  for (FeedSubscription* consumer : {live.get(), catching_up.get(), partway.get()}) {
    std::optional<FeedEnd> end = consumer->end();
    REQUIRE(end);
    CHECK(end->reason == FeedEndReason::kShuttingDown);
    CHECK(end->message.rfind("server shutting down: resume from seq ", 0) == 0);
  }
  CHECK(live->end()->resume_from == 101);
  CHECK(catching_up->end()->resume_from == 1);
  CHECK(partway->end()->resume_from == partway_got.seqs.back() + 1);
  CHECK(hub->Metrics().disconnects_shutting_down == 3);
  CHECK(hub->Metrics().consumers == 0);

  // After Stop, a new subscription is born ended; Stop again is harmless.
  auto late = hub->Subscribe(1, FeedFilter{});
  REQUIRE(late->end());
  CHECK(late->end()->reason == FeedEndReason::kShuttingDown);
  hub->Stop();
  // Subscriptions may outlive the hub.
  hub.reset();
  CHECK(live->Poll().end->reason == FeedEndReason::kShuttingDown);
}

TEST_CASE("notify is called when events arrive and never after the subscription is gone",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  std::mutex mu;
  std::condition_variable cv;
  int calls = 0;
  auto consumer = hub.Subscribe(std::nullopt, FeedFilter{}, [&] {
    std::lock_guard lock(mu);
    ++calls;
    cv.notify_all();
  });
  AppendEvents(*store, "client-r01-b01-c00001", 1);
  {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, testing::kPatience, [&] { return calls >= 1; }));
  }
  CHECK(consumer->Poll().events.size() == 1);
  consumer.reset();
  const int before = [&] {
    std::lock_guard lock(mu);
    return calls;
  }();
  const std::uint64_t last = AppendEvents(*store, "client-r01-b01-c00001", 1);
  // A second consumer proves the hub has fanned the event out by now.
  auto witness = hub.Subscribe(last, FeedFilter{});
  CHECK(CollectUntil(*witness, last).seqs == SeqRange(last, last));
  std::lock_guard lock(mu);
  CHECK(calls == before);
  CHECK(hub.Metrics().disconnects_closed == 1);
}

TEST_CASE("a consumer may ask for a seq past the head and waits for it", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  auto consumer = hub.Subscribe(5, FeedFilter{});
  CHECK(consumer->start_seq() == 5);
  AppendEvents(*store, "client-r01-b01-c00001", 7);
  CHECK(CollectUntil(*consumer, 7).seqs == SeqRange(5, 7));
  auto from_zero = hub.Subscribe(0, FeedFilter{});
  CHECK(from_zero->start_seq() == 1);
  CHECK(CollectUntil(*from_zero, 7).seqs == SeqRange(1, 7));
}

}  // namespace
}  // namespace prospekt::feed
