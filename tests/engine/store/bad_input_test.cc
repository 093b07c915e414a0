// Bad input to Append: every malformed or oversized request is refused with
// InvalidArgument naming the offending field, and nothing at all is written (the head,
// the stream and the idempotency key stay as they were).
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "engine/store/event_store.h"
#include "engine/store/limits.h"
#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::store {
namespace {

// A store holding one event, so "nothing written" is checked against a non-empty log.
struct SeededStore {
  testing::TempDir dir;
  std::unique_ptr<EventStore> store = testing::OpenStore(dir.path());
  LogHead head;

  SeededStore() {
    Result<AppendResult> first = store->Append(testing::MakeAppend("client-r01-000001"));
    REQUIRE(first.ok());
    head = store->Head();
  }

  // Appends `request`, expects InvalidArgument on `field`, and checks nothing changed.
  void ExpectRefused(AppendRequest request, const std::string& field) {
    const std::string stream = request.stream_id;
    const std::string key = request.idempotency_key;
    Result<AppendResult> result = store->Append(std::move(request));
    INFO(result.status().ToString());
    REQUIRE_FALSE(result.ok());
    CHECK(StatusCodeName(result.status().code()) == std::string("invalid_argument"));
    CHECK(result.status().field() == field);
    CHECK_FALSE(result.status().message().empty());
    ExpectUnchanged();
    // The refused request did not use up its key: a good append with it is no duplicate.
    if (!key.empty() && field != "idempotency_key") {
      AppendRequest good = testing::MakeAppend("client-r01-000002", ExpectedVersion::Any(), key);
      Result<AppendResult> appended = store->Append(std::move(good));
      REQUIRE(appended.ok());
      CHECK_FALSE(appended->duplicate);
      head = store->Head();
    }
  }

  void ExpectUnchanged() {
    const LogHead now = store->Head();
    CHECK(now.last_seq == head.last_seq);
    CHECK(now.hash == head.hash);
    Result<std::vector<Envelope>> all = store->ReadAll(1, std::numeric_limits<std::size_t>::max());
    REQUIRE(all.ok());
    CHECK(all->size() == head.last_seq);
    Result<replay::ChainReport> chain = replay::VerifyChain(*store);
    REQUIRE(chain.ok());
    CHECK(chain->intact);
    CHECK(chain->events_checked == head.last_seq);
  }
};

AppendRequest WithEvents(std::vector<NewEvent> events, std::string key = {}) {
  AppendRequest request = testing::MakeAppend("client-r01-000001");
  request.events = std::move(events);
  request.idempotency_key = std::move(key);
  return request;
}

TEST_CASE("a payload over the limit is refused and nothing is written", "[store][bad_input]") {
  SeededStore seeded;
  const std::string at_limit(kMaxPayloadBytes, 'x');
  const std::string over_limit(kMaxPayloadBytes + 1, 'x');

  seeded.ExpectRefused(WithEvents({testing::MakeEvent("ContactLogged", over_limit)}, "k-over"),
                       "events[0].payload");
  // In the third event of three: the first two, though valid, are not written either.
  seeded.ExpectRefused(WithEvents({testing::MakeEvent(), testing::MakeEvent(),
                                   testing::MakeEvent("ContactLogged", over_limit)}),
                       "events[2].payload");

  // The limit itself is allowed.
  Result<AppendResult> at =
      seeded.store->Append(WithEvents({testing::MakeEvent("ContactLogged", at_limit)}));
  REQUIRE(at.ok());
  seeded.head = seeded.store->Head();

  // Each payload under the limit, their sum over the per-append limit.
  const std::size_t count = kMaxAppendPayloadBytes / kMaxPayloadBytes + 1;
  seeded.ExpectRefused(
      WithEvents(std::vector<NewEvent>(count, testing::MakeEvent("ContactLogged", at_limit))),
      "events");
}

TEST_CASE("too many or no events are refused and nothing is written", "[store][bad_input]") {
  SeededStore seeded;
  seeded.ExpectRefused(
      WithEvents(std::vector<NewEvent>(kMaxEventsPerAppend + 1, testing::MakeEvent()), "k-many"),
      "events");
  seeded.ExpectRefused(WithEvents({}, "k-none"), "events");

  Result<AppendResult> at_limit = seeded.store->Append(
      WithEvents(std::vector<NewEvent>(kMaxEventsPerAppend, testing::MakeEvent())));
  REQUIRE(at_limit.ok());
  CHECK(at_limit->last_seq - at_limit->first_seq + 1 == kMaxEventsPerAppend);
}

TEST_CASE("empty and malformed stream ids are refused and nothing is written",
          "[store][bad_input]") {
  SeededStore seeded;
  const std::string stream_id = GENERATE(
      std::string(), std::string("client"), std::string("-000001"), std::string("client-"),
      std::string("Client-000001"), std::string("1client-000001"), std::string("cli ent-000001"),
      std::string("client-0000 01"), std::string("client-00/01"), std::string("client-\xc3\xa9"),
      std::string("client-r01\0x", 12), std::string("client-r01\n"),
      "client-" + std::string(kMaxStreamIdBytes, '1'));
  INFO("stream id \"" << stream_id << "\" of " << stream_id.size() << " bytes");
  AppendRequest request = testing::MakeAppend(stream_id, ExpectedVersion::Any(), "k-stream");
  seeded.ExpectRefused(std::move(request), "stream_id");
  // Reading a malformed stream is refused the same way.
  Result<std::vector<Envelope>> read =
      seeded.store->ReadStream(stream_id, 1, Direction::kForward, 10);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().field() == "stream_id");
}

