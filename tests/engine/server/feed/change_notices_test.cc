// ChangeNotices: watchers of a scope learn the latest seq that touched it (coalesced,
// never behind), an event of every scope reaches every watcher, a watcher that starts
// behind the notices is told at once, a slow classifier loses nothing, and Stop ends
// every watcher.
#include "engine/server/feed/change_notices.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>

#include "tests/engine/server/feed/feed_test_support.h"

namespace prospekt::feed {
namespace {

using prospekt::testing::OpenStore;
using prospekt::testing::TempDir;
using testing::AppendEvents;
using testing::FastStore;
using testing::WaitUntil;

// The scope of an event: its stream id after "client-"; "client-all" touches every scope.
std::vector<ScopesTouched> ByStream(const std::vector<Envelope>& events) {
  std::vector<ScopesTouched> touched;
  for (const Envelope& event : events) {
    const std::string scope = event.stream_id.substr(7);
    touched.push_back(scope == "all" ? ScopesTouched{.all = true, .scopes = {}}
                                     : ScopesTouched{.all = false, .scopes = {scope}});
  }
  return touched;
}


TEST_CASE("a watcher learns the latest seq that touched its scope, once per take", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-a", 2);  // before the notices: nobody is told
  ChangeNotices notices(*store, {"ContactLogged"}, ByStream);
  std::atomic<int> a_told{0}, b_told{0};
  auto a = notices.Watch("a", store->Head().last_seq + 1, [&] { ++a_told; });
  auto b = notices.Watch("b", store->Head().last_seq + 1, [&] { ++b_told; });
  CHECK_FALSE(a->Take());

  AppendEvents(*store, "client-a", 3);
  const std::uint64_t last_b = AppendEvents(*store, "client-b", 1);
  AppendEvents(*store, "client-a", 2, "ClientStatusChanged");  // a type not watched
  const std::uint64_t last_a = AppendEvents(*store, "client-a", 1);
  const std::uint64_t head = AppendEvents(*store, "client-c", 1);
  WaitUntil([&] { return notices.position() >= head; });

  CHECK(a->Take() == last_a);
  CHECK(b->Take() == last_b);
  CHECK_FALSE(a->Take());
  CHECK_FALSE(b->Take());
  CHECK(a_told == 1);  // told when it got something, not per event
  CHECK(b_told == 1);
  CHECK(notices.watchers() == 2);
  b.reset();
  CHECK(notices.watchers() == 1);

  // An event of every scope reaches every watcher.
  const std::uint64_t everyone = AppendEvents(*store, "client-all", 1);
  WaitUntil([&] { return notices.position() >= everyone; });
  CHECK(a->Take() == everyone);
  CHECK(a_told == 2);
}

TEST_CASE("a watcher that starts behind the notices is told at once", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  ChangeNotices notices(*store, {"ContactLogged"}, ByStream);
  const std::uint64_t head = AppendEvents(*store, "client-x", 3);
  WaitUntil([&] { return notices.position() >= head; });
  // Its reader shows the state at seq 1: whatever came after may have changed it.
  CHECK(notices.Watch("quiet", 2)->Take() == head);
  // Up to date: nothing to refresh.
  CHECK_FALSE(notices.Watch("quiet", head + 1)->Take());
}

TEST_CASE("while nobody watches, nothing is classified", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  std::atomic<int> calls{0};
  ChangeNotices notices(*store, {}, [&](const std::vector<Envelope>& events) {
    ++calls;
    return ByStream(events);
  });
  const std::uint64_t unwatched = AppendEvents(*store, "client-a", 5);
  WaitUntil([&] { return notices.position() >= unwatched; });
  CHECK(calls == 0);
  // A watcher from before the position passed is told at once, then classified for.
  auto watch = notices.Watch("a", 1);
  CHECK(watch->Take() == unwatched);
  const std::uint64_t watched = AppendEvents(*store, "client-a", 1);
  WaitUntil([&] { return notices.position() >= watched; });
  CHECK(calls == 1);
  CHECK(watch->Take() == watched);
}

TEST_CASE("a slow classifier delays the notices and loses nothing", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  std::mutex mu;
  std::vector<std::uint64_t> classified;
  std::atomic<bool> released{false};
  std::atomic<int> calls{0};
  ChangeNotices notices(*store, {},
                        [&](const std::vector<Envelope>& events) {
                          ++calls;
                          while (!released)
                            std::this_thread::sleep_for(std::chrono::milliseconds(1));
                          std::lock_guard lock(mu);
                          for (const Envelope& event : events) classified.push_back(event.seq);
                          return ByStream(events);
                        },
                        {.read_batch = 2, .poll_interval = std::chrono::milliseconds(10)});
  auto watch = notices.Watch("a", 1);
  std::uint64_t head = AppendEvents(*store, "client-a", 1);
  WaitUntil([&] { return calls > 0; });  // stuck in the first batch
  for (int i = 0; i < 10; ++i) head = AppendEvents(*store, "client-a", 3);
  CHECK_FALSE(watch->Take());
  released = true;
  WaitUntil([&] { return notices.position() >= head; });
  CHECK(watch->Take() == head);
  std::lock_guard lock(mu);
  CHECK(classified == testing::SeqRange(1, head));  // each once, in order
}

TEST_CASE("Stop ends every watcher, and later ones are born ended", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  ChangeNotices notices(*store, {}, ByStream);
  std::atomic<int> told{0};
  auto watch = notices.Watch("a", 1, [&] { ++told; });
  notices.Stop();
  REQUIRE(watch->end().has_value());
  CHECK(watch->end()->reason == FeedEndReason::kShuttingDown);
  CHECK(told == 1);
  CHECK(notices.Watch("b", 1)->end().has_value());
  notices.Stop();  // idempotent
  CHECK(told == 1);
}

}  // namespace
}  // namespace prospekt::feed
