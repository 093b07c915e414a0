// The ISO week key (domain::WeekKey) of a UTC time, for folds that bucket facts by week.
// Pure; thread-safe (the memo of the last day asked is per thread).
#pragma once

#include <cstdint>

namespace prospekt::projections::internal {

// WeekKey(IsoWeekOf(time_us)): consecutive events mostly fall on one day, so the last
// day's answer is kept and the calendar arithmetic runs about once a day.
std::int32_t WeekKeyAt(std::int64_t time_us);

}  // namespace prospekt::projections::internal
