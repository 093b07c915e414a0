// Principal: who is asking — an authenticated login and the employee behind it, with
// the roles and placement the directory (projections/directory/directory.h) gives that
// employee now. The server resolves one per request, after Credentials::Authenticate,
// and hands it to Authorize (policy.h) and to the read audit (access_log.h).
//
// A deputy's extra scope during an absence is not part of the Principal: it depends on
// the time, so Authorize derives it from the directory at the request's time.
// Plain value; ResolvePrincipal is pure and thread-safe (on a view not being changed).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "events/domain_events.h"
#include "events/status.h"
#include "projections/directory/directory.h"

namespace prospekt::access {

struct Principal {
  std::string login, employee_id;
  std::vector<domain::Role> roles;
  std::string branch_id, region_id, department_id;  // "" when not placed in one
  bool is_program = false;  // authenticated with an API token rather than a session

  bool HasRole(domain::Role role) const;
  bool operator==(const Principal&) const = default;
};

// The principal of `login`, a user of `employee_id`. PermissionDenied when the
// directory does not know the employee or the employee has left the bank: the server
// answers such a request as unauthenticated (401), like an unknown token.
Result<Principal> ResolvePrincipal(std::string_view login, std::string_view employee_id,
                                   bool is_program, const projections::DirectoryView& directory);

}  // namespace prospekt::access
