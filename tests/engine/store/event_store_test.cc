// The event store's contract: positions, optimistic concurrency, permanent
// idempotency, group commit under concurrency, reads, subscriptions and time.
#include "engine/store/event_store.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::store {
namespace {

using testing::MakeAppend;
using testing::MakeEvent;
using testing::OpenStore;
using testing::TempDir;

TEST_CASE("appends get gapless seqs and per-stream versions", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  CHECK(store->Head().last_seq == 0);

  Result<AppendResult> first = store->Append(MakeAppend("client-a"));
  REQUIRE(first.ok());
  CHECK(first->first_seq == 1);
  CHECK(first->last_seq == 1);
  CHECK(first->first_version == 1);
  CHECK_FALSE(first->duplicate);

  AppendRequest three = MakeAppend("client-b");
  three.events = {MakeEvent("A"), MakeEvent("B"), MakeEvent("C")};
  Result<AppendResult> batch = store->Append(std::move(three));
  REQUIRE(batch.ok());
  CHECK(batch->first_seq == 2);
  CHECK(batch->last_seq == 4);
  CHECK(batch->first_version == 1);
  CHECK(batch->last_version == 3);

  Result<AppendResult> again = store->Append(MakeAppend("client-a"));
  REQUIRE(again.ok());
  CHECK(again->first_seq == 5);
  CHECK(again->first_version == 2);
  CHECK(store->Head().last_seq == 5);

  Result<std::vector<Envelope>> all = store->ReadAll(1, 100);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 5);
  CHECK((*all)[1].event_type == "A");
  CHECK((*all)[3].event_type == "C");
  CHECK((*all)[4].stream_id == "client-a");
  CHECK((*all)[4].stream_version == 2);
  CHECK((*all)[0].prev_hash == kGenesisHash);
  CHECK((*all)[1].prev_hash == HashEnvelopeBytes(EncodeEnvelope((*all)[0])));

  // Each append hands back its envelopes exactly as the log holds them.
  REQUIRE(first->appended.size() == 1);
  CHECK(EncodeEnvelope(first->appended[0]) == EncodeEnvelope((*all)[0]));
  REQUIRE(batch->appended.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(EncodeEnvelope(batch->appended[i]) == EncodeEnvelope((*all)[1 + i]));
  }
}

TEST_CASE("expected version: any, no stream, exactly N", "[store]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  REQUIRE(store->Append(MakeAppend("client-x", ExpectedVersion::NoStream())).ok());

  SECTION("no stream on an existing stream is a conflict carrying the version") {
    Result<AppendResult> conflict =
        store->Append(MakeAppend("client-x", ExpectedVersion::NoStream()));
    REQUIRE(conflict.status().code() == StatusCode::kAborted);
    CHECK(conflict.status().current_version() == 1u);
    CHECK(conflict.status().field() == "expected_version");
  }
  SECTION("exactly the current version appends") {
    Result<AppendResult> next = store->Append(MakeAppend("client-x", ExpectedVersion::Exactly(1)));
    REQUIRE(next.ok());
    CHECK(next->first_version == 2);
  }
  SECTION("a stale version is a conflict and writes nothing") {
    REQUIRE(store->Append(MakeAppend("client-x", ExpectedVersion::Exactly(1))).ok());
    Result<AppendResult> stale = store->Append(MakeAppend("client-x", ExpectedVersion::Exactly(1)));
    REQUIRE(stale.status().code() == StatusCode::kAborted);
    CHECK(stale.status().current_version() == 2u);
    CHECK(store->Head().last_seq == 2);
  }
  SECTION("exactly N on a missing stream is a conflict at version 0") {
    Result<AppendResult> missing =
        store->Append(MakeAppend("client-y", ExpectedVersion::Exactly(3)));
    REQUIRE(missing.status().code() == StatusCode::kAborted);
    CHECK(missing.status().current_version() == 0u);
  }
  SECTION("any always appends") {
    REQUIRE(store->Append(MakeAppend("client-x", ExpectedVersion::Any())).ok());
    REQUIRE(store->Append(MakeAppend("client-new", ExpectedVersion::Any())).ok());
    CHECK(store->Head().last_seq == 3);
  }
}

