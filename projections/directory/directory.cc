#include "projections/directory/directory.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/dedup/normalize.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

// The normal form a name filter is matched against; "" for a sealed name.
std::string NameKey(const PersonalText& name) {
  return name.form == PersonalText::Form::kClear ? dedup::NormalizeName(name.bytes) : std::string();
}

void Unindex(std::map<std::string, IdSet, std::less<>>& index, const std::string& key,
             const std::string& id) {
  auto it = index.find(key);
  if (it == index.end()) return;
  it->second.erase(id);
  if (it->second.empty()) index.erase(it);
}

void SetAssignee(DirectoryView& view, DirectoryClient& client, const std::string& employee_id) {
  if (!client.assigned_employee_id.empty()) {
    Unindex(view.clients_by_assignee, client.assigned_employee_id, client.client_id);
  }
  client.assigned_employee_id = employee_id;
  if (!employee_id.empty()) view.clients_by_assignee[employee_id].insert(client.client_id);
}

void Place(const DirectoryView& view, DirectoryEmployee& employee, const std::string& branch_id,
           const std::string& department_id) {
  employee.branch_id = branch_id;
  employee.department_id = department_id;
  const DirectoryBranch* branch = FindBranch(view, branch_id);
  employee.region_id = branch != nullptr ? branch->region_id : std::string();
}

}  // namespace

