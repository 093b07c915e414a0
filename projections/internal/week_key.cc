#include "projections/internal/week_key.h"

#include "engine/domain/iso_week.h"

namespace prospekt::projections::internal {

std::int32_t WeekKeyAt(std::int64_t time_us) {
  constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
  std::int64_t day = time_us / kMicrosPerDay;
  if (time_us % kMicrosPerDay < 0) --day;  // floor, for times before 1970
  thread_local std::int64_t memo_day = 0;
  thread_local std::int32_t memo_key = 0;
  thread_local bool memo_set = false;
  if (!memo_set || day != memo_day) {
    memo_key = domain::WeekKey(domain::IsoWeekOf(time_us));
    memo_day = day;
    memo_set = true;
  }
  return memo_key;
}

}  // namespace prospekt::projections::internal
