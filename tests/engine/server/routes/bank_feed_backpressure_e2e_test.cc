// Back-pressure through the real server, over WebSocket and the binary TCP feed: a live
// consumer that stops reading fills the kernel's buffers, then its bounded buffer at the
// hub, and is disconnected with the documented reason ("fell behind: resume from seq N")
// while every command written over HTTP meanwhile is answered; what it got before the end
// is gapless, and resuming from N yields exactly the rest. The test waits for conditions
// (the hub's counters), never for time: bounds are timeouts only.
#include <catch2/catch.hpp>

#include <boost/beast/websocket/rfc6455.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/engine/server/feed/feed_test_support.h"
#include "tests/engine/server/routes/bank_test_server.h"
#include "tests/engine/server/routes/feed_clients.h"

namespace prospekt::server::testing {
namespace {

using nlohmann::json;
namespace websocket = boost::beast::websocket;

// A buffer of 16 events at the hub, a small receive buffer at the client and events of
// some 32 KiB (a long note): a few dozen fill the kernel's buffers and the hub's.
constexpr std::size_t kHubBuffer = 16;
constexpr std::size_t kNoteBytes = 32 * 1024;
constexpr FeedClientOptions kStalledClient{.receive_buffer_bytes = 4096};

// Waits until the hub counts `count` consumers, so that a live-only subscription is in
// place before the test writes.
void AwaitConsumers(BankTestServer& server, std::uint64_t count) {
  const auto deadline = std::chrono::steady_clock::now() + feed::testing::kPatience;
  while (server.bank().feed().Metrics().consumers < count) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Waits until the hub's live tail has passed the log's head. A live-only subscription
// starts at the tail ("the next event the hub reads"), which trails the head for a
// moment after an append: subscribing before this, a consumer could get the set-up's
// last event before the ones the test writes.
void AwaitTailAtHead(BankTestServer& server) {
  const auto deadline = std::chrono::steady_clock::now() + feed::testing::kPatience;
  while (server.bank().feed().Metrics().live_seq <= server.bank().log().Head().last_seq) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// Logs contacts over HTTP, each answered 200 (Command REQUIREs it), until the hub has
// disconnected a consumer as fallen behind, then three more; their seqs.
std::vector<std::uint64_t> WriteUntilOneFellBehind(BankTestServer& server) {
  std::vector<std::uint64_t> logged;
  const std::string note(kNoteBytes, 'n');
  auto log_contact = [&] {
    const int minute = static_cast<int>(logged.size() % 60);
    const std::string at =
        "2026-03-02T09:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00Z";
    logged.push_back(server
                         .Command("LogContact", "sales1",
                                  {{"client_id", "c1"},
                                   {"type", "phone"},
                                   {"occurred_at", at},
                                   {"outcome", "unclear_prospect"},
                                   {"note", note}})
                         .body.at("seq"));
  };
  while (server.bank().feed().Metrics().disconnects_fell_behind == 0) {
    REQUIRE(logged.size() < 5'000);  // a timeout: a few dozen are enough
    log_contact();
  }
  for (int i = 0; i < 3; ++i) log_contact();
  REQUIRE(SeqsFromTo(logged.front(), logged.back()) == logged);  // the only writer
  return logged;
}

TEST_CASE("a WebSocket consumer that stops reading is disconnected as fallen behind and resumes",
          "[e2e][feed]") {
  BankTestServer server({.feed_buffer_events = kHubBuffer});
  const std::string token = server.TokenOf("auditor");
  AwaitTailAtHead(server);
  WsFeedClient stalled(server.port(), "/feed/ws", token, kStalledClient);  // live only
  REQUIRE(stalled.upgraded());
  AwaitConsumers(server, 1);
  const std::vector<std::uint64_t> logged = WriteUntilOneFellBehind(server);

  const std::vector<std::uint64_t> got = SeqsOf(stalled.ReadUntilClose());
  REQUIRE(!got.empty());
  CHECK(got == SeqsFromTo(logged.front(), got.back()));
  CHECK(got.back() < logged.back());
  CHECK(stalled.close_reason().code == websocket::close_code::policy_error);
  const std::uint64_t resume_from = got.back() + 1;
  CHECK(stalled.close_text() == "fell behind: resume from seq " + std::to_string(resume_from));

  WsFeedClient resumed(server.port(), "/feed/ws?from=" + std::to_string(resume_from), token);
  REQUIRE(resumed.upgraded());
  CHECK(SeqsOf(resumed.ReadEvents(logged.back() - resume_from + 1)) ==
        SeqsFromTo(resume_from, logged.back()));
  CHECK(server.bank().feed().Metrics().disconnects_fell_behind == 1);
}

TEST_CASE("a TCP feed consumer that stops reading gets a fell_behind end and resumes from it",
          "[e2e][feed]") {
  BankTestServer server({.feed_buffer_events = kHubBuffer, .tcp_feed = true});
  const std::string token = server.TokenOf("auditor");
  feed::tcp::Hello live;
  live.token = token;
  live.kinds = {"client"};
  AwaitTailAtHead(server);
  TcpFeedClient stalled(server.tcp_feed_port(), live, kStalledClient);
  AwaitConsumers(server, 1);
  const std::vector<std::uint64_t> logged = WriteUntilOneFellBehind(server);

  std::optional<feed::tcp::ServerFrame> accepted = stalled.Read();
  REQUIRE(accepted.has_value());
  REQUIRE(accepted->kind == feed::tcp::ServerFrame::Kind::kAccepted);
  CHECK(accepted->start_seq == logged.front());
  std::optional<feed::tcp::ServerFrame> end;
  const std::vector<std::uint64_t> got = SeqsOf(stalled.ReadEvents(SIZE_MAX, &end));
  REQUIRE(!got.empty());
  CHECK(got == SeqsFromTo(logged.front(), got.back()));
  REQUIRE(end.has_value());
  CHECK(end->kind == feed::tcp::ServerFrame::Kind::kEnd);
  CHECK(end->end_code == feed::tcp::EndCode::kFellBehind);
  CHECK(end->resume_from == got.back() + 1);
  CHECK(end->message == "fell behind: resume from seq " + std::to_string(got.back() + 1));
  CHECK_FALSE(stalled.Read().has_value());  // the server closes after the end

  feed::tcp::Hello again = live;
  again.from_seq = end->resume_from;
  TcpFeedClient resumed(server.tcp_feed_port(), again);
  std::optional<feed::tcp::ServerFrame> resumed_accepted = resumed.Read();
  REQUIRE(resumed_accepted.has_value());
  CHECK(resumed_accepted->start_seq == end->resume_from);
  CHECK(resumed_accepted->head_seq == logged.back());
  CHECK(SeqsOf(resumed.ReadEvents(logged.back() - end->resume_from + 1)) ==
        SeqsFromTo(end->resume_from, logged.back()));
}

}  // namespace
}  // namespace prospekt::server::testing
