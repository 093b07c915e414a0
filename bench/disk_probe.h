// What the disk under the data folder gives: how many small appends-plus-fdatasync it
// completes per second, the cost every durable group commit pays. It bounds every
// durable figure (N producers with one append in flight each can reach at most
// N x this rate), so store_bench prints it beside them. Cloud disks often allow bursts
// and then throttle; probing before and after the appends shows whether that happened.
#pragma once

#include <filesystem>

#include "events/status.h"

namespace prospekt::bench {

// Appends 4 KiB and fdatasyncs, repeatedly for `seconds`, to a scratch file in `dir`
// (removed afterwards); returns the rate in fdatasyncs per second.
Result<double> ProbeFsyncRate(const std::filesystem::path& dir, double seconds);

}  // namespace prospekt::bench
