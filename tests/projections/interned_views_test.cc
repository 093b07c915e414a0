// Views that intern their ids (internal/id_table.h) answer in id order, whatever order
// the ids first appeared in, and keep the rules of the views they replaced: hand-overs
// by client and department, transfers, deputies and reassignments, plans shared out
// over several employees and industries.
#include <catch2/catch.hpp>

#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/catalogue.h"
#include "projections/compliance/compliance.h"
#include "projections/industry_analysis/industry_analysis.h"
#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

ClientRegistered Client(std::string id, std::string branch, std::string region,
                        std::string industry = "retail") {
  ClientRegistered registered;
  registered.client_id = std::move(id);
  registered.industry = std::move(industry);
  registered.branch_id = std::move(branch);
  registered.region_id = std::move(region);
  return registered;
}

TEST_CASE("overdue next contacts come oldest first, ties in client id order",
          "[projections][interned][branch_dashboard]") {
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  const std::int64_t hour = 3'600'000'000;
  std::vector<Logged> events = testing::SmallBranch();  // c1, c2 in b1
  events.push_back({Client("c0", "b1", "r1"), mon, "sales-1"});
  events.push_back({Client("c10", "b1", "r1"), mon, "sales-1"});
  const auto agree = [&](const char* client, std::int64_t due) {
    events.push_back({Contact(client, "sales-1", ContactOutcome::kPositiveProspect, due), mon,
                      "sales-1"});
  };
  agree("c2", mon + 2 * hour);
  agree("c0", mon + 3 * hour);
  agree("c10", mon + 2 * hour);  // the same time as c2: "c10" < "c2"
  agree("c1", mon + 1 * hour);
  FoldProjection<BranchDashboardsView> dashboards(kBranchDashboards);
  testing::FoldAll(dashboards, events);

  const BranchDashboard later = DashboardOf(dashboards.view(), "b1", {2026, 10}, mon + 4 * hour);
  CHECK(later.overdue_next_contacts ==
        std::vector<OverdueContact>{{"c1", "", mon + 1 * hour},
                                    {"c10", "", mon + 2 * hour},
                                    {"c2", "", mon + 2 * hour},
                                    {"c0", "", mon + 3 * hour}});
  CHECK(later.by_last_outcome == std::map<ContactOutcome, std::uint32_t>{
                                     {ContactOutcome::kPositiveProspect, 4}});
  CHECK(later.by_status == std::map<ClientStatus, std::uint32_t>{{ClientStatus::kNewClient, 4}});
  CHECK(later.not_contacted == 0);
  // Due exactly now is not overdue yet.
  const BranchDashboard at_two = DashboardOf(dashboards.view(), "b1", {2026, 10}, mon + 2 * hour);
  CHECK(at_two.overdue_next_contacts == std::vector<OverdueContact>{{"c1", "", mon + 1 * hour}});
}

