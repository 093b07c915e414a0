// Given/when/then tests of staff changes: roles, transfers, leaving, and that an
// employee who left can no longer act.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

TEST_CASE("head office changes an employee's roles", "[domain][staff]") {
  WriteModel model = Given(SmallBank());
  const ChangeEmployeeRoles change{"s2", {Role::kSalesSpecialist, Role::kProductSpecialist}};
  Decision decision = Decided(model, change, As("ho"));
  CHECK(decision.stream_id == "employee-s2");
  CHECK((decision.events ==
         Events({EmployeeRoleChanged{"s2", {Role::kSalesSpecialist, Role::kProductSpecialist}}})));
  CHECK(Decided(model, change, As(std::string(kSystemActor))).events.size() == 1);
  CHECK(Rejected(model, change, As("head")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, ChangeEmployeeRoles{"s2", {}}, As("ho")).field() == "roles");
  CHECK(Rejected(model, ChangeEmployeeRoles{"s2", {Role::kSalesSpecialist}}, As("ho")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, ChangeEmployeeRoles{"ho", {Role::kBranchHead}}, As("ho")).field() ==
        "roles");
  CHECK(Rejected(model, ChangeEmployeeRoles{"nobody", {Role::kAuditor}}, As("ho")).code() ==
        StatusCode::kNotFound);
}

TEST_CASE("head office transfers an employee", "[domain][staff]") {
  WriteModel model = Given(SmallBank());
  Decision decision = Decided(model, TransferEmployee{"s2", "b1", "loans"}, As("ho"));
  CHECK(decision.stream_id == "employee-s2");
  CHECK((decision.events == Events({EmployeeTransferred{"s2", "b1", "loans"}})));
  CHECK(Decided(model, TransferEmployee{"s2", "b2", ""}, As("ho")).events.size() == 1);
  CHECK(Rejected(model, TransferEmployee{"s2", "b1", "sales"}, As("ho")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, TransferEmployee{"s2", "b404", ""}, As("ho")).field() == "branch_id");
  CHECK(Rejected(model, TransferEmployee{"s2", "b2", "loans"}, As("ho")).field() ==
        "department_id");
  CHECK(Rejected(model, TransferEmployee{"s2", "", ""}, As("ho")).field() == "branch_id");
  CHECK(Rejected(model, TransferEmployee{"s2", "b2", ""}, As("head")).code() ==
        StatusCode::kPermissionDenied);

  // After the transfer the new branch's head runs the employee.
  ApplyDecision(model, Decided(model, TransferEmployee{"s2", "b2", ""}, As("ho")));
  CHECK(Decided(model, SetWeeklyPlan{"s2", IsoWeek{2026, 2}, 10, {}, {}}, As("head2"))
            .events.size() == 1);
  CHECK(Rejected(model, SetWeeklyPlan{"s2", IsoWeek{2026, 2}, 10, {}, {}}, As("head")).code() ==
        StatusCode::kPermissionDenied);
}

TEST_CASE("an employee leaves; their clients stay assigned", "[domain][staff]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, EmployeeLeaves{"s1"}, As("head")).code() == StatusCode::kPermissionDenied);
  Decision decision = Decided(model, EmployeeLeaves{"s1"}, As("ho"));
  CHECK(decision.stream_id == "employee-s1");
  CHECK((decision.events == Events({EmployeeLeft{"s1"}})));
  ApplyDecision(model, decision);
  CHECK(model.FindEmployee("s1")->left);
  CHECK(model.FindClient("c1")->assigned_employee_id == "s1");
  CHECK(Rejected(model, EmployeeLeaves{"s1"}, As("ho")).code() == StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, TransferEmployee{"s1", "b2", ""}, As("ho")).code() ==
        StatusCode::kFailedPrecondition);
  // The head reassigns the leaver's client.
  CHECK((Decided(model, ReassignClient{"c1", "s1", "s2", {}}, As("head")).events ==
         Events({ClientReassigned{"c1", "s1", "s2", {}}})));
  CHECK(Decided(model, UnassignClient{"c1"}, As("head")).events.size() == 1);
}

TEST_CASE("an employee who left can no longer act", "[domain][staff][authority]") {
  TaskAssigned task;
  task.task_id = "t1";
  task.employee_id = "s1";
  WriteModel model =
      Given(SmallBank() + std::vector<Fact>{task, HandedOver{"c1", "loans", "loan", "s1", true}});
  for (const char* leaver : {"s1", "head", "k1", "ho"}) model.Apply(EmployeeLeft{leaver}, kSetUp);

  LogContact contact;
  contact.client_id = "c1";
  contact.occurred_at_us = kNow - kHour;
  RegisterClient client;
  client.client_id = "c9";
  client.name = "ООО «Лютик»";
  client.branch_id = "b1";
  const std::vector<std::pair<Command, const char*>> attempts = {
      {contact, "s1"},
      {client, "s1"},
      {CompleteTask{"t1", ""}, "s1"},
      {RecordSatisfaction{"c1", 5, ""}, "s1"},
      {AssignClient{"c2", "s2", {}}, "head"},
      {UnassignClient{"c1"}, "head"},
      {AssignTask{"t2", "s2", "", kNow + kDay, "call"}, "head"},
      {AcceptHandOver{"c1", "loans"}, "k1"},
      {OpenRegion{"r9", "East"}, "ho"},
      {EmployeeLeaves{"s2"}, "ho"},
  };
  for (const auto& [command, actor] : attempts) {
    INFO(actor << " " << command.index());
    CHECK(Rejected(model, command, As(actor)).code() == StatusCode::kPermissionDenied);
  }
}

}  // namespace
}  // namespace prospekt::domain::testing
