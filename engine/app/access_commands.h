// Users and API tokens on the command line, with the server stopped (both hold the
// access log's folder; while prospektd runs, an admin uses POST /api/users and
// /api/tokens instead):
//
//   prospekt user add --login L --employee E     a user for an employee the log knows
//   prospekt user passwd --login L               a new password (ends their sessions)
//   prospekt user disable --login L --reason R   ends every token of theirs
//   prospekt user list                           logins, employees, disabled or not
//   prospekt token create --login L --name N [--ttl-days D]   prints the token once
//   prospekt token revoke --name N
//
// Passwords are never flags (they would stay in the shell's history and in `ps`): they
// are asked for twice on a terminal, or read as the first line of standard input.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "events/status.h"

namespace prospekt::app {

// Adds `user` and `token` to `cli`; `add_data` adds the shared --data option (bound to
// `data`). Returns the function that runs whichever was parsed (the exit code), or -1.
std::function<int()> AddAccessCommands(CLI::App& cli,
                                       const std::function<void(CLI::App*)>& add_data,
                                       const std::string& data);

// Adds `login` with `password` for `employee_id`, checking against the log's directory
// that the employee exists and has not left. Used by `user add` and by the demo.
Status AddUserOffline(const std::string& data, const std::string& login,
                      const std::string& employee_id, const std::string& password);

}  // namespace prospekt::app
