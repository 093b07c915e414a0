#include "engine/domain/iso_week.h"

namespace prospekt::domain {
namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The civil year of a day since 1970-01-01 (the year half of civil_from_days).
std::int64_t YearOfDay(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  return mp >= 10 ? y + 1 : y;  // months Jan, Feb belong to the next year in this count
}

std::int64_t DayOf(std::int64_t time_us) {
  std::int64_t day = time_us / kMicrosPerDay;
  if (time_us % kMicrosPerDay < 0) --day;  // floor, for times before 1970
  return day;
}

// 1 (Monday) .. 7 of a day since 1970-01-01, a Thursday.
int WeekdayOfDay(std::int64_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7) + 1; }

IsoWeek WeekOfDay(std::int64_t day) {
  // The week belongs to the year of its Thursday.
  const std::int64_t thursday = day - (WeekdayOfDay(day) - 1) + 3;
  const std::int64_t year = YearOfDay(thursday);
  const std::int64_t week = (thursday - DaysFromCivil(year, 1, 1)) / 7 + 1;
  return IsoWeek{static_cast<std::uint16_t>(year), static_cast<std::uint8_t>(week)};
}

}  // namespace

IsoWeek IsoWeekOf(std::int64_t time_us) { return WeekOfDay(DayOf(time_us)); }

int IsoWeekday(std::int64_t time_us) { return WeekdayOfDay(DayOf(time_us)); }

int IsoWeeksInYear(int year) {
  // December 28 is always in the year's last week.
  return WeekOfDay(DaysFromCivil(year, 12, 28)).week;
}

bool IsValidIsoWeek(const IsoWeek& week) {
  return week.year >= 1970 && week.year <= 9999 && week.week >= 1 &&
         week.week <= IsoWeeksInYear(week.year);
}

}  // namespace prospekt::domain