TEST_CASE("idempotency keys are permanent", "[store][idempotency]") {
  TempDir dir;
  AppendResult original;
  {
    auto store = OpenStore(dir.path());
    AppendRequest request = MakeAppend("client-k", ExpectedVersion::NoStream(), "req-1");
    request.events.push_back(MakeEvent("Second"));
    Result<AppendResult> first = store->Append(std::move(request));
    REQUIRE(first.ok());
    original = *first;
    REQUIRE(store->Append(MakeAppend("client-other")).ok());

    // The retry would fail its expected version, but the key answers first.
    Result<AppendResult> retry =
        store->Append(MakeAppend("client-k", ExpectedVersion::NoStream(), "req-1"));
    REQUIRE(retry.ok());
    CHECK(retry->duplicate);
    CHECK(retry->appended.empty());  // it wrote nothing
    CHECK(retry->first_seq == original.first_seq);
    CHECK(retry->last_seq == original.last_seq);
    CHECK(retry->last_version == 2);
    CHECK(store->Head().last_seq == 3);
  }
  // ... and after a restart.
  auto store = OpenStore(dir.path());
  Result<AppendResult> later =
      store->Append(MakeAppend("client-k", ExpectedVersion::Any(), "req-1"));
  REQUIRE(later.ok());
  CHECK(later->duplicate);
  CHECK(later->first_seq == original.first_seq);
  CHECK(store->Head().last_seq == 3);

  SECTION("the same key for another stream is refused") {
    Result<AppendResult> misuse =
        store->Append(MakeAppend("client-z", ExpectedVersion::Any(), "req-1"));
    REQUIRE(misuse.status().code() == StatusCode::kFailedPrecondition);
    CHECK(misuse.status().field() == "idempotency_key");
    CHECK(store->Head().last_seq == 3);
  }
}

TEST_CASE("concurrent retries of one key write once", "[store][idempotency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  constexpr int kThreads = 8;
  std::vector<AppendResult> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Result<AppendResult> result =
          store->Append(MakeAppend("client-same", ExpectedVersion::Any(), "same-key"));
      REQUIRE(result.ok());
      results[static_cast<std::size_t>(i)] = *result;
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(store->Head().last_seq == 1);
  int originals = 0;
  for (const AppendResult& result : results) {
    CHECK(result.first_seq == 1);
    if (!result.duplicate) ++originals;
  }
  CHECK(originals == 1);
}

TEST_CASE("many producers: gapless log, contiguous streams, intact chain", "[store][concurrency]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  constexpr int kProducers = 8;
  constexpr int kAppends = 150;
  std::vector<std::thread> producers;
  std::atomic<int> failures{0};
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kAppends; ++i) {
        const std::string stream = "client-p" + std::to_string(p) + "-" + std::to_string(i % 3);
        if (!store->Append(MakeAppend(stream)).ok()) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& producer : producers) producer.join();
  CHECK(failures.load() == 0);
  CHECK(store->Head().last_seq == kProducers * kAppends);

  Result<std::vector<Envelope>> all = store->ReadAll(1, 1'000'000);
  REQUIRE(all.ok());
  REQUIRE(all->size() == kProducers * kAppends);
  std::map<std::string, std::uint64_t> versions;
  for (std::size_t i = 0; i < all->size(); ++i) {
    const Envelope& e = (*all)[i];
    CHECK(e.seq == i + 1);
    CHECK(e.stream_version == ++versions[e.stream_id]);
    if (i > 0) CHECK(e.recorded_at_us >= (*all)[i - 1].recorded_at_us);
  }
  Result<replay::ChainReport> report = replay::VerifyChain(*store);
  REQUIRE(report.ok());
  CHECK(report->intact);
  CHECK(report->head.hash == store->Head().hash);
}

TEST_CASE("AppendAsync answers through its callback, also from within one", "[store][async]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  std::mutex mu;
  std::condition_variable done_cv;
  std::vector<std::uint64_t> seqs;  // Guarded by mu.
  bool refused_inline = false;

  // A refusal comes back at once, on the calling thread.
  store->AppendAsync(MakeAppend("not a stream"), [&](Result<AppendResult> result) {
    refused_inline = result.status().code() == StatusCode::kInvalidArgument;
  });
  CHECK(refused_inline);

  // Each callback sends the next append: ten in a chain, none blocking a thread.
  // Catch2's assertions are not thread-safe: the callback only records (0 for an error).
  std::function<void(Result<AppendResult>)> next = [&](Result<AppendResult> result) {
    std::lock_guard lock(mu);
    seqs.push_back(result.ok() ? result->first_seq : 0);
    if (result.ok() && seqs.size() < 10) {
      store->AppendAsync(MakeAppend("client-chain", ExpectedVersion::Exactly(seqs.size())), next);
    } else {
      done_cv.notify_all();
    }
  };
  store->AppendAsync(MakeAppend("client-chain", ExpectedVersion::NoStream()), next);
  std::unique_lock lock(mu);
  REQUIRE(done_cv.wait_for(lock, std::chrono::seconds(10), [&] {
    return seqs.size() == 10 || (!seqs.empty() && seqs.back() == 0);
  }));
  REQUIRE(seqs.size() == 10);
  for (std::size_t i = 0; i < seqs.size(); ++i) CHECK(seqs[i] == i + 1);
}

