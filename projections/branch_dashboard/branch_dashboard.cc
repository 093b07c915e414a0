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

// Counters by enumerant: one per value.
constexpr std::size_t kStatuses = static_cast<std::size_t>(ClientStatus::kVip) + 1;
constexpr std::size_t kOutcomes = static_cast<std::size_t>(ContactOutcome::kAgreementInPrinciple) + 1;

// Starts loading the cache line at `address` (never faults, even past the end of an
// object); kAhead: how many elements ahead the query loops prefetch.
inline void Prefetch(const void* address) { __builtin_prefetch(address); }
constexpr std::size_t kAhead = 8;

// EmployeeTally counts by enumerant: one counter per value.
static_assert(static_cast<std::size_t>(ContactType::kMeeting) + 1 ==
              std::tuple_size_v<decltype(EmployeeTally::contacts_by_type)>);
static_assert(static_cast<std::size_t>(ContactOutcome::kAgreementInPrinciple) + 1 ==
              std::tuple_size_v<decltype(EmployeeTally::outcomes)>);

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

// The figures of an employee (by index) in `branch`'s week `week`, created when new.
EmployeeTally& TallyOf(BranchDashboardsView& view, std::uint32_t branch, std::int32_t week,
                       std::uint32_t employee) {
  std::vector<BranchWeek>& weeks = view.branches[branch].weeks;
  // Facts arrive mostly in the latest week: look there first.
  auto it = !weeks.empty() && weeks.back().week == week
                ? weeks.end() - 1
                : std::lower_bound(weeks.begin(), weeks.end(), week,
                                   [](const BranchWeek& w, std::int32_t key) { return w.week < key; });
  if (it == weeks.end() || it->week != week) it = weeks.insert(it, BranchWeek{week, {}});
  for (EmployeeTally& tally : it->employees) {
    if (tally.employee == employee) return tally;
  }
  EmployeeTally& tally = it->employees.emplace_back();
  tally.employee = employee;
  return tally;
}

// The entry for `key` in a list of (key, value), added (value 0) when missing.
template <class Value>
Value& EntryOf(std::vector<std::pair<std::uint32_t, Value>>& entries, std::uint32_t key) {
  for (auto& [entry_key, value] : entries) {
    if (entry_key == key) return value;
  }
  return entries.emplace_back(key, Value{}).second;
}

template <std::size_t N, class Enum>
void Count(std::array<std::uint32_t, N>& counts, Enum value) {
  const auto index = static_cast<std::size_t>(value);
  // Invariant: the decoder refuses enumerants this build does not know.
  if (index < N) ++counts[index];
}

