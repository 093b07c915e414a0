// The HTTP server end to end: a real server on 127.0.0.1 (random port) and a Beast
// client. Keep-alive, routing errors, decoding, limits, timeouts, late answers, graceful
// stop, concurrency, metrics and the access log.
#include "engine/server/http_server.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <any>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/server/error_response.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/engine/server/server_test_support.h"

namespace prospekt::server {
namespace {

using testing::ClientResponse;
using testing::ServerHarness;
using testing::TestClient;

void Hello(Request, Respond respond) { respond(Response::Json(200, R"({"hello":"world"})")); }

// Answers with what the server parsed.
void Echo(Request request, Respond respond) {
  nlohmann::json query = nlohmann::json::array();
  for (const auto& [key, value] : request.query) query.push_back({key, value});
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [key, value] : request.path_params) params[key] = value;
  respond(Response::Json(200, nlohmann::json{{"method", request.method},
                                             {"target", request.target},
                                             {"path", request.path},
                                             {"params", params},
                                             {"query", query},
                                             {"body", request.body},
                                             {"route", request.route_template},
                                             {"tag", request.route_tag},
                                             {"remote", request.remote_address}}
                                  .dump()));
}

nlohmann::json JsonOf(const std::optional<ClientResponse>& response) {
  REQUIRE(response);
  return nlohmann::json::parse(response->body);
}

// The value of one sample line ("name{labels} value") in the metrics text; -1 if absent.
double Sample(const std::string& metrics, const std::string& series) {
  const std::size_t at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + series.size() + 2));
}

// Waits (bounded) for a condition another thread makes true; the wait decides nothing.
template <class Condition>
bool Eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + TestClient::kDeadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST_CASE("keep-alive serves several requests on one connection", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/echo/{word}", 3, Echo).ok());
  harness.Start();

  TestClient client(harness.port());
  REQUIRE(client.Connect());
  std::string remote;
  for (int i = 0; i < 5; ++i) {
    const std::string word = "w" + std::to_string(i);
    std::optional<ClientResponse> response = client.Request("GET", "/echo/" + word);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->keep_alive);
    CHECK(response->Header("Content-Type") == "application/json");
    CHECK(response->Header("Server") == "prospektd");
    CHECK_FALSE(response->Header("Date").empty());
    const nlohmann::json echoed = nlohmann::json::parse(response->body);
    CHECK(echoed["params"]["word"] == word);
    CHECK(echoed["tag"] == 3);
    if (i == 0) remote = echoed["remote"].get<std::string>();
    CHECK(echoed["remote"] == remote);  // the same connection every time
  }
  // Pipelined: both requests in one write, answered in order.
  REQUIRE(
      client.WriteRaw("GET /echo/p1 HTTP/1.1\r\nHost: x\r\n\r\n"
                      "GET /echo/p2 HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(JsonOf(client.Read())["params"]["word"] == "p1");
  CHECK(JsonOf(client.Read())["params"]["word"] == "p2");

  harness.server->Stop();  // the last exchange is counted after its last byte is written
  const std::string metrics = harness.metrics.RenderText();
  CHECK(Sample(metrics, "prospekt_http_connections_accepted_total") == 1);
  CHECK(Sample(metrics,
               R"(prospekt_http_requests_total{method="GET",route="/echo/{word}",status="200"})") ==
        7);
}

TEST_CASE("unknown paths are 404, wrong methods 405 with Allow; the connection stays", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/api/users/{login}", 0, Hello).ok());
  REQUIRE(harness.router.Add("POST", "/api/users/{login}", 0, Hello).ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());

  std::optional<ClientResponse> missing = client.Request("GET", "/api/nothing");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  CHECK(JsonOf(missing) == nlohmann::json{{"error", "not_found"},
                                          {"message", "no route serves this path"},
                                          {"field", "path"}});
  CHECK(missing->keep_alive);

  std::optional<ClientResponse> wrong = client.Request("DELETE", "/api/users/anna");
  REQUIRE(wrong);
  CHECK(wrong->status == 405);
  CHECK(wrong->Header("Allow") == "GET, POST");
  CHECK(JsonOf(wrong)["error"] == "method_not_allowed");

  std::optional<ClientResponse> odd = client.Request("BREW", "/api/users/anna");
  REQUIRE(odd);
  CHECK(odd->status == 405);

  std::optional<ClientResponse> fine = client.Request("GET", "/api/users/anna");
  REQUIRE(fine);
  CHECK(fine->status == 200);

  const std::string metrics = harness.metrics.RenderText();
  CHECK(Sample(metrics, R"(prospekt_http_requests_total{method="GET",route="-",status="404"})") ==
        1);
  // A method HTTP does not define is counted as OTHER: clients cannot grow the labels.
  CHECK(Sample(metrics, R"(prospekt_http_requests_total{method="OTHER",route="-",status="405"})") ==
        1);
}

TEST_CASE("path and query parameters arrive percent-decoded, in order", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("POST", "/api/clients/{client_id}/card", 7, Echo).ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());

  const std::string target = "/api/clients/a%20b%2Fc/card?x=1&x=2&q=Iv%C3%A1n+P&flag";
  const nlohmann::json echoed = JsonOf(client.Request("POST", target, R"({"a":1})"));
  CHECK(echoed["params"] == nlohmann::json{{"client_id", "a b/c"}});
  CHECK(echoed["query"] ==
        nlohmann::json::array({{"x", "1"}, {"x", "2"}, {"q", "Iv\xC3\xA1n P"}, {"flag", ""}}));
  CHECK(echoed["target"] == target);
  CHECK(echoed["path"] == "/api/clients/a%20b%2Fc/card");
  CHECK(echoed["route"] == "/api/clients/{client_id}/card");
  CHECK(echoed["body"] == R"({"a":1})");

  std::optional<ClientResponse> bad = client.Request("POST", "/api/clients/a%zz/card");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(JsonOf(bad)["field"] == "path");
  std::optional<ClientResponse> bad_query = client.Request("POST", "/api/clients/a/card?x=%");
  REQUIRE(bad_query);
  CHECK(bad_query->status == 400);
  CHECK(JsonOf(bad_query)["field"] == "query");
  CHECK(bad_query->keep_alive);
}

