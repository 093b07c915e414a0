// The access policy as a table: every role × scope × permission, checked against
// expectations written out here, row by row, from the design's "who (scope)" column
// (docs/design/server.md). Then the deputies, the readable reasons and the permission
// catalogue the server routes by.
#include "engine/access/policy.h"

#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/access/principal.h"
#include "tests/projections/projection_test_support.h"

namespace prospekt::access {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using projections::DirectoryView;
using projections::FoldProjection;
using testing::Logged;
using testing::UtcMicros;

const std::int64_t kT = UtcMicros(2026, 3, 2, 9);
const std::int64_t kDay = 86'400'000'000;
const std::int64_t kNow = kT + 10 * kDay;

ClientRegistered Client(std::string id, std::string branch, std::string region) {
  ClientRegistered registered;
  registered.client_id = std::move(id);
  registered.name = {PersonalText::Form::kClear, "Client"};
  registered.branch_id = std::move(branch);
  registered.region_id = std::move(region);
  return registered;
}

// Region r1 with branches b1 and b2, region r2 with b3. In b1: the head "head", sales
// specialists "s1", "s2" and "s5" (s5 away now, s1 their deputy), the credit specialist
// "k1" (department loans). "s3" sells in b2, "s4" in b3; "ho" is head office, "aud" an
// auditor, "adm" an admin. Clients: c-own (b1, s1's), c-col (b1, s2's), c-dep (b1, s5's:
// deputised by s1), c-hand (b1, s2's, handed over to loans), c-b2 (b2, s3's), c-b3 (b3,
// s4's).
std::vector<Logged> Bank() {
  std::vector<Logged> e;
  auto add = [&](DomainEvent event) { e.push_back({std::move(event), kT, "system"}); };
  add(RegionOpened{"r1", "North"});
  add(RegionOpened{"r2", "South"});
  add(BranchOpened{"b1", "r1", "Central"});
  add(BranchOpened{"b2", "r1", "Riverside"});
  add(BranchOpened{"b3", "r2", "Harbour"});
  add(DepartmentOpened{"sales", "b1", "Sales"});
  add(DepartmentOpened{"loans", "b1", "Credit"});
  add(EmployeeHired{"head", "Head", {Role::kBranchHead}, "b1", "sales"});
  add(EmployeeHired{"s1", "Seller one", {Role::kSalesSpecialist}, "b1", "sales"});
  add(EmployeeHired{"s2", "Seller two", {Role::kSalesSpecialist}, "b1", "sales"});
  add(EmployeeHired{"s5", "Seller five", {Role::kSalesSpecialist}, "b1", "sales"});
  add(EmployeeHired{"k1", "Credit one", {Role::kProductSpecialist}, "b1", "loans"});
  add(EmployeeHired{"s3", "Seller three", {Role::kSalesSpecialist}, "b2", ""});
  add(EmployeeHired{"s4", "Seller four", {Role::kSalesSpecialist}, "b3", ""});
  add(EmployeeHired{"ho", "Head office", {Role::kHeadOffice}, "", ""});
  add(EmployeeHired{"aud", "Auditor", {Role::kAuditor}, "", ""});
  add(EmployeeHired{"adm", "Admin", {Role::kAdmin}, "", ""});
  add(AbsenceRecorded{"s5", kNow - kDay, kNow + kDay, "s1", "vacation"});
  add(Client("c-own", "b1", "r1"));
  add(Client("c-col", "b1", "r1"));
  add(Client("c-dep", "b1", "r1"));
  add(Client("c-hand", "b1", "r1"));
  add(Client("c-b2", "b2", "r1"));
  add(Client("c-b3", "b3", "r2"));
  add(ClientAssigned{"c-own", "s1", {}});
  add(ClientAssigned{"c-col", "s2", {}});
  add(ClientAssigned{"c-dep", "s5", {}});
  add(ClientAssigned{"c-hand", "s2", {}});
  add(ClientAssigned{"c-b2", "s3", {}});
  add(ClientAssigned{"c-b3", "s4", {}});
  add(HandedOver{"c-hand", "loans", "loan", "s2", true});
  return e;
}

DirectoryView Directory(const std::vector<Logged>& events) {
  FoldProjection<DirectoryView> directory(projections::kDirectory);
  testing::FoldAll(directory, events);
  return directory.view();
}

// The principals of the matrix: one of each role, the branch staff in b1.
const std::vector<std::string> kActors = {"head", "s1", "k1", "ho", "aud", "adm"};

Principal PrincipalOf(const DirectoryView& directory, const std::string& employee_id) {
  Result<Principal> principal =
      ResolvePrincipal(employee_id + ".login", employee_id, false, directory);
  REQUIRE(principal.ok());
  return std::move(principal).value();
}

// The scopes a route may be asked about, as seen from the actor.
enum class Case {
  kNone,                 // names nothing (reports, the organisation, commands)
  kAsOf,                 // names nothing, as of the past
  kOwnBranch,            // b1
  kOtherBranch,          // b2, same region
  kOtherRegion,          // b3
  kOwnBranchAsOf,        // b1, as of the past
  kOwnClient,            // c-own (s1's)
  kColleagueClient,      // c-col (s2's)
  kDeputisedClient,      // c-dep (s5's, whom s1 stands in for)
  kHandedOverClient,     // c-hand (handed over to loans of b1)
  kOtherBranchClient,    // c-b2
  kOtherRegionClient,    // c-b3
  kUnknownClient,        // a client id nobody registered
  kOwnClientAsOf,        // c-own, as of the past
  kSelf,                 // the actor themself
  kSelfAsOf,             // the actor themself, as of the past
  kColleague,            // s2
  kDeputised,            // s5
  kOtherBranchEmployee,  // s3
};

Resource ResourceOf(Case scope, const std::string& actor) {
  Resource r;
  switch (scope) {
    case Case::kNone:
      break;
    case Case::kAsOf:
      r.as_of = true;
      break;
    case Case::kOwnBranch:
      r.branch_id = "b1";
      break;
    case Case::kOtherBranch:
      r.branch_id = "b2";
      break;
    case Case::kOtherRegion:
      r.branch_id = "b3";
      break;
    case Case::kOwnBranchAsOf:
      r.branch_id = "b1";
      r.as_of = true;
      break;
    case Case::kOwnClient:
      r.client_id = "c-own";
      break;
    case Case::kColleagueClient:
      r.client_id = "c-col";
      break;
    case Case::kDeputisedClient:
      r.client_id = "c-dep";
      break;
    case Case::kHandedOverClient:
      r.client_id = "c-hand";
      break;
    case Case::kOtherBranchClient:
      r.client_id = "c-b2";
      break;
    case Case::kOtherRegionClient:
      r.client_id = "c-b3";
      break;
    case Case::kUnknownClient:
      r.client_id = "c-nobody";
      break;
    case Case::kOwnClientAsOf:
      r.client_id = "c-own";
      r.as_of = true;
      break;
    case Case::kSelf:
      r.employee_id = actor;
      break;
    case Case::kSelfAsOf:
      r.employee_id = actor;
      r.as_of = true;
      break;
    case Case::kColleague:
      r.employee_id = "s2";
      break;
    case Case::kDeputised:
      r.employee_id = "s5";
      break;
    case Case::kOtherBranchEmployee:
      r.employee_id = "s3";
      break;
  }
  return r;
}

struct Row {
  Permission permission;
  Case scope;
  const char* allowed;  // the actors who may, separated by spaces
};

constexpr const char* kEveryone = "head s1 k1 ho aud adm";

// clang-format off
const std::vector<Row> kMatrix = {
  // Sessions and the organisation: any user.
  {Permission::kLogout, Case::kNone, kEveryone},
  {Permission::kMe, Case::kNone, kEveryone},
  {Permission::kOrganisation, Case::kNone, kEveryone},
  // Open routes: anyone, with or without a token.
  {Permission::kLogin, Case::kNone, kEveryone},
  {Permission::kHealth, Case::kNone, kEveryone},
  {Permission::kMetrics, Case::kNone, kEveryone},
  {Permission::kOpenApi, Case::kNone, kEveryone},
  {Permission::kWebUi, Case::kNone, kEveryone},

  // GET /api/branches/{id}/dashboard: head office, auditor: all; branch head: own branch.
  {Permission::kBranchDashboard, Case::kOwnBranch, "head ho aud"},
  {Permission::kBranchDashboard, Case::kOtherBranch, "ho aud"},
  {Permission::kBranchDashboard, Case::kOtherRegion, "ho aud"},
  {Permission::kBranchDashboard, Case::kOwnBranchAsOf, "head ho aud"},

  // GET /api/clients: head office, auditor: all; branch head: own branch; sales: own
  // assigned and deputised; product specialist: own branch.
  {Permission::kListClients, Case::kNone, "ho aud"},
  {Permission::kListClients, Case::kOwnBranch, "head k1 ho aud"},
  {Permission::kListClients, Case::kOtherBranch, "ho aud"},
  {Permission::kListClients, Case::kOtherRegion, "ho aud"},
  {Permission::kListClients, Case::kSelf, "head s1 k1 ho aud"},
  {Permission::kListClients, Case::kColleague, "head k1 ho aud"},
  {Permission::kListClients, Case::kDeputised, "head s1 k1 ho aud"},
  {Permission::kListClients, Case::kOtherBranchEmployee, "ho aud"},

  // GET /api/clients/{id}/card: head office, auditor; branch head: own branch; sales:
  // own assigned or deputised; product specialist: hand-overs to own department.
  {Permission::kClientCard, Case::kOwnClient, "head s1 ho aud"},
  {Permission::kClientCard, Case::kColleagueClient, "head ho aud"},
  {Permission::kClientCard, Case::kDeputisedClient, "head s1 ho aud"},
  {Permission::kClientCard, Case::kHandedOverClient, "head k1 ho aud"},
  {Permission::kClientCard, Case::kOtherBranchClient, "ho aud"},
  {Permission::kClientCard, Case::kOtherRegionClient, "ho aud"},
  {Permission::kClientCard, Case::kUnknownClient, "ho aud"},
  {Permission::kClientCard, Case::kOwnClientAsOf, "ho aud"},

  // GET /api/clients/{id}/contact-check: any staff of the client's region; head
  // office, auditor.
  {Permission::kContactCheck, Case::kOwnClient, "head s1 k1 ho aud"},
  {Permission::kContactCheck, Case::kColleagueClient, "head s1 k1 ho aud"},
  {Permission::kContactCheck, Case::kDeputisedClient, "head s1 k1 ho aud"},
  {Permission::kContactCheck, Case::kHandedOverClient, "head s1 k1 ho aud"},
  {Permission::kContactCheck, Case::kOtherBranchClient, "head s1 k1 ho aud"},
  {Permission::kContactCheck, Case::kOtherRegionClient, "ho aud"},
  {Permission::kContactCheck, Case::kUnknownClient, "ho aud"},

  // GET /api/clients/{id}/trail: auditor, head office; branch head: own branch; sales:
  // own assigned (and deputised).
  {Permission::kClientTrail, Case::kOwnClient, "head s1 ho aud"},
  {Permission::kClientTrail, Case::kColleagueClient, "head ho aud"},
  {Permission::kClientTrail, Case::kDeputisedClient, "head s1 ho aud"},
  {Permission::kClientTrail, Case::kHandedOverClient, "head ho aud"},
  {Permission::kClientTrail, Case::kOtherBranchClient, "ho aud"},
  {Permission::kClientTrail, Case::kOtherRegionClient, "ho aud"},
  {Permission::kClientTrail, Case::kOwnClientAsOf, "ho aud"},

  // GET /api/clients/{id}/viewers: auditor, head office.
  {Permission::kClientViewers, Case::kOwnClient, "ho aud"},
  {Permission::kClientViewers, Case::kOtherRegionClient, "ho aud"},

  // GET /api/employees: head office, auditor, admin: all; branch head: own branch.
  {Permission::kListEmployees, Case::kNone, "ho aud adm"},
  {Permission::kListEmployees, Case::kOwnBranch, "head ho aud adm"},
  {Permission::kListEmployees, Case::kOtherBranch, "ho aud adm"},
  {Permission::kListEmployees, Case::kOtherRegion, "ho aud adm"},

  // GET /api/employees/{id}/history: auditor, head office; branch head: own branch; self.
  {Permission::kEmployeeHistory, Case::kSelf, kEveryone},
  {Permission::kEmployeeHistory, Case::kColleague, "head ho aud"},
  {Permission::kEmployeeHistory, Case::kDeputised, "head s1 ho aud"},
  {Permission::kEmployeeHistory, Case::kOtherBranchEmployee, "ho aud"},
  {Permission::kEmployeeHistory, Case::kSelfAsOf, "ho aud"},

  // GET /api/employees/{id}/agenda: self, their deputy during an absence, the branch's
  // head; head office, auditor.
  {Permission::kEmployeeAgenda, Case::kSelf, "head s1 k1 ho aud"},
  {Permission::kEmployeeAgenda, Case::kColleague, "head ho aud"},
  {Permission::kEmployeeAgenda, Case::kDeputised, "head s1 ho aud"},
  {Permission::kEmployeeAgenda, Case::kOtherBranchEmployee, "ho aud"},

  // Reports: head office, auditor (also as of).
  {Permission::kHeadOfficeReport, Case::kNone, "ho aud"},
  {Permission::kHeadOfficeReport, Case::kAsOf, "ho aud"},
  {Permission::kIndustryReport, Case::kNone, "ho aud"},
  {Permission::kIndustryReport, Case::kAsOf, "ho aud"},
  {Permission::kComplianceReport, Case::kNone, "ho aud"},
  {Permission::kComplianceReport, Case::kAsOf, "ho aud"},

  // The chains, the export, the feed.
  {Permission::kChain, Case::kNone, "ho aud adm"},
  {Permission::kExport, Case::kNone, "aud"},
  {Permission::kExport, Case::kAsOf, "aud"},
  {Permission::kFeed, Case::kNone, "ho aud"},

  // Users and tokens: admin.
  {Permission::kListUsers, Case::kNone, "adm"},
  {Permission::kAddUser, Case::kNone, "adm"},
  {Permission::kChangePassword, Case::kNone, "adm"},
  {Permission::kDisableUser, Case::kNone, "adm"},
  {Permission::kCreateApiToken, Case::kNone, "adm"},
  {Permission::kRevokeApiToken, Case::kNone, "adm"},

  // Commands: the role gate (the domain decides the scope). Auditors never write;
  // admins only the organisation and its staff. s1 holds a sales specialist's rights
  // of their own and as s5's deputy.
  {Permission::kOpenRegion, Case::kNone, "ho adm"},
  {Permission::kOpenBranch, Case::kNone, "ho adm"},
  {Permission::kOpenDepartment, Case::kNone, "ho adm"},
  {Permission::kDefineProduct, Case::kNone, "ho adm"},
  {Permission::kHireEmployee, Case::kNone, "ho adm"},
  {Permission::kRecordAbsence, Case::kNone, "head s1 k1 ho adm"},
  {Permission::kChangeBranchSettings, Case::kNone, "head ho adm"},
  {Permission::kRegisterClient, Case::kNone, "head s1 k1 ho"},
  {Permission::kAssignClient, Case::kNone, "head"},
  {Permission::kSetWeeklyPlan, Case::kNone, "head"},
  {Permission::kLogContact, Case::kNone, "s1"},
  {Permission::kCloseWorkingDay, Case::kNone, "head ho"},
  {Permission::kUnassignClient, Case::kNone, "head"},
  {Permission::kReassignClient, Case::kNone, "head"},
  {Permission::kCompleteNextContact, Case::kNone, "s1"},
  {Permission::kCancelNextContact, Case::kNone, "s1"},
  {Permission::kAcceptHandOver, Case::kNone, "k1"},
  {Permission::kReturnHandOver, Case::kNone, "k1"},
  {Permission::kAssignTask, Case::kNone, "head"},
  {Permission::kCompleteTask, Case::kNone, "head s1 k1"},
  {Permission::kChangeClientStatus, Case::kNone, "head s1"},
  {Permission::kCorrectClientDetails, Case::kNone, "head s1 k1 ho"},
  {Permission::kLinkClients, Case::kNone, "head s1 k1 ho"},
  {Permission::kUnlinkClients, Case::kNone, "head s1 k1 ho"},
  {Permission::kRecordSatisfaction, Case::kNone, "head s1 k1 ho"},
  {Permission::kChangeEmployeeRoles, Case::kNone, "ho adm"},
  {Permission::kTransferEmployee, Case::kNone, "ho adm"},
  {Permission::kEmployeeLeaves, Case::kNone, "ho adm"},
  {Permission::kLaunchCampaign, Case::kNone, "head"},
  {Permission::kEnrollClient, Case::kNone, "head s1 k1"},
  {Permission::kCloseCampaign, Case::kNone, "head"},
  {Permission::kMergeDuplicateClient, Case::kNone, "head ho"},
  {Permission::kUnmergeClient, Case::kNone, "head ho"},
  {Permission::kEraseClientData, Case::kNone, "ho"},
};
// clang-format on

std::set<std::string> Split(const char* actors) {
  std::set<std::string> out;
  std::istringstream in(actors);
  for (std::string actor; in >> actor;) out.insert(actor);
  return out;
}

TEST_CASE("the policy matrix: every role, scope and permission", "[access][policy]") {
  const DirectoryView directory = Directory(Bank());
  std::set<Permission> covered;
  for (const Row& row : kMatrix) {
    covered.insert(row.permission);
    const std::set<std::string> allowed = Split(row.allowed);
    for (const std::string& actor : kActors) {
      const Principal principal = PrincipalOf(directory, actor);
      const Resource resource = ResourceOf(row.scope, actor);
      const Status status = Authorize(principal, row.permission, resource, directory, kNow);
      INFO(PermissionName(row.permission) << ", case " << static_cast<int>(row.scope) << ", "
                                          << actor << ": " << status.ToString());
      if (allowed.count(actor) > 0) {
        CHECK(status.ok());
      } else {
        CHECK(status.code() == StatusCode::kPermissionDenied);
        CHECK_FALSE(status.message().empty());
      }
    }
  }
  // Every route of the API is in the matrix.
  for (Permission permission : AllPermissions()) {
    INFO(PermissionName(permission));
    CHECK(covered.count(permission) == 1);
  }
}

TEST_CASE("a deputy has the absent employee's scope only while the absence lasts",
          "[access][policy]") {
  std::vector<Logged> events = Bank();
  // The head is away for two days; s2 stands in.
  events.push_back({AbsenceRecorded{"head", kNow, kNow + 2 * kDay, "s2", "illness"}, kT, "head"});
  const DirectoryView directory = Directory(events);
  const Principal s2 = PrincipalOf(directory, "s2");
  const Resource b1{.branch_id = "b1"};
  CHECK_FALSE(Authorize(s2, Permission::kBranchDashboard, b1, directory, kNow - 1).ok());
  CHECK(Authorize(s2, Permission::kBranchDashboard, b1, directory, kNow).ok());
  CHECK(Authorize(s2, Permission::kBranchDashboard, Resource{.branch_id = "b1", .as_of = true},
                  directory, kNow)
            .ok());
  CHECK(
      Authorize(s2, Permission::kClientCard, Resource{.client_id = "c-own"}, directory, kNow).ok());
  CHECK(Authorize(s2, Permission::kAssignClient, {}, directory, kNow).ok());
  CHECK(Authorize(s2, Permission::kEmployeeAgenda, Resource{.employee_id = "head"}, directory,
                  kNow + kDay)
            .ok());
  // The head's scope is b1's, not b2's.
  CHECK_FALSE(
      Authorize(s2, Permission::kBranchDashboard, Resource{.branch_id = "b2"}, directory, kNow)
          .ok());
  // Over: back to a sales specialist's rights.
  CHECK_FALSE(Authorize(s2, Permission::kBranchDashboard, b1, directory, kNow + 2 * kDay).ok());
  CHECK_FALSE(Authorize(s2, Permission::kAssignClient, {}, directory, kNow + 2 * kDay).ok());

  // s1 stands in for s5 from kNow - 1 day to kNow + 1 day only.
  const Principal s1 = PrincipalOf(directory, "s1");
  const Resource deputised{.client_id = "c-dep"};
  CHECK(Authorize(s1, Permission::kClientCard, deputised, directory, kNow).ok());
  CHECK_FALSE(Authorize(s1, Permission::kClientCard, deputised, directory, kNow + kDay).ok());
  CHECK_FALSE(Authorize(s1, Permission::kClientCard, deputised, directory, kNow - kDay - 1).ok());
}

TEST_CASE("a refusal says why, in words", "[access][policy]") {
  const DirectoryView directory = Directory(Bank());
  auto reason = [&](const std::string& actor, Permission permission, const Resource& resource) {
    const Status status =
        Authorize(PrincipalOf(directory, actor), permission, resource, directory, kNow);
    REQUIRE(status.code() == StatusCode::kPermissionDenied);
    return status.message();
  };
  CHECK(reason("s1", Permission::kClientCard, {.client_id = "c-col"}) ==
        "a sales specialist sees only the cards of clients assigned to them or to whom they "
        "deputise");
  CHECK(reason("head", Permission::kClientCard, {.client_id = "c-b2"}) ==
        "a branch head sees only the cards of clients of their own branch");
  CHECK(reason("k1", Permission::kClientCard, {.client_id = "c-own"}) ==
        "a product specialist sees only the cards of clients handed over to their department");
  CHECK(reason("s1", Permission::kContactCheck, {.client_id = "c-b3"}) ==
        "a sales specialist checks only clients of their own region");
  CHECK(reason("adm", Permission::kClientCard, {.client_id = "c-own"}) ==
        "only head office, auditors, branch heads, sales specialists and product specialists "
        "may see a client's card");
  CHECK(reason("s1", Permission::kClientViewers, {.client_id = "c-own"}) ==
        "only head office and auditors may see who viewed a client");
  CHECK(reason("aud", Permission::kLogContact, {}) ==
        "only sales specialists may issue LogContact");
  CHECK(reason("adm", Permission::kEraseClientData, {}) ==
        "only head office may issue EraseClientData");
  CHECK(reason("ho", Permission::kAddUser, {}) == "only admins may add users");
  CHECK_THAT(reason("s1", Permission::kClientCard, {.client_id = "c-own", .as_of = true}),
             Catch::StartsWith("only auditors and head office read the log as it stood"));
  CHECK(reason("adm", Permission::kEmployeeHistory, {.employee_id = "s1"}) ==
        "an admin sees only their own history");
}

TEST_CASE("nobody who has left is authorized, and a leaver is not a principal",
          "[access][policy]") {
  std::vector<Logged> events = Bank();
  const DirectoryView before = Directory(events);
  const Principal s1 = PrincipalOf(before, "s1");
  events.push_back({EmployeeLeft{"s1"}, kT, "ho"});
  const DirectoryView after = Directory(events);
  const Status status = Authorize(s1, Permission::kClientCard, {.client_id = "c-own"}, after, kNow);
  CHECK(status.code() == StatusCode::kPermissionDenied);
  CHECK(status.message() == "employee s1 has left the bank");
  CHECK(Authorize(s1, Permission::kMe, {}, after, kNow).code() == StatusCode::kPermissionDenied);
  // The routes open to anyone stay open.
  CHECK(Authorize(s1, Permission::kHealth, {}, after, kNow).ok());
  // The others keep their rights, and the leaver resolves to no principal any more.
  CHECK(ResolvePrincipal("s1.login", "s1", false, after).status().code() ==
        StatusCode::kPermissionDenied);
  const Principal head = PrincipalOf(after, "head");
  CHECK(Authorize(head, Permission::kClientCard, {.client_id = "c-own"}, after, kNow).ok());
}

TEST_CASE("the permission catalogue the server routes by", "[access][policy]") {
  // One permission per command, by its type and by its name, in the same order.
  const std::vector<std::pair<domain::Command, std::string>> commands = {
      {OpenRegion{}, "OpenRegion"},
      {OpenBranch{}, "OpenBranch"},
      {OpenDepartment{}, "OpenDepartment"},
      {DefineProduct{}, "DefineProduct"},
      {HireEmployee{}, "HireEmployee"},
      {RecordAbsence{}, "RecordAbsence"},
      {ChangeBranchSettings{}, "ChangeBranchSettings"},
      {RegisterClient{}, "RegisterClient"},
      {AssignClient{}, "AssignClient"},
      {SetWeeklyPlan{}, "SetWeeklyPlan"},
      {LogContact{}, "LogContact"},
      {CloseWorkingDay{}, "CloseWorkingDay"},
      {UnassignClient{}, "UnassignClient"},
      {ReassignClient{}, "ReassignClient"},
      {CompleteNextContact{}, "CompleteNextContact"},
      {CancelNextContact{}, "CancelNextContact"},
      {AcceptHandOver{}, "AcceptHandOver"},
      {ReturnHandOver{}, "ReturnHandOver"},
      {AssignTask{}, "AssignTask"},
      {CompleteTask{}, "CompleteTask"},
      {ChangeClientStatus{}, "ChangeClientStatus"},
      {CorrectClientDetails{}, "CorrectClientDetails"},
      {LinkClients{}, "LinkClients"},
      {UnlinkClients{}, "UnlinkClients"},
      {RecordSatisfaction{}, "RecordSatisfaction"},
      {ChangeEmployeeRoles{}, "ChangeEmployeeRoles"},
      {TransferEmployee{}, "TransferEmployee"},
      {EmployeeLeaves{}, "EmployeeLeaves"},
      {LaunchCampaign{}, "LaunchCampaign"},
      {EnrollClient{}, "EnrollClient"},
      {CloseCampaign{}, "CloseCampaign"},
      {MergeDuplicateClient{}, "MergeDuplicateClient"},
      {UnmergeClient{}, "UnmergeClient"},
      {EraseClientData{}, "EraseClientData"},
  };
  REQUIRE(commands.size() == std::variant_size_v<domain::Command>);
  for (const auto& [command, name] : commands) {
    INFO(name);
    const Permission permission = CommandPermission(command);
    CHECK(IsCommand(permission));
    CHECK(CommandPermission(std::string_view(name)) == permission);
    CHECK(PermissionName(permission) == "command:" + name);
  }
  CHECK(CommandPermission(std::string_view("NoSuchCommand")) == std::nullopt);
  CHECK(CommandPermission(LogContact{}) == Permission::kLogContact);

  std::set<std::string_view> names;
  for (Permission permission : AllPermissions()) {
    const std::string_view name = PermissionName(permission);
    CHECK(name != "unknown");
    CHECK(names.insert(name).second);
  }
  CHECK_FALSE(NeedsAuthentication(Permission::kLogin));
  CHECK_FALSE(NeedsAuthentication(Permission::kHealth));
  CHECK(NeedsAuthentication(Permission::kMe));
  CHECK(AuditedRead(Permission::kClientCard) == ViewedSubject::kCard);
  CHECK(AuditedRead(Permission::kClientTrail) == ViewedSubject::kTrail);
  CHECK(AuditedRead(Permission::kEmployeeHistory) == ViewedSubject::kHistory);
  int audited = 0;
  for (Permission permission : AllPermissions()) audited += AuditedRead(permission) ? 1 : 0;
  CHECK(audited == 3);
}

}  // namespace
}  // namespace prospekt::access