TEST_CASE("empty and malformed event types are refused and nothing is written",
          "[store][bad_input]") {
  SeededStore seeded;
  const std::string type =
      GENERATE(std::string(), std::string("1Contact"), std::string("_Contact"),
               std::string("Contact Logged"), std::string("Contact-Logged"),
               std::string("Contact\0Logged", 14), std::string(kMaxEventTypeBytes + 1, 'A'));
  INFO("event type \"" << type << "\"");
  seeded.ExpectRefused(WithEvents({testing::MakeEvent(type)}, "k-type"), "events[0].event_type");
  seeded.ExpectRefused(WithEvents({testing::MakeEvent(), testing::MakeEvent(type)}),
                       "events[1].event_type");
}

TEST_CASE("oversized metadata is refused and nothing is written", "[store][bad_input]") {
  SeededStore seeded;
  const std::string too_long(kMaxMetadataFieldBytes + 1, 'a');
  NewEvent event = testing::MakeEvent();
  event.actor = too_long;
  seeded.ExpectRefused(WithEvents({event}), "events[0].actor");
  event = testing::MakeEvent();
  event.on_behalf_of = too_long;
  seeded.ExpectRefused(WithEvents({event}), "events[0].on_behalf_of");
  event = testing::MakeEvent();
  event.correlation_id = too_long;
  seeded.ExpectRefused(WithEvents({event}), "events[0].correlation_id");
  event = testing::MakeEvent();
  event.causation_id = too_long;
  seeded.ExpectRefused(WithEvents({testing::MakeEvent(), event}), "events[1].causation_id");
}

TEST_CASE("bad idempotency keys are refused and nothing is written", "[store][bad_input]") {
  SeededStore seeded;
  const std::string key =
      GENERATE(std::string(kMaxIdempotencyKeyBytes + 1, 'k'), std::string("key with space"),
               std::string("key\ttab"), std::string("key-\xc3\xa9"), std::string("k\0", 2));
  INFO("idempotency key \"" << key << "\"");
  seeded.ExpectRefused(WithEvents({testing::MakeEvent()}, key), "idempotency_key");
}

TEST_CASE("an unknown expected-version form is refused before any append", "[store][bad_input]") {
  const std::string text =
      GENERATE(std::string(), std::string("latest"), std::string("ANY"), std::string("-1"),
               std::string("+1"), std::string("1.5"), std::string(" 1"), std::string("1 "),
               std::string("0x10"), std::string("18446744073709551616"), std::string("no-stream"));
  INFO("expected version \"" << text << "\"");
  Result<ExpectedVersion> parsed = ExpectedVersion::Parse(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(StatusCodeName(parsed.status().code()) == std::string("invalid_argument"));
  CHECK(parsed.status().field() == "expected_version");
}

TEST_CASE("valid expected-version forms parse to what they say", "[store][bad_input]") {
  Result<ExpectedVersion> any = ExpectedVersion::Parse("any");
  Result<ExpectedVersion> none = ExpectedVersion::Parse("no_stream");
  Result<ExpectedVersion> seven = ExpectedVersion::Parse("7");
  REQUIRE((any.ok() && none.ok() && seven.ok()));
  CHECK(any->Matches(3));
  CHECK(none->Matches(0));
  CHECK_FALSE(none->Matches(1));
  CHECK(seven->Matches(7));
  CHECK_FALSE(seven->Matches(6));
}

TEST_CASE("refused version conflicts and reused keys write nothing", "[store][bad_input]") {
  SeededStore seeded;
  // The stream is at version 1.
  Result<AppendResult> conflict = seeded.store->Append(
      testing::MakeAppend("client-r01-000001", ExpectedVersion::Exactly(5), "k-conflict"));
  REQUIRE_FALSE(conflict.ok());
  CHECK(StatusCodeName(conflict.status().code()) == std::string("aborted"));
  CHECK(conflict.status().current_version() == std::optional<std::uint64_t>(1));
  seeded.ExpectUnchanged();

  // A key already used on another stream.
  Result<AppendResult> used = seeded.store->Append(
      testing::MakeAppend("client-r01-000001", ExpectedVersion::Any(), "k-used"));
  REQUIRE(used.ok());
  seeded.head = seeded.store->Head();
  Result<AppendResult> reused = seeded.store->Append(
      testing::MakeAppend("client-r01-000009", ExpectedVersion::Any(), "k-used"));
  REQUIRE_FALSE(reused.ok());
  CHECK(StatusCodeName(reused.status().code()) == std::string("failed_precondition"));
  CHECK(reused.status().field() == "idempotency_key");
  seeded.ExpectUnchanged();
}

}  // namespace
}  // namespace prospekt::store
