// The checks the commands make on a --data folder before they open it. One that reads
// a log (head, verify, read, open, export, query, replay) or adds to an existing bank
// (import, user, token) needs the log to be there: a plain open would create a folder
// for a mistyped path, or answer with RocksDB's own words about a CURRENT file. One that
// may start a log (serve, demo, sample, append) needs a new or empty folder or a log. A
// wrong --data is bad input and is named as such.
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

// For the commands that may start a log (serve, demo, sample, append): OK when `data` is
// not there yet, is an empty folder, or holds a RocksDB database; otherwise
// InvalidArgument (field "data"): "X is not a folder", or "X holds files but no Prospekt
// log" — a new log is never spread among someone else's files.
Status CheckLogFolderToWrite(const std::filesystem::path& data);

// CheckLogFolder, then EventStore::Open read-only. A RocksDB database without the log's
// column families (someone else's data) is "X holds no Prospekt log (…)" too; other
// errors are the store's (I/O, corruption).
Result<std::unique_ptr<EventStore>> OpenLogToRead(const std::filesystem::path& data);

}  // namespace prospekt::store