TEST_CASE("a body over the limit is 413 and closes; the server goes on serving others",
          "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("POST", "/echo", 0, Echo).ok());
  harness.Start();

  SECTION("declared by Content-Length") {
    TestClient client(harness.port());
    REQUIRE(client.Connect());
    REQUIRE(client.WriteRaw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" +
                            std::string(512, 'a')));
    std::optional<ClientResponse> response = client.Read();
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(JsonOf(response)["error"] == "body_too_large");
    CHECK_FALSE(response->keep_alive);
    CHECK(client.WaitForClose());
  }
  SECTION("found while reading chunks") {
    TestClient client(harness.port());
    REQUIRE(client.Connect());
    std::string chunked = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
    REQUIRE(client.WriteRaw(chunked));
    std::optional<ClientResponse> response = client.Read();
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(client.WaitForClose());
  }
  SECTION("exactly at the limit is fine") {
    TestClient client(harness.port());
    REQUIRE(client.Connect());
    std::optional<ClientResponse> response =
        client.Request("POST", "/echo", std::string(1024, 'c'));
    REQUIRE(response);
    CHECK(response->status == 200);
  }
  TestClient other(harness.port());
  REQUIRE(other.Connect());
  std::optional<ClientResponse> fine = other.Request("POST", "/echo", "small");
  REQUIRE(fine);
  CHECK(fine->status == 200);
}

