// The policy as a table: for each permission, the roles granted it, each with its scope,
// whether it may read the past, and how a refusal reads. Authorize walks the table for
// the principal and for everyone they deputise for at the time asked.
#include "engine/access/policy.h"

#include <algorithm>
#include <array>
#include <utility>

namespace prospekt::access {
namespace {

using domain::Role;
using projections::DirectoryClient;
using projections::DirectoryEmployee;
using projections::DirectoryView;

// Which part of the bank a grant reaches.
enum class Scope : std::uint8_t {
  kAll,        // the whole bank
  kOwnBranch,  // the resource's branch is the employee's
  kOwnRegion,  // the resource's region is the employee's
  kAssigned,   // the client is assigned to the employee (a list: assigned_to is them)
  kHandOver,   // the client was handed over to the employee's department in its branch
  kSelf,       // the resource is the employee themself
};

struct Grant {
  Role role;
  Scope scope = Scope::kAll;
  bool as_of = false;  // may read the past
  // How a refusal reads after "a <role> " ("sees only ..."); unused for kAll.
  std::string_view refusal;
};

struct Rule {
  std::string_view what;  // "only <roles> may <what>"
  std::vector<Grant> grants;
};

// In domain::Command's order; the Permission enum lists the commands in the same order.
constexpr std::array<std::string_view, 34> kCommandNames = {
    "OpenRegion",         "OpenBranch",           "OpenDepartment",       "DefineProduct",
    "HireEmployee",       "RecordAbsence",        "ChangeBranchSettings", "RegisterClient",
    "AssignClient",       "SetWeeklyPlan",        "LogContact",           "CloseWorkingDay",
    "UnassignClient",     "ReassignClient",       "CompleteNextContact",  "CancelNextContact",
    "AcceptHandOver",     "ReturnHandOver",       "AssignTask",           "CompleteTask",
    "ChangeClientStatus", "CorrectClientDetails", "LinkClients",          "UnlinkClients",
    "RecordSatisfaction", "ChangeEmployeeRoles",  "TransferEmployee",     "EmployeeLeaves",
    "LaunchCampaign",     "EnrollClient",         "CloseCampaign",        "MergeDuplicateClient",
    "UnmergeClient",      "EraseClientData"};
static_assert(kCommandNames.size() == std::variant_size_v<domain::Command>);
static_assert(static_cast<std::size_t>(Permission::kEraseClientData) -
                  static_cast<std::size_t>(Permission::kOpenRegion) + 1 ==
              kCommandNames.size());

constexpr std::size_t kPermissionCount = static_cast<std::size_t>(Permission::kWebUi) + 1;

std::size_t CommandIndex(Permission permission) {
  return static_cast<std::size_t>(permission) - static_cast<std::size_t>(Permission::kOpenRegion);
}

constexpr Role kHo = Role::kHeadOffice;
constexpr Role kAuditor = Role::kAuditor;
constexpr Role kAdmin = Role::kAdmin;
constexpr Role kHead = Role::kBranchHead;
constexpr Role kSales = Role::kSalesSpecialist;
constexpr Role kProduct = Role::kProductSpecialist;
constexpr std::array<Role, 6> kAllRoles = {kHo, kAuditor, kAdmin, kHead, kSales, kProduct};

// The whole bank, also as of the past.
Grant Everything(Role role) { return Grant{role, Scope::kAll, true, {}}; }
// The whole bank, now.
Grant All(Role role) { return Grant{role, Scope::kAll, false, {}}; }
Grant Scoped(Role role, Scope scope, std::string_view refusal) {
  return Grant{role, scope, false, refusal};
}

Rule AnyUser(std::string_view what) {
  Rule rule{what, {}};
  for (Role role : kAllRoles) rule.grants.push_back(All(role));
  return rule;
}

// The role gate of a command: who may ever issue it (the domain checks the scope).
std::vector<Role> CommandRoles(Permission permission) {
  switch (permission) {
    case Permission::kOpenRegion:
    case Permission::kOpenBranch:
    case Permission::kOpenDepartment:
    case Permission::kDefineProduct:
    case Permission::kHireEmployee:
    case Permission::kChangeEmployeeRoles:
    case Permission::kTransferEmployee:
    case Permission::kEmployeeLeaves:
      return {kHo, kAdmin};
    case Permission::kRecordAbsence:  // one's own, or as head office, admin or branch head
      return {kHo, kAdmin, kHead, kSales, kProduct};
    case Permission::kChangeBranchSettings:
      return {kHo, kAdmin, kHead};
    case Permission::kRegisterClient:
    case Permission::kCorrectClientDetails:
    case Permission::kLinkClients:
    case Permission::kUnlinkClients:
    case Permission::kRecordSatisfaction:
      return {kHo, kHead, kSales, kProduct};
    case Permission::kAssignClient:
    case Permission::kSetWeeklyPlan:
    case Permission::kUnassignClient:
    case Permission::kReassignClient:
    case Permission::kAssignTask:
    case Permission::kLaunchCampaign:
    case Permission::kCloseCampaign:
      return {kHead};
    case Permission::kLogContact:
    case Permission::kCompleteNextContact:
    case Permission::kCancelNextContact:
      return {kSales};
    case Permission::kCloseWorkingDay:
    case Permission::kMergeDuplicateClient:
    case Permission::kUnmergeClient:
      return {kHo, kHead};
    case Permission::kAcceptHandOver:
    case Permission::kReturnHandOver:
      return {kProduct};
    case Permission::kCompleteTask:
    case Permission::kEnrollClient:
      return {kHead, kSales, kProduct};
    case Permission::kChangeClientStatus:
      return {kHead, kSales};
    case Permission::kEraseClientData:
      return {kHo};
    default:
      return {};
  }
}

Rule MakeRule(Permission permission) {
  if (IsCommand(permission)) {
    Rule rule{{}, {}};
    for (Role role : CommandRoles(permission)) rule.grants.push_back(All(role));
    return rule;  // `what` is "issue <Command>", written by NobodyOfTheseRoles
  }
  switch (permission) {
    case Permission::kLogout:
      return AnyUser("log out");
    case Permission::kMe:
      return AnyUser("see themselves");
    case Permission::kOrganisation:
      return AnyUser("see the organisation");
    case Permission::kBranchDashboard:
      return {
          "see a branch's dashboard",
          {Everything(kHo), Everything(kAuditor),
           Grant{kHead, Scope::kOwnBranch, true, "sees only the dashboard of their own branch"}}};
    case Permission::kListClients:
      return {"list clients",
              {All(kHo), All(kAuditor),
               Scoped(kHead, Scope::kOwnBranch,
                      "lists only the clients of their own branch (branch=their branch)"),
               Scoped(kSales, Scope::kAssigned,
                      "lists only the clients assigned to them or to whom they deputise "
                      "(assigned_to=their id)"),
               Scoped(kProduct, Scope::kOwnBranch,
                      "lists only the clients of their own branch (branch=their branch)")}};
    case Permission::kClientCard:
      return {
          "see a client's card",
          {Everything(kHo), Everything(kAuditor),
           Scoped(kHead, Scope::kOwnBranch, "sees only the cards of clients of their own branch"),
           Scoped(kSales, Scope::kAssigned,
                  "sees only the cards of clients assigned to them or to whom they deputise"),
           Scoped(kProduct, Scope::kHandOver,
                  "sees only the cards of clients handed over to their department")}};
    case Permission::kContactCheck:
      return {"check a client's last contact",
              {All(kHo), All(kAuditor),
               Scoped(kHead, Scope::kOwnRegion, "checks only clients of their own region"),
               Scoped(kSales, Scope::kOwnRegion, "checks only clients of their own region"),
               Scoped(kProduct, Scope::kOwnRegion, "checks only clients of their own region")}};
    case Permission::kClientTrail:
      return {"see a client's audit trail",
              {Everything(kHo), Everything(kAuditor),
               Scoped(kHead, Scope::kOwnBranch,
                      "sees only the audit trails of clients of their own branch"),
               Scoped(kSales, Scope::kAssigned,
                      "sees only the audit trails of clients assigned to them or to whom they "
                      "deputise")}};
    case Permission::kClientViewers:
      return {"see who viewed a client", {All(kHo), All(kAuditor)}};
    case Permission::kListEmployees:
      return {"list employees",
              {All(kHo), All(kAuditor), All(kAdmin),
               Scoped(kHead, Scope::kOwnBranch,
                      "lists only the employees of their own branch (branch=their branch)")}};
    case Permission::kEmployeeHistory:
      return {"see an employee's history",
              {Everything(kHo), Everything(kAuditor),
               Scoped(kHead, Scope::kOwnBranch,
                      "sees only the histories of the employees of their own branch"),
               Scoped(kSales, Scope::kSelf,
                      "sees only their own history or that of whom they deputise for"),
               Scoped(kProduct, Scope::kSelf,
                      "sees only their own history or that of whom they deputise for"),
               Scoped(kAdmin, Scope::kSelf, "sees only their own history")}};
    case Permission::kEmployeeAgenda:
      return {"see an employee's agenda",
              {All(kHo), All(kAuditor),
               Scoped(kHead, Scope::kOwnBranch,
                      "sees only the agendas of the employees of their own branch"),
               Scoped(kSales, Scope::kSelf,
                      "sees only their own agenda or that of whom they deputise for"),
               Scoped(kProduct, Scope::kSelf,
                      "sees only their own agenda or that of whom they deputise for")}};
    case Permission::kHeadOfficeReport:
      return {"see the head-office report", {Everything(kHo), Everything(kAuditor)}};
    case Permission::kIndustryReport:
      return {"see the industry report", {Everything(kHo), Everything(kAuditor)}};
    case Permission::kComplianceReport:
      return {"see the compliance report", {Everything(kHo), Everything(kAuditor)}};
    case Permission::kChain:
      return {"see the state of the logs' chains", {All(kHo), All(kAuditor), All(kAdmin)}};
    case Permission::kExport:
      return {"export the log", {Everything(kAuditor)}};
    case Permission::kListUsers:
      return {"list users", {All(kAdmin)}};
    case Permission::kAddUser:
      return {"add users", {All(kAdmin)}};
    case Permission::kChangePassword:
      return {"change passwords", {All(kAdmin)}};
    case Permission::kDisableUser:
      return {"disable users", {All(kAdmin)}};
    case Permission::kCreateApiToken:
      return {"create API tokens", {All(kAdmin)}};
    case Permission::kRevokeApiToken:
      return {"revoke API tokens", {All(kAdmin)}};
    case Permission::kFeed:
      return {"follow the live feed", {All(kHo), All(kAuditor)}};
    default:
      return {};  // the routes open to anyone never reach the table
  }
}

const std::vector<Rule>& Rules() {
  static const std::vector<Rule> kRules = [] {
    std::vector<Rule> rules;
    for (Permission permission : AllPermissions()) rules.push_back(MakeRule(permission));
    return rules;
  }();
  return kRules;
}

// Someone whose scope a request may use: the principal, or an employee they deputise for.
struct Identity {
  std::string_view employee_id;
  const std::vector<Role>* roles;
  std::string_view branch_id, region_id, department_id;
};

bool Holds(const Identity& identity, Role role) {
  return std::find(identity.roles->begin(), identity.roles->end(), role) != identity.roles->end();
}

bool InScope(Scope scope, const Identity& who, const Resource& resource,
             const DirectoryView& directory) {
  const DirectoryClient* client =
      resource.client_id.empty() ? nullptr : projections::FindClient(directory, resource.client_id);
  switch (scope) {
    case Scope::kAll:
      return true;
    case Scope::kOwnBranch: {
      // A client's branch; else the branch named; else the employee's (a list of an
      // employee's clients, an employee's history or agenda).
      std::string_view branch;
      if (!resource.client_id.empty()) {
        if (client != nullptr) branch = client->branch_id;
      } else if (!resource.branch_id.empty()) {
        branch = resource.branch_id;
      } else if (!resource.employee_id.empty()) {
        const DirectoryEmployee* employee =
            projections::FindEmployee(directory, resource.employee_id);
        if (employee != nullptr) branch = employee->branch_id;
      }
      return !branch.empty() && branch == who.branch_id;
    }
    case Scope::kOwnRegion: {
      std::string_view region;
      if (client != nullptr) {
        region = client->region_id;
      } else if (resource.client_id.empty() && !resource.branch_id.empty()) {
        const projections::DirectoryBranch* branch =
            projections::FindBranch(directory, resource.branch_id);
        if (branch != nullptr) region = branch->region_id;
      }
      return !region.empty() && region == who.region_id;
    }
    case Scope::kAssigned:
      if (!resource.client_id.empty()) {
        return client != nullptr && !client->assigned_employee_id.empty() &&
               client->assigned_employee_id == who.employee_id;
      }
      return !resource.employee_id.empty() && resource.employee_id == who.employee_id;
    case Scope::kHandOver:
      return client != nullptr && !who.department_id.empty() &&
             client->branch_id == who.branch_id &&
             client->hand_overs.find(std::string(who.department_id)) != client->hand_overs.end();
    case Scope::kSelf:
      return !resource.employee_id.empty() && resource.employee_id == who.employee_id;
  }
  return false;
}

std::string_view Singular(Role role) {
  switch (role) {
    case Role::kBranchHead:
      return "branch head";
    case Role::kSalesSpecialist:
      return "sales specialist";
    case Role::kProductSpecialist:
      return "product specialist";
    case Role::kHeadOffice:
      return "head office employee";
    case Role::kAuditor:
      return "auditor";
    case Role::kAdmin:
      return "admin";
  }
  return "employee";
}

std::string_view Plural(Role role) {
  switch (role) {
    case Role::kBranchHead:
      return "branch heads";
    case Role::kSalesSpecialist:
      return "sales specialists";
    case Role::kProductSpecialist:
      return "product specialists";
    case Role::kHeadOffice:
      return "head office";
    case Role::kAuditor:
      return "auditors";
    case Role::kAdmin:
      return "admins";
  }
  return "employees";
}

// "only head office and auditors may see who viewed a client".
std::string NobodyOfTheseRoles(Permission permission, const Rule& rule) {
  std::vector<Role> roles;
  for (const Grant& grant : rule.grants) {
    if (std::find(roles.begin(), roles.end(), grant.role) == roles.end()) {
      roles.push_back(grant.role);
    }
  }
  const std::string what = IsCommand(permission)
                               ? "issue " + std::string(kCommandNames[CommandIndex(permission)])
                               : std::string(rule.what);
  if (roles.empty()) return "nobody may " + what;
  std::string who;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (i > 0) who += i + 1 == roles.size() ? " and " : ", ";
    who += Plural(roles[i]);
  }
  return "only " + who + " may " + what;
}

}  // namespace

