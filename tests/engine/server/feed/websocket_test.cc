// The feed over WebSocket, end to end: the upgrade request read by a local acceptor,
// ServeWebSocket completing the handshake, a Beast WebSocket client reading one JSON
// message per event and the close frame with the end's reason.
#include "engine/server/feed/websocket.h"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/engine/server/feed/net_test_support.h"

namespace prospekt::feed {
namespace {

using prospekt::testing::OpenStore;
using prospekt::testing::TempDir;
using namespace testing;  // NOLINT: the feed's test helpers
namespace websocket = boost::beast::websocket;

class WebSocketClient {
 public:
  WebSocketClient(std::uint16_t port, const std::string& target) {
    ConnectLocal(io_, beast::get_lowest_layer(ws_), port);
    bool done = false;
    beast::error_code result;
    ws_.async_handshake("127.0.0.1", target, [&](beast::error_code error) {
      result = error;
      done = true;
    });
    REQUIRE(RunUntil(io_, [&] { return done; }));
    INFO(result.message());
    REQUIRE_FALSE(result);
  }

  // The next text message as JSON, or nullopt once the server closed (see reason()).
  std::optional<nlohmann::json> Read() {
    if (closed_) return std::nullopt;
    bool done = false;
    beast::error_code result;
    buffer_.clear();
    ws_.async_read(buffer_, [&](beast::error_code error, std::size_t) {
      result = error;
      done = true;
    });
    REQUIRE(RunUntil(io_, [&] { return done; }));
    if (result) {
      CHECK(result == websocket::error::closed);
      closed_ = true;
      return std::nullopt;
    }
    CHECK(ws_.got_text());
    return nlohmann::json::parse(beast::buffers_to_string(buffer_.data()));
  }

  std::vector<std::uint64_t> ReadSeqs(std::size_t count) {
    std::vector<std::uint64_t> seqs;
    while (seqs.size() < count) {
      std::optional<nlohmann::json> message = Read();
      if (!message) break;
      seqs.push_back((*message)["seq"].get<std::uint64_t>());
    }
    return seqs;
  }

  const websocket::close_reason& reason() const { return ws_.reason(); }

 private:
  net::io_context io_;
  websocket::stream<beast::tcp_stream> ws_{io_};
  beast::flat_buffer buffer_;
  bool closed_ = false;
};

LocalHttpServer::Handler WebSocketRoute(FeedHub& hub, FeedStreamOptions options = {}) {
  return FeedRoute(
      [&hub, options](beast::tcp_stream stream, FeedHttpRequest request, FeedQuery query) {
        ServeWebSocket(hub, std::move(stream), std::move(request), std::move(query), options);
      });
}

TEST_CASE("WebSocket: one JSON message per event, filtered, then a close frame with the reason",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 3);
  AppendEvents(*store, "employee-r01-b01-e01", 2);
  FeedHub hub(*store);
  FeedStreamOptions options;
  options.heartbeat_interval = std::chrono::milliseconds(10);  // pings between events
  LocalHttpServer server(WebSocketRoute(hub, options));

  WebSocketClient client(server.port(), "/feed/ws?from=1&kinds=client");
  CHECK(client.ReadSeqs(3) == SeqRange(1, 3));
  AppendEvents(*store, "employee-r01-b01-e01", 1);
  const std::uint64_t last = AppendEvents(*store, "client-r01-b01-c00002", 2);
  std::optional<nlohmann::json> message = client.Read();
  REQUIRE(message);
  CHECK((*message)["seq"] == last - 1);
  CHECK((*message)["stream_id"] == "client-r01-b01-c00002");
  CHECK((*message)["event_type"] == "ContactLogged");
  CHECK(client.ReadSeqs(1) == SeqRange(last, last));

  hub.Stop();
  CHECK_FALSE(client.Read());
  CHECK(client.reason().code == websocket::close_code::going_away);
  CHECK(std::string(client.reason().reason.data(), client.reason().reason.size()) ==
        "server shutting down: resume from seq " + std::to_string(last + 1));
}

TEST_CASE("WebSocket: a client that resumes from its last seq misses nothing", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 10);
  FeedHub hub(*store);
  LocalHttpServer server(WebSocketRoute(hub));
  std::uint64_t last_got = 0;
  {
    WebSocketClient first(server.port(), "/feed/ws?from=1");
    const std::vector<std::uint64_t> got = first.ReadSeqs(4);
    REQUIRE(got == SeqRange(1, 4));
    last_got = got.back();
  }  // the client goes away mid-stream
  AppendEvents(*store, "client-r01-b01-c00001", 5);
  WebSocketClient second(server.port(), "/feed/ws?from=" + std::to_string(last_got + 1));
  CHECK(second.ReadSeqs(11) == SeqRange(5, 15));
  hub.Stop();
  CHECK_FALSE(second.Read());
}

TEST_CASE("WebSocket: close codes and reasons of the ends", "[feed]") {
  CHECK(WebSocketCloseReason({FeedEndReason::kFellBehind, "fell behind: resume from seq 7", 7})
            .code == websocket::close_code::policy_error);
  CHECK(WebSocketCloseReason({FeedEndReason::kShuttingDown, "x", 7}).code ==
        websocket::close_code::going_away);
  CHECK(WebSocketCloseReason({FeedEndReason::kStoreError, "x", 7}).code ==
        websocket::close_code::internal_error);
  // A long reason is cut to 123 bytes, never inside a UTF-8 character.
  std::string long_message(122, 'a');
  long_message += "\xD0\xAF";  // a two-byte letter across the limit
  websocket::close_reason cut = WebSocketCloseReason({FeedEndReason::kStoreError, long_message, 1});
  CHECK(cut.reason.size() == 122);
}

}  // namespace
}  // namespace prospekt::feed
