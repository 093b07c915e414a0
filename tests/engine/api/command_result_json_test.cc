// The response body of an executed command (engine/api/command_result_json.h), built
// from the envelopes the log holds: the events, the don't-disturb warnings recorded with
// them, and the same body again for a retry with the same idempotency key.
#include "engine/api/command_result_json.h"

#include <catch2/catch.hpp>

#include "tests/engine/domain/executor_test_support.h"
#include "tests/test_support.h"

namespace prospekt::api {
namespace {

using namespace domain;
using domain::testing::As;
using domain::testing::Executed;
using domain::testing::kHour;
using domain::testing::kNow;
using domain::testing::kSetUp;
using nlohmann::json;
using prospekt::testing::TempDir;

// The sales branch (OpenSalesBranch); client c1 assigned to s1, who called it an hour
// before now.
std::unique_ptr<Executor> BranchWithAContact(const TempDir& dir) {
  std::unique_ptr<Executor> opened = domain::testing::OpenExecutorAt(dir.path());
  Executor& executor = *opened;
  domain::testing::OpenSalesBranch(executor);
  RegisterClient client;
  client.client_id = "c1";
  client.name = "ООО «Ромашка»";
  client.branch_id = "b1";
  client.phones = {"+7 495 123-45-67"};
  Executed(executor, client, As("head", kSetUp));
  Executed(executor, AssignClient{"c1", "s1", {}}, As("head", kSetUp));
  LogContact contact;
  contact.client_id = "c1";
  contact.outcome = ContactOutcome::kPositiveProspect;
  contact.occurred_at_us = kNow - kHour;
  Executed(executor, contact, As("s1"));
  return opened;
}

TEST_CASE("a command's body holds its events and the don't-disturb warnings", "[api]") {
  TempDir dir;
  std::unique_ptr<Executor> executor = BranchWithAContact(dir);
  const store::AppendResult reassigned =
      Executed(*executor, ReassignClient{"c1", "s1", "s2", {}}, As("head"), "reassign-1");
  REQUIRE(reassigned.last_seq == reassigned.first_seq + 1);

  Result<json> body = CommandResultJson(executor->store(), reassigned);
  INFO(body.status().ToString());
  REQUIRE(body.ok());
  CHECK((*body)["seq"] == reassigned.last_seq);
  CHECK((*body)["stream_id"] == "client-c1");
  CHECK((*body)["stream_version"] == reassigned.last_version);
  REQUIRE((*body)["events"].size() == 2);
  CHECK((*body)["events"][0]["type"] == "ClientReassigned");
  CHECK((*body)["events"][0]["to_employee_id"] == "s2");
  CHECK((*body)["events"][1]["type"] == "DontDisturbWarned");
  REQUIRE((*body)["warnings"].size() == 1);
  const json& warning = (*body)["warnings"][0];
  CHECK(warning["kind"] == "dont_disturb");
  CHECK(warning["client_id"] == "c1");
  CHECK(warning["warned_employee_id"] == "s2");
  CHECK(warning["colleague_id"] == "s1");
  CHECK(warning["action"] == "assignment");
  CHECK(warning["colleague_contact_at_us"] == kNow - kHour);
  CHECK(warning["colleague_contact_at"] == "2026-01-05T11:00:00.000000Z");
  CHECK_THAT(warning["message"].get<std::string>(), Catch::Contains("colleague s1"));

  // The body of the envelopes the append handed back is the body of the log's.
  REQUIRE(reassigned.appended.size() == 2);
  store::AppendResult positions_only = reassigned;
  positions_only.appended.clear();
  Result<json> from_log = CommandResultJson(executor->store(), positions_only);
  REQUIRE(from_log.ok());
  CHECK(from_log->dump() == body->dump());

  // A retry gets the first append's positions, and so the same body, byte for byte.
  const store::AppendResult retried =
      Executed(*executor, ReassignClient{"c1", "s1", "s2", {}}, As("head"), "reassign-1");
  CHECK(retried.duplicate);
  CHECK(retried.appended.empty());
  Result<json> again = CommandResultJson(executor->store(), retried);
  REQUIRE(again.ok());
  CHECK(again->dump() == body->dump());

  // A command without a warning has an empty list; sealed texts stay sealed.
  const store::AppendResult unassigned = Executed(*executor, UnassignClient{"c1"}, As("head"));
  Result<json> plain = CommandResultJson(executor->store(), unassigned);
  REQUIRE(plain.ok());
  CHECK((*plain)["warnings"].empty());
  Result<std::vector<Envelope>> registered =
      executor->store().ReadStream("client-c1", 1, store::Direction::kForward, 1);
  REQUIRE(registered.ok());
  Result<json> registration = CommandResultToJson(*registered);
  REQUIRE(registration.ok());
  CHECK((*registration)["events"][0]["contact"]["phones"][0] == json{{"sealed", true}});
}

TEST_CASE("a command's body is refused for what is not one append", "[api]") {
  TempDir dir;
  std::unique_ptr<Executor> executor = BranchWithAContact(dir);
  CHECK(CommandResultToJson({}).status().code() == StatusCode::kCorruption);
  Result<std::vector<Envelope>> first_two = executor->store().ReadAll(1, 2);
  REQUIRE(first_two.ok());
  CHECK(CommandResultToJson(*first_two).status().code() == StatusCode::kCorruption);
  const std::uint64_t head = executor->store().Head().last_seq;
  CHECK(CommandResultJson(executor->store(), {head + 1, head + 2, 1, 2, false, {}})
            .status()
            .code() == StatusCode::kNotFound);
  CHECK(CommandResultJson(executor->store(), {0, 0, 0, 0, false, {}}).status().code() ==
        StatusCode::kInvalidArgument);
  // Envelopes that are not the positions' own.
  CHECK(CommandResultJson(executor->store(), {head - 1, head, 1, 2, false, *first_two})
            .status()
            .code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace prospekt::api
