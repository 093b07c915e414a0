#include "engine/access/principal.h"

#include <algorithm>

namespace prospekt::access {

bool Principal::HasRole(domain::Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

Result<Principal> ResolvePrincipal(std::string_view login, std::string_view employee_id,
                                   bool is_program, const projections::DirectoryView& directory) {
  const projections::DirectoryEmployee* employee =
      projections::FindEmployee(directory, employee_id);
  if (employee == nullptr) {
    return Status::PermissionDenied("login " + std::string(login) + " belongs to employee " +
                                    std::string(employee_id) + ", whom the bank does not know");
  }
  if (employee->left) {
    return Status::PermissionDenied("employee " + std::string(employee_id) + " has left the bank");
  }
  Principal principal;
  principal.login = std::string(login);
  principal.employee_id = employee->employee_id;
  principal.roles = employee->roles;
  principal.branch_id = employee->branch_id;
  principal.region_id = employee->region_id;
  principal.department_id = employee->department_id;
  principal.is_program = is_program;
  return principal;
}

}  // namespace prospekt::access
