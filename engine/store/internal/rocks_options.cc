#include "engine/store/internal/rocks_options.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <string>

#include "engine/store/internal/keys.h"

namespace prospekt::store::internal {
namespace {

// A streams key up to and including its 0x00 separator: the stream's id.
class StreamIdPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "prospekt.StreamIdPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const std::string_view view(key.data(), key.size());
    return {key.data(), view.find('\0') + 1};
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return std::string_view(key.data(), key.size()).find('\0') != std::string_view::npos;
  }
};

rocksdb::ColumnFamilyOptions EventsOptions() {
  // Keys arrive in order and are read in long runs: bigger blocks make scans cheaper.
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = std::size_t{32} * 1024;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Seqs only grow, so each insert lands right after the previous one: a memtable
  // insert hint shared by all keys (their first 4 bytes agree for 2^32 seqs) spares
  // the skiplist search that otherwise dominates the sequencer's time.
  options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(4));
  return options;
}

rocksdb::ColumnFamilyOptions StreamsOptions() {
  // A stream's versions arrive in order too: one insert hint per stream id.
  rocksdb::ColumnFamilyOptions options;
  options.memtable_insert_with_hint_prefix_extractor = std::make_shared<StreamIdPrefix>();
  return options;
}

rocksdb::ColumnFamilyOptions IdempotencyOptions() {
  // Looked up by exact key on every keyed append, mostly for keys never used: a Bloom
  // filter answers those without reading a block.
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

}  // namespace

rocksdb::DBOptions LogDbOptions(bool read_only) {
  rocksdb::DBOptions options;
  options.create_if_missing = !read_only;
  options.create_missing_column_families = !read_only;
  options.paranoid_checks = true;
  // An acknowledged append was fsynced whole, so only a torn record of an append that
  // was never acknowledged may sit at the WAL's tail: tolerate that, refuse the rest.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  options.max_background_jobs = 2;
  return options;
}

std::vector<rocksdb::ColumnFamilyDescriptor> LogColumnFamilies() {
  std::vector<rocksdb::ColumnFamilyDescriptor> families(kLogColumnFamilyCount);
  families[kDefaultCfIndex] = {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()};
  families[kEventsCfIndex] = {kEventsCf, EventsOptions()};
  families[kStreamsCfIndex] = {kStreamsCf, StreamsOptions()};
  families[kIdempotencyCfIndex] = {kIdempotencyCf, IdempotencyOptions()};
  families[kMetaCfIndex] = {kMetaCf, rocksdb::ColumnFamilyOptions()};
  families[kKeysCfIndex] = {kKeysCf, rocksdb::ColumnFamilyOptions()};
  // Snapshots are values of tens of MB: kept apart from meta, whose small records
  // (format, head) would otherwise share a data block with one and be read with it.
  families[kSnapshotsCfIndex] = {kSnapshotsCf, rocksdb::ColumnFamilyOptions()};
  return families;
}

}  // namespace prospekt::store::internal