TEST_CASE("a header over the limit is 431 and closes", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/hello", 0, Hello).ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());
  REQUIRE(client.Send("GET", "/hello", {}, {{"X-Big", std::string(8000, 'h')}}));
  std::optional<ClientResponse> response = client.Read();
  REQUIRE(response);
  CHECK(response->status == 431);
  CHECK(JsonOf(response) ==
        nlohmann::json{{"error", "headers_too_large"},
                       {"message", "the request line and header fields exceed 4096 bytes"},
                       {"field", "headers"}});
  CHECK(client.WaitForClose());
}

TEST_CASE("a malformed request is 400 and closes", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/hello", 0, Hello).ok());
  harness.Start();
  for (const char* garbage :
       {"GARBAGE\r\n\r\n", "GET /hello HTTP/9.x\r\n\r\n",
        "GET /hello HTTP/1.1\r\nBad Header\r\n\r\n",
        "POST /hello HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
    CAPTURE(garbage);
    TestClient client(harness.port());
    REQUIRE(client.Connect());
    REQUIRE(client.WriteRaw(garbage));
    std::optional<ClientResponse> response = client.Read();
    REQUIRE(response);
    CHECK(response->status == 400);
    CHECK(JsonOf(response)["error"] == "invalid_argument");
    CHECK(client.WaitForClose());
  }
}

TEST_CASE("slow and idle clients are closed after their timeouts", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/hello", 0, Hello).ok());
  harness.options.read_timeout = std::chrono::milliseconds(100);
  harness.options.idle_timeout = std::chrono::milliseconds(100);
  harness.Start();

  TestClient slow(harness.port());
  REQUIRE(slow.Connect());
  REQUIRE(slow.WriteRaw("GET /hello HTTP/1.1\r\nHost: x\r\n"));  // and never the rest
  std::string received;
  CHECK(slow.WaitForClose(&received));
  CHECK(received.empty());  // closed, not answered

  TestClient idle(harness.port());
  REQUIRE(idle.Connect());
  std::optional<ClientResponse> first = idle.Request("GET", "/hello");
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(idle.WaitForClose());  // no next request within the idle timeout

  TestClient next(harness.port());
  REQUIRE(next.Connect());
  std::optional<ClientResponse> served = next.Request("GET", "/hello");
  REQUIRE(served);
  CHECK(served->status == 200);

  // Beast closes the socket when the deadline passes, before the session counts the
  // close: read the counters once the workers have ended.
  harness.server->Stop();
  const std::string metrics = harness.metrics.RenderText();
  CHECK(Sample(metrics, R"(prospekt_http_connections_closed_total{reason="read_timeout"})") == 1);
  CHECK(Sample(metrics, R"(prospekt_http_connections_closed_total{reason="idle_timeout"})") == 1);
}

// Respond objects handed to a worker thread of the test, answered in order.
class LaterResponder {
 public:
  LaterResponder()
      : thread_([this] {
          std::unique_lock lock(mu_);
          for (;;) {
            cv_.wait(lock, [this] { return done_ || !queue_.empty(); });
            if (queue_.empty()) return;
            Respond respond = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            respond(Response::Text(200, "answered from thread " + ThreadName()));
            lock.lock();
          }
        }) {}
  ~LaterResponder() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void Push(Respond respond) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(std::move(respond));
    }
    cv_.notify_all();
  }
  static std::string ThreadName() {
    return std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id()));
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Respond> queue_;  // Guarded by mu_.
  bool done_ = false;          // Guarded by mu_.
  std::thread thread_;
};

TEST_CASE("a handler may answer later, from another thread", "[server]") {
  LaterResponder later;
  ServerHarness harness;
  REQUIRE(harness.router
              .Add("GET", "/later", 0,
                   [&later](Request, Respond respond) { later.Push(std::move(respond)); })
              .ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());
  for (int i = 0; i < 3; ++i) {
    std::optional<ClientResponse> response = client.Request("GET", "/later");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body.starts_with("answered from thread "));
    CHECK(response->Header("Content-Type") == "text/plain; charset=utf-8");
  }
}

