// The dashboard's change notices through the real server (GET
// /api/branches/{branch_id}/changes): a branch head is told of a change of their
// branch and not of another's, the dashboard asked with min_seq then shows it, a
// screen that opens behind the log is told at once, and bad requests are refused.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/engine/server/routes/bank_test_server.h"
#include "tests/engine/server/routes/feed_clients.h"

namespace prospekt::server::testing {
namespace {

std::uint64_t HeadSeq(BankTestServer& server) { return server.bank().log().Head().last_seq; }

TEST_CASE("a branch head is told of their branch's changes, not another's", "[e2e][feed]") {
  BankTestServer server;
  auto contacts_of_s1 = [&server](const Reply& dashboard) {
    return dashboard.body.at("result").at("employees").at("b1-s1").at("contacts").get<int>();
  };
  const int contacts_before =
      contacts_of_s1(server.Get("/api/branches/b1/dashboard?week=2026-W10", "head1"));
  const std::string from = std::to_string(HeadSeq(server) + 1);
  SseFeedClient b1(server.port(), "/api/branches/b1/changes?from=" + from, server.TokenOf("head1"));
  SseFeedClient b2(server.port(), "/api/branches/b2/changes?from=" + from, server.TokenOf("head2"));
  REQUIRE(b1.ReadHeader());
  REQUIRE(b2.ReadHeader());
  INFO(b1.received());
  CHECK(b1.received().rfind("HTTP/1.1 200", 0) == 0);
  CHECK(b1.received().find("text/event-stream") != std::string::npos);

  // Something of b2 first (sales3's client c9), then of b1.
  const std::uint64_t in_b2 =
      server.Command("LogContact", "sales3", PhoneContact("c9", "2026-03-02T09:30:00Z"))
          .body.at("seq");
  const std::uint64_t in_b1 =
      server.Command("LogContact", "sales1", PhoneContact("c1", "2026-03-02T09:31:00Z"))
          .body.at("seq");
  REQUIRE(in_b1 > in_b2);
  CHECK(b1.ReadIds(1) == std::vector<std::uint64_t>{in_b1});
  CHECK(b2.ReadIds(1) == std::vector<std::uint64_t>{in_b2});
  CHECK(b1.events_text().find("event: change\ndata: {\"seq\":" + std::to_string(in_b1) + "}") !=
        std::string::npos);

  // The dashboard asked with min_seq shows the change.
  Reply dashboard = server.Get(
      "/api/branches/b1/dashboard?week=2026-W10&min_seq=" + std::to_string(in_b1), "head1");
  INFO(dashboard.raw);
  REQUIRE(dashboard.status == 200);
  CHECK(dashboard.body.at("as_of_seq").get<std::uint64_t>() >= in_b1);
  CHECK(contacts_of_s1(dashboard) == contacts_before + 1);

  // A screen showing an older state is told at once that it may be stale.
  SseFeedClient late(server.port(), "/api/branches/b1/changes?from=1", server.TokenOf("office"));
  const std::vector<std::uint64_t> told = late.ReadIds(1);
  REQUIRE(told.size() == 1);
  CHECK(told[0] >= in_b1);
}

TEST_CASE("the change notices refuse an unknown branch, a filter and a foreign branch",
          "[e2e][feed]") {
  BankTestServer server;
  Reply unknown = server.Get("/api/branches/b9/changes", "office");
  CHECK(unknown.status == 404);
  CHECK(unknown.body.value("field", "") == "branch_id");
  Reply filtered = server.Get("/api/branches/b1/changes?types=ContactLogged", "head1");
  CHECK(filtered.status == 400);
  CHECK(filtered.body.value("field", "") == "types");
  Reply bad_from = server.Get("/api/branches/b1/changes?from=monday", "head1");
  CHECK(bad_from.status == 400);
  CHECK(bad_from.body.value("field", "") == "from");
  Reply foreign = server.Get("/api/branches/b1/changes", "head2");
  CHECK(foreign.status == 403);
  CHECK(!foreign.body.value("message", "").empty());
}

}  // namespace
}  // namespace prospekt::server::testing
