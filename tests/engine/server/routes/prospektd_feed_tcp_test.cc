// The binary TCP feed (engine/server/feed/FORMAT.md) of the real prospektd, started with
// --feed-port on a demo bank: a consumer authenticates with a session token, catches up
// with every stored envelope byte for byte (gapless, the hash chain intact), sees a
// command written over HTTP arrive live, resumes after a disconnect with nothing missed
// or twice, gets only what its filter asks for, and is told why when refused or when the
// server stops.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "engine/store/event_store.h"
#include "events/chain_hash.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/engine/server/routes/feed_clients.h"
#include "tests/engine/server/routes/prospektd_process.h"
#include "tests/test_support.h"

namespace prospekt::server::testing {
namespace {

using feed::tcp::EndCode;
using feed::tcp::ServerFrame;
using nlohmann::json;
json Call(std::uint16_t port, std::string_view method, std::string_view target,
          const std::string& token, const json& body = nullptr) {
  TestClient client(port);
  REQUIRE(client.Connect());
  Fields headers{{"Content-Type", "application/json"}};
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  std::optional<ClientResponse> reply =
      client.Request(method, target, body.is_null() ? "" : body.dump(), headers);
  INFO(method << " " << target << ": " << client.error());
  REQUIRE(reply.has_value());
  INFO(reply->body);
  REQUIRE(reply->status == 200);
  return json::parse(reply->body);
}

std::string Login(std::uint16_t port, const std::string& login) {
  return Call(port, "POST", "/api/login", "", {{"login", login}, {"password", kTestUserPassword}})
      .at("token");
}

feed::tcp::Hello HelloFrom(const std::string& token, std::uint64_t from_seq,
                           std::vector<std::string> kinds = {},
                           std::vector<std::string> types = {}) {
  feed::tcp::Hello hello;
  hello.token = token;
  hello.from_seq = from_seq;
  hello.kinds = std::move(kinds);
  hello.types = std::move(types);
  return hello;
}

ServerFrame ReadAccepted(TcpFeedClient& client) {
  std::optional<ServerFrame> frame = client.ReadSkippingHeartbeats();
  REQUIRE(frame.has_value());
  INFO(frame->message);
  REQUIRE(frame->kind == ServerFrame::Kind::kAccepted);
  return *frame;
}

// The refusal of a hello: an end frame, then the close.
ServerFrame ReadRefusal(TcpFeedClient& client) {
  std::optional<ServerFrame> frame = client.ReadSkippingHeartbeats();
  REQUIRE(frame.has_value());
  REQUIRE(frame->kind == ServerFrame::Kind::kEnd);
  CHECK_FALSE(client.Read().has_value());
  return *frame;
}

TEST_CASE("prospektd's binary TCP feed: catch-up as stored, live, resume, filters, refusals",
          "[e2e][feed]") {
  prospekt::testing::TempDir scratch;
  const std::filesystem::path data = MakeDemoBank(scratch);
  AddTestUser(scratch, data, "auditor", "audit-001");
  AddTestUser(scratch, data, "sales", "r01-b01-e03");

  // --feed-port takes no 0: a port that was free, again if another process took it.
  std::unique_ptr<ProspektdProcess> server;
  for (int attempt = 0; attempt < 3 && !(server && server->started()); ++attempt) {
    server = std::make_unique<ProspektdProcess>(
        std::vector<std::string>{"--data", data.string(), "--port", "0", "--threads", "2",
                                 "--feed-port", std::to_string(FreeLoopbackPort())},
        scratch.path() / "prospektd.log");
  }
  INFO(server->Log());
  REQUIRE(server->started());
  REQUIRE(server->feed_port() != 0);
  const std::uint16_t port = server->port();
  const std::uint16_t feed_port = server->feed_port();

  const std::string auditor = Login(port, "auditor");
  const std::string sales = Login(port, "sales");
  const json mine = Call(port, "GET", "/api/clients?assigned_to=me", sales);
  const json& clients = mine.at("result").at("clients");
  REQUIRE(!clients.empty());
  const std::string client_id = clients.at(0).at("client_id");
  int minute = 0;
  auto log_contact = [&] {
    const std::string at =
        "2026-11-30T10:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00Z";
    ++minute;
    return Call(port, "POST", "/api/commands/LogContact", sales,
                {{"client_id", client_id},
                 {"type", "phone"},
                 {"occurred_at", at},
                 {"outcome", "unclear_prospect"}})
        .at("seq")
        .get<std::uint64_t>();
  };

  std::map<std::uint64_t, std::string> received;  // seq -> the envelope's bytes
  std::vector<std::uint64_t> logged;
  std::uint64_t head = 0;
  {
    TcpFeedClient client(feed_port, HelloFrom(auditor, 1));
    const ServerFrame accepted = ReadAccepted(client);
    CHECK(accepted.start_seq == 1);
    head = accepted.head_seq;
    REQUIRE(head > 0);
    // Catch-up: the whole log, gapless, each envelope chained to the one before.
    const std::vector<TcpFeedEvent> events = client.ReadEvents(head);
    REQUIRE(SeqsOf(events) == SeqsFromTo(1, head));
    ChainHash previous = kGenesisHash;
    for (const TcpFeedEvent& event : events) {
      CHECK(event.envelope.prev_hash == previous);
      previous = HashEnvelopeBytes(event.bytes);
      received[event.envelope.seq] = event.bytes;
    }
    // Live: a command written over HTTP now.
    logged.push_back(log_contact());
    const std::vector<TcpFeedEvent> live = client.ReadEvents(1);
    REQUIRE(SeqsOf(live) == std::vector<std::uint64_t>{logged.back()});
    CHECK(live.front().envelope.event_type == "ContactLogged");
    CHECK(live.front().envelope.stream_id == "client-" + client_id);
    CHECK(live.front().envelope.prev_hash == previous);
    received[logged.back()] = live.front().bytes;
  }  // the consumer goes away

  // Written meanwhile; resumed from the seq after the last one received.
  logged.push_back(log_contact());
  logged.push_back(log_contact());
  TcpFeedClient resumed(feed_port, HelloFrom(auditor, logged[0] + 1));
  const ServerFrame accepted = ReadAccepted(resumed);
  CHECK(accepted.start_seq == logged[0] + 1);
  CHECK(accepted.head_seq == logged[2]);
  std::vector<TcpFeedEvent> rest = resumed.ReadEvents(2);
  CHECK(SeqsOf(rest) == std::vector<std::uint64_t>{logged[1], logged[2]});
  logged.push_back(log_contact());
  std::vector<TcpFeedEvent> live = resumed.ReadEvents(1);
  CHECK(SeqsOf(live) == std::vector<std::uint64_t>{logged[3]});
  rest.insert(rest.end(), live.begin(), live.end());
  for (const TcpFeedEvent& event : rest) received[event.envelope.seq] = event.bytes;
  REQUIRE(SeqsFromTo(head + 1, logged.back()) == logged);  // the only writer

  // A filter: contacts on client streams only, from the start, up to the last one.
  std::vector<std::uint64_t> filtered;
  {
    TcpFeedClient contacts(feed_port, HelloFrom(auditor, 1, {"client"}, {"ContactLogged"}));
    ReadAccepted(contacts);
    while (filtered.empty() || filtered.back() < logged.back()) {
      std::vector<TcpFeedEvent> next = contacts.ReadEvents(1);
      REQUIRE(next.size() == 1);
      CHECK(next.front().envelope.event_type == "ContactLogged");
      CHECK(next.front().envelope.stream_id.rfind("client-", 0) == 0);
      CHECK(next.front().bytes == received.at(next.front().envelope.seq));
      filtered.push_back(next.front().envelope.seq);
    }
  }

  // Refusals: an unknown token, and a user whose role has no feed.
  {
    TcpFeedClient stranger(feed_port, HelloFrom("not-a-token", 1));
    const ServerFrame end = ReadRefusal(stranger);
    CHECK(end.end_code == EndCode::kUnauthenticated);
    CHECK(end.resume_from == 0);
    CHECK(end.message == "unauthenticated: unknown or expired token");
  }
  {
    TcpFeedClient seller(feed_port, HelloFrom(sales, 1));
    const ServerFrame end = ReadRefusal(seller);
    CHECK(end.end_code == EndCode::kUnauthenticated);
    CHECK(end.message.rfind("unauthenticated: ", 0) == 0);
  }

  // SIGTERM: the live consumer gets the end naming where to resume; prospektd exits 0.
  std::optional<ServerFrame> end;
  CHECK(server->Terminate() == 0);
  CHECK(resumed.ReadEvents(1, &end).empty());
  REQUIRE(end.has_value());
  CHECK(end->kind == ServerFrame::Kind::kEnd);
  CHECK(end->end_code == EndCode::kShuttingDown);
  CHECK(end->resume_from == logged.back() + 1);
  CHECK(end->message ==
        "server shutting down: resume from seq " + std::to_string(logged.back() + 1));

  // Every envelope received is the log's, byte for byte, and the filter took exactly the
  // log's contacts on client streams.
  store::StoreOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<store::EventStore> store = prospekt::testing::OpenStore(data, read_only);
  REQUIRE(store->Head().last_seq == logged.back());
  std::vector<std::uint64_t> contacts_in_log;
  std::uint64_t compared = 0;
  REQUIRE(store
              ->ScanRaw(1,
                        [&](std::uint64_t seq, std::string_view bytes) {
                          auto got = received.find(seq);
                          CHECK((got != received.end() && got->second == bytes));
                          ++compared;
                          Result<Envelope> envelope = DecodeEnvelope(bytes);
                          CHECK(envelope.ok());
                          if (envelope.ok() && envelope->event_type == "ContactLogged" &&
                              envelope->stream_id.rfind("client-", 0) == 0) {
                            contacts_in_log.push_back(seq);
                          }
                          return true;
                        })
              .ok());
  CHECK(compared == logged.back());
  CHECK(filtered == contacts_in_log);
}

}  // namespace
}  // namespace prospekt::server::testing
