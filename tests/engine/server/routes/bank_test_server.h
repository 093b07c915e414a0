// A real prospektd in the test process: a BankService on a temporary folder, every route
// of the bank (AddBankRoutes) on an HttpServer at a random loopback port (and, when asked,
// the binary TCP feed on another), and a small bank set up through the HTTP API itself,
// so that the end-to-end suites ([e2e]) drive the server as a client would.
//
// The bank (ISO week 2026-W10), set up at Monday 2026-03-02 09:00 UTC; the clock then
// stands at 10:00 and moves only when a test moves it:
//   region r1: branch b1 (departments sales, loans), branch b2 (sales)
//   products: card (sales), loan (loans)
//   employees and their logins (password kPassword):
//     office   ho-1      head office            auditor  aud-1     auditor
//     admin    adm-1     admin                  head1    b1-head   branch head of b1
//     sales1   b1-s1     sales specialist, b1   sales2   b1-s2     sales specialist, b1
//     credit1  b1-cr     product specialist, b1 loans   head2    b2-head   branch head of b2
//     sales3   b2-s1     sales specialist, b2
//   clients: c1, c2 (b1, assigned to sales1), c3 (b1, unassigned), c9 (b2, assigned to sales3)
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/server/feed/feed_tcp_server.h"
#include "engine/server/http_server.h"
#include "engine/server/router.h"
#include "engine/server/routes/bank_service.h"
#include "engine/server/routes/routes.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/test_support.h"

namespace prospekt::server::testing {

inline constexpr std::string_view kPassword = "correct horse battery";
// Monday 2026-03-02 09:00 UTC.
inline constexpr std::int64_t kMonday0900Us = 1'772'442'000'000'000;
inline constexpr std::int64_t kHourUs = 3'600'000'000;

struct Reply {
  unsigned status = 0;
  nlohmann::json body;  // null when the body is no JSON
  std::string raw;
  ClientResponse response;
};

struct BankTestServerOptions {
  // Each feed consumer's buffer (FeedHubOptions::max_buffered_events); 0 keeps the
  // default. A small one lets a test make a consumer fall behind with few events.
  std::size_t feed_buffer_events = 0;
  // Also serve the binary TCP feed on a port of its own (tcp_feed_port()), as prospektd
  // does with --feed-port.
  bool tcp_feed = false;
};

// The body of a LogContact: a phone call to `client_id` at `occurred_at` (ISO, UTC),
// outcome "unclear prospect" (no hand-over, no next contact: one event).
nlohmann::json PhoneContact(std::string_view client_id, std::string_view occurred_at);

class BankTestServer {
 public:
  // Opens, serves and sets the bank up (REQUIREs every step).
  explicit BankTestServer(BankTestServerOptions test_options = {});
  // Stops as prospektd does: feeds, HTTP server (draining), bank.
  ~BankTestServer();
  BankTestServer(const BankTestServer&) = delete;
  BankTestServer& operator=(const BankTestServer&) = delete;

  std::uint16_t port() const { return http_->port(); }
  // The binary TCP feed's port (options.tcp_feed), else 0.
  std::uint16_t tcp_feed_port() const { return tcp_feed_ ? tcp_feed_->port() : 0; }
  BankService& bank() { return *bank_; }
  const Router& router() const { return router_; }
  void SetClock(std::int64_t now_us) { clock_->store(now_us); }

  // The session token of a login of the bank above (logged in once, then kept).
  const std::string& TokenOf(const std::string& login);

  // One request on a fresh connection; `login` "" sends no Authorization header.
  Reply Call(std::string_view method, std::string_view target, const std::string& login,
             std::string_view body = {}, const Fields& headers = {});
  Reply Get(std::string_view target, const std::string& login) {
    return Call("GET", target, login);
  }
  // POST /api/commands/<command> with a JSON body; REQUIREs a 200 when `must_succeed`.
  Reply Command(std::string_view command, const std::string& login, const nlohmann::json& body,
                bool must_succeed = true, const Fields& headers = {});

  // Stops the server as prospektd does on SIGTERM; the destructor then does nothing.
  void Shutdown();

 private:
  prospekt::testing::TempDir dir_;
  std::shared_ptr<std::atomic<std::int64_t>> clock_;
  std::unique_ptr<BankService> bank_;
  Router router_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<feed::FeedTcpServer> tcp_feed_;
  std::map<std::string, std::string> tokens_;
  bool stopped_ = false;
};

}  // namespace prospekt::server::testing
