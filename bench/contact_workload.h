// The LogContact workload the domain and projection benchmarks share: contacts of an
// assigned employee with their client, at a fixed business time just after the demo
// bank's set-up, with a realistic outcome mix.
#pragma once

#include <cstdint>
#include <string>

#include "engine/app/demo_bank.h"
#include "engine/domain/commands.h"

namespace prospekt::bench {

// The workload's business time: the bank was set up on the demo's first morning.
inline constexpr std::int64_t kWorkloadNowUs = app::kDemoStartUs + 10 * 3'600'000'000LL;

// The n-th contact of a caller: mostly unclear or refused, some interest in a deposit
// (handed over to the deposits department), a few sales.
domain::LogContact MakeContact(const std::string& client_id, std::uint64_t n);

}  // namespace prospekt::bench
