// Appends decided on the sequencer thread against a write model that on_appended keeps
// in step with the log: the contract the domain's Execute is built on.
#include <catch2/catch.hpp>

#include <map>
#include <thread>

#include "tests/test_support.h"

namespace prospekt::store {
namespace {

using testing::MakeEvent;
using testing::OpenStore;
using testing::TempDir;

// A toy write model: events per stream. Touched only on the sequencer thread.
struct CountingModel {
  std::map<std::string, int> events_per_stream;
  std::vector<std::uint64_t> applied_seqs;
  int decisions = 0;
};

StoreOptions WithModel(CountingModel& model) {
  StoreOptions options;
  options.on_appended = [&model](const Envelope& envelope) {
    ++model.events_per_stream[envelope.stream_id];
    model.applied_seqs.push_back(envelope.seq);
  };
  return options;
}

// "A client gets at most three events": a rule that needs the state of the log.
EventStore::Decider AtMostThree(CountingModel& model, std::string stream) {
  return [&model, stream]() -> Result<AppendRequest> {
    ++model.decisions;
    if (model.events_per_stream[stream] >= 3) {
      return Status::FailedPrecondition(stream + " already has three events");
    }
    return AppendRequest{stream, ExpectedVersion::Any(), {MakeEvent()}, {}};
  };
}

TEST_CASE("concurrent decisions see every earlier event, even in the same group",
          "[store][decide]") {
  TempDir dir;
  CountingModel model;
  auto store = OpenStore(dir.path(), WithModel(model));
  std::vector<StatusCode> codes(16);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    threads.emplace_back([&, i] {
      codes[i] = store->DecideAndAppend({}, AtMostThree(model, "client-limited")).status().code();
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(std::count(codes.begin(), codes.end(), StatusCode::kOk) == 3);
  CHECK(std::count(codes.begin(), codes.end(), StatusCode::kFailedPrecondition) == 13);
  CHECK(store->Head().last_seq == 3);
  CHECK(model.applied_seqs == std::vector<std::uint64_t>{1, 2, 3});
}

TEST_CASE("a decided append retried with its key is answered, not decided again",
          "[store][decide]") {
  TempDir dir;
  CountingModel model;
  auto store = OpenStore(dir.path(), WithModel(model));
  for (int i = 0; i < 2; ++i)
    REQUIRE(store->DecideAndAppend({}, AtMostThree(model, "client-k")).ok());
  Result<AppendResult> first = store->DecideAndAppend("cmd-1", AtMostThree(model, "client-k"));
  REQUIRE(first.ok());
  CHECK(first->first_seq == 3);
  // It hands back its envelope as the log holds it, the key put back in included.
  Result<std::vector<Envelope>> logged = store->ReadAll(3, 1);
  REQUIRE(logged.ok());
  REQUIRE(first->appended.size() == 1);
  CHECK(first->appended[0].idempotency_key == "cmd-1");
  CHECK(EncodeEnvelope(first->appended[0]) == EncodeEnvelope(logged->front()));
  const int decisions = model.decisions;

  // The rule would now refuse, but the retry gets the first answer.
  Result<AppendResult> retry = store->DecideAndAppend("cmd-1", AtMostThree(model, "client-k"));
  REQUIRE(retry.ok());
  CHECK(retry->duplicate);
  CHECK(retry->first_seq == 3);
  CHECK(model.decisions == decisions);
  CHECK(store->Head().last_seq == 3);

  Result<std::vector<Envelope>> third = store->ReadAll(3, 1);
  REQUIRE(third.ok());
  CHECK(third->front().idempotency_key == "cmd-1");
}

TEST_CASE("what a decider returns is checked like any append", "[store][decide]") {
  TempDir dir;
  CountingModel model;
  auto store = OpenStore(dir.path(), WithModel(model));
  Result<AppendResult> bad = store->DecideAndAppend({}, [] {
    return Result<AppendRequest>(
        AppendRequest{"not a stream", ExpectedVersion::Any(), {MakeEvent()}, {}});
  });
  CHECK(bad.status().code() == StatusCode::kInvalidArgument);
  CHECK(store->DecideAndAppend("bad key", AtMostThree(model, "client-x")).status().code() ==
        StatusCode::kInvalidArgument);
  CHECK(store->Head().last_seq == 0);
  CHECK(model.applied_seqs.empty());
}

}  // namespace
}  // namespace prospekt::store
