// Given/when/then tests of weekly plans and the plan-deviation rule run when a working
// day is closed: once per employee, week and crossing, never again on replay.
#include "engine/domain/iso_week.h"
#include "engine/domain/plan_deviation.h"
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

constexpr IsoWeek kWeek{2026, 2};

std::vector<Fact> Contacts(std::string employee, int count, std::int64_t at_us) {
  std::vector<Fact> facts;
  for (int i = 0; i < count; ++i) {
    ContactLogged contact;
    contact.client_id = "c1";
    contact.employee_id = employee;
    facts.emplace_back(contact, at_us);
  }
  return facts;
}

std::vector<TaskAssigned> Tasks(const Decision& decision) {
  std::vector<TaskAssigned> tasks;
  for (const DomainEvent& event : decision.events) {
    if (const auto* task = std::get_if<TaskAssigned>(&event)) tasks.push_back(*task);
  }
  return tasks;
}

TEST_CASE("ISO weeks of UTC times", "[domain][plans]") {
  CHECK(IsoWeekOf(kMonday) == kWeek);
  CHECK(IsoWeekday(kMonday) == 1);
  CHECK(IsoWeekOf(kMonday - 1) == IsoWeek{2026, 1});             // Sunday 2026-01-04
  CHECK(IsoWeekOf(kMonday - 7 * kDay) == IsoWeek{2026, 1});      // Monday 2025-12-29
  CHECK(IsoWeekOf(1'609'632'000'000'000) == IsoWeek{2020, 53});  // Sunday 2021-01-03
  CHECK(IsoWeeksInYear(2026) == 53);
  CHECK(IsoWeeksInYear(2027) == 52);
  CHECK(IsValidIsoWeek({2026, 53}));
  CHECK_FALSE(IsValidIsoWeek({2027, 53}));
  CHECK_FALSE(IsValidIsoWeek({2026, 0}));
}

TEST_CASE("behind plan means short of the pro-rata plan by more than the threshold",
          "[domain][plans]") {
  CHECK(WorkingDaysElapsed(3) == 3);
  CHECK(WorkingDaysElapsed(7) == 5);
  CHECK_FALSE(BehindPlan(100, 42, 3, 30));  // pro-rata 60, 30% short exactly
  CHECK(BehindPlan(100, 41, 3, 30));
  CHECK_FALSE(BehindPlan(0, 0, 5, 30));
}

TEST_CASE("the branch head sets weekly plans", "[domain][plans][authority]") {
  WriteModel model = Given(SmallBank());
  const SetWeeklyPlan plan{"s1", kWeek, 50, {{"loan", 2}}, Money{1'000'000, "RUB"}};
  Decision decision = Decided(model, plan, As("head"));
  CHECK(decision.stream_id == "employee-s1");
  CHECK((decision.events ==
         Events({WeeklyPlanSet{"s1", "b1", kWeek, 50, {{"loan", 2}}, Money{1'000'000, "RUB"}}})));
  CHECK(Rejected(model, plan, As("s1")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, plan, As("head2")).code() == StatusCode::kPermissionDenied);

  SetWeeklyPlan bad_week = plan;
  bad_week.week = IsoWeek{2027, 53};
  Status status = Rejected(model, bad_week, As("head"));
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(status.field() == "week");
  CHECK(Rejected(model, SetWeeklyPlan{"s404", kWeek, 1, {}, {}}, As("head")).code() ==
        StatusCode::kNotFound);

  model.Apply(AbsenceRecorded{"head", kMonday, kMonday + kDay, "s2", "illness"}, kSetUp);
  CHECK(Decided(model, plan, As("s2")).on_behalf_of == "head");
}

TEST_CASE("a closed working day tasks employees behind plan, once per crossing",
          "[domain][plans][plan_deviation]") {
  const std::int64_t wednesday = kMonday + 2 * kDay;
  std::vector<Fact> log = SmallBank() +
                          std::vector<Fact>{WeeklyPlanSet{"s1", "b1", kWeek, 100, {}, {}},
                                            WeeklyPlanSet{"s2", "b1", kWeek, 10, {}, {}}} +
                          Contacts("s1", 10, kMonday + kHour) + Contacts("s2", 10, kMonday + kHour);
  WriteModel model = Given(log);
  const CommandContext scheduler = As(std::string(kSystemActor), kMonday + 10 * kDay);

  // Wednesday: s1 has 10 of a pro-rata 60 (83% short); s2 already has the week's 10.
  Decision wednesday_closed = Decided(model, CloseWorkingDay{"b1", wednesday}, scheduler);
  CHECK(wednesday_closed.stream_id == "branch-b1");
  CHECK(std::get<WorkingDayClosed>(wednesday_closed.events[0]) ==
        WorkingDayClosed{"b1", wednesday});
  std::vector<TaskAssigned> tasks = Tasks(wednesday_closed);
  REQUIRE(tasks.size() == 1);
  CHECK(tasks[0].employee_id == "s1");
  CHECK(tasks[0].kind == TaskKind::kPlanDeviation);
  CHECK(tasks[0].week == kWeek);
  CHECK(tasks[0].task_id == "plan-s1-2026-W2-1");
  ApplyDecision(model, wednesday_closed);

  // Still behind on Thursday: the same crossing, no second task; nor when the same day
  // is closed again.
  CHECK(Tasks(Decided(model, CloseWorkingDay{"b1", wednesday}, scheduler)).empty());
  WriteModel still_behind = model;
  ApplyDecision(still_behind,
                Decided(still_behind, CloseWorkingDay{"b1", wednesday + kDay}, scheduler));
  CHECK(Tasks(Decided(still_behind, CloseWorkingDay{"b1", wednesday + kDay}, scheduler)).empty());

  // s1 catches up by Thursday (60 of 80: 25% short), then falls behind again on Friday
  // (60 of 100): a new crossing, a new task.
  for (const Fact& fact : Contacts("s1", 50, wednesday + 12 * kHour)) {
    model.Apply(fact.event, fact.at_us);
  }
  Decision thursday = Decided(model, CloseWorkingDay{"b1", wednesday + kDay}, scheduler);
  CHECK(Tasks(thursday).empty());
  ApplyDecision(model, thursday);
  std::vector<TaskAssigned> friday =
      Tasks(Decided(model, CloseWorkingDay{"b1", wednesday + 2 * kDay}, scheduler));
  REQUIRE(friday.size() == 1);
  CHECK(friday[0].task_id == "plan-s1-2026-W2-2");
}

TEST_CASE("a replayed log never tasks a crossing again", "[domain][plans][plan_deviation]") {
  const std::int64_t wednesday = kMonday + 2 * kDay;
  std::vector<Fact> log = SmallBank() +
                          std::vector<Fact>{WeeklyPlanSet{"s1", "b1", kWeek, 100, {}, {}}} +
                          Contacts("s1", 10, kMonday + kHour);
  WriteModel model = Given(log);
  const CommandContext scheduler = As("ho", kMonday + 10 * kDay);
  Decision decision = Decided(model, CloseWorkingDay{"b1", wednesday}, scheduler);
  REQUIRE(Tasks(decision).size() == 1);
  for (const DomainEvent& event : decision.events) log.emplace_back(event, scheduler.now_us);

  WriteModel replayed = Given(log);
  CHECK(Tasks(Decided(replayed, CloseWorkingDay{"b1", wednesday}, scheduler)).empty());
  CHECK(Tasks(Decided(replayed, CloseWorkingDay{"b1", wednesday + kDay}, scheduler)).empty());
}

TEST_CASE("closing a working day is for the scheduler, head office or the head",
          "[domain][plans][authority]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, CloseWorkingDay{"b1", kMonday}, As("s1")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Decided(model, CloseWorkingDay{"b1", kMonday}, As("head")).events.size() == 1);
  CHECK(Rejected(model, CloseWorkingDay{"b1", kMonday + kHour}, As("head")).field() ==
        "day_start_us");
  CHECK(Rejected(model, CloseWorkingDay{"b404", kMonday}, As("ho")).code() ==
        StatusCode::kNotFound);
}

}  // namespace
}  // namespace prospekt::domain::testing
