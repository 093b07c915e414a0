// Head office projection: per region and branch, the fill quality of client records
// (share with industry, tax id, contact data), plan fulfilment (contacts in planned weeks
// against the plan), conversion (sales per contact), and a ranking of the branches.
//
// Facts count for the branch of the contact's employee when it happened, like the
// branch dashboard. Pure fold (projection.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/internal/id_table.h"
#include "projections/projection.h"

namespace prospekt::projections {

struct RecordQuality {
  std::string branch_id;
  bool industry = false, tax_id = false;
  std::uint32_t phones = 0, emails = 0;
  bool operator==(const RecordQuality&) const = default;
  friend auto Fields(internal::FieldsOf<RecordQuality> auto& self) {
    return std::tie(self.branch_id, self.industry, self.tax_id, self.phones, self.emails);
  }
};

struct WeekFigures {
  std::uint64_t planned_contacts = 0, contacts = 0, sales = 0;
  bool operator==(const WeekFigures&) const = default;
  friend auto Fields(internal::FieldsOf<WeekFigures> auto& self) { return std::tie(self.planned_contacts, self.contacts, self.sales); }
};

// A branch's figures, by its index in HeadOfficeView::branch_ids.
struct HeadOfficeBranch {
  std::map<std::int32_t, WeekFigures> weeks;  // WeekKey -> the branch's week
  bool operator==(const HeadOfficeBranch&) const = default;
  friend auto Fields(internal::FieldsOf<HeadOfficeBranch> auto& self) {
    return std::tie(self.weeks);
  }
};

// Branch and employee ids are interned (internal/id_table.h), so that a contact costs
// one look-up of its employee.
struct HeadOfficeView {
  internal::IdTable branch_ids, employee_ids;
  std::map<std::string, std::string> branch_region;  // branches opened
  std::vector<std::uint32_t> employee_branch;  // by employee index: branch index, kNone if never hired
  std::vector<HeadOfficeBranch> branches;       // by branch index
  std::map<std::string, RecordQuality> clients;
  // Plans per (branch index, week, employee index), so that a plan set again replaces
  // the employee's earlier one in the branch's week.
  std::map<std::tuple<std::uint32_t, std::int32_t, std::uint32_t>, std::uint32_t> plans;
  bool operator==(const HeadOfficeView&) const = default;
  friend auto Fields(internal::FieldsOf<HeadOfficeView> auto& self) {
    return std::tie(self.branch_ids, self.employee_ids, self.branch_region, self.employee_branch,
                    self.branches, self.clients, self.plans);
  }
};

void Evolve(HeadOfficeView& view, const Envelope& envelope, const domain::DomainEvent& event);

struct DivisionFigures {
  std::string id;         // branch or region id
  std::string region_id;  // the branch's region ("" for a region)
  std::uint64_t clients = 0, with_industry = 0, with_tax_id = 0, with_contact_data = 0;
  std::uint64_t planned_contacts = 0;       // in the period's weeks
  std::uint64_t contacts_in_planned_weeks = 0;
  std::uint64_t contacts = 0, sales = 0;    // in the period's weeks
  double fill_quality = 0;  // mean of the three shares; 0 without clients
  double plan_fulfilment = 0;  // contacts in planned weeks / planned; 0 without a plan
  double conversion = 0;       // sales / contacts; 0 without contacts
};

struct HeadOfficeReport {
  std::vector<DivisionFigures> regions;
  std::vector<DivisionFigures> branches;  // ranked: fulfilment, then conversion, then fill
};

// Figures for the weeks [from_week, until_week] (WeekKey values, inclusive).
HeadOfficeReport HeadOfficeReportOf(const HeadOfficeView& view, std::int32_t from_week,
                                    std::int32_t until_week);

// v2: interned branch and employee ids.
inline constexpr ProjectionId kHeadOffice{"head_office", 2, SnapshotRetention::kAll};

}  // namespace prospekt::projections