TEST_CASE("handlers that drop, throw, answer twice or answer badly get a clean answer",
          "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/drop", 0, [](Request, Respond) {}).ok());
  REQUIRE(harness.router
              .Add("GET", "/throw", 0, [](Request, Respond) { throw std::runtime_error("boom"); })
              .ok());
  REQUIRE(harness.router
              .Add("GET", "/twice", 0,
                   [](Request, Respond respond) {
                     respond(Response::Json(200, R"({"n":1})"));
                     respond(Response::Json(201, R"({"n":2})"));
                   })
              .ok());
  REQUIRE(harness.router
              .Add("GET", "/bad", 0,
                   [](Request, Respond respond) {
                     Response response = Response::Json(200, "{}");
                     response.headers = {{"X-Split", "a\r\nSet-Cookie: evil"},
                                         {"Bad Name", "x"},
                                         {"X-Ok", "yes"},
                                         {"Content-Length", "99"}};
                     respond(std::move(response));
                   })
              .ok());
  REQUIRE(harness.router
              .Add("GET", "/status", 0,
                   [](Request, Respond respond) { respond(Response::Json(1000, "{}")); })
              .ok());
  REQUIRE(harness.router
              .Add("GET", "/empty", 0,
                   [](Request, Respond respond) { respond(Response::Json(204, "ignored")); })
              .ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());

  std::optional<ClientResponse> dropped = client.Request("GET", "/drop");
  REQUIRE(dropped);
  CHECK(dropped->status == 500);
  CHECK(JsonOf(dropped)["message"] == "the handler finished without answering");
  std::optional<ClientResponse> thrown = client.Request("GET", "/throw");
  REQUIRE(thrown);
  CHECK(thrown->status == 500);
  std::optional<ClientResponse> twice = client.Request("GET", "/twice");
  REQUIRE(twice);
  CHECK(twice->status == 200);
  CHECK(twice->body == R"({"n":1})");
  std::optional<ClientResponse> bad = client.Request("GET", "/bad");
  REQUIRE(bad);
  CHECK(bad->status == 200);
  CHECK(bad->Header("X-Ok") == "yes");
  CHECK(bad->Header("X-Split").empty());
  CHECK(bad->Header("Set-Cookie").empty());
  CHECK(bad->Header("Content-Length") == "2");
  std::optional<ClientResponse> status = client.Request("GET", "/status");
  REQUIRE(status);
  CHECK(status->status == 500);
  std::optional<ClientResponse> empty = client.Request("GET", "/empty");
  REQUIRE(empty);
  CHECK(empty->status == 204);
  CHECK(empty->body.empty());
  // The connection survived all of it, and the second answer of /twice did not leak
  // into the next exchange.
  std::optional<ClientResponse> after = client.Request("GET", "/twice");
  REQUIRE(after);
  CHECK(after->body == R"({"n":1})");
}