TEST_CASE("a dashboard lists clients and hand-overs in id order, not arrival order",
          "[projections][interned][branch_dashboard]") {
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  std::vector<Logged> events = testing::SmallBranch();  // c1, c2 in b1
  events.push_back({BranchOpened{"b0", "r1", "West"}, mon, "system"});
  events.push_back({Client("c0", "b1", "r1"), mon, "sales-1"});  // sorts before c1
  events.push_back({Client("c10", "b1", "r1"), mon, "sales-1"});  // between c1 and c2
  for (const char* id : {"c2", "c10", "c0"}) {
    events.push_back({ClientAssigned{id, "sales-1", {}}, mon});
  }
  events.push_back({HandedOver{"c2", "loans", "loan", "sales-1", true}, mon});
  events.push_back({HandedOver{"c2", "cards", "card", "sales-1", false}, mon});
  events.push_back({HandedOver{"c0", "loans", "loan", "sales-2", true}, mon});
  events.push_back({HandedOver{"c2", "loans", "mortgage", "sales-2", false}, mon});  // replaces
  events.push_back({HandOverAccepted{"c0", "loans", "spec-1"}, mon});
  events.push_back({HandOverAccepted{"c2", "deposits", "spec-1"}, mon});  // none waiting there
  // sales-2 moves to b0: its contacts count there from then on.
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kPositiveProspect), mon, "sales-2"});
  events.push_back({EmployeeTransferred{"sales-2", "b0", "sales"}, mon});
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kRefused), mon, "sales-2"});

  FoldProjection<BranchDashboardsView> dashboards(kBranchDashboards);
  testing::FoldAll(dashboards, events);
  const BranchDashboard b1 = DashboardOf(dashboards.view(), "b1", {2026, 10}, mon);
  CHECK(b1.clients == 4);
  CHECK(b1.untouched_assigned == std::vector<std::string>{"c0", "c10", "c2"});
  REQUIRE(b1.hand_overs_waiting.size() == 2);
  CHECK(b1.hand_overs_waiting[0] == WaitingHandOver{"c2", "cards", "card", "sales-1", false});
  CHECK(b1.hand_overs_waiting[1] == WaitingHandOver{"c2", "loans", "mortgage", "sales-2", false});
  CHECK(b1.employees.count("sales-2") == 1);  // a fact in b1 this week
  CHECK(b1.employees.at("sales-2").contacts == 1);
  CHECK(b1.employees.at("sales-2").outcomes.count(ContactOutcome::kRefused) == 0);
  const BranchDashboard b0 = DashboardOf(dashboards.view(), "b0", {2026, 10}, mon);
  CHECK(b0.clients == 0);
  REQUIRE(b0.employees.count("sales-2") == 1);
  CHECK(b0.employees.at("sales-2").outcomes.at(ContactOutcome::kRefused) == 1);
  // An unknown branch: an empty dashboard.
  const BranchDashboard none = DashboardOf(dashboards.view(), "b9", {2026, 10}, mon);
  CHECK(none.employees.empty());
  CHECK(none.clients == 0);

  // The snapshot round trip keeps every answer.
  FoldProjection<BranchDashboardsView> decoded(kBranchDashboards);
  REQUIRE(decoded.Decode(dashboards.Encode()));
  CHECK(decoded.view() == dashboards.view());
  CHECK(DashboardOf(decoded.view(), "b1", {2026, 10}, mon).hand_overs_waiting ==
        b1.hand_overs_waiting);
}

TEST_CASE("compliance judges assignment by the current assignee and their deputy",
          "[projections][interned][compliance]") {
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  std::vector<Logged> events = testing::SmallBranch();
  events.push_back({EmployeeHired{"auditor-1", "Ida", {Role::kHeadOffice}, "", "audit"}, mon});
  events.push_back({ClientAssigned{"c1", "sales-1", {}}, mon});
  // 1: sales-2 deputising for sales-1: within the assignment.
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kPositiveProspect), mon, "sales-2",
                    "sales-1"});
  events.push_back({ClientReassigned{"c1", "sales-1", "sales-2", {}}, mon});
  // 2: sales-1 is no longer the assignee.
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kPositiveProspect), mon, "sales-1"});
  events.push_back({ClientUnassigned{"c1", "sales-2"}, mon});
  // 3: nobody is assigned now.
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kPositiveProspect), mon, "sales-2"});
  // 4: head office staff have no region, so never outside it; not assigned either.
  events.push_back({Contact("c2", "auditor-1", ContactOutcome::kPositiveProspect), mon,
                    "auditor-1"});
  // 5: an employee the log never hired, about a client it never registered.
  events.push_back({Contact("c9", "ghost", ContactOutcome::kPositiveProspect), mon, "ghost"});

  FoldProjection<ComplianceView> compliance(kCompliance);
  testing::FoldAll(compliance, events);
  const ComplianceReport report = ComplianceReportOf(compliance.view(), 0, UtcMicros(2030, 1, 1));
  REQUIRE(report.contact_exceptions.size() == 4);
  std::vector<std::string> who;
  for (const ContactException& exception : report.contact_exceptions) {
    who.push_back(exception.employee_id + "/" + exception.client_id);
    CHECK_FALSE(exception.outside_region);
    CHECK(exception.outside_assignment);
  }
  CHECK(who == std::vector<std::string>{"sales-1/c1", "sales-2/c1", "auditor-1/c2", "ghost/c9"});

  FoldProjection<ComplianceView> decoded(kCompliance);
  REQUIRE(decoded.Decode(compliance.Encode()));
  CHECK(decoded.view() == compliance.view());
}

