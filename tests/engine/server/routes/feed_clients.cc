#include "tests/engine/server/routes/feed_clients.h"

#include <boost/asio/read.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <utility>

#include "tests/engine/server/feed/net_test_support.h"

namespace prospekt::server::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using feed::testing::ConnectLocal;
using feed::testing::RunUntil;

void Open(beast::tcp_stream& stream, const FeedClientOptions& options) {
  if (options.receive_buffer_bytes <= 0) return;
  beast::error_code error;
  stream.socket().open(net::ip::tcp::v4(), error);
  REQUIRE_FALSE(error);
  stream.socket().set_option(net::socket_base::receive_buffer_size(options.receive_buffer_bytes),
                             error);
  REQUIRE_FALSE(error);
}

}  // namespace

SseFeedClient::SseFeedClient(std::uint16_t port, const std::string& target,
                             const std::string& token, const std::string& last_event_id)
    : socket_(io_) {
  socket_.connect({net::ip::make_address("127.0.0.1"), port});
  timeval timeout{10, 0};
  setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string request = "GET " + target +
                        " HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n" +
                        "Authorization: Bearer " + token + "\r\n";
  if (!last_event_id.empty()) request += "Last-Event-ID: " + last_event_id + "\r\n";
  request += "\r\n";
  net::write(socket_, net::buffer(request));
}

bool SseFeedClient::ReadMore() {
  char chunk[4096];
  boost::system::error_code error;
  const std::size_t n = socket_.read_some(net::buffer(chunk), error);
  if (error || n == 0) return false;
  received_.append(chunk, n);
  return true;
}

bool SseFeedClient::ReadHeader() {
  while (received_.find("\r\n\r\n") == std::string::npos) {
    if (!ReadMore()) return false;
  }
  return true;
}

std::string SseFeedClient::events_text() const {
  const std::size_t body = received_.find("\r\n\r\n");
  return body == std::string::npos ? std::string() : received_.substr(body + 4);
}

std::vector<std::uint64_t> SseFeedClient::ReadIds(std::size_t count) {
  std::vector<std::uint64_t> ids;
  while (true) {
    std::size_t at = 0;
    while (ids.size() < count && (at = received_.find("\nid: ", scanned_)) != std::string::npos) {
      const std::size_t end = received_.find('\n', at + 1);
      if (end == std::string::npos) break;
      ids.push_back(std::stoull(received_.substr(at + 5, end - at - 5)));
      scanned_ = end;
    }
    if (ids.size() >= count || !ReadMore()) return ids;
  }
}

WsFeedClient::WsFeedClient(std::uint16_t port, const std::string& target, const std::string& token,
                           FeedClientOptions options) {
  Open(beast::get_lowest_layer(ws_), options);
  ConnectLocal(io_, beast::get_lowest_layer(ws_), port);
  if (!token.empty()) {
    ws_.set_option(websocket::stream_base::decorator([token](websocket::request_type& request) {
      request.set(beast::http::field::authorization, "Bearer " + token);
    }));
  }
  bool done = false;
  beast::error_code result;
  ws_.async_handshake(response_, "127.0.0.1", target, [&](beast::error_code error) {
    result = error;
    done = true;
  });
  REQUIRE(RunUntil(io_, [&] { return done; }));
  upgraded_ = !result;
  if (!upgraded_) {
    INFO(result.message());
    CHECK(result == websocket::error::upgrade_declined);
    closed_ = true;
  }
}

std::optional<nlohmann::json> WsFeedClient::Read() {
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
    INFO(result.message());
    CHECK(result == websocket::error::closed);  // a close frame, not a broken connection
    closed_ = true;
    return std::nullopt;
  }
  CHECK(ws_.got_text());
  return nlohmann::json::parse(beast::buffers_to_string(buffer_.data()));
}

