// Given/when/then tests of the work on assigned clients: unassignment, reassignment, the
// next contact done or cancelled, hand-overs accepted or returned, tasks assigned and
// completed.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

// s1 agreed with c1 to call again on Wednesday.
constexpr std::int64_t kDue = kMonday + 2 * kDay;

std::vector<Fact> WithNextContact() {
  ContactLogged contact;
  contact.client_id = "c1";
  contact.employee_id = "s1";
  contact.next_contact_at_us = kDue;
  return SmallBank() + std::vector<Fact>{Fact(contact, kMonday - kDay)};
}

std::vector<Fact> WithHandOver() {
  return SmallBank() + std::vector<Fact>{HandedOver{"c1", "loans", "loan", "s1", true}};
}

std::vector<Fact> S1Absent() {
  return {AbsenceRecorded{"s1", kMonday, kMonday + 5 * kDay, "s2", "vacation"}};
}

TEST_CASE("the branch head unassigns a client", "[domain][work]") {
  WriteModel model = Given(SmallBank());
  Decision decision = Decided(model, UnassignClient{"c1"}, As("head"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({ClientUnassigned{"c1", "s1"}})));
  ApplyDecision(model, decision);
  CHECK(model.FindClient("c1")->assigned_employee_id.empty());

  CHECK(Rejected(model, UnassignClient{"c1"}, As("head")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, UnassignClient{"c404"}, As("head")).code() == StatusCode::kNotFound);
  WriteModel fresh = Given(SmallBank());
  CHECK(Rejected(fresh, UnassignClient{"c1"}, As("s1")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(fresh, UnassignClient{"c1"}, As("head2")).code() == StatusCode::kPermissionDenied);
}

TEST_CASE("the branch head reassigns naming both employees", "[domain][work]") {
  WriteModel model = Given(SmallBank());
  const ReassignClient reassign{"c1", "s1", "s2", {"loan"}};
  Decision decision = Decided(model, reassign, As("head"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({ClientReassigned{"c1", "s1", "s2", {"loan"}}})));
  ApplyDecision(model, decision);
  CHECK(model.FindClient("c1")->assigned_employee_id == "s2");
  // A reassignment decided on a stale view is refused.
  CHECK(Rejected(model, reassign, As("head")).field() == "from_employee_id");
}

TEST_CASE("reassignment is checked", "[domain][work]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, ReassignClient{"c1", "s1", "s2", {}}, As("s1")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, ReassignClient{"c2", "s1", "s2", {}}, As("head")).field() ==
        "from_employee_id");
  CHECK(Rejected(model, ReassignClient{"c1", "s1", "s1", {}}, As("head")).field() ==
        "to_employee_id");
  CHECK(Rejected(model, ReassignClient{"c1", "s1", "nobody", {}}, As("head")).code() ==
        StatusCode::kNotFound);
  CHECK(Rejected(model, ReassignClient{"c1", "s1", "k1", {}}, As("head")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, ReassignClient{"c1", "s1", "s2", {"gold"}}, As("head")).field() ==
        "products");
}

TEST_CASE("the head's deputy reassigns on the head's behalf", "[domain][work][authority]") {
  WriteModel model = Given(SmallBank() + std::vector<Fact>{AbsenceRecorded{
                                             "head", kMonday, kMonday + kDay, "k1", "illness"}});
  Decision decision = Decided(model, ReassignClient{"c1", "s1", "s2", {}}, As("k1"));
  CHECK(decision.on_behalf_of == "head");
  CHECK(Decided(model, UnassignClient{"c1"}, As("k1")).on_behalf_of == "head");
}

