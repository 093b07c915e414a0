// gzip of answers: which Accept-Encoding values take it, which types are worth it, and a
// round trip through zlib's own inflate (so the bytes are a real gzip member).
#include "engine/server/compression.h"

#include <catch2/catch.hpp>

#include <string>

#include "tests/engine/server/gunzip.h"

namespace prospekt::server {
namespace {

TEST_CASE("Accept-Encoding: gzip by name or by *, unless its q is 0", "[server][gzip]") {
  CHECK(AcceptsGzip("gzip"));
  CHECK(AcceptsGzip("gzip, deflate, br"));
  CHECK(AcceptsGzip("br;q=1.0, GZIP;q=0.5"));
  CHECK(AcceptsGzip("x-gzip"));
  CHECK(AcceptsGzip("*"));
  CHECK(AcceptsGzip("deflate, *;q=0.1"));
  CHECK_FALSE(AcceptsGzip(""));
  CHECK_FALSE(AcceptsGzip("identity"));
  CHECK_FALSE(AcceptsGzip("deflate, br"));
  CHECK_FALSE(AcceptsGzip("gzip;q=0"));
  CHECK_FALSE(AcceptsGzip("gzip;q=0.000"));
  CHECK_FALSE(AcceptsGzip("*;q=0"));
  CHECK_FALSE(AcceptsGzip("gzip;q=0, *"));  // named wins over *
  CHECK(AcceptsGzip("*;q=0, gzip"));
  CHECK_FALSE(AcceptsGzip("gzip;q=high"));  // unreadable: not taken as acceptance
  CHECK_FALSE(AcceptsGzip("gzip;q=2"));
}

TEST_CASE("text, JSON, YAML, JavaScript and SVG are compressible; images are not",
          "[server][gzip]") {
  CHECK(IsCompressibleType("application/json"));
  CHECK(IsCompressibleType("Application/JSON; charset=utf-8"));
  CHECK(IsCompressibleType("text/plain; charset=utf-8"));
  CHECK(IsCompressibleType("text/event-stream"));
  CHECK(IsCompressibleType("application/yaml"));
  CHECK(IsCompressibleType("application/javascript"));
  CHECK(IsCompressibleType("application/problem+json"));
  CHECK(IsCompressibleType("image/svg+xml"));
  CHECK_FALSE(IsCompressibleType("image/png"));
  CHECK_FALSE(IsCompressibleType("font/woff2"));
  CHECK_FALSE(IsCompressibleType("application/octet-stream"));
  CHECK_FALSE(IsCompressibleType(""));
}

TEST_CASE("Gzip makes a gzip member that inflates to the input", "[server][gzip]") {
  std::string answer = "{\"employees\":[";
  for (int i = 0; i < 500; ++i)
    answer += R"({"id":"r01-b01-e)" + std::to_string(i) + R"(","fact":12},)";
  answer += "{}]}";
  for (int level : {kGzipFastest, kGzipDefault}) {
    Result<std::string> gzipped = Gzip(answer, level);
    REQUIRE(gzipped.ok());
    CHECK(gzipped->size() < answer.size() / 5);
    CHECK(static_cast<unsigned char>((*gzipped)[0]) == 0x1f);  // the gzip magic
    CHECK(static_cast<unsigned char>((*gzipped)[1]) == 0x8b);
    CHECK(testing::Gunzip(*gzipped) == answer);
  }
  Result<std::string> empty = Gzip("");
  REQUIRE(empty.ok());
  CHECK(testing::Gunzip(*empty).empty());
}

}  // namespace
}  // namespace prospekt::server
