// The plan-deviation rule's arithmetic (DOMAIN.md: a task is assigned automatically when
// fact deviates from plan beyond a threshold), shared by the decider that assigns the
// task and the write model that notices a recovery, so both judge alike.
// Pure functions, safe from any thread.
#pragma once

#include <cstdint>

namespace prospekt::domain {

// Working days (Monday..Friday) of an ISO week elapsed by the end of the day whose
// weekday is `iso_weekday` (1 Monday .. 7 Sunday): 1..5.
int WorkingDaysElapsed(int iso_weekday);

// Whether `fact` contacts fall behind the pro-rata plan (planned * elapsed / 5) by more
// than `percent` percent of it. Computed in integers, so replay judges bit for bit alike.
// A plan of zero is never behind.
bool BehindPlan(std::uint32_t planned, std::uint32_t fact, int working_days_elapsed,
                std::uint8_t percent);

}  // namespace prospekt::domain