bool DirectoryEmployee::HasRole(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const DirectoryAbsence* DirectoryEmployee::AbsenceAt(std::int64_t time_us) const {
  // The latest record covering the time wins, as in the write model: a later record
  // corrects an earlier one (e.g. names another deputy).
  for (auto it = absences.rbegin(); it != absences.rend(); ++it) {
    if (it->from_us <= time_us && time_us < it->until_us) return &*it;
  }
  return nullptr;
}

void Evolve(DirectoryView& view, const Envelope& /*envelope*/, const DomainEvent& event) {
  // Known entities only: an event about an id the log never introduced (which the
  // rules never decide) cannot invent one.
  auto employee = [&](const std::string& id) -> DirectoryEmployee* {
    auto it = view.employees.find(id);
    return it == view.employees.end() ? nullptr : &it->second;
  };
  auto client = [&](const std::string& id) -> DirectoryClient* {
    auto it = view.clients.find(id);
    return it == view.clients.end() ? nullptr : &it->second;
  };
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, RegionOpened>) {
          view.regions[e.region_id] = DirectoryRegion{e.region_id, e.name};
        } else if constexpr (std::is_same_v<E, BranchOpened>) {
          view.branches[e.branch_id] = DirectoryBranch{e.branch_id, e.region_id, e.name};
        } else if constexpr (std::is_same_v<E, DepartmentOpened>) {
          view.departments[{e.branch_id, e.department_id}] =
              DirectoryDepartment{e.department_id, e.branch_id, e.name};
        } else if constexpr (std::is_same_v<E, ProductDefined>) {
          // A redefinition changes the owning department: the latest one holds.
          view.products[e.product_code] =
              DirectoryProduct{e.product_code, e.name, e.owning_department};
        } else if constexpr (std::is_same_v<E, EmployeeHired>) {
          DirectoryEmployee& hired = view.employees[e.employee_id];
          hired = DirectoryEmployee{};
          hired.employee_id = e.employee_id;
          hired.name = e.name;
          hired.roles = e.roles;
          Place(view, hired, e.branch_id, e.department_id);
        } else if constexpr (std::is_same_v<E, EmployeeRoleChanged>) {
          if (DirectoryEmployee* changed = employee(e.employee_id)) changed->roles = e.roles;
        } else if constexpr (std::is_same_v<E, EmployeeTransferred>) {
          if (DirectoryEmployee* moved = employee(e.employee_id)) {
            Place(view, *moved, e.branch_id, e.department_id);
          }
        } else if constexpr (std::is_same_v<E, EmployeeLeft>) {
          if (DirectoryEmployee* leaver = employee(e.employee_id)) leaver->left = true;
        } else if constexpr (std::is_same_v<E, AbsenceRecorded>) {
          if (DirectoryEmployee* absent = employee(e.employee_id)) {
            absent->absences.push_back(
                DirectoryAbsence{e.from_us, e.until_us, e.deputy_id, e.reason});
            view.absences_by_deputy[e.deputy_id].insert(e.employee_id);
          }
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          DirectoryClient& registered = view.clients[e.client_id];
          if (!registered.client_id.empty()) {
            // Registered again (the rules refuse it; a hand-made log might not).
            Unindex(view.clients_by_branch, registered.branch_id, e.client_id);
            SetAssignee(view, registered, "");
          }
          registered = DirectoryClient{};
          registered.client_id = e.client_id;
          registered.kind = e.kind;
          registered.name = e.name;
          registered.name_key = NameKey(e.name);
          registered.branch_id = e.branch_id;
          registered.region_id = e.region_id;
          registered.status = e.status;
          registered.industry = e.industry;
          view.clients_by_branch[e.branch_id].insert(e.client_id);
        } else if constexpr (std::is_same_v<E, ClientDetailsCorrected>) {
          if (DirectoryClient* corrected = client(e.client_id)) {
            if (e.field == "name") {
              corrected->name = e.after;
              corrected->name_key = NameKey(e.after);
            }
            if (e.field == "industry" && e.after.form == PersonalText::Form::kClear) {
              corrected->industry = e.after.bytes;
            }
          }
        } else if constexpr (std::is_same_v<E, ClientStatusChanged>) {
          if (DirectoryClient* changed = client(e.client_id)) changed->status = e.to;
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          if (DirectoryClient* duplicate = client(e.duplicate_id)) {
            duplicate->merged_into = e.survivor_id;
          }
        } else if constexpr (std::is_same_v<E, ClientUnmerged>) {
          if (DirectoryClient* duplicate = client(e.duplicate_id)) duplicate->merged_into.clear();
        } else if constexpr (std::is_same_v<E, PersonalDataErased>) {
          if (DirectoryClient* erased = client(e.client_id)) erased->personal_data_erased = true;
        } else if constexpr (std::is_same_v<E, ClientAssigned>) {
          if (DirectoryClient* assigned = client(e.client_id)) {
            SetAssignee(view, *assigned, e.employee_id);
          }
        } else if constexpr (std::is_same_v<E, ClientReassigned>) {
          if (DirectoryClient* assigned = client(e.client_id)) {
            SetAssignee(view, *assigned, e.to_employee_id);
          }
        } else if constexpr (std::is_same_v<E, ClientUnassigned>) {
          if (DirectoryClient* unassigned = client(e.client_id)) SetAssignee(view, *unassigned, "");
        } else if constexpr (std::is_same_v<E, HandedOver>) {
          if (DirectoryClient* handed = client(e.client_id)) handed->hand_overs[e.department] = "";
        } else if constexpr (std::is_same_v<E, HandOverAccepted>) {
          if (DirectoryClient* handed = client(e.client_id)) {
            handed->hand_overs[e.department] = e.specialist_id;
          }
        } else if constexpr (std::is_same_v<E, HandOverReturned>) {
          if (DirectoryClient* handed = client(e.client_id)) handed->hand_overs.erase(e.department);
        }
      },
      event);
}

// ---------------------------------------------------------------- look-ups

const DirectoryEmployee* FindEmployee(const DirectoryView& view, std::string_view employee_id) {
  auto it = view.employees.find(employee_id);
  return it == view.employees.end() ? nullptr : &it->second;
}

const DirectoryClient* FindClient(const DirectoryView& view, std::string_view client_id) {
  auto it = view.clients.find(client_id);
  return it == view.clients.end() ? nullptr : &it->second;
}

const DirectoryBranch* FindBranch(const DirectoryView& view, std::string_view branch_id) {
  auto it = view.branches.find(branch_id);
  return it == view.branches.end() ? nullptr : &it->second;
}