TEST_CASE("reassigning a client a colleague contacted recently warns",
          "[domain][work][dont_disturb]") {
  ContactLogged contact;
  contact.client_id = "c1";
  contact.employee_id = "s1";
  const std::int64_t contacted_at = kNow - 3 * kDay;
  WriteModel model = Given(SmallBank() + std::vector<Fact>{Fact(contact, contacted_at)});
  Decision decision = Decided(model, ReassignClient{"c1", "s1", "s2", {}}, As("head"));
  CHECK((decision.events ==
         Events({ClientReassigned{"c1", "s1", "s2", {}},
                 DontDisturbWarned{"c1", "s2", "s1", contacted_at, "assignment"}})));
  // Beyond the branch's don't-disturb days there is no warning.
  CHECK(Decided(model, ReassignClient{"c1", "s1", "s2", {}}, As("head", contacted_at + 8 * kDay))
            .events.size() == 1);
}

TEST_CASE("the assignee completes the agreed next contact", "[domain][work][next_contact]") {
  WriteModel model = Given(WithNextContact());
  REQUIRE(model.FindClient("c1")->next_contact_due_us == kDue);
  Decision decision = Decided(model, CompleteNextContact{"c1"}, As("s1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({NextContactDone{"c1", kDue}})));
  ApplyDecision(model, decision);
  // Only an open next contact is completed or cancelled.
  CHECK(Rejected(model, CompleteNextContact{"c1"}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, CancelNextContact{"c1", "client busy"}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("the assignee cancels the next contact with a reason", "[domain][work][next_contact]") {
  WriteModel model = Given(WithNextContact());
  Decision decision = Decided(model, CancelNextContact{"c1", "client closed"}, As("s1"));
  CHECK((decision.events == Events({NextContactCancelled{"c1", kDue, "client closed"}})));
  CHECK(Rejected(model, CancelNextContact{"c1", ""}, As("s1")).field() == "reason");
}

TEST_CASE("only the assignee or their deputy closes a next contact",
          "[domain][work][next_contact][authority]") {
  WriteModel model = Given(WithNextContact());
  CHECK(Rejected(model, CompleteNextContact{"c1"}, As("s2")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, CompleteNextContact{"c1"}, As("head")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, CompleteNextContact{"c2"}, As("s1")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, CompleteNextContact{"c404"}, As("s1")).code() == StatusCode::kNotFound);
  for (const Fact& fact : S1Absent()) model.Apply(fact.event, fact.at_us);
  Decision decision = Decided(model, CompleteNextContact{"c1"}, As("s2"));
  CHECK(decision.on_behalf_of == "s1");
  CHECK(Decided(model, CancelNextContact{"c1", "moved"}, As("s2")).on_behalf_of == "s1");
}

TEST_CASE("no next contact agreed: nothing to complete", "[domain][work][next_contact]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, CompleteNextContact{"c1"}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("a specialist of the receiving department accepts a hand-over",
          "[domain][work][hand_over]") {
  WriteModel model = Given(WithHandOver());
  Decision decision = Decided(model, AcceptHandOver{"c1", "loans"}, As("k1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({HandOverAccepted{"c1", "loans", "k1"}})));
  ApplyDecision(model, decision);
  // Only a waiting hand-over is accepted or returned.
  CHECK(Rejected(model, AcceptHandOver{"c1", "loans"}, As("k1")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, ReturnHandOver{"c1", "loans", "no"}, As("k1")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("a specialist returns a hand-over with a reason", "[domain][work][hand_over]") {
  WriteModel model = Given(WithHandOver());
  Decision decision = Decided(model, ReturnHandOver{"c1", "loans", "no collateral"}, As("k1"));
  CHECK((decision.events == Events({HandOverReturned{"c1", "loans", "no collateral"}})));
  CHECK(Rejected(model, ReturnHandOver{"c1", "loans", ""}, As("k1")).field() == "reason");
  ApplyDecision(model, decision);
  CHECK(model.FindClient("c1")->waiting_hand_overs.empty());
}

TEST_CASE("only the receiving department takes a hand-over", "[domain][work][hand_over]") {
  WriteModel model =
      Given(WithHandOver() +
            std::vector<Fact>{
                EmployeeHired{"k2", "Credit two", {Role::kProductSpecialist}, "b1", "sales"},
                EmployeeHired{"k3", "Credit three", {Role::kSalesSpecialist}, "b1", "loans"}});
  for (const char* actor : {"s1", "head", "k2", "k3", "ho"}) {
    INFO(actor);
    CHECK(Rejected(model, AcceptHandOver{"c1", "loans"}, As(actor)).code() ==
          StatusCode::kPermissionDenied);
  }
  CHECK(Rejected(model, AcceptHandOver{"c2", "loans"}, As("k1")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("the branch head assigns a manual task", "[domain][work][tasks]") {
  WriteModel model = Given(SmallBank());
  const AssignTask assign{"t1", "s1", "c1", kMonday + 3 * kDay, "call about the loan"};
  Decision decision = Decided(model, assign, As("head"));
  CHECK(decision.stream_id == "employee-s1");
  TaskAssigned task;
  task.task_id = "t1";
  task.employee_id = "s1";
  task.kind = TaskKind::kManual;
  task.client_id = "c1";
  task.week = IsoWeek{2026, 2};
  task.due_at_us = kMonday + 3 * kDay;
  task.text = "call about the loan";
  CHECK((decision.events == Events({task})));
  ApplyDecision(model, decision);
  CHECK(Rejected(model, assign, As("head")).field() == "task_id");
}

TEST_CASE("task assignment is checked", "[domain][work][tasks]") {
  WriteModel model = Given(SmallBank());
  AssignTask assign{"t1", "s1", "", kNow + kDay, "prepare the offers"};
  CHECK(Decided(model, assign, As("head")).events.size() == 1);
  CHECK(Rejected(model, assign, As("s2")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, assign, As("head2")).code() == StatusCode::kPermissionDenied);
  std::string field;
  StatusCode code = StatusCode::kInvalidArgument;
  SECTION("no text") {
    assign.text.clear();
    field = "text";
  }
  SECTION("due in the past") {
    assign.due_at_us = kNow - kDay;
    field = "due_at_us";
  }
  SECTION("an unknown client") {
    assign.client_id = "c404";
    field = "client_id";
    code = StatusCode::kNotFound;
  }
  SECTION("an unknown employee") {
    assign.employee_id = "nobody";
    field = "employee_id";
    code = StatusCode::kNotFound;
  }
  SECTION("a bad task id") {
    assign.task_id = "t 1";
    field = "task_id";
  }
  Status status = Rejected(model, assign, As("head"));
  CHECK(status.code() == code);
  CHECK(status.field() == field);
}

TEST_CASE("the task's employee completes it, once", "[domain][work][tasks]") {
  TaskAssigned task;
  task.task_id = "t1";
  task.employee_id = "s1";
  WriteModel model = Given(SmallBank() + std::vector<Fact>{task});
  Decision decision = Decided(model, CompleteTask{"t1", "called"}, As("s1"));
  CHECK(decision.stream_id == "employee-s1");
  CHECK((decision.events == Events({TaskCompleted{"t1", "s1", "called"}})));
  ApplyDecision(model, decision);
  CHECK(Rejected(model, CompleteTask{"t1", ""}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, CompleteTask{"t404", ""}, As("s1")).code() == StatusCode::kNotFound);
}

TEST_CASE("only the task's employee or their deputy completes it",
          "[domain][work][tasks][authority]") {
  TaskAssigned task;
  task.task_id = "t1";
  task.employee_id = "s1";
  WriteModel model = Given(SmallBank() + std::vector<Fact>{task});
  CHECK(Rejected(model, CompleteTask{"t1", ""}, As("s2")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, CompleteTask{"t1", ""}, As("head")).code() ==
        StatusCode::kPermissionDenied);
  for (const Fact& fact : S1Absent()) model.Apply(fact.event, fact.at_us);
  Decision decision = Decided(model, CompleteTask{"t1", "done for s1"}, As("s2"));
  CHECK(decision.on_behalf_of == "s1");
  CHECK((decision.events == Events({TaskCompleted{"t1", "s1", "done for s1"}})));
}

}  // namespace
}  // namespace prospekt::domain::testing
