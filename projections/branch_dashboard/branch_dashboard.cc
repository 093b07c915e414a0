#include "projections/branch_dashboard/branch_dashboard.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

// The branch's pipeline entry of a registered client; nullptr for an unknown client.
PipelineClient* PipelineOf(BranchDashboardsView& view, const std::string& client_id) {
  auto branch = view.client_branch.find(client_id);
  if (branch == view.client_branch.end()) return nullptr;
  auto& clients = view.branches[branch->second].clients;
  auto it = clients.find(client_id);
  return it == clients.end() ? nullptr : &it->second;
}

void ApplyContact(BranchDashboardsView& view, const Envelope& envelope, const ContactLogged& e) {
  // The fact counts for the branch the employee worked in when the contact happened.
  std::string branch_id;
  if (auto staff = view.employee_branch.find(e.employee_id); staff != view.employee_branch.end()) {
    branch_id = staff->second;
  } else if (auto client = view.client_branch.find(e.client_id);
             client != view.client_branch.end()) {
    branch_id = client->second;
  }
  EmployeeWeek& week =
      view.weeks[{branch_id, WeekKey(IsoWeekOf(envelope.occurred_at_us))}][e.employee_id];
  ++week.contacts;
  ++week.contacts_by_type[e.type];
  ++week.outcomes[e.outcome];
  if (e.outcome == ContactOutcome::kProductSold) {
    ++week.sales_by_product[e.product_code];
    week.sold_volume[e.amount.currency] += e.amount.minor_units;
  }
  if (PipelineClient* client = PipelineOf(view, e.client_id)) {
    // Late entries do not overwrite a later contact's outcome.
    if (!client->contacted || envelope.occurred_at_us >= client->last_contact_at_us) {
      client->last_outcome = e.outcome;
      client->last_contact_at_us = envelope.occurred_at_us;
    }
    client->contacted = true;
    client->touched_since_assignment = true;
    if (e.next_contact_at_us != 0) client->next_contact_due_us = e.next_contact_at_us;
  }
}

}  // namespace

void Evolve(BranchDashboardsView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, EmployeeHired> || std::is_same_v<E, EmployeeTransferred>) {
          if (e.branch_id.empty()) {
            view.employee_branch.erase(e.employee_id);  // head office staff
          } else {
            view.employee_branch[e.employee_id] = e.branch_id;
          }
        } else if constexpr (std::is_same_v<E, EmployeeLeft>) {
          view.employee_branch.erase(e.employee_id);
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          view.client_branch[e.client_id] = e.branch_id;
          PipelineClient& client = view.branches[e.branch_id].clients[e.client_id];
          client = PipelineClient{};
          client.status = e.status;
        } else if constexpr (std::is_same_v<E, ClientStatusChanged>) {
          if (PipelineClient* client = PipelineOf(view, e.client_id)) client->status = e.to;
        } else if constexpr (std::is_same_v<E, ClientAssigned> ||
                             std::is_same_v<E, ClientReassigned> ||
                             std::is_same_v<E, ClientUnassigned>) {
          if (PipelineClient* client = PipelineOf(view, e.client_id)) {
            if constexpr (std::is_same_v<E, ClientAssigned>) {
              client->assigned_employee_id = e.employee_id;
            } else if constexpr (std::is_same_v<E, ClientReassigned>) {
              client->assigned_employee_id = e.to_employee_id;
            } else {
              client->assigned_employee_id.clear();
            }
            client->touched_since_assignment = false;
          }
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate> ||
                             std::is_same_v<E, ClientUnmerged>) {
          if (PipelineClient* client = PipelineOf(view, e.duplicate_id)) {
            client->merged = std::is_same_v<E, ClientMergedAsDuplicate>;
          }
        } else if constexpr (std::is_same_v<E, WeeklyPlanSet>) {
          EmployeeWeek& week = view.weeks[{e.branch_id, WeekKey(e.week)}][e.employee_id];
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
          if (PipelineClient* client = PipelineOf(view, e.client_id)) {
            client->next_contact_due_us = 0;
          }
        } else if constexpr (std::is_same_v<E, HandedOver>) {
          if (auto branch = view.client_branch.find(e.client_id);
              branch != view.client_branch.end()) {
            view.branches[branch->second].waiting_hand_overs[{e.client_id, e.department}] = {
                e.client_id, e.department, e.product_code, e.from_employee_id, e.automatic};
          }
        } else if constexpr (std::is_same_v<E, HandOverAccepted> ||
                             std::is_same_v<E, HandOverReturned>) {
          if (auto branch = view.client_branch.find(e.client_id);
              branch != view.client_branch.end()) {
            view.branches[branch->second].waiting_hand_overs.erase({e.client_id, e.department});
          }
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          if (e.kind == TaskKind::kManual) return;
          auto staff = view.employee_branch.find(e.employee_id);
          if (staff == view.employee_branch.end()) return;
          view.branches[staff->second].open_automatic_tasks[e.task_id] = {
              e.employee_id, e.client_id, e.kind, e.due_at_us};
          view.task_branch[e.task_id] = staff->second;
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
  for (const auto& [employee_id, branch] : view.employee_branch) {
    if (branch == branch_id) dashboard.employees[employee_id];
  }
  if (auto figures = view.weeks.find({dashboard.branch_id, WeekKey(week)});
      figures != view.weeks.end()) {
    for (const auto& [employee_id, employee_week] : figures->second) {
      dashboard.employees[employee_id] = employee_week;
    }
  }
  auto branch = view.branches.find(branch_id);
  if (branch == view.branches.end()) return dashboard;
  const BranchState& state = branch->second;
  for (const auto& [client_id, client] : state.clients) {
    if (client.merged) continue;
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
  for (const auto& [key, hand_over] : state.waiting_hand_overs) {
    dashboard.hand_overs_waiting.push_back(hand_over);
  }
  for (const auto& [task_id, task] : state.open_automatic_tasks) {
    dashboard.automatic_tasks_open.emplace_back(task_id, task);
  }
  return dashboard;
}

}  // namespace prospekt::projections
