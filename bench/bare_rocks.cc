#include "bench/bare_rocks.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include <string>

#include "engine/store/internal/keys.h"

namespace prospekt::bench {
namespace {

// The options below copy EventStore::Open (engine/store/event_store.cc), so that the
// baseline differs from the store only in what the store itself does. Keep them in step.

rocksdb::ColumnFamilyOptions PointLookupOptions() {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::ColumnFamilyOptions EventsOptions() {
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = 32 * 1024;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

Result<std::unique_ptr<BareDb>> BareDb::Open(const std::filesystem::path& path) {
  return OpenWith(path, /*read_only=*/false);
}

Result<std::unique_ptr<BareDb>> BareDb::OpenReadOnly(const std::filesystem::path& path) {
  return OpenWith(path, /*read_only=*/true);
}

Result<std::unique_ptr<BareDb>> BareDb::OpenWith(const std::filesystem::path& path,
                                                 bool read_only) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !read_only;
  db_options.create_missing_column_families = !read_only;
  db_options.paranoid_checks = true;
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.max_background_jobs = 2;
  const std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {store::internal::kEventsCf, EventsOptions()},
      {store::internal::kStreamsCf, rocksdb::ColumnFamilyOptions()},
      {store::internal::kStreamHeadsCf, PointLookupOptions()},
      {store::internal::kIdempotencyCf, PointLookupOptions()},
      {store::internal::kMetaCf, rocksdb::ColumnFamilyOptions()},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  rocksdb::DB* raw_db = nullptr;
  const rocksdb::Status opened =
      read_only ? rocksdb::DB::OpenForReadOnly(db_options, path.string(), descriptors, &raw_handles,
                                               &raw_db)
                : rocksdb::DB::Open(db_options, path.string(), descriptors, &raw_handles, &raw_db);
  if (!opened.ok()) {
    return Status::IOError("opening RocksDB in " + path.string() + ": " + opened.ToString());
  }
  std::unique_ptr<BareDb> bare(new BareDb());
  bare->db_.reset(raw_db);
  for (rocksdb::ColumnFamilyHandle* handle : raw_handles) bare->handles_.emplace_back(handle);
  return bare;
}

BareDb::~BareDb() {
  // Column family handles must go before the database that made them.
  handles_.clear();
  db_.reset();
}

}  // namespace prospekt::bench
