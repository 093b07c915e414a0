// The wire form of expected versions and how they match.
#include "engine/store/expected_version.h"

#include <catch2/catch.hpp>

namespace prospekt::store {
namespace {

TEST_CASE("expected version parses its three forms", "[store][expected_version]") {
  CHECK(ExpectedVersion::Parse("any")->ToString() == "any");
  CHECK(ExpectedVersion::Parse("no_stream")->ToString() == "no_stream");
  CHECK(ExpectedVersion::Parse("17")->ToString() == "17");
  CHECK(ExpectedVersion::Parse("0")->ToString() == "no_stream");
}

TEST_CASE("unknown expected-version forms are InvalidArgument", "[store][expected_version]") {
  for (const char* text :
       {"", "ANY", "-1", "1.5", "12abc", " 3", "99999999999999999999999", "latest"}) {
    INFO("form \"" << text << "\"");
    Result<ExpectedVersion> parsed = ExpectedVersion::Parse(text);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
    CHECK(parsed.status().field() == "expected_version");
  }
}

TEST_CASE("expected version matching", "[store][expected_version]") {
  CHECK(ExpectedVersion::Any().Matches(0));
  CHECK(ExpectedVersion::Any().Matches(12));
  CHECK(ExpectedVersion::NoStream().Matches(0));
  CHECK_FALSE(ExpectedVersion::NoStream().Matches(1));
  CHECK(ExpectedVersion::Exactly(5).Matches(5));
  CHECK_FALSE(ExpectedVersion::Exactly(5).Matches(4));
  CHECK_FALSE(ExpectedVersion::Exactly(5).Matches(6));
}

}  // namespace
}  // namespace prospekt::store
