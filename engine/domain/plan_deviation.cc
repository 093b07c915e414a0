#include "engine/domain/plan_deviation.h"

namespace prospekt::domain {

int WorkingDaysElapsed(int iso_weekday) { return iso_weekday < 5 ? iso_weekday : 5; }

bool BehindPlan(std::uint32_t planned, std::uint32_t fact, int working_days_elapsed,
                std::uint8_t percent) {
  // pro_rata = planned * elapsed / 5; behind when (pro_rata - fact) / pro_rata > percent / 100,
  // multiplied out by 5 * 100 * pro_rata to stay in integers.
  const std::int64_t pro_rata_x5 = static_cast<std::int64_t>(planned) * working_days_elapsed;
  if (pro_rata_x5 <= 0) return false;
  const std::int64_t shortfall_x5 = pro_rata_x5 - static_cast<std::int64_t>(fact) * 5;
  return shortfall_x5 * 100 > static_cast<std::int64_t>(percent) * pro_rata_x5;
}

}  // namespace prospekt::domain
