// A deterministic sample of a bank branch network's first weeks, written straight to
// the store: branches opened, employees hired, clients registered and assigned, and
// contacts logged with their outcomes. It exercises the log with realistic streams,
// sizes and rates until the domain (issue #3) drives a full demo bank through its
// rules; payloads are JSON documents for now.
#pragma once

#include <cstdint>
#include <functional>

#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::app {

struct SampleOptions {
  std::uint64_t seed = 42;
  std::uint64_t events = 20'000;  // appended in total, approximately (whole appends)
  int regions = 3;
  int branches_per_region = 4;
  int employees_per_branch = 6;
  int clients_per_branch = 200;
};

struct SampleSummary {
  std::uint64_t appends = 0;
  std::uint64_t events = 0;
};

// Appends the sample through `store.Append` (so it passes every store check),
// continuing after whatever the log already holds. `progress` gets the events so far.
Result<SampleSummary> AppendSampleLog(store::EventStore& store, const SampleOptions& options,
                                      const std::function<void(std::uint64_t)>& progress = {});

}  // namespace prospekt::app