std::vector<const DirectoryEmployee*> DeputisedAt(const DirectoryView& view,
                                                  std::string_view employee_id,
                                                  std::int64_t time_us) {
  std::vector<const DirectoryEmployee*> absent;
  auto it = view.absences_by_deputy.find(employee_id);
  if (it == view.absences_by_deputy.end()) return absent;
  for (const std::string& absent_id : it->second) {
    const DirectoryEmployee* candidate = FindEmployee(view, absent_id);
    if (candidate == nullptr || candidate->left) continue;
    const DirectoryAbsence* absence = candidate->AbsenceAt(time_us);
    if (absence != nullptr && absence->deputy_id == employee_id) absent.push_back(candidate);
  }
  return absent;
}

// ---------------------------------------------------------------- lists

Result<ClientList> FindClients(const DirectoryView& view, const ClientQuery& query,
                               const NameOpener& open_name) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return Status::InvalidArgument("limit must be 1.." + std::to_string(kMaxListLimit), "limit");
  }
  const std::string filter = dedup::NormalizeName(query.name_contains);
  auto matches = [&](const DirectoryClient& candidate) -> Result<bool> {
    if (!query.branch_id.empty() && candidate.branch_id != query.branch_id) return false;
    if (!query.assigned_to.empty() && candidate.assigned_employee_id != query.assigned_to) {
      return false;
    }
    if (filter.empty()) return true;
    if (candidate.name.form == PersonalText::Form::kClear) {
      return candidate.name_key.find(filter) != std::string::npos;
    }
    if (!open_name || candidate.personal_data_erased) return false;
    Result<std::optional<std::string>> opened = open_name(candidate.client_id, candidate.name);
    if (!opened.ok()) return opened.status();
    return opened->has_value() && dedup::NormalizeName(**opened).find(filter) != std::string::npos;
  };

  ClientList list;
  auto visit = [&](const std::string& client_id) -> Result<bool> {  // false: stop
    const DirectoryClient* candidate = FindClient(view, client_id);
    if (candidate == nullptr) return true;
    Result<bool> match = matches(*candidate);
    if (!match.ok()) return match.status();
    if (!*match) return true;
    if (list.clients.size() == query.limit) {
      list.truncated = true;
      return false;
    }
    list.clients.push_back(*candidate);
    return true;
  };
  // Walk the smallest candidate set: an assignee's clients, a branch's, or the bank's.
  const IdSet* candidates = nullptr;
  static const IdSet kNone;
  if (!query.assigned_to.empty()) {
    auto it = view.clients_by_assignee.find(query.assigned_to);
    candidates = it == view.clients_by_assignee.end() ? &kNone : &it->second;
  } else if (!query.branch_id.empty()) {
    auto it = view.clients_by_branch.find(query.branch_id);
    candidates = it == view.clients_by_branch.end() ? &kNone : &it->second;
  }
  if (candidates != nullptr) {
    for (const std::string& client_id : *candidates) {
      Result<bool> more = visit(client_id);
      if (!more.ok()) return more.status();
      if (!*more) break;
    }
  } else {
    for (const auto& [client_id, unused] : view.clients) {
      Result<bool> more = visit(client_id);
      if (!more.ok()) return more.status();
      if (!*more) break;
    }
  }
  return list;
}

std::vector<DirectoryEmployee> EmployeesOf(const DirectoryView& view, std::string_view branch_id) {
  std::vector<DirectoryEmployee> employees;
  for (const auto& [id, employee] : view.employees) {
    if (branch_id.empty() || employee.branch_id == branch_id) employees.push_back(employee);
  }
  return employees;
}

Organisation OrganisationOf(const DirectoryView& view) {
  Organisation organisation;
  for (const auto& [id, region] : view.regions) organisation.regions.push_back(region);
  for (const auto& [id, branch] : view.branches) organisation.branches.push_back(branch);
  for (const auto& [key, department] : view.departments) {
    organisation.departments.push_back(department);
  }
  for (const auto& [code, product] : view.products) organisation.products.push_back(product);
  return organisation;
}

}  // namespace prospekt::projections
