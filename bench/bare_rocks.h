// A bare RocksDB database laid out like the event store (the same column families
// with the same options), for the baselines: what the hardware and RocksDB give without
// the store's sequencer, validation, encoding and hash chain.
//
// BareDb owns the database and its column family handles and closes them in the right
// order. Thread safety is RocksDB's: Write and NewIterator may be called from any thread.
#pragma once

#include <rocksdb/db.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "engine/store/internal/rocks_options.h"
#include "events/status.h"

namespace prospekt::bench {

class BareDb {
 public:
  // Opens (creating if needed) a writable database in `path`.
  static Result<std::unique_ptr<BareDb>> Open(const std::filesystem::path& path);
  // Opens an existing database, the store's or a bare one, read-only.
  static Result<std::unique_ptr<BareDb>> OpenReadOnly(const std::filesystem::path& path);
  ~BareDb();
  BareDb(const BareDb&) = delete;
  BareDb& operator=(const BareDb&) = delete;

  rocksdb::DB& db() { return *db_; }
  rocksdb::ColumnFamilyHandle* events() { return handles_[store::internal::kEventsCfIndex].get(); }
  rocksdb::ColumnFamilyHandle* streams() {
    return handles_[store::internal::kStreamsCfIndex].get();
  }
  rocksdb::ColumnFamilyHandle* meta() { return handles_[store::internal::kMetaCfIndex].get(); }

 private:
  BareDb() = default;
  static Result<std::unique_ptr<BareDb>> OpenWith(const std::filesystem::path& path,
                                                  bool read_only);

  std::unique_ptr<rocksdb::DB> db_;
  // In LogColumnFamily order; destroyed before db_.
  std::vector<std::unique_ptr<rocksdb::ColumnFamilyHandle>> handles_;
};

}  // namespace prospekt::bench
