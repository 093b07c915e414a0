// Full-log scans: the store's read path with envelope decode, and a bare RocksDB
// iterator over the same events column family as the baseline.
//
// FillLog writes the log the scans read; the scans only read. Each scan walks the whole
// log once and fails unless it saw exactly the expected number of events. Not
// thread-safe: one call at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "bench/append_bench.h"
#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::bench {

// Appends `events` sample events to a fresh store in `dir` (durably, in appends of
// the store's maximum size) and closes it.
Status FillLog(const std::filesystem::path& dir, std::uint64_t events);

// EventStore::ReadAll in batches of `batch` events, as a subscription catching up does.
Result<Throughput> ScanReadAll(const store::EventStore& log, std::size_t batch,
                               std::uint64_t expected_events);

// EventStore::ScanRaw in one pass, with DecodeEnvelope on every event when `decode`
// (without, it shows what the store's read path costs before decoding).
Result<Throughput> ScanRawEvents(const store::EventStore& log, bool decode,
                                 std::uint64_t expected_events);

// A plain RocksDB iterator over the events column family of the log in `dir` (opened
// read-only; the store must be closed), touching every key and value, decoding nothing.
Result<Throughput> ScanBare(const std::filesystem::path& dir, std::uint64_t expected_events);

}  // namespace prospekt::bench
