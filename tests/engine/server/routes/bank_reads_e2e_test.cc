// Reads over HTTP beyond the projections: the export by seqs and by times, the read
// audit — a person's read of a card is in the access log before the answer leaves, and
// compliance sees it among the client's viewers — and the client list by ids.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "projections/branch_dashboard/branch_dashboard.h"
#include "tests/engine/server/gunzip.h"
#include "tests/engine/server/routes/bank_test_server.h"

namespace prospekt::server::testing {
namespace {

std::size_t Lines(const std::string& text) {
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

TEST_CASE("the export takes a range of seqs or a period of times", "[e2e]") {
  BankTestServer server;
  const std::uint64_t head = server.bank().log().Head().last_seq;
  Reply by_seq = server.Call("GET", "/api/export?from=2&to=5", "auditor");
  REQUIRE(by_seq.status == 200);
  CHECK(Lines(by_seq.raw) == 4);
  CHECK(by_seq.response.Header("Content-Disposition").find("prospekt-2-5.jsonl") !=
        std::string::npos);

  // Everything was recorded on 2026-03-02 (the fixture's clock).
  Reply by_day =
      server.Call("GET", "/api/export?from=2026-03-02&to=2026-03-02T23:59:59Z", "auditor");
  REQUIRE(by_day.status == 200);
  CHECK(Lines(by_day.raw) == head);
  Reply csv = server.Call("GET", "/api/export?from=2026-03-02&format=csv", "auditor");
  REQUIRE(csv.status == 200);
  CHECK(Lines(csv.raw) == head + 1);  // the header row
  Reply empty = server.Call("GET", "/api/export?from=2026-04-01", "auditor");
  CHECK(empty.status == 200);
  CHECK(empty.raw.empty());

  Reply bad = server.Call("GET", "/api/export?from=last-tuesday", "auditor");
  CHECK(bad.status == 400);
  CHECK(bad.body.value("field", "") == "from");
  Reply backwards = server.Call("GET", "/api/export?from=5&to=2", "auditor");
  CHECK(backwards.status == 400);
}

TEST_CASE("a read of a client card is recorded, and compliance sees who viewed the client",
          "[e2e]") {
  BankTestServer server;
  REQUIRE(server.Get("/api/clients/c1/card", "sales1").status == 200);
  REQUIRE(server.Get("/api/clients/c1/trail", "head1").status == 200);
  Reply viewers = server.Get("/api/clients/c1/viewers", "auditor");
  INFO(viewers.raw);
  REQUIRE(viewers.status == 200);
  const nlohmann::json& records = viewers.body.at("result");
  REQUIRE(records.size() == 2);
  CHECK(records.at(0).at("viewer_login") == "sales1");
  CHECK(records.at(0).at("subject_kind") == "card");
  CHECK(records.at(1).at("viewer_login") == "head1");
  CHECK(records.at(1).at("subject_kind") == "trail");
  // A period before the reads holds none of them.
  Reply before = server.Get("/api/clients/c1/viewers?until=2026-03-01", "auditor");
  CHECK(before.body.at("result").empty());
  // Swapped dates are refused, not answered with nobody.
  Reply swapped = server.Get("/api/clients/c1/viewers?from=2026-03-02&until=2026-03-01", "auditor");
  CHECK(swapped.status == 400);
  CHECK(swapped.body.value("field", "") == "from");
}

TEST_CASE("clients by id: the names for the ids a report shows", "[e2e]") {
  BankTestServer server;
  Reply named = server.Get("/api/clients?ids=c9,c1,nobody,c1", "auditor");
  INFO(named.raw);
  REQUIRE(named.status == 200);
  const nlohmann::json& clients = named.body.at("result").at("clients");
  REQUIRE(clients.size() == 2);  // by id, each once; the unknown id left out
  CHECK(clients.at(0).at("client_id") == "c1");
  CHECK(clients.at(1).at("client_id") == "c9");  // another branch's: the auditor sees all
  CHECK(clients.at(0).at("name").is_string());   // opened, as in any list
  CHECK(server.Get("/api/clients?ids=c1", "office").status == 200);

  // The ids are the whole filter: no other parameter, so no scope for a branch head.
  Reply mixed = server.Get("/api/clients?ids=c1&branch=b1", "head1");
  CHECK(mixed.status == 400);
  CHECK(mixed.body.value("field", "") == "ids");
  CHECK(server.Get("/api/clients?ids=c1", "head1").status == 403);
  CHECK(server.Get("/api/clients?ids=c1", "sales1").status == 403);
  for (const char* bad : {"/api/clients?ids=", "/api/clients?ids=c1,,c2", "/api/clients?ids=c1,"}) {
    Reply refused = server.Get(bad, "auditor");
    INFO(bad);
    CHECK(refused.status == 400);
    CHECK(refused.body.value("field", "") == "ids");
  }
}

TEST_CASE("a live answer asked again is the same until its view moves", "[e2e]") {
  BankTestServer server;
  const std::string dashboard = "/api/branches/b1/dashboard?week=2026-W10";
  Reply first = server.Get(dashboard, "head1");
  Reply again = server.Get(dashboard, "office");
  REQUIRE(first.status == 200);
  CHECK(again.raw == first.raw);
  CHECK(first.body.at("result").at("employees").at("b1-s1").at("contacts") == 0);

  Reply logged = server.Command("LogContact", "sales1",
                                {{"client_id", "c1"},
                                 {"type", "phone"},
                                 {"occurred_at", "2026-03-02T09:30:00Z"},
                                 {"outcome", "unclear_prospect"},
                                 {"next_contact_at", "2026-03-02T12:00:00Z"}});
  const std::string seq = std::to_string(logged.body.at("seq").get<std::uint64_t>());
  REQUIRE(server.Get(dashboard + "&min_seq=" + seq, "head1").status == 200);
  Reply after = server.Get(dashboard, "head1");
  CHECK(after.body.at("as_of_seq").get<std::uint64_t>() >=
        logged.body.at("seq").get<std::uint64_t>());
  CHECK(after.body.at("result").at("employees").at("b1-s1").at("contacts") == 1);
  CHECK(after.body.at("result").at("overdue_next_contacts").empty());

  // "Overdue" is judged at the second of the request: a later second is a new answer.
  server.SetClock(kMonday0900Us + 8 * kHourUs);  // 17:00, within the session
  Reply later = server.Get(dashboard, "head1");
  INFO(later.raw);
  REQUIRE(later.body.at("result").at("overdue_next_contacts").size() == 1);
  CHECK(later.body.at("result").at("overdue_next_contacts").at(0).at("client_id") == "c1");
}

TEST_CASE("answers are gzipped for clients that take gzip, cached ones compressed once",
          "[e2e][gzip]") {
  BankTestServer server;
  const std::string dashboard = "/api/branches/b1/dashboard?week=2026-W10";
  const Fields gzip = {{"Accept-Encoding", "gzip, deflate"}};
  // The same answer three times, so the view must not move in between: let it reach the
  // end of the set-up first.
  REQUIRE(server.bank().runner().WaitFor(projections::kBranchDashboards.name,
                                         server.bank().log().Head().last_seq,
                                         std::chrono::seconds(30)));
  const Reply plain = server.Get(dashboard, "head1");
  REQUIRE(plain.status == 200);
  REQUIRE(plain.raw.size() >= 1024);  // long enough to be compressed
  CHECK(plain.response.Header("Content-Encoding").empty());
  CHECK(plain.response.Header("Vary") == "Accept-Encoding");
  // The first gzipped reply makes the cached answer's gzip form; the second reuses it.
  for (int i = 0; i < 2; ++i) {
    const Reply gzipped = server.Call("GET", dashboard, "head1", {}, gzip);
    REQUIRE(gzipped.status == 200);
    CHECK(gzipped.response.Header("Content-Encoding") == "gzip");
    CHECK(gzipped.response.Header("Content-Type") == "application/json");
    CHECK(gzipped.raw.size() < plain.raw.size() / 2);
    CHECK(Gunzip(gzipped.raw) == plain.raw);
  }
  // Not cached: the server gzips it on the fly.
  const Reply document = server.Call("GET", "/openapi.yaml", "", {}, gzip);
  REQUIRE(document.status == 200);
  CHECK(document.response.Header("Content-Encoding") == "gzip");
  CHECK(Gunzip(document.raw) == server.Get("/openapi.yaml", "").raw);
}

}  // namespace
}  // namespace prospekt::server::testing
