// The server over TLS, with a throwaway self-signed certificate made in the test: plain
// requests, the feed's SSE and its WebSocket (wss) over the TLS stream the server hands
// over.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "engine/server/feed/feed_hub.h"
#include "engine/server/feed/sse.h"
#include "engine/server/feed/websocket.h"
#include "engine/server/http_server.h"
#include "engine/server/stream_connection.h"
#include "tests/engine/server/feed/feed_test_support.h"
#include "tests/engine/server/feed/net_test_support.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/engine/server/server_test_support.h"
#include "tests/test_support.h"

namespace prospekt::server {
namespace {

using testing::ClientResponse;
using testing::ServerHarness;
using testing::TestClient;

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;

Key NewKey() {
  Key key(EVP_EC_gen("P-256"));
  REQUIRE(key);
  return key;
}

void WriteKey(const Key& key, const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "wb"));
  REQUIRE(file);
  REQUIRE(PEM_write_PrivateKey(file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
}

// A self-signed certificate for CN=localhost, valid for an hour.
void WriteCertificate(const Key& key, const std::filesystem::path& path) {
  std::unique_ptr<X509, CertFree> cert(X509_new());
  REQUIRE(cert);
  REQUIRE(X509_set_version(cert.get(), 2) == 1);
  REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) == 1);
  REQUIRE(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60) != nullptr);
  REQUIRE(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600) != nullptr);
  REQUIRE(X509_set_pubkey(cert.get(), key.get()) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  const std::string common_name = "localhost";
  REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0) == 1);
  REQUIRE(X509_set_issuer_name(cert.get(), name) == 1);
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);
  std::unique_ptr<std::FILE, FileClose> file(std::fopen(path.c_str(), "wb"));
  REQUIRE(file);
  REQUIRE(PEM_write_X509(file.get(), cert.get()) == 1);
}

// A matching certificate and key in `dir`.
TlsOptions SelfSigned(const std::filesystem::path& dir) {
  TlsOptions tls{dir / "cert.pem", dir / "key.pem"};
  const Key key = NewKey();
  WriteCertificate(key, tls.certificate_chain_file);
  WriteKey(key, tls.private_key_file);
  return tls;
}

// What both tests stand on: a log holding two events of client-c1, its feed hub, and a
// server with a self-signed certificate whose routes the test adds before starting it.
struct TlsFeedFixture {
  TlsFeedFixture() {
    feed::testing::AppendEvents(*log, "client-c1", 2);
    harness.options.tls = SelfSigned(dir.path());
  }
  prospekt::testing::TempDir dir;
  std::unique_ptr<store::EventStore> log =
      prospekt::testing::OpenStore(dir.path() / "log", feed::testing::FastStore());
  feed::FeedHub hub{*log};
  ServerHarness harness;  // last: stops before the hub and the log go
};

