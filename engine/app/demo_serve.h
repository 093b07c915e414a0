// The demo's second half: after `prospekt demo` generated (or found) the demo bank, add
// one user per role for the people trying it (password kDemoPassword) and serve the bank,
// printing the URL and the logins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/app/serve.h"
#include "events/status.h"

namespace prospekt::app {

inline constexpr std::string_view kDemoPassword = "prospekt-demo";

struct DemoLogin {
  std::string login, employee_id, role;
};

// head (branch head of r01-b01), sales and credit (of that branch), office (head
// office), auditor, admin.
const std::vector<DemoLogin>& DemoLogins();

// Adds every demo login the access log does not hold yet. The server must be stopped.
Status AddDemoUsers(const std::string& data);

// AddDemoUsers, then RunServe, printing the URL, the logins and where to look first.
int ServeDemo(const ServeConfig& config);

}  // namespace prospekt::app
