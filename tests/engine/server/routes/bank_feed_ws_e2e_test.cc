// The live feed over WebSocket (GET /feed/ws) through the real server: catch-up, live
// events written over HTTP, resuming from the last seq after a disconnect, filters and
// the refusals (back-pressure: bank_feed_backpressure_e2e_test.cc).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/engine/server/routes/bank_test_server.h"
#include "tests/engine/server/routes/feed_clients.h"

namespace prospekt::server::testing {
namespace {

using nlohmann::json;

json Contact(const std::string& client, int minute) {
  const std::string at =
      "2026-03-02T09:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00Z";
  return PhoneContact(client, at);
}

std::uint64_t LogContact(BankTestServer& server, int minute) {
  return server.Command("LogContact", "sales1", Contact("c1", minute % 60)).body.at("seq");
}

TEST_CASE("the WebSocket feed catches up, goes live and resumes from the last seq", "[e2e][feed]") {
  BankTestServer server;
  std::vector<std::uint64_t> logged;
  for (int minute = 1; minute <= 3; ++minute) logged.push_back(LogContact(server, minute));
  const std::string token = server.TokenOf("auditor");

  std::uint64_t last_got = 0;
  {
    WsFeedClient client(server.port(), "/feed/ws?from=1", token);
    REQUIRE(client.upgraded());
    // Catch-up: the whole log so far (the set-up, then the contacts), in order, once each.
    const std::vector<json> caught_up = client.ReadEvents(logged.back());
    REQUIRE(SeqsOf(caught_up) == SeqsFromTo(1, logged.back()));
    CHECK(caught_up.back().at("event_type") == "ContactLogged");
    CHECK(caught_up.back().at("stream_id") == "client-c1");

    // Live: a command written over HTTP now arrives on the open connection.
    logged.push_back(LogContact(server, 4));
    const std::vector<json> live = client.ReadEvents(1);
    REQUIRE(SeqsOf(live) == std::vector<std::uint64_t>{logged.back()});
    CHECK(live.front().at("event_type") == "ContactLogged");
    last_got = logged.back();
  }  // the client goes away mid-stream

  // Written while no one listened, then resumed from the seq after the last one received.
  logged.push_back(LogContact(server, 5));
  logged.push_back(LogContact(server, 6));
  WsFeedClient resumed(server.port(), "/feed/ws?from=" + std::to_string(last_got + 1), token);
  REQUIRE(resumed.upgraded());
  CHECK(SeqsOf(resumed.ReadEvents(2)) == std::vector<std::uint64_t>{logged[4], logged[5]});
  logged.push_back(LogContact(server, 7));
  CHECK(SeqsOf(resumed.ReadEvents(1)) == std::vector<std::uint64_t>{logged.back()});
}

TEST_CASE("the WebSocket feed sends only the stream kinds and event types asked for",
          "[e2e][feed]") {
  BankTestServer server;
  const std::uint64_t first = LogContact(server, 1);
  // An employee's event between the contacts: not a client stream.
  server.Command("HireEmployee", "office",
                 {{"employee_id", "b1-s3"},
                  {"name", "Employee b1-s3"},
                  {"roles", {"sales_specialist"}},
                  {"branch_id", "b1"},
                  {"department_id", "sales"}});
  const std::uint64_t second = LogContact(server, 2);

  WsFeedClient client(server.port(), "/feed/ws?from=1&kinds=client&types=ContactLogged",
                      server.TokenOf("office"));
  REQUIRE(client.upgraded());
  const std::vector<json> caught_up = client.ReadEvents(2);
  REQUIRE(SeqsOf(caught_up) == std::vector<std::uint64_t>{first, second});
  for (const json& event : caught_up) {
    CHECK(event.at("event_type") == "ContactLogged");
    CHECK(event.at("stream_id") == "client-c1");
  }
  // Live: a client event of another type is skipped, the next contact comes.
  server.Command("RegisterClient", "head1",
                 {{"client_id", "c4"},
                  {"kind", "legal_entity"},
                  {"name", "Epsilon LLC"},
                  {"tax_id", "7728168971"},
                  {"industry", "retail"},
                  {"branch_id", "b1"}});
  const std::uint64_t third = LogContact(server, 3);
  CHECK(SeqsOf(client.ReadEvents(1)) == std::vector<std::uint64_t>{third});

  // Employee events only, from the start: the hires of the set-up and the one above.
  WsFeedClient employees(server.port(), "/feed/ws?from=1&kinds=employee&types=EmployeeHired",
                         server.TokenOf("auditor"));
  REQUIRE(employees.upgraded());
  const std::vector<json> hires = employees.ReadEvents(10);
  REQUIRE(hires.size() == 10);  // head office and eight more in the set-up, b1-s3 here
  for (const json& event : hires) {
    CHECK(event.at("event_type") == "EmployeeHired");
    CHECK(event.at("stream_id").get<std::string>().rfind("employee-", 0) == 0);
  }
  CHECK(hires.front().at("stream_id") == "employee-ho-1");
  CHECK(hires.back().at("stream_id") == "employee-b1-s3");
  CHECK(first < hires.back().at("seq").get<std::uint64_t>());
  CHECK(hires.back().at("seq").get<std::uint64_t>() < second);
}

TEST_CASE("the WebSocket feed refuses a role without the feed, no token and a bad parameter",
          "[e2e][feed]") {
  BankTestServer server;
  // The server's own consumers (the dashboards' change notices) are there from the start.
  const std::uint64_t subscribed = server.bank().feed().Metrics().subscribed_total;
  {
    WsFeedClient head(server.port(), "/feed/ws?from=1", server.TokenOf("head1"));
    CHECK_FALSE(head.upgraded());
    CHECK(head.response().result_int() == 403);
    INFO(head.response().body());
    CHECK(json::parse(head.response().body()).value("error", "") == "permission_denied");
  }
  {
    WsFeedClient anonymous(server.port(), "/feed/ws?from=1", "");
    CHECK_FALSE(anonymous.upgraded());
    CHECK(anonymous.response().result_int() == 401);
    CHECK(json::parse(anonymous.response().body()).value("error", "") == "unauthenticated");
  }
  {
    WsFeedClient bad(server.port(), "/feed/ws?from=yesterday", server.TokenOf("auditor"));
    CHECK_FALSE(bad.upgraded());
    CHECK(bad.response().result_int() == 400);
    CHECK(json::parse(bad.response().body()).value("field", "") == "from");
  }
  CHECK(server.bank().feed().Metrics().subscribed_total == subscribed);
}

}  // namespace
}  // namespace prospekt::server::testing