TEST_CASE("reading a stream forward, backward and in pages", "[store][read]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  for (int i = 1; i <= 5; ++i) {
    AppendRequest request = MakeAppend("client-1");
    request.events = {MakeEvent("E" + std::to_string(i))};
    REQUIRE(store->Append(std::move(request)).ok());
    // A stream whose id extends the first one's must never leak into it.
    REQUIRE(store->Append(MakeAppend("client-10")).ok());
  }
  auto types = [](const Result<std::vector<Envelope>>& events) {
    std::vector<std::string> names;
    for (const Envelope& e : *events) names.push_back(e.event_type);
    return names;
  };
  using V = std::vector<std::string>;
  CHECK(types(store->ReadStream("client-1", 1, Direction::kForward, 100)) ==
        V{"E1", "E2", "E3", "E4", "E5"});
  CHECK(types(store->ReadStream("client-1", 2, Direction::kForward, 2)) == V{"E2", "E3"});
  CHECK(types(store->ReadStream("client-1", 0, Direction::kBackward, 2)) == V{"E5", "E4"});
  CHECK(types(store->ReadStream("client-1", 3, Direction::kBackward, 100)) == V{"E3", "E2", "E1"});
  CHECK(store->ReadStream("client-1", 6, Direction::kForward, 10)->empty());
  CHECK(store->ReadStream("client-none", 1, Direction::kForward, 10)->empty());
  CHECK(store->ReadStream("client-10", 1, Direction::kForward, 10)->size() == 5);
  CHECK(store->ReadStream("not a stream", 1, Direction::kForward, 10).status().code() ==
        StatusCode::kInvalidArgument);

  Result<std::vector<Envelope>> page = store->ReadAll(4, 3);
  REQUIRE(page.ok());
  REQUIRE(page->size() == 3);
  CHECK(page->front().seq == 4);
  CHECK(page->back().seq == 6);
  CHECK(store->ReadAll(11, 10)->empty());
}

TEST_CASE("reading events by seq, as an index names them", "[store][read]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  for (int i = 1; i <= 4; ++i) {
    AppendRequest request = MakeAppend("client-" + std::to_string(i));
    request.events = {MakeEvent("E" + std::to_string(i))};
    REQUIRE(store->Append(std::move(request)).ok());
  }
  Result<std::vector<Envelope>> events = store->ReadEvents({4, 1, 4});
  REQUIRE(events.ok());
  REQUIRE(events->size() == 3);  // in the order asked, repeats included
  CHECK((*events)[0].seq == 4);
  CHECK((*events)[0].stream_id == "client-4");
  CHECK((*events)[1].event_type == "E1");
  CHECK((*events)[2].seq == 4);
  CHECK(store->ReadEvents({})->empty());
  // A seq past the head means the index is out of step with the log.
  Result<std::vector<Envelope>> missing = store->ReadEvents({2, 6});
  CHECK(missing.status().code() == StatusCode::kCorruption);
  CHECK_THAT(missing.status().message(), Catch::Contains("seq 6"));
}

TEST_CASE("a catch-up subscription delivers history then live appends, once each",
          "[store][subscription]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  for (int i = 0; i < 10; ++i) REQUIRE(store->Append(MakeAppend("client-s")).ok());

  auto subscription = store->Subscribe(4);
  std::vector<std::uint64_t> seen;
  Result<std::vector<Envelope>> history = subscription->Next(5, std::chrono::milliseconds(0));
  REQUIRE(history.ok());
  for (const Envelope& e : *history) seen.push_back(e.seq);
  CHECK(seen == std::vector<std::uint64_t>{4, 5, 6, 7, 8});

  // Live appends race with the reader; every one must arrive exactly once.
  std::thread writer([&] {
    for (int i = 0; i < 40; ++i) REQUIRE(store->Append(MakeAppend("client-live")).ok());
  });
  while (seen.size() < 47) {
    Result<std::vector<Envelope>> next = subscription->Next(7, std::chrono::milliseconds(2000));
    REQUIRE(next.ok());
    REQUIRE_FALSE(next->empty());
    for (const Envelope& e : *next) seen.push_back(e.seq);
  }
  writer.join();
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == 4 + i);
  CHECK(subscription->position() == 51);

  Result<std::vector<Envelope>> idle = subscription->Next(10, std::chrono::milliseconds(20));
  REQUIRE(idle.ok());
  CHECK(idle->empty());
  CHECK_FALSE(store->WaitForSeq(51, std::chrono::milliseconds(10)));
  CHECK(store->WaitForSeq(50, std::chrono::milliseconds(0)));
}