TEST_CASE("industry plans are shared out per employee and week over several industries",
          "[projections][interned][industry]") {
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  std::vector<Logged> events = testing::SmallBranch();  // c1, c2 retail
  events.push_back({Client("c3", "b1", "r1", "farming"), mon, "sales-2"});
  events.push_back({Client("c4", "b1", "r1", ""), mon, "sales-2"});
  auto plan = [&](const char* employee, std::uint32_t contacts) {
    WeeklyPlanSet set;
    set.employee_id = employee;
    set.branch_id = "b1";
    set.week = {2026, 10};
    set.contacts = contacts;
    return Logged{set, mon};
  };
  // sales-2 first appears before sales-1 in this view.
  events.push_back(plan("sales-2", 6));
  events.push_back(plan("sales-1", 10));
  events.push_back({Contact("c3", "sales-2", ContactOutcome::kRefused), mon, "sales-2"});
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kProductSold), mon, "sales-2"});
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kPositiveProspect), mon, "sales-2"});
  events.push_back({Contact("c3", "sales-1", ContactOutcome::kPositiveProspect), mon, "sales-1"});
  events.push_back({Contact("c4", "sales-1", ContactOutcome::kUnclearProspect), mon, "sales-1"});
  // Next week nobody planned: counts as fact only.
  events.push_back({Contact("c2", "sales-1", ContactOutcome::kRefused), UtcMicros(2026, 3, 9, 9),
                    "sales-1"});
  // A correction moves the client count, not the contacts already made.
  ClientDetailsCorrected corrected;
  corrected.client_id = "c3";
  corrected.field = "industry";
  corrected.before = {PersonalText::Form::kClear, "farming"};
  corrected.after = {PersonalText::Form::kClear, "retail"};
  events.push_back({corrected, mon});

  FoldProjection<IndustryAnalysisView> industry(kIndustryAnalysis);
  testing::FoldAll(industry, events);
  const std::vector<IndustryRow> report = IndustryReport(industry.view());
  REQUIRE(report.size() == 3);
  const IndustryRow& retail = report[0];   // 3 contacts
  const IndustryRow& farming = report[1];  // 2 contacts
  const IndustryRow& none = report[2];     // 1 contact
  CHECK(retail.industry == "retail");
  CHECK(farming.industry == "farming");
  CHECK(none.industry.empty());
  CHECK(retail.figures.clients == 3);
  CHECK(farming.figures.clients == 0);
  CHECK(retail.figures.contacts == 3);
  CHECK(farming.figures.contacts == 2);
  CHECK(farming.figures.refusals.at(RefusalReason::kRateTooHigh) == 1);
  // sales-2's 6 over its 3 week-10 contacts (2 retail, 1 farming); sales-1's 10 over 2
  // (1 farming, 1 without industry).
  CHECK(retail.planned_contacts == Approx(4.0));
  CHECK(farming.planned_contacts == Approx(2.0 + 5.0));
  CHECK(none.planned_contacts == Approx(5.0));
  CHECK(retail.contacts_in_planned_weeks == Approx(2.0));
  CHECK(farming.contacts_in_planned_weeks == Approx(2.0));

  FoldProjection<IndustryAnalysisView> decoded(kIndustryAnalysis);
  REQUIRE(decoded.Decode(industry.Encode()));
  CHECK(decoded.view() == industry.view());
}

}  // namespace
}  // namespace prospekt::projections

namespace prospekt::projections {
namespace {

TEST_CASE("prefetch hints change no view, for known, unknown and no clients",
          "[projections][interned]") {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kPositiveProspect), mon, "sales-1"});
  events.push_back({Contact("c-unknown", "sales-1", ContactOutcome::kRefused), mon, "sales-1"});
  events.push_back({HandedOver{"c2", "loans", "loan", "sales-1", true}, mon});
  auto plain = AllProjections();
  auto hinted = AllProjections();
  for (std::size_t p = 0; p < plain.size(); ++p) {
    testing::FoldAll(*plain[p], events);
    for (const Logged& logged : events) {
      // Hints before, between and after the events they are about, as the runner gives
      // them a few events ahead.
      hinted[p]->Prefetch(logged.event, Projection::PrefetchStep::kIndex);
      hinted[p]->Prefetch(logged.event, Projection::PrefetchStep::kState);
    }
    testing::FoldAll(*hinted[p], events);
    for (const Logged& logged : events) {
      hinted[p]->Prefetch(logged.event, Projection::PrefetchStep::kIndex);
      hinted[p]->Prefetch(logged.event, Projection::PrefetchStep::kState);
    }
    CHECK(hinted[p]->Encode() == plain[p]->Encode());
  }
}

}  // namespace
}  // namespace prospekt::projections
