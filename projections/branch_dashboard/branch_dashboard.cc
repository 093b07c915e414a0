#include "projections/branch_dashboard/branch_dashboard.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"
#include "projections/internal/week_key.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

constexpr std::uint32_t kNone = internal::IdTable::kNone;

// The registered client's entry; nullptr for an unknown client.
DashboardClient* ClientOf(BranchDashboardsView& view, std::string_view client_id) {
  const std::uint32_t index = view.client_ids.Find(client_id);
  return index == kNone ? nullptr : &view.clients[index];
}

std::uint32_t BranchIndex(BranchDashboardsView& view, std::string_view branch_id) {
  const std::uint32_t index = view.branch_ids.Intern(branch_id);
  if (index >= view.branches.size()) view.branches.resize(index + 1);
  return index;
}

// Every interned employee has an entry in employee_branch (kNone until placed).
std::uint32_t EmployeeIndex(BranchDashboardsView& view, std::string_view employee_id) {
  const std::uint32_t employee = view.employee_ids.Intern(employee_id);
  if (employee >= view.employee_branch.size()) view.employee_branch.resize(employee + 1, kNone);
  return employee;
}

// The figures of `employee_id` in `branch`'s week `week`, created when new.
EmployeeWeek& WeekOf(BranchDashboardsView& view, std::uint32_t branch, std::int32_t week,
                     std::string_view employee_id) {
  const std::uint32_t employee = EmployeeIndex(view, employee_id);
  std::vector<BranchWeek>& weeks = view.branches[branch].weeks;
  // Facts arrive mostly in the latest week: look there first.
  auto it = !weeks.empty() && weeks.back().week == week
                ? weeks.end() - 1
                : std::lower_bound(weeks.begin(), weeks.end(), week,
                                   [](const BranchWeek& w, std::int32_t key) { return w.week < key; });
  if (it == weeks.end() || it->week != week) it = weeks.insert(it, BranchWeek{week, {}});
  for (auto& [index, figures] : it->employees) {
    if (index == employee) return figures;
  }
  return it->employees.emplace_back(employee, EmployeeWeek{}).second;
}

void ApplyContact(BranchDashboardsView& view, const Envelope& envelope, const ContactLogged& e) {
  // The fact counts for the branch the employee worked in when the contact happened,
  // else the client's, else under the branch id "".
  DashboardClient* client = ClientOf(view, e.client_id);
  std::uint32_t branch = kNone;
  if (const std::uint32_t staff = view.employee_ids.Find(e.employee_id); staff != kNone) {
    branch = view.employee_branch[staff];
  }
  if (branch == kNone && client != nullptr) branch = client->branch;
  if (branch == kNone) branch = BranchIndex(view, "");
  EmployeeWeek& week =
      WeekOf(view, branch, internal::WeekKeyAt(envelope.occurred_at_us), e.employee_id);
  ++week.contacts;
  ++week.contacts_by_type[e.type];
  ++week.outcomes[e.outcome];
  if (e.outcome == ContactOutcome::kProductSold) {
    ++week.sales_by_product[e.product_code];
    week.sold_volume[e.amount.currency] += e.amount.minor_units;
  }
  if (client != nullptr) {
    PipelineClient& pipeline = client->pipeline;
    // Late entries do not overwrite a later contact's outcome.
    if (!pipeline.contacted || envelope.occurred_at_us >= pipeline.last_contact_at_us) {
      pipeline.last_outcome = e.outcome;
      pipeline.last_contact_at_us = envelope.occurred_at_us;
    }
    pipeline.contacted = true;
    pipeline.touched_since_assignment = true;
    if (e.next_contact_at_us != 0) pipeline.next_contact_due_us = e.next_contact_at_us;
  }
}