TEST_CASE("recorded_at never goes back and maps time to seq", "[store][time]") {
  TempDir dir;
  std::int64_t now = 1'000'000;
  StoreOptions options;
  options.clock = [&now] { return now; };
  auto store = OpenStore(dir.path(), options);
  REQUIRE(store->Append(MakeAppend("client-t")).ok());  // seq 1 at 1.0 s
  now = 3'000'000;
  REQUIRE(store->Append(MakeAppend("client-t")).ok());  // seq 2 at 3.0 s
  now = 2'000'000;                                      // the wall clock steps back
  REQUIRE(store->Append(MakeAppend("client-t")).ok());  // seq 3 stays at 3.0 s
  now = 5'000'000;
  REQUIRE(store->Append(MakeAppend("client-t")).ok());  // seq 4 at 5.0 s

  Result<std::vector<Envelope>> all = store->ReadAll(1, 10);
  REQUIRE(all.ok());
  CHECK((*all)[2].recorded_at_us == 3'000'000);
  CHECK(store->Head().last_recorded_at_us == 5'000'000);

  CHECK(*store->SeqAtTime(999'999) == 0);
  CHECK(*store->SeqAtTime(1'000'000) == 1);
  CHECK(*store->SeqAtTime(2'999'999) == 1);
  CHECK(*store->SeqAtTime(3'000'000) == 3);
  CHECK(*store->SeqAtTime(4'000'000) == 3);
  CHECK(*store->SeqAtTime(99'000'000) == 4);
}

TEST_CASE("the head and the chain carry over a restart", "[store]") {
  TempDir dir;
  LogHead before;
  {
    auto store = OpenStore(dir.path());
    for (int i = 0; i < 3; ++i) REQUIRE(store->Append(MakeAppend("client-r")).ok());
    before = store->Head();
  }
  auto store = OpenStore(dir.path());
  CHECK(store->Head().last_seq == before.last_seq);
  CHECK(store->Head().hash == before.hash);
  Result<AppendResult> next = store->Append(MakeAppend("client-r", ExpectedVersion::Exactly(3)));
  REQUIRE(next.ok());
  CHECK(next->first_seq == 4);
  Result<std::vector<Envelope>> fourth = store->ReadAll(4, 1);
  REQUIRE(fourth.ok());
  CHECK(fourth->front().prev_hash == before.hash);
  Result<replay::ChainReport> report = replay::VerifyChain(*store);
  REQUIRE(report.ok());
  CHECK(report->intact);
}

TEST_CASE("read-only and locked opens", "[store]") {
  TempDir dir;
  auto writer = OpenStore(dir.path());
  REQUIRE(writer->Append(MakeAppend("client-ro")).ok());

  SECTION("a second writer is refused while the first holds the folder") {
    Result<std::unique_ptr<EventStore>> second = EventStore::Open(dir.path());
    REQUIRE_FALSE(second.ok());
    CHECK(second.status().code() == StatusCode::kIOError);
  }
  SECTION("a read-only open reads beside the writer and refuses appends") {
    StoreOptions read_only;
    read_only.read_only = true;
    auto reader = OpenStore(dir.path(), read_only);
    CHECK(reader->Head().last_seq == 1);
    CHECK(reader->ReadAll(1, 10)->size() == 1);
    CHECK(reader->Append(MakeAppend("client-ro")).status().code() ==
          StatusCode::kFailedPrecondition);
  }
  SECTION("a read-only open of a missing folder fails cleanly") {
    StoreOptions read_only;
    read_only.read_only = true;
    Result<std::unique_ptr<EventStore>> missing =
        EventStore::Open(dir.path() / "nothing", read_only);
    CHECK_FALSE(missing.ok());
  }
}

}  // namespace
}  // namespace prospekt::store