const std::vector<Permission>& AllPermissions() {
  static const std::vector<Permission> kAll = [] {
    std::vector<Permission> all;
    for (std::size_t i = 0; i < kPermissionCount; ++i) all.push_back(static_cast<Permission>(i));
    return all;
  }();
  return kAll;
}

bool IsCommand(Permission permission) {
  return permission >= Permission::kOpenRegion && permission <= Permission::kEraseClientData;
}

Permission CommandPermission(const domain::Command& command) {
  return static_cast<Permission>(static_cast<std::size_t>(Permission::kOpenRegion) +
                                 command.index());
}

std::optional<Permission> CommandPermission(std::string_view command_name) {
  auto it = std::find(kCommandNames.begin(), kCommandNames.end(), command_name);
  if (it == kCommandNames.end()) return std::nullopt;
  return static_cast<Permission>(static_cast<std::size_t>(Permission::kOpenRegion) +
                                 static_cast<std::size_t>(it - kCommandNames.begin()));
}

std::string_view PermissionName(Permission permission) {
  if (IsCommand(permission)) {
    static const std::array<std::string, kCommandNames.size()> kNames = [] {
      std::array<std::string, kCommandNames.size()> names;
      for (std::size_t i = 0; i < names.size(); ++i) {
        names[i] = "command:" + std::string(kCommandNames[i]);
      }
      return names;
    }();
    return kNames[CommandIndex(permission)];
  }
  switch (permission) {
    case Permission::kLogin:
      return "login";
    case Permission::kLogout:
      return "logout";
    case Permission::kMe:
      return "me";
    case Permission::kBranchDashboard:
      return "branch_dashboard";
    case Permission::kListClients:
      return "list_clients";
    case Permission::kClientCard:
      return "client_card";
    case Permission::kContactCheck:
      return "contact_check";
    case Permission::kClientTrail:
      return "client_trail";
    case Permission::kClientViewers:
      return "client_viewers";
    case Permission::kListEmployees:
      return "list_employees";
    case Permission::kEmployeeHistory:
      return "employee_history";
    case Permission::kEmployeeAgenda:
      return "employee_agenda";
    case Permission::kOrganisation:
      return "organisation";
    case Permission::kHeadOfficeReport:
      return "head_office_report";
    case Permission::kIndustryReport:
      return "industry_report";
    case Permission::kComplianceReport:
      return "compliance_report";
    case Permission::kChain:
      return "chain";
    case Permission::kExport:
      return "export";
    case Permission::kListUsers:
      return "list_users";
    case Permission::kAddUser:
      return "add_user";
    case Permission::kChangePassword:
      return "change_password";
    case Permission::kDisableUser:
      return "disable_user";
    case Permission::kCreateApiToken:
      return "create_api_token";
    case Permission::kRevokeApiToken:
      return "revoke_api_token";
    case Permission::kFeed:
      return "feed";
    case Permission::kHealth:
      return "health";
    case Permission::kMetrics:
      return "metrics";
    case Permission::kOpenApi:
      return "openapi";
    case Permission::kWebUi:
      return "web_ui";
    default:
      return "unknown";
  }
}

