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

struct IndustryAnalysisView {
  std::map<std::string, IndustryFigures> industries;  // "" for clients without one
  std::map<std::string, std::string> client_industry;
  // (employee, WeekKey) -> planned contacts, and contacts per industry that week.
  std::map<std::pair<std::string, std::int32_t>, std::uint32_t> plans;
  std::map<std::pair<std::string, std::int32_t>, std::map<std::string, std::uint32_t>> week_contacts;
  bool operator==(const IndustryAnalysisView&) const = default;
  friend auto Fields(internal::FieldsOf<IndustryAnalysisView> auto& self) {
    return std::tie(self.industries, self.client_industry, self.plans, self.week_contacts);
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

inline constexpr ProjectionId kIndustryAnalysis{"industry_analysis", 1, SnapshotRetention::kAll};

}  // namespace prospekt::projections
