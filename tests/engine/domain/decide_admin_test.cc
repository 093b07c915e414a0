// Given/when/then tests of the admin role (Role::kAdmin): admins set up the organisation
// and its staff as head office does, and do nothing about clients or work — not even
// when hired into a branch, nor by deputising for someone who works with clients.
#include <variant>

#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

// The small bank with "adm", an admin of the whole bank, "adm-b1", an admin placed in
// branch b1 (so that the branch-staff rules are put to the test), an auditor "aud" in
// b1, and an open campaign "spring" of b1.
std::vector<Fact> BankWithAdmins() {
  return SmallBank() +
         std::vector<Fact>{
             EmployeeHired{"adm", "Admin", {Role::kAdmin}, "", ""},
             EmployeeHired{"adm-b1", "Branch admin", {Role::kAdmin}, "b1", ""},
             EmployeeHired{"aud", "Auditor", {Role::kAuditor}, "b1", ""},
             CampaignLaunched{"spring", "b1", "Spring", {"loan"}, kSetUp, kMonday + 30 * kDay},
         };
}

TEST_CASE("an admin issues the organisation and staff commands head office may",
          "[domain][access][admin]") {
  WriteModel model = Given(BankWithAdmins());
  const std::vector<Command> commands = {
      OpenRegion{"r3", "East"},
      OpenBranch{"b4", "r1", "Uptown"},
      OpenDepartment{"cards", "b1", "Cards"},
      DefineProduct{"card", "Credit card", "cards"},
      HireEmployee{"s9", "New seller", {Role::kSalesSpecialist}, "b1", "sales"},
      HireEmployee{"adm2", "Second admin", {Role::kAdmin}, "", ""},
      ChangeEmployeeRoles{"s2", {Role::kSalesSpecialist, Role::kProductSpecialist}},
      TransferEmployee{"s2", "b2", ""},
      EmployeeLeaves{"s2"},
      RecordAbsence{"s1", kMonday, kMonday + kDay, "s2", "vacation"},
      ChangeBranchSettings{"b1", 14, 20},
  };
  for (const std::string actor : {"adm", "adm-b1"}) {
    for (const Command& command : commands) {
      INFO(actor << " issues command #" << command.index());
      Decision decision = Decided(model, command, As(actor));
      CHECK(decision.events.size() == 1);
      CHECK(decision.on_behalf_of.empty());
    }
  }
  // What the admin decided is what head office would have decided.
  CHECK((Decided(model, OpenRegion{"r3", "East"}, As("adm")).events ==
         Decided(model, OpenRegion{"r3", "East"}, As("ho")).events));
}

TEST_CASE("an admin does nothing about clients or work", "[domain][access][admin]") {
  WriteModel model = Given(BankWithAdmins());
  RegisterClient register_client;
  register_client.client_id = "c9";
  register_client.name = "ООО «Лютик»";
  register_client.branch_id = "b1";
  LogContact contact;
  contact.client_id = "c1";
  contact.occurred_at_us = kNow - kHour;
  const std::vector<Command> commands = {
      register_client,
      AssignClient{"c2", "s2", {"loan"}},
      SetWeeklyPlan{"s1", IsoWeek{2026, 2}, 10, {}, {}},
      contact,
      CloseWorkingDay{"b1", kMonday},
      UnassignClient{"c1"},
      ReassignClient{"c1", "s1", "s2", {"loan"}},
      CompleteNextContact{"c1"},
      AssignTask{"t1", "s1", "c1", kNow + kDay, "call"},
      ChangeClientStatus{"c1", ClientStatus::kBankClient},
      CorrectClientDetails{"c1", "industry", "", "retail"},
      LinkClients{"c1", "c2", ClientRelation::kAffiliate},
      RecordSatisfaction{"c1", 8, ""},
      LaunchCampaign{"autumn", "b1", "Autumn", {"loan"}, kNow, kNow + kDay},
      EnrollClient{"spring", "c2"},
      CloseCampaign{"spring"},
      MergeDuplicateClient{"c2", "c1"},
      EraseClientData{"c1", "request"},
  };
  for (const std::string actor : {"adm", "adm-b1"}) {
    for (const Command& command : commands) {
      INFO(actor << " issues command #" << command.index());
      CHECK(Rejected(model, command, As(actor)).code() == StatusCode::kPermissionDenied);
    }
  }
  // Head office may register the same client: the refusal is about the admin.
  CHECK(Decided(model, register_client, As("ho")).events.size() == 1);
}

TEST_CASE("an admin or an auditor does not deputise for someone who works with clients",
          "[domain][access][admin]") {
  WriteModel model = Given(BankWithAdmins());
  for (const char* deputy : {"adm-b1", "aud"}) {
    INFO(deputy);
    Status status = Rejected(
        model, RecordAbsence{"s1", kMonday, kMonday + kDay, deputy, "vacation"}, As("head"));
    CHECK(status.code() == StatusCode::kFailedPrecondition);
    CHECK(status.field() == "deputy_id");
  }
  // An admin may stand in for another admin.
  ApplyDecision(
      model,
      Decided(model, HireEmployee{"adm-b1-2", "Admin two", {Role::kAdmin}, "b1", ""}, As("adm")));
  CHECK(Decided(model, RecordAbsence{"adm-b1", kMonday, kMonday + kDay, "adm-b1-2", "vacation"},
                As("adm"))
            .events.size() == 1);
}

TEST_CASE("an admin who left can no longer change the organisation", "[domain][access][admin]") {
  WriteModel model = Given(BankWithAdmins());
  ApplyDecision(model, Decided(model, EmployeeLeaves{"adm"}, As("adm-b1")));
  CHECK(Rejected(model, OpenRegion{"r3", "East"}, As("adm")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Decided(model, OpenRegion{"r3", "East"}, As("adm-b1")).events.size() == 1);
}

}  // namespace
}  // namespace prospekt::domain::testing
