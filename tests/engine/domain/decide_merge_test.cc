// Given/when/then tests of merging a duplicate client and un-merging it: who may, what
// must hold, and that commands on a merged duplicate are refused naming the survivor.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

// c9 was registered over c1 with the force flag.
std::vector<Fact> WithDuplicate() {
  ClientRegistered c9;
  c9.client_id = "c9";
  c9.name = Clear("Ромашка ООО");
  c9.branch_id = "b1";
  c9.region_id = "r1";
  c9.forced_over_duplicate_of = "c1";
  return SmallBank() + std::vector<Fact>{c9, ClientAssigned{"c9", "s2", {}}};
}

TEST_CASE("head office or the branch head merges a duplicate", "[domain][merge]") {
  WriteModel model = Given(WithDuplicate());
  const MergeDuplicateClient merge{"c9", "c1"};
  Decision decision = Decided(model, merge, As("head"));
  CHECK(decision.stream_id == "client-c9");
  CHECK((decision.events == Events({ClientMergedAsDuplicate{"c9", "c1"}})));
  CHECK(Decided(model, merge, As("ho")).events.size() == 1);
  CHECK(Rejected(model, merge, As("s1")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, merge, As("head2")).code() == StatusCode::kPermissionDenied);
}

TEST_CASE("a merge needs two existing, different, unmerged clients", "[domain][merge]") {
  WriteModel model = Given(WithDuplicate());
  CHECK(Rejected(model, MergeDuplicateClient{"c9", "c9"}, As("ho")).field() == "survivor_id");
  CHECK(Rejected(model, MergeDuplicateClient{"c404", "c1"}, As("ho")).code() ==
        StatusCode::kNotFound);
  CHECK(Rejected(model, MergeDuplicateClient{"c9", "c404"}, As("ho")).code() ==
        StatusCode::kNotFound);
  model.Apply(ClientMergedAsDuplicate{"c9", "c1"}, kSetUp);
  Status again = Rejected(model, MergeDuplicateClient{"c9", "c2"}, As("ho"));
  CHECK(again.code() == StatusCode::kFailedPrecondition);
  CHECK(again.field() == "duplicate_id");
  CHECK(Rejected(model, MergeDuplicateClient{"c2", "c9"}, As("ho")).field() == "survivor_id");
}

TEST_CASE("commands on a merged duplicate are refused naming the survivor", "[domain][merge]") {
  WriteModel model = Given(WithDuplicate());
  ApplyDecision(model, Decided(model, MergeDuplicateClient{"c9", "c1"}, As("head")));
  LogContact contact;
  contact.client_id = "c9";
  contact.occurred_at_us = kNow - kHour;
  const std::vector<std::pair<Command, const char*>> attempts = {
      {contact, "s2"},
      {AssignClient{"c9", "s1", {}}, "head"},
      {UnassignClient{"c9"}, "head"},
      {ChangeClientStatus{"c9", ClientStatus::kVip}, "head"},
      {RecordSatisfaction{"c9", 7, ""}, "s2"},
      {LinkClients{"c2", "c9", ClientRelation::kAffiliate}, "s2"},
  };
  for (const auto& [command, actor] : attempts) {
    INFO(command.index());
    Status status = Rejected(model, command, As(actor));
    CHECK(status.code() == StatusCode::kFailedPrecondition);
    CHECK_THAT(status.message(), Catch::Contains("merged into c1"));
  }
  // The survivor works as before.
  contact.client_id = "c1";
  CHECK(Decided(model, contact, As("s1")).events.size() == 1);
}

TEST_CASE("un-merging restores the duplicate", "[domain][merge]") {
  WriteModel model = Given(WithDuplicate());
  CHECK(Rejected(model, UnmergeClient{"c9"}, As("ho")).code() == StatusCode::kFailedPrecondition);
  ApplyDecision(model, Decided(model, MergeDuplicateClient{"c9", "c1"}, As("ho")));
  CHECK(Rejected(model, UnmergeClient{"c9"}, As("s2")).code() == StatusCode::kPermissionDenied);
  Decision decision = Decided(model, UnmergeClient{"c9"}, As("head"));
  CHECK(decision.stream_id == "client-c9");
  CHECK((decision.events == Events({ClientUnmerged{"c9", "c1"}})));
  ApplyDecision(model, decision);
  // Its history is intact: still assigned to s2, who logs contacts again.
  CHECK(model.FindClient("c9")->assigned_employee_id == "s2");
  LogContact contact;
  contact.client_id = "c9";
  contact.occurred_at_us = kNow - kHour;
  CHECK(Decided(model, contact, As("s2")).events.size() == 1);
  CHECK(Rejected(model, UnmergeClient{"c404"}, As("ho")).code() == StatusCode::kNotFound);
}

}  // namespace
}  // namespace prospekt::domain::testing
