// Branch dashboard: given a branch's week, then plan vs fact and the pipeline.
#include "projections/branch_dashboard/branch_dashboard.h"

#include <catch2/catch.hpp>

#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

constexpr IsoWeek kWeek10{2026, 10};  // Monday 2026-03-02 .. Sunday 2026-03-08

std::vector<Logged> BranchWeek() {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  WeeklyPlanSet plan;
  plan.employee_id = "sales-1";
  plan.branch_id = "b1";
  plan.week = kWeek10;
  plan.contacts = 20;
  plan.sales = {{"deposit", 3}};
  plan.volume = {1'000'000, "RUB"};
  events.push_back({plan, mon});
  events.push_back({ClientAssigned{"c1", "sales-1", {"deposit"}}, mon});
  events.push_back({ClientAssigned{"c2", "sales-2", {"deposit"}}, mon});
  ContactLogged sale = Contact("c1", "sales-1", ContactOutcome::kProductSold);
  sale.type = ContactType::kMeeting;
  events.push_back({sale, UtcMicros(2026, 3, 3, 11), "sales-1"});
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kPositiveProspect,
                            UtcMicros(2026, 3, 4, 12)),
                    UtcMicros(2026, 3, 3, 15), "sales-1"});
  // Next week's contact counts in week 11, not here.
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kUnclearProspect),
                    UtcMicros(2026, 3, 9, 10), "sales-1"});
  events.push_back({HandedOver{"c1", "loans", "loan", "sales-1", true}, UtcMicros(2026, 3, 3, 15)});
  TaskAssigned deviation;
  deviation.task_id = "t1";
  deviation.employee_id = "sales-2";
  deviation.kind = TaskKind::kPlanDeviation;
  deviation.week = kWeek10;
  events.push_back({deviation, UtcMicros(2026, 3, 3, 18), "system"});
  TaskAssigned manual = deviation;
  manual.task_id = "t2";
  manual.kind = TaskKind::kManual;
  events.push_back({manual, UtcMicros(2026, 3, 3, 18)});
  return events;
}

TEST_CASE("the branch dashboard shows plan against fact per employee", "[projections][dashboard]") {
  FoldProjection<BranchDashboardsView> dashboards(kBranchDashboards);
  testing::FoldAll(dashboards, BranchWeek());
  const BranchDashboard dashboard =
      DashboardOf(dashboards.view(), "b1", kWeek10, UtcMicros(2026, 3, 5, 9));

  REQUIRE(dashboard.employees.size() == 3);  // head-1, sales-1, sales-2
  const EmployeeWeek& anna = dashboard.employees.at("sales-1");
  CHECK(anna.has_plan);
  CHECK(anna.planned_contacts == 20);
  CHECK(anna.planned_sales.at("deposit") == 3);
  CHECK(anna.contacts == 2);
  CHECK(anna.contacts_by_type.at(ContactType::kMeeting) == 1);
  CHECK(anna.contacts_by_type.at(ContactType::kPhone) == 1);
  CHECK(anna.outcomes.at(ContactOutcome::kProductSold) == 1);
  CHECK(anna.sales_by_product.at("deposit") == 1);
  CHECK(anna.sold_volume.at("RUB") == 100'000);
  CHECK(dashboard.employees.at("sales-2").contacts == 0);
  CHECK_FALSE(dashboard.employees.at("sales-2").has_plan);

  const BranchDashboard next_week =
      DashboardOf(dashboards.view(), "b1", IsoWeek{2026, 11}, UtcMicros(2026, 3, 10));
  CHECK(next_week.employees.at("sales-1").contacts == 1);
  CHECK_FALSE(next_week.employees.at("sales-1").has_plan);
}

TEST_CASE("the branch dashboard shows the pipeline and what waits", "[projections][dashboard]") {
  FoldProjection<BranchDashboardsView> dashboards(kBranchDashboards);
  testing::FoldAll(dashboards, BranchWeek());
  const BranchDashboard dashboard =
      DashboardOf(dashboards.view(), "b1", kWeek10, UtcMicros(2026, 3, 5, 9));

  CHECK(dashboard.clients == 2);
  CHECK(dashboard.not_contacted == 1);  // c2
  CHECK(dashboard.by_last_outcome.at(ContactOutcome::kUnclearProspect) == 1);  // c1, latest
  CHECK(dashboard.by_status.at(ClientStatus::kNewClient) == 2);
  REQUIRE(dashboard.overdue_next_contacts.size() == 1);
  CHECK(dashboard.overdue_next_contacts[0].client_id == "c1");
  CHECK(dashboard.untouched_assigned == std::vector<std::string>{"c2"});
  REQUIRE(dashboard.hand_overs_waiting.size() == 1);
  CHECK(dashboard.hand_overs_waiting[0].department == "loans");
  REQUIRE(dashboard.automatic_tasks_open.size() == 1);  // the manual task is not automatic
  CHECK(dashboard.automatic_tasks_open[0].first == "t1");

  // Not overdue yet the day before it is due.
  CHECK(DashboardOf(dashboards.view(), "b1", kWeek10, UtcMicros(2026, 3, 4, 9))
            .overdue_next_contacts.empty());
}

TEST_CASE("the branch dashboard clears what was dealt with", "[projections][dashboard]") {
  std::vector<Logged> events = BranchWeek();
  const std::int64_t thu = UtcMicros(2026, 3, 5, 9);
  events.push_back({NextContactDone{"c1", UtcMicros(2026, 3, 4, 12)}, thu});
  events.push_back({HandOverAccepted{"c1", "loans", "credit-1"}, thu});
  events.push_back({TaskCompleted{"t1", "sales-2", "done"}, thu});
  events.push_back({Contact("c2", "sales-2", ContactOutcome::kRefused), thu, "sales-2"});
  events.push_back({ClientMergedAsDuplicate{"c2", "c1"}, thu});
  FoldProjection<BranchDashboardsView> dashboards(kBranchDashboards);
  testing::FoldAll(dashboards, events);
  const BranchDashboard dashboard =
      DashboardOf(dashboards.view(), "b1", kWeek10, UtcMicros(2026, 3, 6, 9));
  CHECK(dashboard.overdue_next_contacts.empty());
  CHECK(dashboard.hand_overs_waiting.empty());
  CHECK(dashboard.automatic_tasks_open.empty());
  CHECK(dashboard.untouched_assigned.empty());
  CHECK(dashboard.clients == 1);  // c2 merged into c1
  CHECK(dashboard.employees.at("sales-2").outcomes.at(ContactOutcome::kRefused) == 1);
}

}  // namespace
}  // namespace prospekt::projections
