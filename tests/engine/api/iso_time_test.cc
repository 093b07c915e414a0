// ISO-8601 UTC times and ISO weeks as the API and the CLI read them (engine/api/iso_time.h).
#include "engine/api/iso_time.h"

#include <catch2/catch.hpp>

namespace prospekt::api {
namespace {

constexpr std::int64_t kMonday = 1'767'571'200'000'000;  // 2026-01-05T00:00:00Z
constexpr std::int64_t kMinute = 60'000'000;

std::int64_t Parsed(std::string_view text, TimeForm form) {
  Result<std::int64_t> time = ParseUtcTime(text, "at", form);
  INFO(text << ": " << time.status().ToString());
  REQUIRE(time.ok());
  return *time;
}

TEST_CASE("an instant is a full UTC time, with an optional fraction", "[api]") {
  CHECK(Parsed("2026-01-05T00:00:00Z", TimeForm::kInstant) == kMonday);
  CHECK(Parsed("2026-01-05T09:30:00+00:00", TimeForm::kInstant) == kMonday + 570 * kMinute);
  CHECK(Parsed("2026-01-05T00:00:00.1Z", TimeForm::kInstant) == kMonday + 100'000);
  CHECK(Parsed("2026-01-05T00:00:00.000042Z", TimeForm::kInstant) == kMonday + 42);
  CHECK(Parsed("1970-01-01T00:00:00Z", TimeForm::kInstant) == 0);
  CHECK(Parsed("9999-12-31T23:59:59.999999Z", TimeForm::kInstant) == 253'402'300'799'999'999);
  for (const char* text : {"2026-01-05", "2026-01-05T09:30", "2026-01-05T09:30:00", ""}) {
    Result<std::int64_t> time = ParseUtcTime(text, "at", TimeForm::kInstant);
    CHECK(time.status().code() == StatusCode::kInvalidArgument);
    CHECK(time.status().field() == "at");
  }
}

TEST_CASE("a query's time may also be a date or a time without seconds or offset", "[api]") {
  CHECK(Parsed("2026-01-05", TimeForm::kDateOrInstant) == kMonday);
  CHECK(Parsed("2026-01-05T09:30", TimeForm::kDateOrInstant) == kMonday + 570 * kMinute);
  CHECK(Parsed("2026-01-05T09:30:00", TimeForm::kDateOrInstant) == kMonday + 570 * kMinute);
  CHECK(Parsed("2026-01-05T09:30Z", TimeForm::kDateOrInstant) == kMonday + 570 * kMinute);
  CHECK(Parsed("2026-01-05T09:30:00.5Z", TimeForm::kDateOrInstant) ==
        kMonday + 570 * kMinute + 500'000);
  for (const char* text : {"yesterday", "2026-01-05T", "2026-01-05T9:30",
                           "2026-01-05T09:30:00+01:00", "2026-02-30", "2026-01-05T09:30.5"}) {
    INFO(text);
    Result<std::int64_t> time = ParseUtcTime(text, "as_of", TimeForm::kDateOrInstant);
    CHECK(time.status().code() == StatusCode::kInvalidArgument);
    CHECK(time.status().field() == "as_of");
    CHECK_THAT(time.status().message(), Catch::StartsWith("as_of "));
  }
}

TEST_CASE("a refused text is quoted, cut short when long", "[api]") {
  Result<std::int64_t> time = ParseUtcTime(std::string(1000, '9'), "at", TimeForm::kInstant);
  REQUIRE_FALSE(time.ok());
  CHECK(time.status().message().size() < 200);
  CHECK_THAT(time.status().message(), Catch::EndsWith("...'"));
}

TEST_CASE("ISO weeks read and print as 2026-W03", "[api]") {
  Result<domain::IsoWeek> week = ParseIsoWeek("2026-W03", "week");
  REQUIRE(week.ok());
  CHECK(*week == domain::IsoWeek{2026, 3});
  CHECK(FormatIsoWeek(*week) == "2026-W03");
  CHECK(FormatIsoWeek({2026, 53}) == "2026-W53");
  for (const char* text : {"2026-W99", "2025-W53", "2026-W00", "2026-W3", "2026W03", ""}) {
    INFO(text);
    Result<domain::IsoWeek> bad = ParseIsoWeek(text, "from_week");
    CHECK(bad.status().code() == StatusCode::kInvalidArgument);
    CHECK(bad.status().field() == "from_week");
  }
}

}  // namespace
}  // namespace prospekt::api
