// The server's gzip of answers: only for a client that takes gzip, only compressible
// types from HttpServerOptions::compress_min_bytes on, never over a handler's own
// Content-Encoding; Vary on every compressible answer.
#include <catch2/catch.hpp>

#include <string>

#include "engine/server/compression.h"
#include "tests/engine/server/gunzip.h"
#include "tests/engine/server/http_test_client.h"
#include "tests/engine/server/server_test_support.h"

namespace prospekt::server {
namespace {

using testing::ClientResponse;
using testing::ServerHarness;
using testing::TestClient;

std::string LongJson() {
  std::string json = "[";
  for (int i = 0; i < 300; ++i) json += "{\"client\":\"c" + std::to_string(i) + "\"},";
  json.back() = ']';
  return json;
}

ClientResponse Get(std::uint16_t port, const std::string& path, const std::string& accept = {}) {
  TestClient client(port);
  REQUIRE(client.Connect());
  Fields headers;
  if (!accept.empty()) headers.emplace_back("Accept-Encoding", accept);
  std::optional<ClientResponse> response = client.Request("GET", path, {}, headers);
  REQUIRE(response);
  REQUIRE(response->status == 200);
  return *response;
}

TEST_CASE("the server gzips long compressible answers for clients that take gzip",
          "[server][gzip]") {
  ServerHarness harness;
  const std::string long_json = LongJson();
  REQUIRE(harness.router
              .Add("GET", "/long", 0,
                   [&](Request, Respond respond) { respond(Response::Json(200, long_json)); })
              .ok());
  REQUIRE(harness.router
              .Add("GET", "/short", 0,
                   [](Request, Respond respond) { respond(Response::Json(200, "{\"a\":1}")); })
              .ok());
  REQUIRE(harness.router
              .Add("GET", "/png", 0,
                   [&](Request, Respond respond) {
                     respond(Response::Text(200, long_json, "image/png"));
                   })
              .ok());
  const std::string pre_gzipped = Gzip(long_json, kGzipDefault).value();
  REQUIRE(harness.router
              .Add("GET", "/own", 0,
                   [&](Request, Respond respond) {
                     Response response = Response::Json(200, pre_gzipped);
                     response.headers.emplace_back("Content-Encoding", "gzip");
                     respond(std::move(response));
                   })
              .ok());
  harness.Start();

  const ClientResponse gzipped = Get(harness.port(), "/long", "gzip");
  CHECK(gzipped.Header("Content-Encoding") == "gzip");
  CHECK(gzipped.Header("Vary") == "Accept-Encoding");
  CHECK(gzipped.body.size() < long_json.size() / 3);
  CHECK(testing::Gunzip(gzipped.body) == long_json);

  for (const char* accept : {"", "identity", "gzip;q=0"}) {
    INFO(accept);
    const ClientResponse plain = Get(harness.port(), "/long", accept);
    CHECK(plain.Header("Content-Encoding").empty());
    CHECK(plain.Header("Vary") == "Accept-Encoding");
    CHECK(plain.body == long_json);
  }

  const ClientResponse short_answer = Get(harness.port(), "/short", "gzip");
  CHECK(short_answer.Header("Content-Encoding").empty());
  CHECK(short_answer.body == "{\"a\":1}");

  const ClientResponse image = Get(harness.port(), "/png", "gzip");
  CHECK(image.Header("Content-Encoding").empty());
  CHECK(image.Header("Vary").empty());
  CHECK(image.body == long_json);

  const ClientResponse own = Get(harness.port(), "/own", "gzip");
  CHECK(own.Header("Content-Encoding") == "gzip");  // once, not gzipped twice
  CHECK(own.body == pre_gzipped);
}

TEST_CASE("answers over kMaxOnTheFlyGzipBytes are sent as they are", "[server][gzip]") {
  ServerHarness harness;
  const std::string huge = "\"" + std::string(kMaxOnTheFlyGzipBytes + 1, 'a') + "\"";
  REQUIRE(harness.router
              .Add("GET", "/huge", 0,
                   [&](Request, Respond respond) { respond(Response::Json(200, huge)); })
              .ok());
  harness.Start();
  const ClientResponse plain = Get(harness.port(), "/huge", "gzip");
  CHECK(plain.Header("Content-Encoding").empty());
  CHECK(plain.body.size() == huge.size());
}

TEST_CASE("compress_min_bytes 0 never compresses", "[server][gzip]") {
  ServerHarness harness;
  harness.options.compress_min_bytes = 0;
  const std::string long_json = LongJson();
  REQUIRE(harness.router
              .Add("GET", "/long", 0,
                   [&](Request, Respond respond) { respond(Response::Json(200, long_json)); })
              .ok());
  harness.Start();
  const ClientResponse plain = Get(harness.port(), "/long", "gzip");
  CHECK(plain.Header("Content-Encoding").empty());
  CHECK(plain.body == long_json);
}

}  // namespace
}  // namespace prospekt::server