bool NeedsAuthentication(Permission permission) {
  return permission != Permission::kLogin && permission != Permission::kHealth &&
         permission != Permission::kMetrics && permission != Permission::kOpenApi &&
         permission != Permission::kWebUi;
}

std::optional<ViewedSubject> AuditedRead(Permission permission) {
  switch (permission) {
    case Permission::kClientCard:
      return ViewedSubject::kCard;
    case Permission::kClientTrail:
      return ViewedSubject::kTrail;
    case Permission::kEmployeeHistory:
      return ViewedSubject::kHistory;
    default:
      return std::nullopt;
  }
}

Status Authorize(const Principal& principal, Permission permission, const Resource& resource,
                 const DirectoryView& directory, std::int64_t now_us) {
  if (!NeedsAuthentication(permission)) return Status::Ok();
  const DirectoryEmployee* self = projections::FindEmployee(directory, principal.employee_id);
  if (self == nullptr) {
    return Status::PermissionDenied("the bank does not know employee " + principal.employee_id);
  }
  if (self->left) {
    return Status::PermissionDenied("employee " + principal.employee_id + " has left the bank");
  }
  std::vector<Identity> identities;
  identities.push_back(Identity{principal.employee_id, &principal.roles, principal.branch_id,
                                principal.region_id, principal.department_id});
  for (const DirectoryEmployee* absent :
       projections::DeputisedAt(directory, principal.employee_id, now_us)) {
    identities.push_back(Identity{absent->employee_id, &absent->roles, absent->branch_id,
                                  absent->region_id, absent->department_id});
  }

  const Rule& rule = Rules()[static_cast<std::size_t>(permission)];
  const Grant* own_refusal = nullptr;
  bool past_refused = false;
  for (std::size_t i = 0; i < identities.size(); ++i) {
    for (const Grant& grant : rule.grants) {
      if (!Holds(identities[i], grant.role)) continue;
      if (resource.as_of && !grant.as_of) {
        past_refused = past_refused || i == 0;
        continue;
      }
      if (InScope(grant.scope, identities[i], resource, directory)) return Status::Ok();
      if (i == 0 && own_refusal == nullptr) own_refusal = &grant;
    }
  }
  if (own_refusal != nullptr) {
    const std::string_view role = Singular(own_refusal->role);
    const bool vowel = role.front() == 'a' || role.front() == 'e' || role.front() == 'i' ||
                       role.front() == 'o' || role.front() == 'u';
    return Status::PermissionDenied((vowel ? "an " : "a ") + std::string(role) + " " +
                                    std::string(own_refusal->refusal));
  }
  if (past_refused) {
    return Status::PermissionDenied(
        "only auditors and head office read the log as it stood in the past (as_of, "
        "as_of_seq); branch heads only their own branch's dashboard");
  }
  return Status::PermissionDenied(NobodyOfTheseRoles(permission, rule));
}

}  // namespace prospekt::access
