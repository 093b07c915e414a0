// ViewStore: where projections keep their snapshots and checkpoints, a RocksDB database
// of its own beside the log (never inside the log's database: views are disposable, and
// deleting the folder only costs a rebuild; see projections/README.md).
//
// A snapshot is a projection version's encoded view as of a seq. Writing one writes the
// checkpoint in the same WriteBatch, so after a crash a projection restarts from a view
// and a position that belong together: no event applied twice, none skipped. RocksDB's
// block checksums guard the bytes; a damaged snapshot reads as Corruption.
//
// Thread-safe (RocksDB is); owns its database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/chain_hash.h"
#include "events/status.h"

namespace rocksdb {
class DB;
}

namespace prospekt::projections {

struct Snapshot {
  std::uint64_t seq = 0;  // the view reflects every event up to and including seq
  // The chain hash of the log's event at seq: ties the snapshot to one log, so that
  // views kept beside a log that was replaced (a regenerated demo, a restored backup)
  // are recognised as foreign instead of being trusted.
  ChainHash log_hash{};
  std::string bytes;
};

// The views folder of the log in `data`: DATA.views beside it ("DATA/" names DATA).
std::filesystem::path ViewsFolderOf(const std::filesystem::path& data);

class ViewStore {
 public:
  static Result<std::unique_ptr<ViewStore>> Open(const std::filesystem::path& path);
  ~ViewStore();
  ViewStore(const ViewStore&) = delete;
  ViewStore& operator=(const ViewStore&) = delete;

  // Writes the snapshot and moves the checkpoint to its seq, atomically. With
  // `keep_older` false the version's earlier snapshots go in the same batch. With
  // `logged` false the batch skips RocksDB's write-ahead log (the big snapshots of a
  // rebuild): a crash may then lose it, whole, and the projection restarts from an
  // earlier checkpoint — consistent either way.
  Status PutSnapshot(std::string_view name, std::uint32_t version, const Snapshot& snapshot,
                     bool keep_older, bool logged = true);

  // The newest snapshot with seq <= `max_seq` (nullopt: none).
  Result<std::optional<Snapshot>> SnapshotAtOrBefore(std::string_view name, std::uint32_t version,
                                                     std::uint64_t max_seq) const;

  // The checkpoint: the seq of the latest snapshot, 0 when there is none.
  Result<std::uint64_t> Checkpoint(std::string_view name, std::uint32_t version) const;

  // The seqs of the version's snapshots, ascending.
  Result<std::vector<std::uint64_t>> SnapshotSeqs(std::string_view name,
                                                  std::uint32_t version) const;

  // The versions of `name` that have a checkpoint.
  Result<std::vector<std::uint32_t>> Versions(std::string_view name) const;

  // Deletes every snapshot and the checkpoint of one version.
  Status DropVersion(std::string_view name, std::uint32_t version);

 private:
  explicit ViewStore(std::unique_ptr<rocksdb::DB> db);
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace prospekt::projections
