#include "projections/branch_dashboard/touched_branches.h"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

TouchedBranches All() { return TouchedBranches{.all = true, .branches = {}}; }

// Collects branches; any id the directory does not know makes it "all".
class Collector {
 public:
  explicit Collector(const DirectoryView& directory) : directory_(directory) {}

  void Everything() { touched_.all = true; }
  void Branch(const std::string& branch_id) {
    if (!branch_id.empty()) touched_.branches.push_back(branch_id);
  }
  void ClientsBranch(std::string_view client_id) {
    const DirectoryClient* client = FindClient(directory_, client_id);
    if (client == nullptr) {
      touched_.all = true;
    } else {
      Branch(client->branch_id);
    }
  }
  void EmployeesBranch(std::string_view employee_id) {
    const DirectoryEmployee* employee = FindEmployee(directory_, employee_id);
    if (employee == nullptr) {
      touched_.all = true;
    } else {
      Branch(employee->branch_id);  // head office staff: none
    }
  }

  TouchedBranches Take() && {
    if (touched_.all) return All();
    std::vector<std::string>& branches = touched_.branches;
    std::sort(branches.begin(), branches.end());
    branches.erase(std::unique(branches.begin(), branches.end()), branches.end());
    return std::move(touched_);
  }

 private:
  const DirectoryView& directory_;
  TouchedBranches touched_;
};

}  // namespace

bool TouchedBranches::Touches(std::string_view branch_id) const {
  return all || std::binary_search(branches.begin(), branches.end(), branch_id);
}

const std::vector<std::string>& DashboardEventTypes() {
  static const std::vector<std::string> kTypes = [] {
    std::vector<std::string> types = {
        "ClientAssigned",       "ClientMergedAsDuplicate",
        "ClientReassigned",     "ClientRegistered",
        "ClientStatusChanged",  "ClientUnassigned",
        "ClientUnmerged",       "ContactLogged",
        "EmployeeHired",        "EmployeeLeft",
        "EmployeeTransferred",  "HandOverAccepted",
        "HandOverReturned",     "HandedOver",
        "NextContactCancelled", "NextContactDone",
        "TaskAssigned",         "TaskCompleted",
        "WeeklyPlanSet",
    };
    std::sort(types.begin(), types.end());
    return types;
  }();
  return kTypes;
}

TouchedBranches BranchesTouchedBy(const DomainEvent& event, const DirectoryView& directory) {
  Collector touched(directory);
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, EmployeeTransferred> || std::is_same_v<E, TaskCompleted>) {
          // A transfer leaves no trace of the branch left behind; a task is counted where
          // its employee worked when it was assigned, which may no longer be where they
          // work now.
          touched.Everything();
        } else if constexpr (std::is_same_v<E, EmployeeHired> || std::is_same_v<E, WeeklyPlanSet>) {
          touched.Branch(e.branch_id);
        } else if constexpr (std::is_same_v<E, EmployeeLeft>) {
          touched.EmployeesBranch(e.employee_id);
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          touched.Branch(e.branch_id);
          // Registered again into another branch (the rules never do): the old one too,
          // if the directory still says so.
          if (const DirectoryClient* client = FindClient(directory, e.client_id)) {
            touched.Branch(client->branch_id);
          }
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate> ||
                             std::is_same_v<E, ClientUnmerged>) {
          touched.ClientsBranch(e.duplicate_id);
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          // The fact counts where the employee works (else the client's branch); the
          // pipeline is the client's branch's.
          touched.EmployeesBranch(e.employee_id);
          touched.ClientsBranch(e.client_id);
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          if (e.kind != TaskKind::kManual) touched.EmployeesBranch(e.employee_id);
        } else if constexpr (std::is_same_v<E, ClientStatusChanged> ||
                             std::is_same_v<E, ClientAssigned> ||
                             std::is_same_v<E, ClientReassigned> ||
                             std::is_same_v<E, ClientUnassigned> ||
                             std::is_same_v<E, NextContactDone> ||
                             std::is_same_v<E, NextContactCancelled> ||
                             std::is_same_v<E, HandedOver> || std::is_same_v<E, HandOverAccepted> ||
                             std::is_same_v<E, HandOverReturned>) {
          touched.ClientsBranch(e.client_id);
        }
      },
      event);
  return std::move(touched).Take();
}

}  // namespace prospekt::projections
