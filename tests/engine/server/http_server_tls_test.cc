// The server over TLS, with a throwaway self-signed certificate made in the test.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <variant>

#include "engine/server/feed/feed_hub.h"
#include "engine/server/feed/sse.h"
#include "engine/server/http_server.h"
#include "engine/server/stream_connection.h"
#include "tests/engine/server/feed/feed_test_support.h"
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

TEST_CASE("TLS: a request round trip over a self-signed certificate, and the feed", "[server]") {
  prospekt::testing::TempDir dir;
  auto store = prospekt::testing::OpenStore(dir.path() / "log", feed::testing::FastStore());
  feed::testing::AppendEvents(*store, "client-c1", 2);
  feed::FeedHub hub(*store);
  const std::filesystem::path cert = dir.path() / "cert.pem";
  const std::filesystem::path key_file = dir.path() / "key.pem";
  const Key key = NewKey();
  WriteCertificate(key, cert);
  WriteKey(key, key_file);

  ServerHarness harness;
  harness.options.tls = TlsOptions{cert, key_file};
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
                     [&hub](std::unique_ptr<StreamConnection> connection) {
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
  const auto deadline = std::chrono::steady_clock::now() + feed::testing::kPatience;
  while (hub.Metrics().events_sent < 2) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
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
