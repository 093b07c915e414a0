// Verification of the log's hash chain: the auditor's proof that no event was altered,
// removed or inserted since it was written.
//
// Walks the whole log in seq order and checks, for every envelope: its key and its seq
// agree and follow the previous one without a gap, it decodes, its prev_hash is the
// BLAKE2b-256 of the previous envelope's bytes, and recorded_at never decreases. At the
// end the last hash must equal the head record that every write updates, and the log
// must reach the head mark (a seq acknowledged earlier, kept outside RocksDB) with the
// marked hash. Reads only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::replay {

struct ChainReport {
  bool intact = true;
  std::uint64_t events_checked = 0;
  // When broken: the first seq that fails a check, and what failed.
  std::uint64_t first_broken_seq = 0;
  std::string problem;
  // The head the walk arrived at (valid when intact).
  store::LogHead head;
};

// `progress` (optional) is called every `progress_every` events with the seq reached.
// Returns an error only when the log or its head mark cannot be read at all; damage to
// the log is in the report.
Result<ChainReport> VerifyChain(const store::EventStore& store,
                                const std::function<void(std::uint64_t)>& progress = {},
                                std::uint64_t progress_every = 1'000'000);

}  // namespace prospekt::replay
