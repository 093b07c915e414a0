// The texts of times and weeks that people and programs send: ISO-8601 UTC times
// ("2026-01-05T10:00:00Z") and ISO weeks ("2026-W03"), parsed in one place for the HTTP
// API's command bodies and query parameters and for the CLI's flags.
//
// Errors are InvalidArgument on the caller's field name, with a message that names the
// rule and quotes (a bounded prefix of) the text. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/domain_events.h"
#include "events/status.h"

namespace prospekt::api {

// Which spellings of a time are accepted.
enum class TimeForm : std::uint8_t {
  // A full instant: "2026-01-05T10:00:00Z", with an optional fraction of 1 to 6 digits
  // ("2026-01-05T10:00:00.25Z") and "Z" or "+00:00" as the offset. Command bodies use
  // this: a fact's time is never guessed.
  kInstant,
  // Also a date ("2026-01-05", its 00:00) and a time without seconds or offset
  // ("2026-01-05T10:00", "2026-01-05T10:00:00"), read as UTC. Query parameters and CLI
  // flags use this.
  kDateOrInstant,
};

// Microseconds since the Unix epoch. Years 1970 to 9999; no leap seconds; any other
// offset than UTC's is refused rather than converted.
Result<std::int64_t> ParseUtcTime(std::string_view text, std::string_view field, TimeForm form);

// "2026-W03": four digits of year, "-W", two digits of a week that year has.
Result<domain::IsoWeek> ParseIsoWeek(std::string_view text, std::string_view field);

// "2026-W03", the form ParseIsoWeek reads.
std::string FormatIsoWeek(const domain::IsoWeek& week);

}  // namespace prospekt::api
