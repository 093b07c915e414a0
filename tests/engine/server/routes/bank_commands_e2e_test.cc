// Commands over HTTP: idempotent retries, version conflicts (If-Match), and bad input —
// each a clean 4xx naming the field, nothing written, and the server serving on.
#include <catch2/catch.hpp>

#include <string>

#include "tests/engine/server/routes/bank_test_server.h"

namespace prospekt::server::testing {
namespace {

using nlohmann::json;

const json kContact{{"client_id", "c1"},
                    {"type", "phone"},
                    {"occurred_at", "2026-03-02T09:10:00Z"},
                    {"outcome", "unclear_prospect"},
                    {"note", "call back in spring"}};

std::uint64_t HeadSeq(BankTestServer& server) { return server.bank().log().Head().last_seq; }

TEST_CASE(
    "a retried command with the same Idempotency-Key returns the first answer and writes nothing",
    "[e2e]") {
  BankTestServer server;
  const Fields key{{"Idempotency-Key", "contact-2026-03-02-001"}};
  Reply first = server.Command("LogContact", "sales1", kContact, true, key);
  CHECK(first.response.Header("Idempotent-Replayed").empty());
  const std::uint64_t head = HeadSeq(server);

  Reply retry = server.Command("LogContact", "sales1", kContact, true, key);
  CHECK(retry.response.Header("Idempotent-Replayed") == "true");
  CHECK(retry.body.at("seq") == first.body.at("seq"));
  CHECK(retry.body.at("events") == first.body.at("events"));
  CHECK(HeadSeq(server) == head);

  // Another key is another command.
  Reply other = server.Command("LogContact", "sales1", kContact, true,
                               {{"Idempotency-Key", "contact-2026-03-02-002"}});
  CHECK(other.body.at("seq").get<std::uint64_t>() > first.body.at("seq").get<std::uint64_t>());

  // A key may not be empty or huge.
  Reply empty = server.Command("LogContact", "sales1", kContact, false, {{"Idempotency-Key", ""}});
  CHECK(empty.status == 400);
  CHECK(empty.body.value("field", "") == "Idempotency-Key");
}

TEST_CASE("If-Match refuses a command decided on a stale version with 409 and the current version",
          "[e2e]") {
  BankTestServer server;
  Reply card = server.Get("/api/clients/c1/card", "sales1");
  REQUIRE(card.status == 200);
  Reply first = server.Command("LogContact", "sales1", kContact);
  const std::uint64_t version = first.body.at("stream_version").get<std::uint64_t>();

  Reply stale = server.Command("LogContact", "sales1", kContact, false,
                               {{"If-Match", std::to_string(version - 1)}});
  INFO(stale.raw);
  CHECK(stale.status == 409);
  CHECK(stale.body.value("current_version", std::uint64_t{0}) == version);
  Reply fresh = server.Command("LogContact", "sales1", kContact, false,
                               {{"If-Match", std::to_string(version)}});
  CHECK(fresh.status == 200);
}

TEST_CASE("bad command input is a 4xx naming the field, and writes nothing", "[e2e]") {
  BankTestServer server;
  const std::uint64_t head = HeadSeq(server);
  struct Case {
    const char* what;
    std::string body;
    unsigned status;
    const char* field;
  };
  json wrong_type = kContact;
  wrong_type["client_id"] = 17;
  json unknown = kContact;
  unknown["colour"] = "blue";
  json no_reason = kContact;
  no_reason["outcome"] = "refused";
  json bad_enum = kContact;
  bad_enum["type"] = "pigeon";
  json bad_time = kContact;
  bad_time["occurred_at"] = "yesterday";
  json sale_without_amount = kContact;
  sale_without_amount["outcome"] = "product_sold";
  sale_without_amount["product_code"] = "card";
  json not_assigned = kContact;
  not_assigned["client_id"] = "c3";
  const Case cases[] = {
      {"malformed JSON", R"({"client_id": )", 400, ""},
      {"not an object", "[1, 2]", 400, ""},
      {"a wrong type", wrong_type.dump(), 400, "client_id"},
      {"an unknown field", unknown.dump(), 400, "colour"},
      {"an unknown enum name", bad_enum.dump(), 400, "type"},
      {"a malformed time", bad_time.dump(), 400, "occurred_at"},
      {"a refusal without a reason", no_reason.dump(), 422, "refusal_reason"},
      {"a sale without an amount", sale_without_amount.dump(), 422, "amount"},
  };
  for (const Case& c : cases) {
    Reply reply = server.Call("POST", "/api/commands/LogContact", "sales1", c.body);
    INFO(c.what << ": " << reply.raw);
    CHECK(reply.status == c.status);
    REQUIRE(reply.body.is_object());
    CHECK(!reply.body.value("error", "").empty());
    CHECK(!reply.body.value("message", "").empty());
    if (*c.field != '\0') CHECK(reply.body.value("field", "") == c.field);
  }
  // Someone else's client: the domain refuses, naming why.
  Reply foreign = server.Command("LogContact", "sales1", not_assigned, false);
  INFO(foreign.raw);
  CHECK(foreign.status == 403);
  CHECK(HeadSeq(server) == head);

  // An unknown command and a wrong method.
  CHECK(server.Call("POST", "/api/commands/Teleport", "sales1", "{}").status == 404);
  CHECK(server.Call("GET", "/api/commands/LogContact", "sales1").status == 405);
  // And the server serves on.
  CHECK(server.Get("/api/me", "sales1").status == 200);
}

TEST_CASE("huge bodies and headers are refused and the connection closed; others are served",
          "[e2e]") {
  BankTestServer server;
  const std::string huge_body(2 * 1024 * 1024, 'x');
  TestClient big(server.port());
  REQUIRE(big.Connect());
  std::optional<ClientResponse> too_large =
      big.Request("POST", "/api/commands/LogContact", huge_body,
                  {{"Authorization", "Bearer " + server.TokenOf("sales1")},
                   {"Content-Type", "application/json"}});
  REQUIRE(too_large.has_value());
  CHECK(too_large->status == 413);

  // Written raw: Beast's own client refuses to build a field this long.
  TestClient header(server.port());
  REQUIRE(header.Connect());
  REQUIRE(header.WriteRaw(
      "GET /api/me HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(64 * 1024, 'y') + "\r\n\r\n"));
  std::optional<ClientResponse> too_long = header.Read();
  REQUIRE(too_long.has_value());
  CHECK(too_long->status == 431);

  // A client that sends half a request and stalls is cut off at the read timeout; it
  // holds no one else up meanwhile.
  TestClient slow(server.port());
  REQUIRE(slow.Connect());
  REQUIRE(slow.WriteRaw(
      "POST /api/commands/LogContact HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"));
  CHECK(server.Get("/api/me", "sales1").status == 200);
  CHECK(slow.WaitForClose());
}

}  // namespace
}  // namespace prospekt::server::testing
