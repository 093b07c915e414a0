// ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) of UTC
// times: the unit plans are set and measured in (DOMAIN.md: plans per working week).
// Pure functions over the proleptic Gregorian calendar, safe from any thread.
#pragma once

#include <cstdint>

#include "events/domain_events.h"

namespace prospekt::domain {

inline constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

// The ISO week that holds the UTC time `time_us`.
IsoWeek IsoWeekOf(std::int64_t time_us);

// 1 (Monday) .. 7 (Sunday) of the UTC time `time_us`.
int IsoWeekday(std::int64_t time_us);

// 52 or 53.
int IsoWeeksInYear(int year);

// Whether `week` names a real week (years 1970..9999).
bool IsValidIsoWeek(const IsoWeek& week);

// A key ordering weeks: year * 100 + week.
inline std::int32_t WeekKey(const IsoWeek& week) {
  return static_cast<std::int32_t>(week.year) * 100 + week.week;
}

}  // namespace prospekt::domain
