// StoreOptions::on_group_committed: called once per durable group that added events, on
// the sequencer thread, before the appends are answered, with what the group held.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/store/event_store.h"
#include "tests/test_support.h"

namespace prospekt::store {
namespace {

using testing::MakeAppend;
using testing::MakeEvent;
using testing::OpenStore;
using testing::TempDir;

struct Recorded {
  std::mutex mu;
  std::vector<GroupCommitted> groups;    // Guarded by mu.
  std::vector<std::thread::id> threads;  // Guarded by mu.
};

StoreOptions Recording(Recorded& recorded) {
  StoreOptions options;
  options.on_group_committed = [&recorded](const GroupCommitted& group) {
    std::lock_guard lock(recorded.mu);
    recorded.groups.push_back(group);
    recorded.threads.push_back(std::this_thread::get_id());
  };
  return options;
}

TEST_CASE("the group hook sees every durable group before its appends return", "[store][server]") {
  TempDir dir;
  Recorded recorded;
  auto store = OpenStore(dir.path(), Recording(recorded));

  AppendRequest three = MakeAppend("client-a");
  three.events = {MakeEvent("A"), MakeEvent("B"), MakeEvent("C")};
  REQUIRE(store->Append(std::move(three)).ok());
  {
    // Counted before Append returned: no waiting needed.
    std::lock_guard lock(recorded.mu);
    REQUIRE(recorded.groups.size() == 1);
    CHECK(recorded.groups[0].appends == 1);
    CHECK(recorded.groups[0].events == 3);
    CHECK(recorded.groups[0].bytes > 0);
    CHECK(recorded.groups[0].write_us >= 0);
    CHECK(recorded.threads[0] != std::this_thread::get_id());  // the sequencer's
  }

  REQUIRE(store->Append(MakeAppend("client-b")).ok());
  std::lock_guard lock(recorded.mu);
  REQUIRE(recorded.groups.size() == 2);
  CHECK(recorded.groups[1].events == 1);
  CHECK(recorded.threads[1] == recorded.threads[0]);
}

TEST_CASE("the group hook is not called for groups that add nothing", "[store][server]") {
  TempDir dir;
  Recorded recorded;
  auto store = OpenStore(dir.path(), Recording(recorded));
  REQUIRE(store->Append(MakeAppend("client-a", ExpectedVersion::Any(), "key-1")).ok());

  // A version conflict and an idempotent retry: answered, nothing written.
  CHECK(store->Append(MakeAppend("client-a", ExpectedVersion::NoStream())).status().code() ==
        StatusCode::kAborted);
  Result<AppendResult> retry =
      store->Append(MakeAppend("client-a", ExpectedVersion::Any(), "key-1"));
  REQUIRE(retry.ok());
  CHECK(retry->duplicate);

  std::lock_guard lock(recorded.mu);
  REQUIRE(recorded.groups.size() == 1);
  CHECK(recorded.groups[0].events == 1);
}

TEST_CASE("the group hook counts every event of concurrent appends once", "[store][server]") {
  TempDir dir;
  Recorded recorded;
  auto store = OpenStore(dir.path(), Recording(recorded));
  constexpr int kThreads = 4;
  constexpr int kAppendsEach = 25;
  std::atomic<int> failures{0};  // Catch2's assertions are not thread-safe
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&store, &failures, t] {
      for (int i = 0; i < kAppendsEach; ++i) {
        if (!store->Append(MakeAppend("client-" + std::to_string(t))).ok()) ++failures;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  REQUIRE(failures == 0);

  std::lock_guard lock(recorded.mu);
  std::size_t events = 0;
  std::size_t appends = 0;
  for (const GroupCommitted& group : recorded.groups) {
    events += group.events;
    appends += group.appends;
  }
  CHECK(events == kThreads * kAppendsEach);
  CHECK(appends == kThreads * kAppendsEach);
}

}  // namespace
}  // namespace prospekt::store
