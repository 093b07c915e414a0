// The authorization matrix over HTTP: every route of the bank, asked by each role (and
// by no one), is refused (401 without a token, 403 with the policy's reason) or let
// through exactly as the issue's access rules say. A route added without a row here
// fails the completeness check, so no route escapes the matrix.
//
// "Let through" means neither 401 nor 403: a command's body is "{}", which an allowed
// role gets refused as 400 (nothing is written), and a read answers 200 or 404.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "engine/server/router.h"
#include "tests/engine/server/routes/bank_test_server.h"

namespace prospekt::server::testing {
namespace {

// The logins of BankTestServer, in the order of the expectation strings below, and the
// role letter of each: o head office, a auditor, d admin, h branch head, s sales, p
// product (credit) specialist. head2 and sales3 work in b2, the others' scope is b1.
const std::vector<std::string> kLogins = {"office", "auditor", "admin", "head1",
                                          "sales1", "credit1", "head2", "sales3"};
constexpr char kRoleOf[] = "oadhsphs";

struct Row {
  const char* method;
  const char* template_path;  // the route, as Router::Routes() lists it
  std::string target;         // what is asked
  // One character per login of kLogins: Y let through, N refused (403), - not asked
  // (a feed would stream on; logging out would end the session).
  std::string expected;
};

// The reads and the other non-command routes, with the resources of branch b1.
std::vector<Row> ReadRows() {
  return {
      // clang-format off
      //                                                                                          oadhsphs
      {"POST", "/api/logout", "/api/logout",                                                     "--------"},
      {"GET", "/api/me", "/api/me",                                                              "YYYYYYYY"},
      {"GET", "/api/organisation", "/api/organisation",                                          "YYYYYYYY"},
      {"GET", "/api/branches/{branch_id}/dashboard", "/api/branches/b1/dashboard?week=2026-W10", "YYNYNNNN"},
      {"GET", "/api/clients", "/api/clients?branch=b1",                                          "YYNYNYNN"},
      {"GET", "/api/clients/{client_id}/card", "/api/clients/c1/card",                           "YYNYYNNN"},
      {"GET", "/api/clients/{client_id}/contact-check", "/api/clients/c1/contact-check",         "YYNYYYYY"},
      {"GET", "/api/clients/{client_id}/trail", "/api/clients/c1/trail",                         "YYNYYNNN"},
      {"GET", "/api/clients/{client_id}/viewers", "/api/clients/c1/viewers",                     "YYNNNNNN"},
      {"GET", "/api/employees", "/api/employees?branch=b1",                                      "YYYYNNNN"},
      {"GET", "/api/employees/{employee_id}/history", "/api/employees/b1-s1/history",            "YYNYYNNN"},
      {"GET", "/api/employees/{employee_id}/agenda", "/api/employees/b1-s1/agenda",              "YYNYYNNN"},
      {"GET", "/api/reports/head-office", "/api/reports/head-office?from_week=2026-W09&until_week=2026-W10", "YYNNNNNN"},
      {"GET", "/api/reports/industry", "/api/reports/industry",                                  "YYNNNNNN"},
      {"GET", "/api/reports/compliance", "/api/reports/compliance?from=2026-03-01&until=2026-03-31", "YYNNNNNN"},
      {"GET", "/api/chain", "/api/chain",                                                        "YYYNNNNN"},
      {"GET", "/api/export", "/api/export?from=1&to=5",                                          "NYNNNNNN"},
      {"GET", "/api/users", "/api/users",                                                        "NNYNNNNN"},
      {"POST", "/api/users", "/api/users",                                                       "NNYNNNNN"},
      {"POST", "/api/users/{login}/password", "/api/users/sales2/password",                      "NNYNNNNN"},
      {"POST", "/api/users/{login}/disable", "/api/users/sales2/disable",                        "NNYNNNNN"},
      {"POST", "/api/tokens", "/api/tokens",                                                     "NNYNNNNN"},
      {"DELETE", "/api/tokens/{name}", "/api/tokens/no-such-token",                              "NNYNNNNN"},
      {"GET", "/feed", "/feed?from=1",                                                           "--NNNNNN"},
      {"GET", "/feed/ws", "/feed/ws?from=1",                                                     "--NNNNNN"},
      {"GET", "/api/branches/{branch_id}/changes", "/api/branches/b1/changes",                   "--N-NNNN"},
      // clang-format on
  };
}

// Which roles may issue each command (the issue's rules; the domain then checks the
// scope: which branch, whose client).
struct CommandRoles {
  const char* command;
  const char* roles;  // letters of kRoleOf
};
constexpr CommandRoles kCommandRoles[] = {
    {"OpenRegion", "od"},
    {"OpenBranch", "od"},
    {"OpenDepartment", "od"},
    {"DefineProduct", "od"},
    {"HireEmployee", "od"},
    {"ChangeEmployeeRoles", "od"},
    {"TransferEmployee", "od"},
    {"EmployeeLeaves", "od"},
    {"RecordAbsence", "odhsp"},
    {"ChangeBranchSettings", "odh"},
    {"RegisterClient", "ohsp"},
    {"CorrectClientDetails", "ohsp"},
    {"LinkClients", "ohsp"},
    {"UnlinkClients", "ohsp"},
    {"RecordSatisfaction", "ohsp"},
    {"AssignClient", "h"},
    {"SetWeeklyPlan", "h"},
    {"UnassignClient", "h"},
    {"ReassignClient", "h"},
    {"AssignTask", "h"},
    {"LaunchCampaign", "h"},
    {"CloseCampaign", "h"},
    {"LogContact", "s"},
    {"CompleteNextContact", "s"},
    {"CancelNextContact", "s"},
    {"CloseWorkingDay", "oh"},
    {"MergeDuplicateClient", "oh"},
    {"UnmergeClient", "oh"},
    {"AcceptHandOver", "p"},
    {"ReturnHandOver", "p"},
    {"CompleteTask", "hsp"},
    {"EnrollClient", "hsp"},
    {"ChangeClientStatus", "hs"},
    {"EraseClientData", "o"},
};

std::vector<Row> CommandRows() {
  std::vector<Row> rows;
  for (const CommandRoles& command : kCommandRoles) {
    std::string expected;
    for (const char role : std::string_view(kRoleOf)) {
      expected += std::string_view(command.roles).find(role) == std::string_view::npos ? 'N' : 'Y';
    }
    rows.push_back({"POST", nullptr, std::string("/api/commands/") + command.command, expected});
  }
  return rows;
}

// The routes anyone may call without a token.
const std::set<std::string> kOpenRoutes = {"POST /api/login", "GET /health", "GET /metrics",
                                           "GET /openapi.yaml"};

TEST_CASE("every route refuses or lets through each role as the access rules say", "[e2e]") {
  BankTestServer server;
  std::vector<Row> rows = ReadRows();
  for (Row& row : CommandRows()) rows.push_back(std::move(row));

  std::set<std::string> covered;
  for (const Row& row : rows) {
    const std::string route =
        std::string(row.method) + " " + (row.template_path ? row.template_path : row.target);
    covered.insert(route);
    const bool has_body = std::string_view(row.method) == "POST";
    // Without a token, every one of these routes is 401.
    Reply anonymous = server.Call(row.method, row.target, "", has_body ? "{}" : "");
    INFO(route << " without a token: " << anonymous.raw);
    CHECK(anonymous.status == 401);
    for (std::size_t i = 0; i < kLogins.size(); ++i) {
      const char expected = row.expected[i];
      if (expected == '-') continue;
      Reply reply = server.Call(row.method, row.target, kLogins[i], has_body ? "{}" : "");
      INFO(route << " by " << kLogins[i] << ": " << reply.status << " " << reply.raw);
      if (expected == 'N') {
        CHECK(reply.status == 403);
        CHECK(reply.body.value("error", "") == "permission_denied");
        CHECK(!reply.body.value("message", "").empty());
      } else {
        CHECK(reply.status != 401);
        CHECK(reply.status != 403);
        CHECK(reply.status < 500);
      }
    }
  }

  // Completeness: every route the server serves is in the matrix or open to anyone.
  for (const RouteInfo& info : server.router().Routes()) {
    const std::string route = info.method + " " + info.path_template;
    INFO(route);
    CHECK((covered.contains(route) || kOpenRoutes.contains(route)));
  }
}

TEST_CASE("an open route needs no token, and a bad token is 401 everywhere else", "[e2e]") {
  BankTestServer server;
  CHECK(server.Call("GET", "/health", "").status == 200);
  CHECK(server.Call("GET", "/metrics", "").status == 200);
  CHECK(server.Call("GET", "/openapi.yaml", "").status == 200);
  Reply forged =
      server.Call("GET", "/api/me", "", "",
                  {{"Authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
  CHECK(forged.status == 401);
  CHECK(forged.body.value("error", "") == "unauthenticated");
  Reply wrong =
      server.Call("POST", "/api/login", "", R"({"login":"sales1","password":"nope nope"})");
  CHECK(wrong.status == 401);
  // A user disabled by the admin loses their session at once.
  const std::string sales2_token = server.TokenOf("sales2");
  Reply disabled =
      server.Call("POST", "/api/users/sales2/disable", "admin", R"({"reason":"left the team"})");
  INFO(disabled.raw);
  CHECK(disabled.status < 300);
  Reply after =
      server.Call("GET", "/api/me", "", "", {{"Authorization", "Bearer " + sales2_token}});
  CHECK(after.status == 401);
}

}  // namespace
}  // namespace prospekt::server::testing
