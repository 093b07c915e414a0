// Head office, industry analysis and compliance: given a small bank, then the reports.
#include "projections/head_office/head_office.h"

#include <catch2/catch.hpp>

#include "engine/domain/iso_week.h"
#include "projections/compliance/compliance.h"
#include "projections/industry_analysis/industry_analysis.h"
#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

// SmallBranch (r1/b1, c1 and c2 in retail) plus a second region r2 with branch b2 and a
// client c3 in farming, a plan, contacts, and a warning.
std::vector<Logged> TwoRegions() {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t mon = UtcMicros(2026, 3, 2, 9);
  events.push_back({RegionOpened{"r2", "South"}, mon, "system"});
  events.push_back({BranchOpened{"b2", "r2", "Harbour"}, mon, "system"});
  events.push_back({EmployeeHired{"sales-3", "Vera", {Role::kSalesSpecialist}, "b2", "sales"}, mon,
                    "system"});
  ClientRegistered farm;
  farm.client_id = "c3";
  farm.name = {PersonalText::Form::kClear, "Farm"};
  farm.industry = "farming";
  farm.branch_id = "b2";
  farm.region_id = "r2";
  farm.contact.phones = {{PersonalText::Form::kClear, "+79990000000"}};
  events.push_back({farm, mon, "sales-3"});
  WeeklyPlanSet plan;
  plan.employee_id = "sales-1";
  plan.branch_id = "b1";
  plan.week = {2026, 10};
  plan.contacts = 4;
  events.push_back({plan, mon});
  events.push_back({ClientAssigned{"c1", "sales-1", {}}, mon});
  events.push_back({ClientAssigned{"c3", "sales-3", {}}, mon});
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kProductSold), mon, "sales-1"});
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kRefused), mon, "sales-1"});
  events.push_back({Contact("c3", "sales-3", ContactOutcome::kRefused), mon, "sales-3"});
  // sales-1 calls a client of another region, not assigned to them.
  events.push_back({Contact("c3", "sales-1", ContactOutcome::kUnclearProspect),
                    UtcMicros(2026, 4, 1), "sales-1"});
  events.push_back({DontDisturbWarned{"c3", "sales-1", "sales-3", mon, "contact"},
                    UtcMicros(2026, 4, 1), "sales-1"});
  return events;
}

TEST_CASE("head office ranks branches by plan fulfilment with fill quality per region",
          "[projections][head_office]") {
  FoldProjection<HeadOfficeView> head_office(kHeadOffice);
  testing::FoldAll(head_office, TwoRegions());
  const HeadOfficeReport report = HeadOfficeReportOf(head_office.view(), 0, 99999999);
  REQUIRE(report.branches.size() == 2);
  const DivisionFigures& b1 = report.branches[0];  // the only branch with a plan ranks first
  CHECK(b1.id == "b1");
  CHECK(b1.region_id == "r1");
  CHECK(b1.planned_contacts == 4);
  CHECK(b1.contacts_in_planned_weeks == 2);
  CHECK(b1.plan_fulfilment == Approx(0.5));
  CHECK(b1.contacts == 3);  // one in April, outside the planned week
  CHECK(b1.conversion == Approx(1.0 / 3));
  CHECK(b1.clients == 2);
  CHECK(b1.fill_quality == Approx((1.0 + 1.0 + 0.0) / 3));  // industry, tax id; no contact data
  const DivisionFigures& b2 = report.branches[1];
  CHECK(b2.fill_quality == Approx((1.0 + 0.0 + 1.0) / 3));
  REQUIRE(report.regions.size() == 2);
  CHECK(report.regions[0].id == "r1");
  CHECK(report.regions[0].clients == 2);

  // Only week 10: the April contact drops out.
  const HeadOfficeReport week10 = HeadOfficeReportOf(head_office.view(), 202610, 202610);
  CHECK(week10.branches[0].contacts == 2);
}

TEST_CASE("industry analysis counts contacts, sales and refusals per industry",
          "[projections][industry]") {
  FoldProjection<IndustryAnalysisView> industry(kIndustryAnalysis);
  testing::FoldAll(industry, TwoRegions());
  const std::vector<IndustryRow> report = IndustryReport(industry.view());
  REQUIRE(report.size() == 2);
  // Two contacts each: ties go by name.
  const IndustryRow& farming = report[0];
  const IndustryRow& retail = report[1];
  CHECK(farming.industry == "farming");
  CHECK(retail.industry == "retail");
  CHECK(retail.figures.clients == 2);
  CHECK(retail.figures.contacts == 2);
  CHECK(retail.figures.sales == 1);
  CHECK(retail.conversion == Approx(0.5));
  CHECK(retail.figures.refusals.at(RefusalReason::kRateTooHigh) == 1);
  CHECK(retail.planned_contacts == Approx(4.0));  // all of sales-1's week-10 contacts
  CHECK(farming.figures.clients == 1);
  CHECK(farming.figures.contacts == 2);
  CHECK(farming.planned_contacts == Approx(0.0));
}

TEST_CASE("compliance lists refusals, out-of-scope contacts and don't-disturb warnings",
          "[projections][compliance]") {
  FoldProjection<ComplianceView> compliance(kCompliance);
  testing::FoldAll(compliance, TwoRegions());
  const ComplianceReport all = ComplianceReportOf(compliance.view(), 0, UtcMicros(2030, 1, 1));
  CHECK(all.refusals.at(RefusalReason::kRateTooHigh) == 2);
  REQUIRE(all.contact_exceptions.size() == 1);
  CHECK(all.contact_exceptions[0].employee_id == "sales-1");
  CHECK(all.contact_exceptions[0].outside_region);
  CHECK(all.contact_exceptions[0].outside_assignment);
  REQUIRE(all.dont_disturb.size() == 1);
  CHECK(all.dont_disturb[0].warning.colleague_id == "sales-3");

  const ComplianceReport march =
      ComplianceReportOf(compliance.view(), UtcMicros(2026, 3, 1), UtcMicros(2026, 4, 1));
  CHECK(march.refusals.at(RefusalReason::kRateTooHigh) == 2);
  CHECK(march.contact_exceptions.empty());
  CHECK(march.dont_disturb.empty());
  CHECK(MonthKey(UtcMicros(2026, 12, 31, 23, 59)) == 202612);
}

}  // namespace
}  // namespace prospekt::projections
