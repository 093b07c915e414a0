// The live feed through the real server: GET /feed (SSE) catches up, goes live, and
// resumes after a disconnect from Last-Event-ID with nothing lost and nothing twice.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/engine/server/routes/bank_test_server.h"
#include "tests/engine/server/routes/feed_clients.h"

namespace prospekt::server::testing {
namespace {


TEST_CASE("the SSE feed catches up, goes live and resumes from Last-Event-ID", "[e2e]") {
  BankTestServer server;
  std::vector<std::uint64_t> logged;
  for (const char* at : {"2026-03-02T09:01:00Z", "2026-03-02T09:02:00Z", "2026-03-02T09:03:00Z"}) {
    logged.push_back(server.Command("LogContact", "sales1", PhoneContact("c1", at)).body.at("seq"));
  }
  const std::string token = server.TokenOf("auditor");
  std::vector<std::uint64_t> first;
  {
    SseFeedClient client(server.port(), "/feed?from=1&types=ContactLogged", token);
    first = client.ReadIds(2);
    INFO(client.received());
    REQUIRE(first == std::vector<std::uint64_t>{logged[0], logged[1]});
    CHECK(client.received().rfind("HTTP/1.1 200", 0) == 0);
    CHECK(client.received().find("text/event-stream") != std::string::npos);
    CHECK(client.received().find("event: ContactLogged") != std::string::npos);
  }  // disconnected after the second event

  logged.push_back(
      server.Command("LogContact", "sales1", PhoneContact("c2", "2026-03-02T09:04:00Z"))
          .body.at("seq"));
  SseFeedClient resumed(server.port(), "/feed?from=1&types=ContactLogged", token,
                        std::to_string(first.back()));
  const std::vector<std::uint64_t> rest = resumed.ReadIds(2);
  INFO(resumed.received());
  CHECK(rest == std::vector<std::uint64_t>{logged[2], logged[3]});

  // Live: an event appended now arrives on the open stream.
  logged.push_back(
      server.Command("LogContact", "sales1", PhoneContact("c2", "2026-03-02T09:05:00Z"))
          .body.at("seq"));
  CHECK(resumed.ReadIds(1) == std::vector<std::uint64_t>{logged[4]});
}

TEST_CASE("the feed refuses a bad parameter with 400 naming it, and a branch head with 403",
          "[e2e]") {
  BankTestServer server;
  Reply bad = server.Call("GET", "/feed?from=yesterday", "auditor");
  CHECK(bad.status == 400);
  CHECK(bad.body.value("field", "") == "from");
  Reply head = server.Call("GET", "/feed?from=1", "head1");
  CHECK(head.status == 403);
}

}  // namespace
}  // namespace prospekt::server::testing
