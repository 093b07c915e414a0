// The JSON of the HTTP API's session and administration routes: the bodies of login,
// user and token requests (read as strictly as command bodies: an unknown or missing
// field, a wrong type → InvalidArgument naming the field), and the rendering of
// principals, users, issued tokens and read-audit records.
//
// Pure functions, thread-safe. Passwords and tokens pass through as given; they are
// never rendered, except an issued token in the one answer that hands it out.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/access/access_log.h"
#include "engine/access/credentials.h"
#include "engine/access/principal.h"
#include "events/status.h"

namespace prospekt::api {

inline constexpr std::size_t kMaxAccessBodyBytes = 8 * 1024;

struct LoginRequest {
  std::string login, password;
};
// POST /api/users
struct AddUserRequest {
  std::string login, employee_id, password;
};
// POST /api/users/{login}/password
struct ChangePasswordRequest {
  std::string password;
};
// POST /api/users/{login}/disable
struct DisableUserRequest {
  std::string reason;
};
// POST /api/tokens: an API token for a program, acting as the user `login`.
struct CreateTokenRequest {
  std::string login, name;
  std::uint32_t ttl_days = 365;  // 1 .. 1096
};

Result<LoginRequest> ParseLoginRequest(std::string_view body);
Result<AddUserRequest> ParseAddUserRequest(std::string_view body);
Result<ChangePasswordRequest> ParseChangePasswordRequest(std::string_view body);
Result<DisableUserRequest> ParseDisableUserRequest(std::string_view body);
Result<CreateTokenRequest> ParseCreateTokenRequest(std::string_view body);

// The page a principal starts on in the web UI (its first role in the order head
// office, auditor, branch head, sales, product specialist, admin).
std::string_view StartPage(const access::Principal& principal);

// {login, employee_id, roles, branch_id, region_id, department_id, is_program}
nlohmann::json ToJson(const access::Principal& principal);
// {token, expires_at_us, expires_at}
nlohmann::json ToJson(const access::IssuedToken& token);
// [{login, employee_id, disabled}, ...]
nlohmann::json ToJson(const std::vector<access::UserInfo>& users);
// [{seq, viewed_at_us, viewed_at, viewer_login, viewer_employee_id, subject_kind,
//   subject_id, route, as_of_seq}, ...]
nlohmann::json ToJson(const std::vector<access::ViewRecord>& views);

}  // namespace prospekt::api
