// The access policy: who may do what, on which part of the bank. One Permission per
// route of the HTTP API (docs/design/server.md, "HTTP API"), and one pure function,
// Authorize, that the server calls on every route once the principal is known.
//
// The rules, from DOMAIN.md and the design's "who (scope)" column:
//   head office     reads everything; writes what the domain lets it;
//   auditor         reads everything, also the past (as of), audit trails and
//                   viewers; never writes;
//   branch head     their own branch;
//   sales           the clients assigned to them; a reduced contact check of the
//                   region's clients (exists, owner, last contact — nothing more);
//   product spec.   the clients handed over to their department; their branch's list;
//   admin           the organisation and its staff, users and tokens; no client data;
//   everyone        their own history and agenda, the organisation, themselves.
// A deputy has, during the absence, the absent employee's scope and roles as well as
// their own (Authorize reads the absences from the directory at `now_us`).
//
// Commands: one Permission per command, checked here by role only (may anyone with
// these roles ever issue it?); the domain's deciders enforce the scope (which branch,
// whose client) with the write model, in log order. "As of" reads (as_of, as_of_seq)
// are for auditors and head office, and for branch heads on their own dashboard.
//
// Pure functions, thread-safe (on a directory view not being changed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/access/principal.h"
#include "engine/domain/commands.h"
#include "events/access_events.h"
#include "events/status.h"
#include "projections/directory/directory.h"

namespace prospekt::access {

enum class Permission : std::uint8_t {
  // Sessions.
  kLogin,   // POST /api/login (no token needed)
  kLogout,  // POST /api/logout
  kMe,      // GET /api/me

  // POST /api/commands/{Command}: one per command, in domain::Command's order.
  kOpenRegion,
  kOpenBranch,
  kOpenDepartment,
  kDefineProduct,
  kHireEmployee,
  kRecordAbsence,
  kChangeBranchSettings,
  kRegisterClient,
  kAssignClient,
  kSetWeeklyPlan,
  kLogContact,
  kCloseWorkingDay,
  kUnassignClient,
  kReassignClient,
  kCompleteNextContact,
  kCancelNextContact,
  kAcceptHandOver,
  kReturnHandOver,
  kAssignTask,
  kCompleteTask,
  kChangeClientStatus,
  kCorrectClientDetails,
  kLinkClients,
  kUnlinkClients,
  kRecordSatisfaction,
  kChangeEmployeeRoles,
  kTransferEmployee,
  kEmployeeLeaves,
  kLaunchCampaign,
  kEnrollClient,
  kCloseCampaign,
  kMergeDuplicateClient,
  kUnmergeClient,
  kEraseClientData,

  // Reads, with the Resource fields the route fills.
  // clang-format off
  kBranchDashboard,   // GET /api/branches/{branch_id}/dashboard  branch_id
  kListClients,       // GET /api/clients                        branch_id, employee_id=assigned_to
  kClientCard,        // GET /api/clients/{id}/card              client_id; read audited
  kContactCheck,      // GET /api/clients/{id}/contact-check     client_id
  kClientTrail,       // GET /api/clients/{id}/trail             client_id; read audited
  kClientViewers,     // GET /api/clients/{id}/viewers           client_id
  kListEmployees,     // GET /api/employees                      branch_id ("" for all)
  kEmployeeHistory,   // GET /api/employees/{id}/history         employee_id; read audited
  kEmployeeAgenda,    // GET /api/employees/{id}/agenda          employee_id
  kOrganisation,      // GET /api/organisation
  kHeadOfficeReport,  // GET /api/reports/head-office
  kIndustryReport,    // GET /api/reports/industry
  kComplianceReport,  // GET /api/reports/compliance
  kChain,             // GET /api/chain
  kExport,            // GET /api/export
  // clang-format on

  // Users and tokens.
  kListUsers,       // GET /api/users
  kAddUser,         // POST /api/users
  kChangePassword,  // POST /api/users/{login}/password
  kDisableUser,     // POST /api/users/{login}/disable
  kCreateApiToken,  // POST /api/tokens
  kRevokeApiToken,  // DELETE /api/tokens/{name}

  // The live feed: GET /feed (SSE) and GET /feed/ws (WebSocket), one permission.
  kFeed,

  // Operations (no token needed).
  kHealth,   // GET /health
  kMetrics,  // GET /metrics
  kOpenApi,  // GET /openapi.yaml
  kWebUi,    // GET of any other path: the web UI's files (its pages sign in through the API)
};

// Every permission, in enum order (for tables, tests and the server's route check).
const std::vector<Permission>& AllPermissions();

// A stable name for logs and metrics: "login", "command:LogContact", "client_card", ...
std::string_view PermissionName(Permission permission);

// The permission of a command (by its type), and of a command's name ("LogContact");
// nullopt for a name that is no command.
Permission CommandPermission(const domain::Command& command);
std::optional<Permission> CommandPermission(std::string_view command_name);
bool IsCommand(Permission permission);

// False for the routes anyone may call without a token: login, health, metrics, the
// OpenAPI document and the web UI's files. Authorize answers Ok for them.
bool NeedsAuthentication(Permission permission);

// The read audit's subject kind of a route whose reads by a person are recorded
// (AccessLog::RecordView): the client card, the client audit trail, the employee
// history. nullopt for every other route.
std::optional<ViewedSubject> AuditedRead(Permission permission);

// What a route is about. Fill what the route names; leave the rest empty (every member
// has a default, so designated initializers may name only some).
struct Resource {
  std::string branch_id{};    // a dashboard's branch; a list's branch filter
  std::string client_id{};    // a client's card, contact check, trail, viewers
  std::string employee_id{};  // an employee's history or agenda; a client list's assigned_to
  bool as_of = false;         // the request reads the past (as_of or as_of_seq given)
};

// Ok when `principal` may use `permission` on `resource` at `now_us`; else
// PermissionDenied with a reason a person can read, e.g. "a sales specialist sees only
// the cards of clients assigned to them or to whom they deputise". A principal whose
// employee has left (by the directory) is refused everything. A scoped role asking
// about a client or employee the directory does not know is refused like one outside
// its scope (so that a refusal does not tell which ids exist); head office and
// auditors are let through, and the route answers 404.
Status Authorize(const Principal& principal, Permission permission, const Resource& resource,
                 const projections::DirectoryView& directory, std::int64_t now_us);

}  // namespace prospekt::access
