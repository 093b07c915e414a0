// Durable-append workloads: EventStore::Append from N producer threads, and, as the
// baseline, the same key/value writes from N threads calling RocksDB directly.
//
// Each producer appends to a few streams of its own (see StreamName), so appends never
// conflict and every one succeeds; ExpectedVersion::Any. A run stops at its deadline or
// once its event budget is spent, whichever comes first; the appends already in flight
// then finish and count. Every run uses a fresh database in the folder it is given and
// leaves it there (the caller removes it). Not thread-safe: one run at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>

#include "events/status.h"

namespace prospekt::bench {

struct AppendWorkload {
  std::string name;  // stable, for --json and the peer scripts, e.g. "append_p64_e1"
  std::size_t producers = 1;
  std::size_t events_per_append = 1;
  // Store side only: the producers are logical, each keeping one AppendAsync in flight
  // and sending its next append from the completion callback, with no thread per
  // producer -- the way a server on a few Asio threads drives the store.
  bool async = false;
};

struct RunLimits {
  double seconds = 5.0;
  std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max();
};

struct Throughput {
  std::uint64_t events = 0;
  std::uint64_t appends = 0;  // Append calls, bare WriteBatches, or read calls of a scan
  double seconds = 0;

  double EventsPerSecond() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
};

// The store with StoreOptions.sync = true.
Result<Throughput> RunStoreAppends(const std::filesystem::path& dir, const AppendWorkload& workload,
                                   const RunLimits& limits);

// The store's writes for the same appends, done directly: per append one WriteBatch with,
// per event, the encoded envelope under its seq and the stream index entry, plus the
// stream head and the log head record; written with WriteOptions.sync = `sync`.
Result<Throughput> RunBareAppends(const std::filesystem::path& dir, const AppendWorkload& workload,
                                  const RunLimits& limits, bool sync);

}  // namespace prospekt::bench
