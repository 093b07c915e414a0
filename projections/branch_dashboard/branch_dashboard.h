// Branch dashboard projection: for a branch and ISO week, each employee's plan against
// fact (contacts by type, outcomes by kind, sales per product and volume), the pipeline
// (clients by last outcome and by status), overdue next contacts, assigned clients
// nobody has contacted since the assignment, hand-overs waiting for their department,
// and the automatic tasks still open.
//
// Facts count in the week of the contact's business time (occurred_at) and in the
// branch the employee belonged to then. "Overdue" depends on the reader's clock, so the
// view keeps due times and DashboardOf takes `now`. Pure fold (projection.h).
#pragma once

#include <array>
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

struct EmployeeWeek {
  bool has_plan = false;
  std::uint32_t planned_contacts = 0;
  std::map<std::string, std::uint32_t> planned_sales;  // product -> count
  domain::Money planned_volume;
  std::uint32_t contacts = 0;
  std::map<domain::ContactType, std::uint32_t> contacts_by_type;
  std::map<domain::ContactOutcome, std::uint32_t> outcomes;
  std::map<std::string, std::uint32_t> sales_by_product;
  std::map<std::string, std::int64_t> sold_volume;  // currency -> minor units
  bool operator==(const EmployeeWeek&) const = default;
  friend auto Fields(internal::FieldsOf<EmployeeWeek> auto& self) {
    return std::tie(self.has_plan, self.planned_contacts, self.planned_sales,
                    self.planned_volume, self.contacts, self.contacts_by_type, self.outcomes,
                    self.sales_by_product, self.sold_volume);
  }
};

struct PipelineClient {
  std::string assigned_employee_id;  // "" when unassigned
  bool contacted = false;
  domain::ContactOutcome last_outcome = domain::ContactOutcome::kUnclearProspect;
  std::int64_t last_contact_at_us = 0;
  domain::ClientStatus status = domain::ClientStatus::kNewClient;
  std::int64_t next_contact_due_us = 0;  // 0: none open
  bool touched_since_assignment = false;
  bool merged = false;  // merged into another client as a duplicate: out of the pipeline
  bool operator==(const PipelineClient&) const = default;
  friend auto Fields(internal::FieldsOf<PipelineClient> auto& self) {
    return std::tie(self.assigned_employee_id, self.contacted, self.last_outcome,
                    self.last_contact_at_us, self.status, self.next_contact_due_us,
                    self.touched_since_assignment, self.merged);
  }
};

struct AutomaticTask {
  std::string employee_id, client_id;
  domain::TaskKind kind = domain::TaskKind::kPlanDeviation;
  std::int64_t due_at_us = 0;
  bool operator==(const AutomaticTask&) const = default;
  friend auto Fields(internal::FieldsOf<AutomaticTask> auto& self) {
    return std::tie(self.employee_id, self.client_id, self.kind, self.due_at_us);
  }
};

struct WaitingHandOver {
  std::string client_id, department, product_code, from_employee_id;
  bool automatic = false;
  bool operator==(const WaitingHandOver&) const = default;
  friend auto Fields(internal::FieldsOf<WaitingHandOver> auto& self) {
    return std::tie(self.client_id, self.department, self.product_code, self.from_employee_id,
                    self.automatic);
  }
};

// A hand-over of a client waiting at a department (the client is its owner's); ids are
// indexes in the view's department_ids, product_ids and employee_ids.
struct ClientHandOver {
  std::uint32_t department = 0, product = 0, from_employee = 0;
  bool automatic = false;
  bool operator==(const ClientHandOver&) const = default;
  friend auto Fields(internal::FieldsOf<ClientHandOver> auto& self) {
    return std::tie(self.department, self.product, self.from_employee, self.automatic);
  }
};

// A registered client, by its index in BranchDashboardsView::client_ids.
struct DashboardClient {
  std::uint32_t branch = 0;  // index in branch_ids
  PipelineClient pipeline;
  std::vector<ClientHandOver> waiting_hand_overs;  // ordered by department id
  bool operator==(const DashboardClient&) const = default;
  friend auto Fields(internal::FieldsOf<DashboardClient> auto& self) {
    return std::tie(self.branch, self.pipeline, self.waiting_hand_overs);
  }
};

