// The head mark: a small file beside the RocksDB files, PROSPEKT_HEAD, naming a seq
// that was acknowledged as durable and the hash of its envelope.
//
// Why: RocksDB cannot tell a WAL or MANIFEST cut short by an outside hand from a write
// torn by a crash, and opens such a folder as a shorter, self-consistent log. Anything
// acknowledged is durable, so the log must always reach the marked seq with the marked
// hash; Open and verify check that. The store rewrites the mark (atomically: temporary
// file, fsync, rename, fsync of the folder) after each memtable flush and on close, so
// the window it cannot vouch for is the writes since then.
#pragma once

#include <filesystem>
#include <optional>

#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::store::internal {

inline constexpr char kHeadMarkFile[] = "PROSPEKT_HEAD";

Status WriteHeadMark(const std::filesystem::path& dir, const LogHead& head);

// nullopt when the folder has no mark yet; Corruption when the mark is damaged.
Result<std::optional<LogHead>> ReadHeadMark(const std::filesystem::path& dir);

}  // namespace prospekt::store::internal
