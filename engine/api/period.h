// The order of a period of business time, [from, until). A reversed period is a mistake
// (swapped dates), not a question whose answer is empty; an empty one (from == until)
// is a question. Shared by the projection queries (queries.h) and the read audit's "who
// viewed client X" route, so that both refuse it in the same words.
#pragma once

#include <cstdint>

#include "events/status.h"

namespace prospekt::api {

// OK when from_us <= until_us; otherwise InvalidArgument on field "from".
inline Status CheckPeriodOrder(std::int64_t from_us, std::int64_t until_us) {
  if (from_us <= until_us) return Status::Ok();
  return Status::InvalidArgument("from must not be after until", "from");
}

}  // namespace prospekt::api