TEST_CASE_METHOD(TlsFeedFixture,
                 "TLS: a request round trip over a self-signed certificate, and the feed",
                 "[server]") {
  const std::filesystem::path cert = harness.options.tls->certificate_chain_file;
  REQUIRE(harness.router
              .Add("POST", "/echo", 0,
                   [](Request request, Respond respond) {
                     respond(Response::Text(200, "tls:" + request.body));
                   })
              .ok());
  // The feed's SSE over the TLS stream the server hands over.
  REQUIRE(
      harness.router
          .AddStream("GET", "/feed", 0,
                     [this](std::unique_ptr<StreamConnection> connection) {
                       REQUIRE(std::holds_alternative<feed::TlsStream>(connection->stream));
                       Result<feed::FeedQuery> query = feed::ParseFeedRequest(connection->message);
                       REQUIRE(query.ok());
                       feed::ServeSse(hub, std::get<feed::TlsStream>(std::move(connection->stream)),
                                      std::move(connection->message), *query);
                     })
          .ok());
  harness.Start();

  TestClient client(harness.port(), cert);
  REQUIRE(client.Connect());
  for (const char* body : {"one", "two"}) {  // keep-alive over TLS
    std::optional<ClientResponse> response = client.Request("POST", "/echo", body);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == std::string("tls:") + body);
    CHECK(response->keep_alive);
  }
  TestClient reader(harness.port(), cert);
  REQUIRE(reader.Connect());
  REQUIRE(reader.Send("GET", "/feed?from=1"));
  feed::testing::WaitUntil([this] { return hub.Metrics().events_sent >= 2; });
  hub.Stop();  // the stream's end completes the response
  std::optional<ClientResponse> stream = reader.Read();
  REQUIRE(stream);
  CHECK(stream->status == 200);
  CHECK(stream->Header("Content-Type").starts_with("text/event-stream"));
  CHECK(stream->body.find("id: 1\nevent: ContactLogged") != std::string::npos);
  CHECK(stream->body.find("id: 2\n") != std::string::npos);
  CHECK(stream->body.find("event: end") != std::string::npos);

  // A plain-HTTP client is not answered in clear.
  TestClient plain(harness.port());
  REQUIRE(plain.Connect());
  REQUIRE(plain.WriteRaw("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string received;
  CHECK(plain.WaitForClose(&received));
  CHECK(received.find("HTTP/1.1") == std::string::npos);

  harness.server->Stop();  // closes the idle TLS connection
  CHECK(client.WaitForClose());
}

TEST_CASE_METHOD(TlsFeedFixture, "TLS: the feed over WebSocket (wss), to its close frame",
                 "[server]") {
  namespace net = boost::asio;
  namespace beast = boost::beast;
  namespace websocket = boost::beast::websocket;
  using feed::testing::RunUntil;
  REQUIRE(harness.router
              .AddStream("GET", "/feed/ws", 0,
                         [this](std::unique_ptr<StreamConnection> connection) {
                           REQUIRE(std::holds_alternative<feed::TlsStream>(connection->stream));
                           Result<feed::FeedQuery> query =
                               feed::ParseFeedRequest(connection->message);
                           REQUIRE(query.ok());
                           feed::ServeWebSocket(
                               hub, std::get<feed::TlsStream>(std::move(connection->stream)),
                               std::move(connection->message), *query);
                         })
              .ok());
  harness.Start();

  net::io_context io;
  net::ssl::context tls(net::ssl::context::tls_client);
  tls.load_verify_file(harness.options.tls->certificate_chain_file.string());
  tls.set_verify_mode(net::ssl::verify_peer);
  websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(io, tls);
  feed::testing::ConnectLocal(io, beast::get_lowest_layer(ws), harness.port());
  bool done = false;
  beast::error_code result;
  auto finished = [&](beast::error_code error, std::size_t = 0) {
    result = error;
    done = true;
  };
  ws.next_layer().async_handshake(net::ssl::stream_base::client, finished);
  REQUIRE(RunUntil(io, [&] { return done; }));
  REQUIRE_FALSE(result);
  done = false;
  ws.async_handshake("127.0.0.1", "/feed/ws?from=1", finished);
  REQUIRE(RunUntil(io, [&] { return done; }));
  INFO(result.message());
  REQUIRE_FALSE(result);

  beast::flat_buffer buffer;
  for (std::uint64_t seq : {1U, 2U}) {
    done = false;
    buffer.clear();
    ws.async_read(buffer, finished);
    REQUIRE(RunUntil(io, [&] { return done; }));
    REQUIRE_FALSE(result);
    CHECK(nlohmann::json::parse(beast::buffers_to_string(buffer.data()))["seq"] == seq);
  }
  hub.Stop();  // ends the consumer: the server sends the close frame with the reason
  done = false;
  ws.async_read(buffer, finished);
  REQUIRE(RunUntil(io, [&] { return done; }));
  CHECK(result == websocket::error::closed);
  CHECK(ws.reason().code == websocket::close_code::going_away);
  CHECK(std::string(ws.reason().reason).starts_with("server shutting down"));
}

TEST_CASE("TLS: a key that does not match the certificate is refused at start", "[server]") {
  prospekt::testing::TempDir dir;
  const std::filesystem::path cert = dir.path() / "cert.pem";
  const std::filesystem::path key_file = dir.path() / "key.pem";
  WriteCertificate(NewKey(), cert);
  WriteKey(NewKey(), key_file);

  ServerHarness harness;
  harness.options.tls = TlsOptions{cert, key_file};
  Result<std::unique_ptr<HttpServer>> started =
      HttpServer::Start(harness.options, harness.router, harness.metrics);
  CHECK(started.status().code() == StatusCode::kInvalidArgument);
  CHECK(started.status().field() == "tls.private_key_file");
}

}  // namespace
}  // namespace prospekt::server
