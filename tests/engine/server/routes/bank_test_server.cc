#include "tests/engine/server/routes/bank_test_server.h"

#include <catch2/catch.hpp>

#include <utility>

#include <spdlog/common.h>

#include "engine/access/credentials.h"
#include "engine/domain/commands.h"
#include "projections/directory/directory.h"

namespace prospekt::server::testing {
namespace {

using nlohmann::json;

struct Person {
  const char* login;
  const char* employee_id;
};
constexpr Person kPeople[] = {
    {"office", "ho-1"},   {"auditor", "aud-1"}, {"admin", "adm-1"},
    {"head1", "b1-head"}, {"sales1", "b1-s1"},  {"sales2", "b1-s2"},
    {"credit1", "b1-cr"}, {"head2", "b2-head"}, {"sales3", "b2-s1"},
};

}  // namespace

BankTestServer::BankTestServer(BankTestServerOptions test_options)
    : clock_(std::make_shared<std::atomic<std::int64_t>>(kMonday0900Us)) {
  BankServiceOptions options;
  options.data = dir_.path() / "data";
  options.sync = false;  // a test's throwaway log
  options.credentials = access::CredentialsOptions::FastHashingForTests();
  options.clock = [clock = clock_] { return clock->load(); };
  options.blocking_threads = 2;
  options.reply_threads = 1;
  options.feed.poll_interval = std::chrono::milliseconds(20);
  if (test_options.feed_buffer_events != 0) {
    options.feed.max_buffered_events = test_options.feed_buffer_events;
  }
  Result<std::unique_ptr<BankService>> opened = BankService::Open(std::move(options));
  REQUIRE(opened.ok());
  bank_ = std::move(opened).value();

  // Head office is the first employee: hired by the system, as the set-up of a bank is.
  domain::CommandContext system;
  system.actor.employee_id = std::string(domain::kSystemActor);
  system.now_us = kMonday0900Us - 3 * kHourUs;
  Result<store::AppendResult> hired = bank_->executor().Execute(
      domain::HireEmployee{"ho-1", "Head Office", {domain::Role::kHeadOffice}, "", ""}, system);
  REQUIRE(hired.ok());
  // Logins resolve against the directory projection: let it see the hire first.
  REQUIRE(bank_->runner().WaitFor(projections::kDirectory.name, hired->first_seq,
                                  std::chrono::seconds(10)));

  RouteOptions route_options;
  REQUIRE(AddBankRoutes(router_, *bank_, route_options, nullptr).ok());
  HttpServerOptions http;
  http.threads = 2;
  http.read_timeout = std::chrono::milliseconds(2000);
  http.access_log_level = spdlog::level::debug;  // not a line per request in the test output
  Result<std::unique_ptr<HttpServer>> started = HttpServer::Start(http, router_, bank_->metrics());
  REQUIRE(started.ok());
  http_ = std::move(started).value();
  if (test_options.tcp_feed) {
    feed::FeedTcpOptions feed_options;  // as RunServe wires it
    feed_options.authenticate = [bank = bank_.get()](std::string_view token) {
      return AuthorizeFeedToken(*bank, token);
    };
    Result<std::unique_ptr<feed::FeedTcpServer>> feed_started =
        feed::FeedTcpServer::Start(bank_->feed(), std::move(feed_options));
    REQUIRE(feed_started.ok());
    tcp_feed_ = std::move(feed_started).value();
  }

  access::Credentials& credentials = bank_->credentials();
  REQUIRE(credentials.AddUser("test", "office", "ho-1", kPassword, kMonday0900Us).ok());
  // The organisation, through the API.
  Command("OpenRegion", "office", {{"region_id", "r1"}, {"name", "North"}});
  Command("OpenBranch", "office", {{"branch_id", "b1"}, {"region_id", "r1"}, {"name", "Main St"}});
  Command("OpenBranch", "office", {{"branch_id", "b2"}, {"region_id", "r1"}, {"name", "Harbour"}});
  Command("OpenDepartment", "office",
          {{"department_id", "sales"}, {"branch_id", "b1"}, {"name", "Sales"}});
  Command("OpenDepartment", "office",
          {{"department_id", "loans"}, {"branch_id", "b1"}, {"name", "Loans"}});
  Command("OpenDepartment", "office",
          {{"department_id", "sales"}, {"branch_id", "b2"}, {"name", "Sales"}});
  Command("DefineProduct", "office",
          {{"product_code", "card"}, {"name", "Card"}, {"owning_department", "sales"}});
  Command("DefineProduct", "office",
          {{"product_code", "loan"}, {"name", "Loan"}, {"owning_department", "loans"}});
  auto hire = [this](const char* id, const char* role, const char* branch, const char* department) {
    json body{{"employee_id", id}, {"name", std::string("Employee ") + id}, {"roles", {role}}};
    if (*branch != '\0') body["branch_id"] = branch;
    if (*department != '\0') body["department_id"] = department;
    Command("HireEmployee", "office", body);
  };
  hire("aud-1", "auditor", "", "");
  hire("adm-1", "admin", "", "");
  hire("b1-head", "branch_head", "b1", "sales");
  hire("b1-s1", "sales_specialist", "b1", "sales");
  hire("b1-s2", "sales_specialist", "b1", "sales");
  hire("b1-cr", "product_specialist", "b1", "loans");
  hire("b2-head", "branch_head", "b2", "sales");
  hire("b2-s1", "sales_specialist", "b2", "sales");
  for (const Person& person : kPeople) {
    if (std::string_view(person.login) == "office") continue;
    REQUIRE(credentials.AddUser("test", person.login, person.employee_id, kPassword, kMonday0900Us)
                .ok());
  }
  auto client = [this](const char* id, const char* name, const char* branch, const char* tax_id,
                       const char* head) {
    Command("RegisterClient", head,
            {{"client_id", id},
             {"kind", "legal_entity"},
             {"name", name},
             {"tax_id", tax_id},
             {"industry", "retail"},
             {"branch_id", branch}});
  };
  // Tax ids with valid ИНН control digits (10 digits, legal entities).
  client("c1", "Alpha Trading LLC", "b1", "7707083893", "head1");
  client("c2", "Beta Foods JSC", "b1", "7736050003", "head1");
  client("c3", "Gamma Tools LLC", "b1", "7710140679", "head1");
  client("c9", "Delta Port LLC", "b2", "7702070139", "head2");
  Command("AssignClient", "head1",
          {{"client_id", "c1"}, {"employee_id", "b1-s1"}, {"products", {"card", "loan"}}});
  Command("AssignClient", "head1",
          {{"client_id", "c2"}, {"employee_id", "b1-s1"}, {"products", {"card"}}});
  Command("AssignClient", "head2",
          {{"client_id", "c9"}, {"employee_id", "b2-s1"}, {"products", {"card"}}});
  // The work of the day starts an hour after the set-up.
  SetClock(kMonday0900Us + kHourUs);
}

nlohmann::json PhoneContact(std::string_view client_id, std::string_view occurred_at) {
  return {{"client_id", client_id},
          {"type", "phone"},
          {"occurred_at", occurred_at},
          {"outcome", "unclear_prospect"}};
}

BankTestServer::~BankTestServer() { Shutdown(); }

void BankTestServer::Shutdown() {
  if (stopped_) return;
  stopped_ = true;
  if (tcp_feed_) tcp_feed_->Stop();
  bank_->StopFeeds();
  http_->Stop();
  CHECK(bank_->Close().ok());
}

const std::string& BankTestServer::TokenOf(const std::string& login) {
  auto found = tokens_.find(login);
  if (found != tokens_.end()) return found->second;
  const json body{{"login", login}, {"password", kPassword}};
  Reply reply = Call("POST", "/api/login", "", body.dump());
  INFO(reply.raw);
  REQUIRE(reply.status == 200);
  return tokens_[login] = reply.body.at("token").get<std::string>();
}

Reply BankTestServer::Call(std::string_view method, std::string_view target,
                           const std::string& login, std::string_view body, const Fields& headers) {
  Fields all = headers;
  if (!login.empty()) all.emplace_back("Authorization", "Bearer " + TokenOf(login));
  if (!body.empty()) all.emplace_back("Content-Type", "application/json");
  TestClient client(port());
  REQUIRE(client.Connect());
  std::optional<ClientResponse> response = client.Request(method, target, body, all);
  INFO(method << " " << target << ": " << client.error());
  REQUIRE(response.has_value());
  Reply reply;
  reply.status = response->status;
  reply.raw = response->body;
  reply.body = json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (reply.body.is_discarded()) reply.body = nullptr;
  reply.response = std::move(*response);
  return reply;
}

Reply BankTestServer::Command(std::string_view command, const std::string& login,
                              const nlohmann::json& body, bool must_succeed,
                              const Fields& headers) {
  Reply reply = Call("POST", "/api/commands/" + std::string(command), login, body.dump(), headers);
  if (must_succeed) {
    INFO(command << " by " << login << ": " << reply.raw);
    REQUIRE(reply.status == 200);
  }
  return reply;
}

}  // namespace prospekt::server::testing