void ApplyContact(BranchDashboardsView& view, const Envelope& envelope, const ContactLogged& e) {
  // The fact counts for the branch the employee worked in when the contact happened,
  // else the client's, else under the branch id "".
  DashboardClient* client = ClientOf(view, e.client_id);
  const std::uint32_t staff = EmployeeIndex(view, e.employee_id);
  std::uint32_t branch = view.employee_branch[staff];
  if (branch == kNone && client != nullptr) branch = client->branch;
  if (branch == kNone) branch = BranchIndex(view, "");
  EmployeeTally& week = TallyOf(view, branch, internal::WeekKeyAt(envelope.occurred_at_us), staff);
  ++week.contacts;
  Count(week.contacts_by_type, e.type);
  Count(week.outcomes, e.outcome);
  if (e.outcome == ContactOutcome::kProductSold) {
    ++EntryOf(week.sales_by_product, view.product_ids.Intern(e.product_code));
    EntryOf(week.sold_volume, view.currency_ids.Intern(e.amount.currency)) += e.amount.minor_units;
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

EmployeeWeek WeekOfTally(const BranchDashboardsView& view, const EmployeeTally& tally) {
  EmployeeWeek week;
  week.has_plan = tally.has_plan;
  week.planned_contacts = tally.planned_contacts;
  for (const auto& [product, count] : tally.planned_sales) {
    week.planned_sales[view.product_ids[product]] = count;
  }
  if (tally.has_plan) {
    week.planned_volume = {tally.planned_volume, view.currency_ids[tally.planned_currency]};
  }
  week.contacts = tally.contacts;
  for (std::size_t type = 0; type < tally.contacts_by_type.size(); ++type) {
    if (tally.contacts_by_type[type] > 0) {
      week.contacts_by_type[static_cast<ContactType>(type)] = tally.contacts_by_type[type];
    }
  }
  for (std::size_t outcome = 0; outcome < tally.outcomes.size(); ++outcome) {
    if (tally.outcomes[outcome] > 0) {
      week.outcomes[static_cast<ContactOutcome>(outcome)] = tally.outcomes[outcome];
    }
  }
  for (const auto& [product, count] : tally.sales_by_product) {
    week.sales_by_product[view.product_ids[product]] = count;
  }
  for (const auto& [currency, minor_units] : tally.sold_volume) {
    week.sold_volume[view.currency_ids[currency]] = minor_units;
  }
  return week;
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
          const std::uint32_t branch = BranchIndex(view, e.branch_id);
          EmployeeTally& week =
              TallyOf(view, branch, WeekKey(e.week), EmployeeIndex(view, e.employee_id));
          week.has_plan = true;
          week.planned_contacts = e.contacts;
          week.planned_sales.clear();
          for (const ProductTarget& target : e.sales) {
            EntryOf(week.planned_sales, view.product_ids.Intern(target.product_code)) = target.sales;
          }
          week.planned_volume = e.volume.minor_units;
          week.planned_currency = view.currency_ids.Intern(e.volume.currency);
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
    for (const EmployeeTally& tally : figures->employees) {
      dashboard.employees[view.employee_ids[tally.employee]] = WeekOfTally(view, tally);
    }
  }
  // One pass over the branch's clients (in client id order) gathers counts in arrays and
  // the overdue and untouched clients as indexes; the strings are copied once, into lists
  // reserved to size. A branch's clients lie scattered over the per-client vectors (in
  // registration order, all branches mixed), so each loop prefetches a few clients ahead.
  const std::vector<std::uint32_t>& clients = state.clients;
  std::array<std::uint32_t, kStatuses> by_status{};
  std::array<std::uint32_t, kOutcomes> by_last_outcome{};
  struct Overdue {
    std::int64_t due_at_us;
    std::uint32_t order;  // among the branch's clients, which are in id order
    std::uint32_t index;
  };
  std::vector<Overdue> overdue;
  std::vector<std::uint32_t> untouched;  // client indexes
  std::size_t waiting = 0;
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (i + kAhead < clients.size()) Prefetch(&view.clients[clients[i + kAhead]]);
    const DashboardClient& entry = view.clients[clients[i]];
    waiting += entry.waiting_hand_overs.size();
    const PipelineClient& client = entry.pipeline;
    if (client.merged) continue;
    ++dashboard.clients;
    Count(by_status, client.status);
    if (client.contacted) {
      Count(by_last_outcome, client.last_outcome);
    } else {
      ++dashboard.not_contacted;
    }
    if (client.next_contact_due_us != 0 && client.next_contact_due_us < now_us) {
      overdue.push_back({client.next_contact_due_us, static_cast<std::uint32_t>(i), clients[i]});
    }
    if (!client.assigned_employee_id.empty() && !client.touched_since_assignment) {
      untouched.push_back(clients[i]);
    }
  }
  for (std::size_t status = 0; status < by_status.size(); ++status) {
    if (by_status[status] > 0) dashboard.by_status[static_cast<ClientStatus>(status)] = by_status[status];
  }
  for (std::size_t outcome = 0; outcome < by_last_outcome.size(); ++outcome) {
    if (by_last_outcome[outcome] > 0) {
      dashboard.by_last_outcome[static_cast<ContactOutcome>(outcome)] = by_last_outcome[outcome];
    }
  }
  // Oldest first, then by client id (the order the clients were met in).
  std::sort(overdue.begin(), overdue.end(), [](const Overdue& a, const Overdue& b) {
    return a.due_at_us != b.due_at_us ? a.due_at_us < b.due_at_us : a.order < b.order;
  });
  dashboard.overdue_next_contacts.reserve(overdue.size());
  for (std::size_t i = 0; i < overdue.size(); ++i) {
    if (i + kAhead < overdue.size()) Prefetch(&view.client_ids[overdue[i + kAhead].index]);
    const std::uint32_t index = overdue[i].index;
    dashboard.overdue_next_contacts.push_back(
        {view.client_ids[index], view.clients[index].pipeline.assigned_employee_id,
         overdue[i].due_at_us});
  }
  dashboard.untouched_assigned.reserve(untouched.size());
  for (std::size_t i = 0; i < untouched.size(); ++i) {
    if (i + kAhead < untouched.size()) Prefetch(&view.client_ids[untouched[i + kAhead]]);
    dashboard.untouched_assigned.push_back(view.client_ids[untouched[i]]);
  }
  dashboard.hand_overs_waiting.reserve(waiting);
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (i + kAhead < clients.size()) {
      const std::uint32_t ahead = clients[i + kAhead];
      Prefetch(view.clients[ahead].waiting_hand_overs.data());
      Prefetch(&view.client_ids[ahead]);
    }
    const std::uint32_t index = clients[i];
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
