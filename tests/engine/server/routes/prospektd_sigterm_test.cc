// The real prospektd process: started on a demo bank, driven by several clients logging
// contacts, stopped with SIGTERM while commands are in flight. It must exit 0, and every
// command it acknowledged (200 with a seq) must be in the log afterwards.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/event_store.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/engine/server/routes/prospektd_process.h"
#include "tests/test_support.h"

namespace prospekt::server::testing {
namespace {

using nlohmann::json;

TEST_CASE("prospektd stops on SIGTERM with commands in flight and loses none it acknowledged",
          "[e2e]") {
  prospekt::testing::TempDir scratch;
  const std::filesystem::path data = MakeDemoBank(scratch);
  AddTestUser(scratch, data, "sales", "r01-b01-e03");

  ProspektdProcess server({"--data", data.string(), "--port", "0", "--threads", "2"},
                          scratch.path() / "prospektd.log");
  REQUIRE(server.started());
  const std::uint16_t port = server.port();

  TestClient login(port);
  REQUIRE(login.Connect());
  std::optional<ClientResponse> session = login.Request(
      "POST", "/api/login", json{{"login", "sales"}, {"password", kTestUserPassword}}.dump());
  REQUIRE(session.has_value());
  INFO(session->body);
  REQUIRE(session->status == 200);
  const std::string token = json::parse(session->body).at("token");
  const Fields auth{{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
  std::optional<ClientResponse> mine =
      login.Request("GET", "/api/clients?assigned_to=me", "", auth);
  REQUIRE(mine.has_value());
  REQUIRE(mine->status == 200);
  const json clients = json::parse(mine->body).at("result").at("clients");
  REQUIRE(!clients.empty());
  const std::string client_id = clients.at(0).at("client_id");
  const std::string body = json{
      {"client_id", client_id},
      {"type", "phone"},
      {"occurred_at", "2026-11-30T10:00:00Z"},
      {"outcome",
       "unclear_prospect"}}.dump();

  std::mutex mu;
  std::vector<std::uint64_t> acknowledged;  // Guarded by mu.
  std::atomic<int> answered{0};
  std::vector<std::thread> clients_threads;
  for (int t = 0; t < 4; ++t) {
    clients_threads.emplace_back([&] {
      TestClient client(port);
      if (!client.Connect()) return;
      for (int i = 0; i < 10'000; ++i) {
        std::optional<ClientResponse> reply =
            client.Request("POST", "/api/commands/LogContact", body, auth);
        if (!reply) return;  // the server closed the connection: it is stopping
        if (reply->status == 200) {
          std::lock_guard lock(mu);
          acknowledged.push_back(json::parse(reply->body).at("seq").get<std::uint64_t>());
        }
        ++answered;
        if (!reply->keep_alive) return;
      }
    });
  }
  // Commands are in flight; stop the server under them.
  while (answered.load() < 40) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int exit_code = server.Terminate();
  for (std::thread& thread : clients_threads) thread.join();
  INFO(server.Log());
  CHECK(exit_code == 0);
  CHECK(server.Log().find("stopped cleanly") != std::string::npos);

  // Every acknowledged command is in the log, as the contact it was.
  store::StoreOptions read_only;
  read_only.read_only = true;
  std::unique_ptr<store::EventStore> store = prospekt::testing::OpenStore(data, read_only);
  REQUIRE(!acknowledged.empty());
  for (std::uint64_t seq : acknowledged) {
    Result<std::vector<Envelope>> event = store->ReadAll(seq, 1);
    REQUIRE(event.ok());
    REQUIRE(event->size() == 1);
    CHECK(event->front().event_type == "ContactLogged");
    CHECK(event->front().stream_id == "client-" + client_id);
  }
}

}  // namespace
}  // namespace prospekt::server::testing