TEST_CASE("the pre-dispatch hook authenticates before the handler runs", "[server]") {
  ServerHarness harness;
  std::atomic<int> handled{0};
  auto whoami = [&handled](Request request, Respond respond) {
    ++handled;
    respond(Response::Text(200, std::any_cast<std::string>(request.principal)));
  };
  REQUIRE(harness.router.Add("GET", "/me", 1, whoami).ok());
  REQUIRE(harness.router.Add("GET", "/secret", 99, whoami).ok());
  harness.router.SetPreDispatch([](Request& request) -> std::optional<Response> {
    const std::optional<std::string_view> authorization = request.Header("authorization");
    if (!authorization || *authorization != "Bearer good") {
      return UnauthenticatedResponse("a bearer token is required");
    }
    request.principal = std::string("principal:anna");
    request.user = "anna";
    if (request.route_tag == 99) {
      return StatusResponse(Status::PermissionDenied("not for you"), StatusOrigin::kRequest);
    }
    return std::nullopt;
  });
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());

  std::optional<ClientResponse> anonymous = client.Request("GET", "/me");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 401);
  CHECK(anonymous->Header("WWW-Authenticate") == "Bearer");
  CHECK(JsonOf(anonymous)["error"] == "unauthenticated");
  std::optional<ClientResponse> denied =
      client.Request("GET", "/secret", {}, {{"Authorization", "Bearer good"}});
  REQUIRE(denied);
  CHECK(denied->status == 403);
  CHECK(handled == 0);
  std::optional<ClientResponse> me =
      client.Request("GET", "/me", {}, {{"Authorization", "Bearer good"}});
  REQUIRE(me);
  CHECK(me->status == 200);
  CHECK(me->body == "principal:anna");
  CHECK(handled == 1);

  harness.server->Stop();  // every log line is written once the workers ended
  const std::vector<std::string> lines = harness.sink->Lines();
  int request_lines = 0;
  for (const std::string& line : lines) {
    if (!line.starts_with("http method=")) continue;
    ++request_lines;
    if (line.find("route=/me status=200") != std::string::npos) {
      CHECK(line.find(" user=anna ") != std::string::npos);
      CHECK(line.find(" latency_us=") != std::string::npos);
      CHECK(line.find(" remote=127.0.0.1:") != std::string::npos);
    }
    if (line.find("status=401") != std::string::npos)
      CHECK(line.find("user=") == std::string::npos);
  }
  CHECK(request_lines == 3);
}

TEST_CASE("Stop lets a request in flight finish, closes idle connections, then returns",
          "[server]") {
  ServerHarness harness;
  std::promise<Respond> parked;
  REQUIRE(harness.router
              .Add("GET", "/slow", 0,
                   [&parked](Request, Respond respond) { parked.set_value(std::move(respond)); })
              .ok());
  REQUIRE(harness.router.Add("GET", "/hello", 0, Hello).ok());
  harness.Start();
  const std::uint16_t port = harness.port();

  TestClient idle(port);
  REQUIRE(idle.Connect());
  REQUIRE(idle.Request("GET", "/hello"));

  std::future<std::optional<ClientResponse>> slow = std::async(std::launch::async, [port] {
    TestClient client(port);
    return client.Connect() ? client.Request("GET", "/slow") : std::nullopt;
  });
  std::future<Respond> in_handler = parked.get_future();
  REQUIRE(in_handler.wait_for(TestClient::kDeadline) == std::future_status::ready);
  Respond respond = in_handler.get();

  std::future<void> stopped =
      std::async(std::launch::async, [&harness] { harness.server->Stop(); });
  REQUIRE(Eventually([&harness] { return harness.server->stopping(); }));
  CHECK(idle.WaitForClose());  // closed at once, without a response
  // Stop cannot have returned: the request is still in its handler.
  CHECK(stopped.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);

  respond(Response::Text(200, "finished"));
  std::optional<ClientResponse> response = slow.get();
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == "finished");
  CHECK_FALSE(response->keep_alive);  // Connection: close while stopping
  REQUIRE(stopped.wait_for(TestClient::kDeadline) == std::future_status::ready);
  CHECK(harness.server->open_connections() == 0);

  const std::string metrics = harness.metrics.RenderText();
  CHECK(Sample(metrics, R"(prospekt_http_connections_closed_total{reason="drain_timeout"})") == -1);
  CHECK(Sample(metrics, R"(prospekt_http_connections_closed_total{reason="stopping"})") == 2);

  TestClient late(port);
  CHECK_FALSE(late.Connect());  // no longer listening
}

TEST_CASE("a request still being read when Stop begins is answered 503", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("POST", "/echo", 0, Echo).ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());
  // "100 Continue" proves that the server has read the header and waits for the body.
  REQUIRE(client.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  std::optional<ClientResponse> go_on = client.Read();
  REQUIRE(go_on);
  REQUIRE(go_on->status == 100);

  std::future<void> stopped =
      std::async(std::launch::async, [&harness] { harness.server->Stop(); });
  REQUIRE(Eventually([&harness] { return harness.server->stopping(); }));
  REQUIRE(client.WriteRaw("hello"));
  std::optional<ClientResponse> refused = client.Read();
  REQUIRE(refused);
  CHECK(refused->status == 503);
  CHECK(JsonOf(refused)["error"] == "unavailable");
  CHECK_FALSE(refused->keep_alive);
  CHECK(client.WaitForClose());
  REQUIRE(stopped.wait_for(TestClient::kDeadline) == std::future_status::ready);
}

