// Compliance projection: refusals by reason and month; contacts with clients outside
// the employee's region or assignment; and every don't-disturb warning — what a
// compliance officer asks of a period.
//
// "Outside the assignment": the contact's employee is neither the client's assigned
// employee nor deputising for them (the envelope's on_behalf_of). Months and periods are
// by business time (occurred_at). Pure fold (projection.h).
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

struct ContactException {
  std::uint64_t seq = 0;
  std::int64_t occurred_at_us = 0;
  std::string employee_id, client_id;
  bool outside_region = false, outside_assignment = false;
  bool operator==(const ContactException&) const = default;
  friend auto Fields(internal::FieldsOf<ContactException> auto& self) {
    return std::tie(self.seq, self.occurred_at_us, self.employee_id, self.client_id,
                    self.outside_region, self.outside_assignment);
  }
};

struct DontDisturbRecord {
  std::uint64_t seq = 0;
  std::int64_t occurred_at_us = 0;
  domain::DontDisturbWarned warning;
  bool operator==(const DontDisturbRecord&) const = default;
  friend auto Fields(internal::FieldsOf<DontDisturbRecord> auto& self) {
    return std::tie(self.seq, self.occurred_at_us, self.warning.client_id,
                    self.warning.warned_employee_id, self.warning.colleague_id,
                    self.warning.colleague_contact_at_us, self.warning.action);
  }
};

// Ids are interned (internal/id_table.h): a contact compares region and employee
// indexes instead of strings. kNone: not known (head office staff have no region).
struct ComplianceView {
  // (year * 100 + month) -> reason -> refusals.
  std::map<std::int32_t, std::map<domain::RefusalReason, std::uint64_t>> refusals_by_month;
  std::vector<ContactException> contact_exceptions;
  std::vector<DontDisturbRecord> dont_disturb;
  internal::IdTable region_ids, employee_ids, client_ids;
  std::map<std::string, std::uint32_t> branch_region;  // region index
  std::vector<std::uint32_t> employee_region;  // by employee index: region index
  std::vector<std::uint32_t> client_region;    // by client index: region index
  std::vector<std::uint32_t> client_assignee;  // by client index: employee index
  bool operator==(const ComplianceView&) const = default;
  friend auto Fields(internal::FieldsOf<ComplianceView> auto& self) {
    return std::tie(self.refusals_by_month, self.contact_exceptions, self.dont_disturb,
                    self.region_ids, self.employee_ids, self.client_ids, self.branch_region,
                    self.employee_region, self.client_region, self.client_assignee);
  }
};

void Evolve(ComplianceView& view, const Envelope& envelope, const domain::DomainEvent& event);

struct ComplianceReport {
  std::map<domain::RefusalReason, std::uint64_t> refusals;  // in the months of the period
  std::vector<ContactException> contact_exceptions;
  std::vector<DontDisturbRecord> dont_disturb;
};

// The period [from_us, until_us) by business time. Refusals are kept per month, so
// they count for every month the period touches.
ComplianceReport ComplianceReportOf(const ComplianceView& view, std::int64_t from_us,
                                    std::int64_t until_us);

// year * 100 + month of a UTC time.
std::int32_t MonthKey(std::int64_t time_us);

// v2: interned ids.
inline constexpr ProjectionId kCompliance{"compliance", 2, SnapshotRetention::kAll};

}  // namespace prospekt::projections