void Register(BranchDashboardsView& view, const ClientRegistered& e) {
  const std::uint32_t branch = BranchIndex(view, e.branch_id);
  const std::uint32_t index = view.client_ids.Intern(e.client_id);
  if (index >= view.clients.size()) {
    view.clients.resize(index + 1);
  } else {
    // Registered again (the rules never do): it starts afresh, in its new branch.
    std::vector<std::uint32_t>& before = view.branches[view.clients[index].branch].clients;
    before.erase(std::remove(before.begin(), before.end(), index), before.end());
    view.clients[index] = DashboardClient{};
  }
  view.clients[index].branch = branch;
  view.clients[index].pipeline.status = e.status;
  // Client ids mostly arrive in order within a branch: the insert is mostly an append.
  std::vector<std::uint32_t>& clients = view.branches[branch].clients;
  auto at = clients.end();
  while (at != clients.begin() && view.client_ids[*(at - 1)] > e.client_id) --at;
  clients.insert(at, index);
}

void SetEmployeeBranch(BranchDashboardsView& view, std::string_view employee_id,
                       std::uint32_t branch) {
  view.employee_branch[EmployeeIndex(view, employee_id)] = branch;
}

}  // namespace

void Evolve(BranchDashboardsView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, EmployeeHired> || std::is_same_v<E, EmployeeTransferred>) {
          // Head office staff (no branch) count under the client's branch.
          SetEmployeeBranch(view, e.employee_id,
                            e.branch_id.empty() ? kNone : BranchIndex(view, e.branch_id));
        } else if constexpr (std::is_same_v<E, EmployeeLeft>) {
          if (view.employee_ids.Find(e.employee_id) != kNone) {
            SetEmployeeBranch(view, e.employee_id, kNone);
          }
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          Register(view, e);
        } else if constexpr (std::is_same_v<E, ClientStatusChanged>) {
          if (DashboardClient* client = ClientOf(view, e.client_id)) client->pipeline.status = e.to;
        } else if constexpr (std::is_same_v<E, ClientAssigned> ||
                             std::is_same_v<E, ClientReassigned> ||
                             std::is_same_v<E, ClientUnassigned>) {
          if (DashboardClient* client = ClientOf(view, e.client_id)) {
            PipelineClient& pipeline = client->pipeline;
            if constexpr (std::is_same_v<E, ClientAssigned>) {
              pipeline.assigned_employee_id = e.employee_id;
            } else if constexpr (std::is_same_v<E, ClientReassigned>) {
              pipeline.assigned_employee_id = e.to_employee_id;
            } else {
              pipeline.assigned_employee_id.clear();
            }
            pipeline.touched_since_assignment = false;
          }
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate> ||
                             std::is_same_v<E, ClientUnmerged>) {
          if (DashboardClient* client = ClientOf(view, e.duplicate_id)) {
            client->pipeline.merged = std::is_same_v<E, ClientMergedAsDuplicate>;
          }
        } else if constexpr (std::is_same_v<E, WeeklyPlanSet>) {
          EmployeeWeek& week =
              WeekOf(view, BranchIndex(view, e.branch_id), WeekKey(e.week), e.employee_id);
          week.has_plan = true;
          week.planned_contacts = e.contacts;
          week.planned_sales.clear();
          for (const ProductTarget& target : e.sales) {
            week.planned_sales[target.product_code] = target.sales;
          }
          week.planned_volume = e.volume;
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          ApplyContact(view, envelope, e);
        } else if constexpr (std::is_same_v<E, NextContactDone> ||
                             std::is_same_v<E, NextContactCancelled>) {
          if (DashboardClient* client = ClientOf(view, e.client_id)) {
            client->pipeline.next_contact_due_us = 0;
          }
        } else if constexpr (std::is_same_v<E, HandedOver>) {
          if (DashboardClient* client = ClientOf(view, e.client_id)) {
            const std::uint32_t department = view.department_ids.Intern(e.department);
            std::vector<ClientHandOver>& waiting = client->waiting_hand_overs;
            auto at = std::find_if(waiting.begin(), waiting.end(), [&](const ClientHandOver& h) {
              return view.department_ids[h.department] >= e.department;
            });
            if (at == waiting.end() || at->department != department) {
              at = waiting.insert(at, ClientHandOver{department, 0, 0, false});
            }
            at->product = view.product_ids.Intern(e.product_code);
            at->from_employee = EmployeeIndex(view, e.from_employee_id);
            at->automatic = e.automatic;
          }
        } else if constexpr (std::is_same_v<E, HandOverAccepted> ||
                             std::is_same_v<E, HandOverReturned>) {
          const std::uint32_t department = view.department_ids.Find(e.department);
          DashboardClient* client = ClientOf(view, e.client_id);
          if (client != nullptr && department != kNone) {
            std::erase_if(client->waiting_hand_overs,
                          [&](const ClientHandOver& h) { return h.department == department; });
          }
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          if (e.kind == TaskKind::kManual) return;
          const std::uint32_t staff = view.employee_ids.Find(e.employee_id);
          if (staff == kNone || view.employee_branch[staff] == kNone) return;
          const std::uint32_t branch = view.employee_branch[staff];
          view.branches[branch].open_automatic_tasks[e.task_id] = {e.employee_id, e.client_id,
                                                                   e.kind, e.due_at_us};
          view.task_branch[e.task_id] = branch;
        } else if constexpr (std::is_same_v<E, TaskCompleted>) {
          auto branch = view.task_branch.find(e.task_id);
          if (branch == view.task_branch.end()) return;
          view.branches[branch->second].open_automatic_tasks.erase(e.task_id);
          view.task_branch.erase(branch);
        }
      },
      event);
}

