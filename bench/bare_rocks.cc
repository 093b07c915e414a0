#include "bench/bare_rocks.h"

#include <string>

#include "engine/store/internal/rocks_options.h"

namespace prospekt::bench {
Result<std::unique_ptr<BareDb>> BareDb::Open(const std::filesystem::path& path) {
  return OpenWith(path, /*read_only=*/false);
}

Result<std::unique_ptr<BareDb>> BareDb::OpenReadOnly(const std::filesystem::path& path) {
  return OpenWith(path, /*read_only=*/true);
}

Result<std::unique_ptr<BareDb>> BareDb::OpenWith(const std::filesystem::path& path,
                                                 bool read_only) {
  // The store's own options (engine/store/internal/rocks_options.h), so that the
  // baseline differs from the store only in what the store itself does.
  const rocksdb::DBOptions db_options = store::internal::LogDbOptions(read_only);
  const std::vector<rocksdb::ColumnFamilyDescriptor> descriptors =
      store::internal::LogColumnFamilies();
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