std::vector<nlohmann::json> WsFeedClient::ReadEvents(std::size_t count) {
  std::vector<nlohmann::json> events;
  while (events.size() < count) {
    std::optional<nlohmann::json> event = Read();
    if (!event) break;
    events.push_back(std::move(*event));
  }
  return events;
}

std::vector<nlohmann::json> WsFeedClient::ReadUntilClose() { return ReadEvents(SIZE_MAX); }

std::string WsFeedClient::close_text() const {
  return std::string(ws_.reason().reason.data(), ws_.reason().reason.size());
}

std::vector<std::uint64_t> SeqsOf(const std::vector<nlohmann::json>& events) {
  std::vector<std::uint64_t> seqs;
  for (const nlohmann::json& event : events) seqs.push_back(event.at("seq").get<std::uint64_t>());
  return seqs;
}

TcpFeedClient::TcpFeedClient(std::uint16_t port, const feed::tcp::Hello& hello,
                             FeedClientOptions options) {
  Open(stream_, options);
  ConnectLocal(io_, stream_, port);
  const std::string frame = feed::tcp::EncodeHelloFrame(hello);
  bool done = false;
  beast::error_code result;
  net::async_write(stream_, net::buffer(frame), [&](beast::error_code error, std::size_t) {
    result = error;
    done = true;
  });
  REQUIRE(RunUntil(io_, [&] { return done; }));
  INFO(result.message());
  REQUIRE_FALSE(result);
}

bool TcpFeedClient::ReadExactly(void* data, std::size_t size) {
  bool done = false;
  beast::error_code result;
  net::async_read(stream_, net::buffer(data, size), [&](beast::error_code error, std::size_t) {
    result = error;
    done = true;
  });
  REQUIRE(RunUntil(io_, [&] { return done; }));
  return !result;
}

std::optional<feed::tcp::ServerFrame> TcpFeedClient::Read() {
  unsigned char header[feed::tcp::kFrameHeaderBytes];
  if (!ReadExactly(header, sizeof header)) return std::nullopt;
  const feed::tcp::FrameHeader frame_header = feed::tcp::DecodeFrameHeader(header);
  std::string body(frame_header.length, '\0');
  REQUIRE(ReadExactly(body.data(), body.size()));
  Result<feed::tcp::ServerFrame> frame = feed::tcp::DecodeServerFrame(frame_header, body);
  INFO(frame.status().ToString());
  REQUIRE(frame.ok());
  return std::move(frame).value();
}

std::optional<feed::tcp::ServerFrame> TcpFeedClient::ReadSkippingHeartbeats() {
  while (true) {
    std::optional<feed::tcp::ServerFrame> frame = Read();
    if (!frame || frame->kind != feed::tcp::ServerFrame::Kind::kHeartbeat) return frame;
  }
}

std::vector<TcpFeedEvent> TcpFeedClient::ReadEvents(std::size_t count,
                                                    std::optional<feed::tcp::ServerFrame>* other) {
  std::vector<TcpFeedEvent> events;
  while (events.size() < count) {
    std::optional<feed::tcp::ServerFrame> frame = ReadSkippingHeartbeats();
    if (!frame) break;
    if (frame->kind != feed::tcp::ServerFrame::Kind::kEvent) {
      if (other != nullptr) *other = std::move(frame);
      break;
    }
    Result<Envelope> envelope = DecodeEnvelope(frame->envelope);
    INFO(envelope.status().ToString());
    REQUIRE(envelope.ok());
    events.push_back({std::move(envelope).value(), std::move(frame->envelope)});
  }
  return events;
}

std::vector<std::uint64_t> SeqsOf(const std::vector<TcpFeedEvent>& events) {
  std::vector<std::uint64_t> seqs;
  for (const TcpFeedEvent& event : events) seqs.push_back(event.envelope.seq);
  return seqs;
}

std::vector<std::uint64_t> SeqsFromTo(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = first; seq <= last; ++seq) seqs.push_back(seq);
  return seqs;
}

}  // namespace prospekt::server::testing
