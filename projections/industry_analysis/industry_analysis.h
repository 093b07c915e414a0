// Industry analysis projection: per industry of the clients, how many clients, contacts
// and sales, the volume sold, the conversion, refusals by reason, and the contacts and
// sales planned for the employees who work those clients.
//
// Plans are set per employee and week, not per industry (DOMAIN.md), so an industry's
// planned figure is apportioned: each contact in a planned week carries its employee's
// plan divided by the employee's contacts that week — "plan vs fact" then compares the
// industries' shares of the planned work with what was done. A client keeps counting
// under the industry it had at each contact; a correction moves its client count only.
// Pure fold (projection.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/internal/id_table.h"
#include "projections/projection.h"

namespace prospekt::projections {

struct IndustryFigures {
  std::uint64_t clients = 0, contacts = 0, sales = 0, positive = 0;
  std::map<std::string, std::int64_t> sold_volume;  // currency -> minor units
  std::map<domain::RefusalReason, std::uint64_t> refusals;
  bool operator==(const IndustryFigures&) const = default;
  friend auto Fields(internal::FieldsOf<IndustryFigures> auto& self) {
    return std::tie(self.clients, self.contacts, self.sales, self.positive, self.sold_volume,
                    self.refusals);
  }
};

// One employee's planned weeks and contacts per industry, by the employee's index in
// IndustryAnalysisView::employee_ids.
struct IndustryEmployee {
  std::map<std::int32_t, std::uint32_t> plans;  // WeekKey -> planned contacts
  // WeekKey -> (industry index, contacts), industries in first-contact order.
  std::map<std::int32_t, std::vector<std::pair<std::uint32_t, std::uint32_t>>> week_contacts;
  bool operator==(const IndustryEmployee&) const = default;
  friend auto Fields(internal::FieldsOf<IndustryEmployee> auto& self) {
    return std::tie(self.plans, self.week_contacts);
  }
};

// Ids and industries are interned (internal/id_table.h): a contact costs one look-up of
// its client and one of its employee.
struct IndustryAnalysisView {
  internal::IdTable industry_ids, client_ids, employee_ids;
  std::vector<IndustryFigures> industries;     // by industry index ("" for none)
  std::vector<std::uint32_t> client_industry;  // by client index: industry index
  std::vector<IndustryEmployee> employees;     // by employee index
  bool operator==(const IndustryAnalysisView&) const = default;
  friend auto Fields(internal::FieldsOf<IndustryAnalysisView> auto& self) {
    return std::tie(self.industry_ids, self.client_ids, self.employee_ids, self.industries,
                    self.client_industry, self.employees);
  }
};

void Evolve(IndustryAnalysisView& view, const Envelope& envelope,
            const domain::DomainEvent& event);

struct IndustryRow {
  std::string industry;
  IndustryFigures figures;
  double conversion = 0;          // sales / contacts
  double planned_contacts = 0;    // apportioned, see above
  double contacts_in_planned_weeks = 0;
};

// Every industry, most contacts first (ties by name).
std::vector<IndustryRow> IndustryReport(const IndustryAnalysisView& view);

// v2: interned ids, plans and contacts per employee.
inline constexpr ProjectionId kIndustryAnalysis{"industry_analysis", 2, SnapshotRetention::kAll};

}  // namespace prospekt::projections