TEST_CASE("a handler that never answers is cut at the drain timeout", "[server]") {
  std::mutex never_mu;
  std::vector<Respond> never;  // outlives the server: answering after Stop is a no-op
  ServerHarness harness;
  harness.options.drain_timeout = std::chrono::milliseconds(100);
  REQUIRE(harness.router
              .Add("GET", "/never", 0,
                   [&never, &never_mu](Request, Respond respond) {
                     std::lock_guard lock(never_mu);
                     never.push_back(std::move(respond));
                   })
              .ok());
  harness.Start();
  TestClient first(harness.port());
  TestClient second(harness.port());
  REQUIRE(first.Connect());
  REQUIRE(second.Connect());
  REQUIRE(first.Send("GET", "/never"));
  REQUIRE(second.Send("GET", "/never"));
  REQUIRE(Eventually([&never, &never_mu] {
    std::lock_guard lock(never_mu);
    return never.size() == 2;
  }));

  harness.server->Stop();
  CHECK(first.WaitForClose());
  CHECK(second.WaitForClose());
  const std::string metrics = harness.metrics.RenderText();
  CHECK(Sample(metrics, R"(prospekt_http_connections_closed_total{reason="drain_timeout"})") == 2);
  never[0](Response::Text(200, "too late"));  // after Stop: a no-op
  harness.server.reset();
  never.clear();  // the unanswered one's destructor answers 500 into nothing
}

