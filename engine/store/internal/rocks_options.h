// The RocksDB options of a log folder: the database options and the column families
// (engine/store/FORMAT.md), shared by EventStore::Open and by the tests and benchmarks
// that open a log folder with plain RocksDB, so that they all see the same database.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <cstddef>
#include <vector>

namespace prospekt::store::internal {

// Positions of the column families in LogColumnFamilies() and in the handles that
// rocksdb::DB::Open returns for them.
enum LogColumnFamily : std::size_t {
  kDefaultCfIndex = 0,
  kEventsCfIndex,
  kStreamsCfIndex,
  kIdempotencyCfIndex,
  kMetaCfIndex,
  kKeysCfIndex,
  kSnapshotsCfIndex,  // last: a read-only open of a folder made before it skips it
  kLogColumnFamilyCount,
};

rocksdb::DBOptions LogDbOptions(bool read_only);
std::vector<rocksdb::ColumnFamilyDescriptor> LogColumnFamilies();

}  // namespace prospekt::store::internal
