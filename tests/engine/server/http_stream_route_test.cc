// Stream routes (SSE, WebSocket) take the connection over from the server.
#include <catch2/catch.hpp>

#include <boost/asio/write.hpp>

#include <memory>
#include <string>

#include "engine/server/http_server.h"
#include "engine/server/stream_connection.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/engine/server/server_test_support.h"

namespace prospekt::server {
namespace {

using testing::ServerHarness;
using testing::TestClient;

constexpr std::string_view kEvents =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\nid: 1\ndata: hello\n\n";

// Writes one SSE event and closes, owning the connection until the write is done.
void ServeEvents(std::unique_ptr<StreamConnection> taken) {
  std::shared_ptr<StreamConnection> connection = std::move(taken);
  const std::string reply = std::string(kEvents) + "data: " + connection->request.user + " " +
                            std::string(connection->request.Query("from").value_or("?")) + " " +
                            std::string(connection->message.target()) + "\n\n";
  auto bytes = std::make_shared<std::string>(reply);
  // Served over plain HTTP (the TLS test has its own).
  auto& stream = std::get<boost::beast::tcp_stream>(connection->stream);
  boost::asio::async_write(stream, boost::asio::buffer(*bytes),
                           [connection, bytes, &stream](boost::beast::error_code, std::size_t) {
                             boost::beast::error_code ignored;
                             stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both,
                                                      ignored);
                             stream.close();
                           });
}

TEST_CASE("a stream route takes over the connection with the parsed request", "[server]") {
  ServerHarness harness;
  REQUIRE(harness.router.AddStream("GET", "/feed", 5, ServeEvents).ok());
  harness.router.SetPreDispatch([](Request& request) -> std::optional<Response> {
    if (request.route_tag == 5) request.user = "auditor";
    return std::nullopt;
  });
  harness.Start();

  TestClient client(harness.port());
  REQUIRE(client.Connect());
  REQUIRE(client.Send("GET", "/feed?from=42"));
  std::string received;
  CHECK(client.WaitForClose(&received));
  CHECK(received == std::string(kEvents) + "data: auditor 42 /feed?from=42\n\n");
  // Taken over: the server no longer counts the connection.
  CHECK(harness.server->open_connections() == 0);

  harness.server->Stop();
  bool logged = false;
  for (const std::string& line : harness.sink->Lines()) {
    logged = logged || line.starts_with("http method=GET route=/feed status=stream");
  }
  CHECK(logged);
}

}  // namespace
}  // namespace prospekt::server
