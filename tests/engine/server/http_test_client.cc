#include "tests/engine/server/http_test_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "engine/server/request.h"

namespace prospekt::server::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::string ClientResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

struct TestClient::Impl {
  net::io_context io;
  std::uint16_t port = 0;
  std::optional<net::ssl::context> tls_context;
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;

  beast::tcp_stream& Tcp() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  // Runs one asynchronous operation to completion under the deadline.
  template <class Start>
  beast::error_code Run(Start&& start) {
    beast::error_code result = net::error::would_block;
    Tcp().expires_after(kDeadline);
    if (tls) {
      start(*tls, [&result](beast::error_code ec, auto&&...) { result = ec; });
    } else {
      start(*plain, [&result](beast::error_code ec, auto&&...) { result = ec; });
    }
    io.restart();
    io.run();
    return result;
  }
};

TestClient::TestClient(std::uint16_t port, std::optional<std::filesystem::path> trusted_certificate)
    : impl_(std::make_unique<Impl>()) {
  impl_->port = port;
  if (trusted_certificate) {
    impl_->tls_context.emplace(net::ssl::context::tls_client);
    impl_->tls_context->load_verify_file(trusted_certificate->string());
    impl_->tls_context->set_verify_mode(net::ssl::verify_peer);
    impl_->tls.emplace(impl_->io, *impl_->tls_context);
  } else {
    impl_->plain.emplace(impl_->io);
  }
}

TestClient::~TestClient() = default;

bool TestClient::Connect() {
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), impl_->port);
  beast::error_code ec;
  impl_->Tcp().expires_after(kDeadline);
  impl_->Tcp().async_connect(endpoint, [&ec](beast::error_code result) { ec = result; });
  impl_->io.restart();
  impl_->io.run();
  if (!ec && impl_->tls) {
    impl_->Tcp().expires_after(kDeadline);
    impl_->tls->async_handshake(net::ssl::stream_base::client,
                                [&ec](beast::error_code result) { ec = result; });
    impl_->io.restart();
    impl_->io.run();
  }
  if (ec) error_ = "connect: " + ec.message();
  return !ec;
}

bool TestClient::Send(std::string_view method, std::string_view target, std::string_view body,
                      const server::Fields& headers) {
  http::request<http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::string(body);
  request.prepare_payload();
  const beast::error_code ec = impl_->Run([&request](auto& stream, auto handler) {
    http::async_write(stream, request, std::move(handler));
  });
  if (ec) error_ = "write: " + ec.message();
  return !ec;
}

std::optional<ClientResponse> TestClient::Read() {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  const beast::error_code ec = impl_->Run([this, &parser](auto& stream, auto handler) {
    http::async_read(stream, impl_->buffer, parser, std::move(handler));
  });
  if (ec) {
    error_ = "read: " + ec.message();
    return std::nullopt;
  }
  const auto& message = parser.get();
  ClientResponse response;
  response.status = message.result_int();
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = message.body();
  response.keep_alive = message.keep_alive();
  return response;
}

std::optional<ClientResponse> TestClient::Request(std::string_view method, std::string_view target,
                                                  std::string_view body,
                                                  const server::Fields& headers) {
  if (!Send(method, target, body, headers)) return std::nullopt;
  return Read();
}

bool TestClient::WriteRaw(std::string_view bytes) {
  const beast::error_code ec = impl_->Run([bytes](auto& stream, auto handler) {
    net::async_write(stream, net::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  if (ec) error_ = "write: " + ec.message();
  return !ec;
}

bool TestClient::WaitForClose(std::string* received) {
  if (received != nullptr) {
    const auto buffered = impl_->buffer.data();
    received->append(static_cast<const char*>(buffered.data()), buffered.size());
  }
  impl_->buffer.consume(impl_->buffer.size());
  for (;;) {
    char chunk[4096];
    std::size_t size = 0;
    const beast::error_code ec = impl_->Run([&chunk, &size](auto& stream, auto handler) {
      stream.async_read_some(net::buffer(chunk),
                             [&size, handler](beast::error_code e, std::size_t n) mutable {
                               size = n;
                               handler(e);
                             });
    });
    if (received != nullptr) received->append(chunk, size);
    if (!ec) continue;
    if (ec == beast::error::timeout) {
      error_ = "the server did not close the connection";
      return false;
    }
    return true;  // EOF, reset, TLS truncation: closed
  }
}

}  // namespace prospekt::server::testing
