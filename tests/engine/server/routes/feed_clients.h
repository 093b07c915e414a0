// Clients of the live feed for the end-to-end tests ([e2e][feed]): a blocking SSE client
// (GET /feed, the change notices), a WebSocket client of
// GET /feed/ws (Boost.Beast) and a client of the binary TCP feed (engine/server/feed/
// FORMAT.md, through tcp_protocol.h), both against a real server on 127.0.0.1. Every
// wait is bounded by feed::testing::kPatience and fails the test when it runs out, so a
// broken server fails a test instead of hanging it. A client reads only when asked: a
// test that stops reading (with a small receive buffer) lets the server's buffer for it
// overflow.
//
// Ownership and threads: each client owns its connection and io_context and runs that
// only inside its own calls; one client is for one thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/server/feed/tcp_protocol.h"
#include "events/envelope.h"

namespace prospekt::server::testing {

// Options of both clients.
struct FeedClientOptions {
  // SO_RCVBUF of the client's socket, set before connecting (0: the system's default). A
  // small one bounds what the kernel takes in for a client that does not read.
  int receive_buffer_bytes = 0;
};

// A blocking Server-Sent Events client: sends the request, then collects the ids of the
// events that arrive (each read waits at most 10 s).
class SseFeedClient {
 public:
  SseFeedClient(std::uint16_t port, const std::string& target, const std::string& token,
                const std::string& last_event_id = "");

  // Reads until the response header is in (false if the stream ended first): the
  // server has then started the stream.
  bool ReadHeader();
  // The ids of the next `count` events (fewer if the stream ends or 10 s pass); events
  // read beyond them are kept for the next call.
  std::vector<std::uint64_t> ReadIds(std::size_t count);
  // The text of the events received so far, header excluded.
  std::string events_text() const;
  // Everything received so far (the response header included).
  const std::string& received() const { return received_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  bool ReadMore();

  std::string received_;
  std::size_t scanned_ = 0;
};

class WsFeedClient {
 public:
  // Connects and asks for the upgrade of `target` (e.g. "/feed/ws?from=1") with
  // `Authorization: Bearer <token>` (none when `token` is empty). REQUIREs the
  // connection; the upgrade may be refused (see upgraded()).
  WsFeedClient(std::uint16_t port, const std::string& target, const std::string& token,
               FeedClientOptions options = {});

  // Whether the server accepted the upgrade; if not, response() is its answer.
  bool upgraded() const { return upgraded_; }
  const boost::beast::websocket::response_type& response() const { return response_; }

  // The next event (one text message, parsed), or nullopt once the server closed the
  // connection (close_reason() then tells why).
  std::optional<nlohmann::json> Read();
  // Events until `count` of them or the close.
  std::vector<nlohmann::json> ReadEvents(std::size_t count);
  // Every event until the server closes.
  std::vector<nlohmann::json> ReadUntilClose();
  bool closed() const { return closed_; }
  const boost::beast::websocket::close_reason& close_reason() const { return ws_.reason(); }
  std::string close_text() const;

 private:
  boost::asio::io_context io_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{io_};
  boost::beast::websocket::response_type response_;
  boost::beast::flat_buffer buffer_;
  bool upgraded_ = false;
  bool closed_ = false;
};

// The "seq" of each event.
std::vector<std::uint64_t> SeqsOf(const std::vector<nlohmann::json>& events);

// One event of the TCP feed: the envelope decoded, and its bytes as they came.
struct TcpFeedEvent {
  Envelope envelope;
  std::string bytes;
};

class TcpFeedClient {
 public:
  // Connects and sends `hello` (REQUIREs both).
  TcpFeedClient(std::uint16_t port, const feed::tcp::Hello& hello, FeedClientOptions options = {});

  // The next frame, or nullopt once the server closed the connection. REQUIREs a frame
  // that decodes.
  std::optional<feed::tcp::ServerFrame> Read();
  // The next frame that is no heartbeat (nullopt: closed).
  std::optional<feed::tcp::ServerFrame> ReadSkippingHeartbeats();
  // Events until `count` of them, skipping heartbeats; stops early at any other frame
  // (kept in *other when given) or at the close.
  std::vector<TcpFeedEvent> ReadEvents(std::size_t count,
                                       std::optional<feed::tcp::ServerFrame>* other = nullptr);

 private:
  bool ReadExactly(void* data, std::size_t size);

  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_{io_};
};

std::vector<std::uint64_t> SeqsOf(const std::vector<TcpFeedEvent>& events);

// first, first + 1, ..., last (empty when last < first).
std::vector<std::uint64_t> SeqsFromTo(std::uint64_t first, std::uint64_t last);

}  // namespace prospekt::server::testing
