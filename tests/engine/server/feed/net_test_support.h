// Network helpers of the feed's transport tests (header-only, Asio/Beast): a local HTTP
// acceptor that reads one request per connection and hands the connection over like
// the HTTP server will, and client-side I/O with a generous deadline instead of
// blocking calls, so that a broken test fails instead of hanging.
#pragma once

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <thread>

#include "engine/server/feed/sse.h"
#include "tests/engine/server/feed/feed_test_support.h"

namespace prospekt::feed::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

// Runs `io` on this thread until `done()` or kPatience passes; false on timeout.
inline bool RunUntil(net::io_context& io, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  io.restart();
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io.run_one_for(std::chrono::milliseconds(50));
    if (io.stopped()) io.restart();
  }
  return true;
}

// Accepts on 127.0.0.1, reads each connection's request, then calls `handler` with the
// connection and the request on the server's one io thread (as a StreamHandler would be).
class LocalHttpServer {
 public:
  using Handler = std::function<void(beast::tcp_stream, FeedHttpRequest)>;

  explicit LocalHttpServer(Handler handler)
      : handler_(std::move(handler)), acceptor_(net::make_strand(io_)) {
    const net::ip::tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol());
    acceptor_.bind(endpoint);
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] {
      io_.run();
      done_.set_value();
    });
  }

  // The sessions must be ending (the hub stopped, or the clients gone): waits for them,
  // at most kPatience.
  ~LocalHttpServer() {
    net::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
    });
    if (done_.get_future().wait_for(kPatience) != std::future_status::ready) io_.stop();
    thread_.join();
  }

  std::uint16_t port() const { return port_; }

 private:
  struct Connection {
    explicit Connection(net::ip::tcp::socket socket) : stream(std::move(socket)) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    FeedHttpRequest request;
  };

  void Accept() {
    acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code error,
                                                         net::ip::tcp::socket socket) {
      if (error) return;
      auto connection = std::make_shared<Connection>(std::move(socket));
      http::async_read(connection->stream, connection->buffer, connection->request,
                       [this, connection](beast::error_code read_error, std::size_t) {
                         if (read_error) return;
                         handler_(std::move(connection->stream), std::move(connection->request));
                       });
      Accept();
    });
  }

  Handler handler_;
  net::io_context io_;
  net::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::promise<void> done_;
  std::thread thread_;
};

// A handler that does what the HTTP server's feed route will: parse, answer 400 with
// the error, or hand the connection to `serve`.
inline LocalHttpServer::Handler FeedRoute(
    std::function<void(beast::tcp_stream, FeedHttpRequest, FeedQuery)> serve) {
  return [serve = std::move(serve)](beast::tcp_stream stream, FeedHttpRequest request) {
    Result<FeedQuery> query = ParseFeedRequest(request);
    if (!query.ok()) {
      http::response<http::string_body> response{http::status::bad_request, request.version()};
      response.set(http::field::content_type, "application/json");
      response.body() =
          "{\"error\":\"invalid_argument\",\"field\":\"" + query.status().field() + "\"}";
      response.prepare_payload();
      beast::error_code ignored;
      http::write(stream, response, ignored);  // a test server may block its thread
      stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
      return;
    }
    serve(std::move(stream), std::move(request), std::move(query).value());
  };
}

// Connects `stream` to 127.0.0.1:port or fails the test.
inline void ConnectLocal(net::io_context& io, beast::tcp_stream& stream, std::uint16_t port) {
  bool done = false;
  beast::error_code result;
  stream.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                       [&](beast::error_code error) {
                         result = error;
                         done = true;
                       });
  REQUIRE(RunUntil(io, [&] { return done; }));
  INFO(result.message());
  REQUIRE_FALSE(result);
}

}  // namespace prospekt::feed::testing