BranchDashboard DashboardOf(const BranchDashboardsView& view, std::string_view branch_id,
                            const IsoWeek& week, std::int64_t now_us) {
  BranchDashboard dashboard;
  dashboard.branch_id = std::string(branch_id);
  dashboard.week = week;
  const std::uint32_t branch = view.branch_ids.Find(branch_id);
  if (branch == kNone) return dashboard;
  for (std::uint32_t employee = 0; employee < view.employee_branch.size(); ++employee) {
    if (view.employee_branch[employee] == branch) dashboard.employees[view.employee_ids[employee]];
  }
  const BranchState& state = view.branches[branch];
  const std::int32_t key = WeekKey(week);
  auto figures = std::lower_bound(
      state.weeks.begin(), state.weeks.end(), key,
      [](const BranchWeek& w, std::int32_t k) { return w.week < k; });
  if (figures != state.weeks.end() && figures->week == key) {
    for (const auto& [employee, employee_week] : figures->employees) {
      dashboard.employees[view.employee_ids[employee]] = employee_week;
    }
  }
  for (const std::uint32_t index : state.clients) {
    const PipelineClient& client = view.clients[index].pipeline;
    if (client.merged) continue;
    const std::string& client_id = view.client_ids[index];
    ++dashboard.clients;
    ++dashboard.by_status[client.status];
    if (client.contacted) {
      ++dashboard.by_last_outcome[client.last_outcome];
    } else {
      ++dashboard.not_contacted;
    }
    if (client.next_contact_due_us != 0 && client.next_contact_due_us < now_us) {
      dashboard.overdue_next_contacts.push_back(
          {client_id, client.assigned_employee_id, client.next_contact_due_us});
    }
    if (!client.assigned_employee_id.empty() && !client.touched_since_assignment) {
      dashboard.untouched_assigned.push_back(client_id);
    }
  }
  std::sort(dashboard.overdue_next_contacts.begin(), dashboard.overdue_next_contacts.end(),
            [](const OverdueContact& a, const OverdueContact& b) {
              return a.due_at_us != b.due_at_us ? a.due_at_us < b.due_at_us
                                                : a.client_id < b.client_id;
            });
  std::size_t waiting = 0;
  for (const std::uint32_t index : state.clients) waiting += view.clients[index].waiting_hand_overs.size();
  dashboard.hand_overs_waiting.reserve(waiting);
  for (const std::uint32_t index : state.clients) {
    for (const ClientHandOver& hand_over : view.clients[index].waiting_hand_overs) {
      dashboard.hand_overs_waiting.push_back(
          {view.client_ids[index], view.department_ids[hand_over.department],
           view.product_ids[hand_over.product], view.employee_ids[hand_over.from_employee],
           hand_over.automatic});
    }
  }
  for (const auto& [task_id, task] : state.open_automatic_tasks) {
    dashboard.automatic_tasks_open.emplace_back(task_id, task);
  }
  return dashboard;
}

}  // namespace prospekt::projections
