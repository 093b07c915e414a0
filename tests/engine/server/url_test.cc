// Request-target decoding: percent-escapes, path segments, query parameters.
#include "engine/server/url.h"

#include <catch2/catch.hpp>

namespace prospekt::server {
namespace {

TEST_CASE("percent-decoding takes either hex case and refuses broken escapes", "[server]") {
  CHECK(*PercentDecode("a%20b%2fc%2F", false, "f") == "a b/c/");
  CHECK(*PercentDecode("Iv%C3%A1n+P", true, "f") == "Iv\xC3\xA1n P");
  CHECK(*PercentDecode("1+1", false, "f") == "1+1");  // '+' is a space only in queries

  for (const char* broken : {"%", "%4", "%zz", "a%g1", "%%"}) {
    Result<std::string> decoded = PercentDecode(broken, false, "query");
    CHECK(decoded.status().code() == StatusCode::kInvalidArgument);
    CHECK(decoded.status().field() == "query");
  }
  CHECK(PercentDecode("a%00b", false, "path").status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("percent-encoding keeps unreserved bytes and round-trips", "[server]") {
  CHECK(PercentEncode("Az09-._~") == "Az09-._~");
  CHECK(PercentEncode("a b/c?&=%") == "a%20b%2Fc%3F%26%3D%25");
  const std::string all_bytes = [] {
    std::string bytes;
    for (int c = 1; c < 256; ++c) bytes.push_back(static_cast<char>(c));
    return bytes;
  }();
  CHECK(*PercentDecode(PercentEncode(all_bytes), false, "f") == all_bytes);
}

TEST_CASE("a target splits into decoded segments and ordered query parameters", "[server]") {
  Result<ParsedTarget> parsed =
      ParseTarget("/api/clients/a%20b%2Fc/card?x=1&x=2&q=Iv%C3%A1n+P&flag&&=v&k=a=b");
  REQUIRE(parsed.ok());
  CHECK(parsed->path == "/api/clients/a%20b%2Fc/card");
  CHECK(parsed->segments == std::vector<std::string>{"api", "clients", "a b/c", "card"});
  const Fields expected = {{"x", "1"},   {"x", "2"}, {"q", "Iv\xC3\xA1n P"},
                           {"flag", ""}, {"", "v"},  {"k", "a=b"}};
  CHECK(parsed->query == expected);

  CHECK(ParseTarget("/")->segments.empty());
  CHECK(ParseTarget("/?a=1")->query == Fields{{"a", "1"}});
  CHECK(ParseTarget("/health/")->segments == std::vector<std::string>{"health", ""});
  CHECK(ParseTarget("//x")->segments == std::vector<std::string>{"", "x"});
}

TEST_CASE("targets that are not clean origin-form paths are refused", "[server]") {
  for (const char* target : {"", "api/x", "http://host/x", "*", "/a#frag", "/a/../b", "/a/./b",
                             "/a/%2e%2E/b", "/a/%2E", "/a%zz", "/a/%00"}) {
    Result<ParsedTarget> parsed = ParseTarget(target);
    CAPTURE(target);
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    CHECK(parsed.status().field() == "path");
  }
  Result<ParsedTarget> bad_query = ParseTarget("/a?x=%G0");
  CHECK(bad_query.status().code() == StatusCode::kInvalidArgument);
  CHECK(bad_query.status().field() == "query");
}

}  // namespace
}  // namespace prospekt::server