// An employee's figures for one week of a branch, compactly: what EmployeeWeek says,
// with interned products and currencies and fixed counters per contact type and outcome
// (DashboardOf turns it into an EmployeeWeek). Lists keep entries in the order they
// were first touched, each once.
struct EmployeeTally {
  std::uint32_t employee = 0;  // index in employee_ids
  bool has_plan = false;
  std::uint32_t planned_contacts = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> planned_sales;  // (product, count)
  std::int64_t planned_volume = 0;
  std::uint32_t planned_currency = 0;  // index in currency_ids
  std::uint32_t contacts = 0;
  std::array<std::uint32_t, 4> contacts_by_type{};  // by domain::ContactType
  std::array<std::uint32_t, 6> outcomes{};          // by domain::ContactOutcome
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sales_by_product;  // (product, count)
  std::vector<std::pair<std::uint32_t, std::int64_t>> sold_volume;  // (currency, minor units)
  bool operator==(const EmployeeTally&) const = default;
  friend auto Fields(internal::FieldsOf<EmployeeTally> auto& self) {
    return std::tie(self.employee, self.has_plan, self.planned_contacts, self.planned_sales,
                    self.planned_volume, self.planned_currency, self.contacts,
                    self.contacts_by_type, self.outcomes, self.sales_by_product,
                    self.sold_volume);
  }
};

// One ISO week of a branch: the figures of each employee with a plan or a fact.
struct BranchWeek {
  std::int32_t week = 0;  // WeekKey
  std::vector<EmployeeTally> employees;
  bool operator==(const BranchWeek&) const = default;
  friend auto Fields(internal::FieldsOf<BranchWeek> auto& self) {
    return std::tie(self.week, self.employees);
  }
};

// A branch, by its index in BranchDashboardsView::branch_ids.
struct BranchState {
  std::vector<std::uint32_t> clients;  // client indexes, ordered by client id
  std::vector<BranchWeek> weeks;       // ordered by week
  std::map<std::string, AutomaticTask> open_automatic_tasks;  // task id -> task
  bool operator==(const BranchState&) const = default;
  friend auto Fields(internal::FieldsOf<BranchState> auto& self) {
    return std::tie(self.clients, self.weeks, self.open_automatic_tasks);
  }
};

// Ids are interned (internal/id_table.h): per-client, per-employee and per-branch state
// lives in vectors indexed by them, so that a contact costs one look-up per id.
struct BranchDashboardsView {
  internal::IdTable branch_ids, employee_ids, client_ids, department_ids, product_ids,
      currency_ids;
  std::vector<BranchState> branches;         // by branch index
  std::vector<std::uint32_t> employee_branch;  // by employee index; kNone: not at a branch
  std::vector<DashboardClient> clients;      // by client index
  std::map<std::string, std::uint32_t> task_branch;  // open automatic task -> branch index
  bool operator==(const BranchDashboardsView&) const = default;
  friend auto Fields(internal::FieldsOf<BranchDashboardsView> auto& self) {
    return std::tie(self.branch_ids, self.employee_ids, self.client_ids, self.department_ids,
                    self.product_ids, self.currency_ids, self.branches,
                    self.employee_branch, self.clients, self.task_branch);
  }
};

void Evolve(BranchDashboardsView& view, const Envelope& envelope,
            const domain::DomainEvent& event);

// Projection::Prefetch: the client's entry.
inline void PrefetchClient(const BranchDashboardsView& view, std::uint32_t index) {
  if (index < view.clients.size()) __builtin_prefetch(&view.clients[index]);
}

struct OverdueContact {
  std::string client_id, employee_id;
  std::int64_t due_at_us = 0;
  bool operator==(const OverdueContact&) const = default;
};

struct BranchDashboard {
  std::string branch_id;
  domain::IsoWeek week;
  // Every current employee of the branch, plus anyone with a plan or fact that week.
  std::map<std::string, EmployeeWeek> employees;
  std::uint32_t clients = 0;
  std::uint32_t not_contacted = 0;
  std::map<domain::ContactOutcome, std::uint32_t> by_last_outcome;
  std::map<domain::ClientStatus, std::uint32_t> by_status;
  std::vector<OverdueContact> overdue_next_contacts;  // due before now, oldest first
  std::vector<std::string> untouched_assigned;        // client ids
  std::vector<WaitingHandOver> hand_overs_waiting;
  std::vector<std::pair<std::string, AutomaticTask>> automatic_tasks_open;
};

// The dashboard of `branch_id` for `week`, with "overdue" judged at `now_us`. NotFound-free:
// an unknown branch gives an empty dashboard (callers check the branch exists).
BranchDashboard DashboardOf(const BranchDashboardsView& view, std::string_view branch_id,
                            const domain::IsoWeek& week, std::int64_t now_us);

// v2: interned ids, per-client hand-overs, compact week tallies (v1 kept string-keyed
// maps).
// Snapshotted every N events whatever its size: "as of" dashboards are the figure
// time travel is judged by.
inline constexpr ProjectionId kBranchDashboards{"branch_dashboards", 2, SnapshotRetention::kAll,
                                                SnapshotCadence::kEveryN};

}  // namespace prospekt::projections
