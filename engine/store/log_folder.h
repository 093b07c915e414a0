// Opening a log that must already be there: what every command that reads a log (head,
// verify, read, export, query, replay) and every one that adds to an existing bank
// (import, user, token) checks first. A plain open would create a folder for a mistyped
// path, or answer with RocksDB's own words about a CURRENT file; a wrong --data is bad
// input and is named as such.
#pragma once

#include <filesystem>
#include <memory>

#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::store {

// OK when `data` is a folder holding a RocksDB database; otherwise InvalidArgument
// (field "data"): "no log folder at X", "X is not a folder", or "X holds no Prospekt log".
// Nothing is created.
Status CheckLogFolder(const std::filesystem::path& data);

// CheckLogFolder, then EventStore::Open read-only. A RocksDB database without the log's
// column families (someone else's data) is "X holds no Prospekt log (…)" too; other
// errors are the store's (I/O, corruption).
Result<std::unique_ptr<EventStore>> OpenLogToRead(const std::filesystem::path& data);

}  // namespace prospekt::store
