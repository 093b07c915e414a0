// Agenda: given agreed next contacts and tasks, then one employee's day.
#include "projections/agenda/agenda.h"

#include <catch2/catch.hpp>

#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

TEST_CASE("the agenda shows today's and overdue next contacts and open tasks",
          "[projections][agenda]") {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t mon = UtcMicros(2026, 3, 2, 10);
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kPositiveProspect,
                            UtcMicros(2026, 3, 4, 15)), mon, "sales-1"});
  events.push_back({Contact("c2", "sales-1", ContactOutcome::kUnclearProspect,
                            UtcMicros(2026, 3, 3, 11)), mon, "sales-1"});
  TaskAssigned task;
  task.task_id = "t1";
  task.employee_id = "sales-1";
  task.client_id = "c1";
  task.text = "call back";
  events.push_back({task, mon});

  FoldProjection<AgendaView> agenda(kAgenda);
  testing::FoldAll(agenda, events);
  const Agenda wednesday = AgendaOf(agenda.view(), "sales-1", UtcMicros(2026, 3, 4, 8));
  REQUIRE(wednesday.due_today.size() == 1);
  CHECK(wednesday.due_today[0].client_id == "c1");
  REQUIRE(wednesday.overdue.size() == 1);
  CHECK(wednesday.overdue[0].client_id == "c2");
  REQUIRE(wednesday.open_tasks.size() == 1);
  CHECK(wednesday.open_tasks[0].second.text == "call back");
  CHECK(AgendaOf(agenda.view(), "sales-2", UtcMicros(2026, 3, 4, 8)).open_tasks.empty());

  // Done, replaced by a colleague's later agreement, completed.
  events.push_back({NextContactDone{"c2", UtcMicros(2026, 3, 3, 11)}, mon});
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kPositiveProspect,
                            UtcMicros(2026, 3, 5, 9)), mon, "sales-2"});
  events.push_back({TaskCompleted{"t1", "sales-1", ""}, mon});
  FoldProjection<AgendaView> later(kAgenda);
  testing::FoldAll(later, events);
  const Agenda anna = AgendaOf(later.view(), "sales-1", UtcMicros(2026, 3, 4, 8));
  CHECK(anna.due_today.empty());
  CHECK(anna.overdue.empty());
  CHECK(anna.open_tasks.empty());
  const Agenda boris = AgendaOf(later.view(), "sales-2", UtcMicros(2026, 3, 5, 8));
  REQUIRE(boris.due_today.size() == 1);
  CHECK(boris.due_today[0].client_id == "c1");
}

}  // namespace
}  // namespace prospekt::projections