TEST_CASE("many clients at once are all served", "[server]") {
  ServerHarness harness;
  harness.options.threads = 4;
  REQUIRE(harness.router.Add("GET", "/echo/{word}", 0, Echo).ok());
  harness.Start();
  constexpr int kClients = 8;
  constexpr int kRequestsEach = 25;
  std::atomic<int> failures{0};  // Catch2's assertions are not thread-safe
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&harness, &failures, c] {
      TestClient client(harness.port());
      if (!client.Connect()) {
        ++failures;
        return;
      }
      for (int i = 0; i < kRequestsEach; ++i) {
        const std::string word = std::to_string(c) + "-" + std::to_string(i);
        std::optional<ClientResponse> response = client.Request("GET", "/echo/" + word);
        if (!response || response->status != 200 ||
            nlohmann::json::parse(response->body)["params"]["word"] != word) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();
  CHECK(failures == 0);
  harness.server->Stop();
  const std::string metrics = harness.metrics.RenderText();
  CHECK(Sample(metrics,
               R"(prospekt_http_requests_total{method="GET",route="/echo/{word}",status="200"})") ==
        kClients * kRequestsEach);
  CHECK(Sample(metrics, "prospekt_http_connections_accepted_total") == kClients);
}

TEST_CASE("the metrics text counts requests by route and status", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("GET", "/hello", 0, Hello).ok());
  MetricsRegistry& metrics = harness.metrics;
  REQUIRE(harness.router
              .Add("GET", "/metrics", 0,
                   [&metrics](Request, Respond respond) { respond(MetricsResponse(metrics)); })
              .ok());
  harness.Start();
  TestClient client(harness.port());
  REQUIRE(client.Connect());
  for (int i = 0; i < 3; ++i) REQUIRE(client.Request("GET", "/hello"));
  REQUIRE(client.Request("GET", "/nope"));

  // On one connection each exchange is counted before the next request is read.
  std::optional<ClientResponse> scraped = client.Request("GET", "/metrics");
  REQUIRE(scraped);
  CHECK(scraped->status == 200);
  CHECK(scraped->Header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = scraped->body;
  CHECK(Sample(text, R"(prospekt_http_requests_total{method="GET",route="/hello",status="200"})") ==
        3);
  CHECK(Sample(text, R"(prospekt_http_requests_total{method="GET",route="-",status="404"})") == 1);
  CHECK(
      Sample(
          text,
          R"(prospekt_http_request_duration_seconds_count{method="GET",route="/hello",status="200"})") ==
      3);
  CHECK(
      Sample(
          text,
          R"(prospekt_http_request_duration_seconds_bucket{method="GET",route="/hello",status="200",le="+Inf"})") ==
      3);
  CHECK(Sample(text, "prospekt_http_connections_open") == 1);
  CHECK(Sample(text, "prospekt_http_requests_in_flight") == 1);  // the scrape itself
}

TEST_CASE("at max_connections the server waits for a connection to close", "[server]") {
  ServerHarness harness;
  harness.options.max_connections = 1;
  HttpServer* server = nullptr;
  REQUIRE(harness.router
              .Add("GET", "/count", 0,
                   [&server](Request, Respond respond) {
                     respond(Response::Text(200, std::to_string(server->open_connections())));
                   })
              .ok());
  harness.Start();
  server = harness.server.get();

  auto first = std::make_unique<TestClient>(harness.port());
  REQUIRE(first->Connect());
  std::optional<ClientResponse> one = first->Request("GET", "/count");
  REQUIRE(one);
  CHECK(one->body == "1");

  TestClient second(harness.port());
  REQUIRE(second.Connect());  // completes in the listen backlog
  REQUIRE(second.Send("GET", "/count"));
  first.reset();  // closing the first lets the server accept the second
  std::optional<ClientResponse> two = second.Read();
  REQUIRE(two);
  CHECK(two->body == "1");  // never two connections at once
}

TEST_CASE("Expect: 100-continue and HTTP/1.0 are honoured", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.Add("POST", "/echo", 0, Echo).ok());
  harness.Start();

  TestClient client(harness.port());
  REQUIRE(client.Connect());
  REQUIRE(client.WriteRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  std::optional<ClientResponse> go_on = client.Read();
  REQUIRE(go_on);
  CHECK(go_on->status == 100);
  REQUIRE(client.WriteRaw("hello"));
  const nlohmann::json echoed = JsonOf(client.Read());
  CHECK(echoed["body"] == "hello");

  TestClient old(harness.port());
  REQUIRE(old.Connect());
  REQUIRE(old.WriteRaw("POST /echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi"));
  std::optional<ClientResponse> response = old.Read();
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK_FALSE(response->keep_alive);
  CHECK(old.WaitForClose());
}

TEST_CASE("Start refuses bad options and a port in use", "[server]") {
  ServerHarness harness;
  harness.Start();
  MetricsRegistry metrics;
  HttpServerOptions taken = harness.options;
  taken.port = harness.port();
  CHECK(HttpServer::Start(taken, harness.router, metrics).status().code() == StatusCode::kIOError);

  HttpServerOptions bad = harness.options;
  bad.address = "not-an-address";
  CHECK(HttpServer::Start(bad, harness.router, metrics).status().field() == "address");
  bad = harness.options;
  bad.threads = 0;
  CHECK(HttpServer::Start(bad, harness.router, metrics).status().field() == "threads");
  bad = harness.options;
  bad.read_timeout = std::chrono::milliseconds(0);
  CHECK(HttpServer::Start(bad, harness.router, metrics).status().field() == "read_timeout");
  bad = harness.options;
  bad.tls = TlsOptions{"/nonexistent/cert.pem", "/nonexistent/key.pem"};
  CHECK(HttpServer::Start(bad, harness.router, metrics).status().field() ==
        "tls.certificate_chain_file");

  MetricsRegistry clashing;
  REQUIRE(clashing.AddGauge("prospekt_http_requests_total", "Not a counter.").ok());
  CHECK(HttpServer::Start(harness.options, harness.router, clashing).status().code() ==
        StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace prospekt::server
