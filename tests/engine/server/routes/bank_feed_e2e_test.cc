// The live feed through the real server: GET /feed (SSE) catches up, goes live, and
// resumes after a disconnect from Last-Event-ID with nothing lost and nothing twice.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <string>
#include <vector>

#include "tests/engine/server/routes/bank_test_server.h"

namespace prospekt::server::testing {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

// A blocking SSE client: sends the request, then collects the ids of the events that
// arrive until it has `count` of them (or 10 s passed, or the server closed).
class SseClient {
 public:
  SseClient(std::uint16_t port, const std::string& target, const std::string& token,
            const std::string& last_event_id = "")
      : socket_(io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{10, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string request = "GET " + target +
                          " HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n" +
                          "Authorization: Bearer " + token + "\r\n";
    if (!last_event_id.empty()) request += "Last-Event-ID: " + last_event_id + "\r\n";
    request += "\r\n";
    asio::write(socket_, asio::buffer(request));
  }

  // The ids of the next `count` events (fewer if the stream ends or 10 s pass); events
  // read beyond them are kept for the next call.
  std::vector<std::uint64_t> ReadIds(std::size_t count) {
    std::vector<std::uint64_t> ids;
    while (true) {
      std::size_t at;
      while (ids.size() < count && (at = received_.find("\nid: ", scanned_)) != std::string::npos) {
        const std::size_t end = received_.find('\n', at + 1);
        if (end == std::string::npos) break;
        ids.push_back(std::stoull(received_.substr(at + 5, end - at - 5)));
        scanned_ = end;
      }
      if (ids.size() >= count) return ids;
      char chunk[4096];
      boost::system::error_code error;
      const std::size_t n = socket_.read_some(asio::buffer(chunk), error);
      if (error || n == 0) return ids;
      received_.append(chunk, n);
    }
  }
  const std::string& received() const { return received_; }

 private:
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::string received_;
  std::size_t scanned_ = 0;
};

json Contact(const char* client, const char* at) {
  return {{"client_id", client},
          {"type", "phone"},
          {"occurred_at", at},
          {"outcome", "unclear_prospect"}};
}

TEST_CASE("the SSE feed catches up, goes live and resumes from Last-Event-ID", "[e2e]") {
  BankTestServer server;
  std::vector<std::uint64_t> logged;
  for (const char* at : {"2026-03-02T09:01:00Z", "2026-03-02T09:02:00Z", "2026-03-02T09:03:00Z"}) {
    logged.push_back(server.Command("LogContact", "sales1", Contact("c1", at)).body.at("seq"));
  }
  const std::string token = server.TokenOf("auditor");
  std::vector<std::uint64_t> first;
  {
    SseClient client(server.port(), "/feed?from=1&types=ContactLogged", token);
    first = client.ReadIds(2);
    INFO(client.received());
    REQUIRE(first == std::vector<std::uint64_t>{logged[0], logged[1]});
    CHECK(client.received().rfind("HTTP/1.1 200", 0) == 0);
    CHECK(client.received().find("text/event-stream") != std::string::npos);
    CHECK(client.received().find("event: ContactLogged") != std::string::npos);
  }  // disconnected after the second event

  logged.push_back(
      server.Command("LogContact", "sales1", Contact("c2", "2026-03-02T09:04:00Z")).body.at("seq"));
  SseClient resumed(server.port(), "/feed?from=1&types=ContactLogged", token,
                    std::to_string(first.back()));
  const std::vector<std::uint64_t> rest = resumed.ReadIds(2);
  INFO(resumed.received());
  CHECK(rest == std::vector<std::uint64_t>{logged[2], logged[3]});

  // Live: an event appended now arrives on the open stream.
  logged.push_back(
      server.Command("LogContact", "sales1", Contact("c2", "2026-03-02T09:05:00Z")).body.at("seq"));
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
