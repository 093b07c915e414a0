#include "projections/view_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <cstring>
#include <utility>

namespace prospekt::projections {

std::filesystem::path ViewsFolderOf(const std::filesystem::path& data) {
  std::filesystem::path folder = data.lexically_normal();
  if (!folder.has_filename()) folder = folder.parent_path();
  folder += ".views";
  return folder;
}

namespace {

// Keys (all integers big-endian, so that byte order is numeric order):
//   "c" name 0x00 version(u32)           -> checkpoint seq (u64)
//   "s" name 0x00 version(u32) seq(u64)  -> log hash (32 bytes) + snapshot bytes
// Names never hold 0x00 (they are C++ identifiers), so a prefix is never ambiguous.
void PutBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xffU));
  }
}
std::uint64_t ReadBigEndian(std::string_view in) {
  std::uint64_t value = 0;
  for (char c : in) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

std::string NamePrefix(char kind, std::string_view name) {
  std::string key(1, kind);
  key.append(name);
  key.push_back('\0');
  return key;
}
std::string VersionPrefix(char kind, std::string_view name, std::uint32_t version) {
  std::string key = NamePrefix(kind, name);
  PutBigEndian(key, version, 4);
  return key;
}
std::string SnapshotKey(std::string_view name, std::uint32_t version, std::uint64_t seq) {
  std::string key = VersionPrefix('s', name, version);
  PutBigEndian(key, seq, 8);
  return key;
}
// The first key after every key starting with `prefix` (prefixes here never end in 0xff).
std::string PrefixEnd(std::string prefix) {
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

Status FromRocks(const rocksdb::Status& status, const std::string& context) {
  if (status.ok()) return Status::Ok();
  std::string message = context + ": " + status.ToString();
  if (status.IsCorruption()) return Status::Corruption(std::move(message));
  return Status::IOError(std::move(message));
}

}  // namespace

ViewStore::ViewStore(std::unique_ptr<rocksdb::DB> db) : db_(std::move(db)) {}
ViewStore::~ViewStore() = default;

Result<std::unique_ptr<ViewStore>> ViewStore::Open(const std::filesystem::path& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  // Snapshots are large values written rarely: keep them out of the LSM's rewrites.
  options.enable_blob_files = true;
  options.min_blob_size = 64 * 1024;
  // Views encode small integers fixed-width and repeat ids: LZ4 shrinks them several
  // times over for little CPU, on the flush thread.
  options.blob_compression_type = rocksdb::kLZ4Compression;
  // A rebuild writes snapshots of tens of megabytes back to back: room for a few
  // memtables being flushed before writes wait.
  options.max_write_buffer_number = 4;
  rocksdb::DB* raw = nullptr;
  PROSPEKT_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(options, path.string(), &raw), "opening views in " + path.string()));
  return std::unique_ptr<ViewStore>(new ViewStore(std::unique_ptr<rocksdb::DB>(raw)));
}

Status ViewStore::PutSnapshot(std::string_view name, std::uint32_t version,
                              const Snapshot& snapshot, bool keep_older, bool logged) {
  rocksdb::WriteBatch batch;
  if (!keep_older) {
    const std::string from = VersionPrefix('s', name, version);
    const std::string until = SnapshotKey(name, version, snapshot.seq);
    batch.DeleteRange(from, until);
  }
  // The value is the log hash then the view's bytes, put from both without joining them
  // first (views run to tens of megabytes).
  const std::string key = SnapshotKey(name, version, snapshot.seq);
  const rocksdb::Slice key_part(key);
  const rocksdb::Slice value_parts[2] = {
      rocksdb::Slice(reinterpret_cast<const char*>(snapshot.log_hash.data()),
                     snapshot.log_hash.size()),
      rocksdb::Slice(snapshot.bytes)};
  PROSPEKT_RETURN_IF_ERROR(FromRocks(
      batch.Put(rocksdb::SliceParts(&key_part, 1), rocksdb::SliceParts(value_parts, 2)),
      "writing a snapshot"));
  std::string checkpoint;
  PutBigEndian(checkpoint, snapshot.seq, 8);
  batch.Put(VersionPrefix('c', name, version), checkpoint);
  // Not synced: a process crash keeps the WAL; an OS crash may lose the batch whole,
  // and the projection then restarts from the previous checkpoint, still consistent.
  // Unlogged, even a process crash may lose it (whole, too) until its memtable is
  // flushed, which a big snapshot soon forces.
  rocksdb::WriteOptions write;
  write.disableWAL = !logged;
  return FromRocks(db_->Write(write, &batch), "writing a snapshot");
}

Result<std::optional<Snapshot>> ViewStore::SnapshotAtOrBefore(std::string_view name,
                                                              std::uint32_t version,
                                                              std::uint64_t max_seq) const {
  const std::string prefix = VersionPrefix('s', name, version);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  it->SeekForPrev(SnapshotKey(name, version, max_seq));
  if (!it->Valid()) {
    PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "reading a snapshot"));
    return std::optional<Snapshot>();
  }
  const rocksdb::Slice key = it->key();
  if (!key.starts_with(prefix) || key.size() != prefix.size() + 8) {
    return std::optional<Snapshot>();
  }
  Snapshot snapshot;
  snapshot.seq = ReadBigEndian(std::string_view(key.data() + prefix.size(), 8));
  const rocksdb::Slice value = it->value();
  if (value.size() < snapshot.log_hash.size()) {
    return Status::Corruption("a snapshot of " + std::string(name) + " is too short");
  }
  std::memcpy(snapshot.log_hash.data(), value.data(), snapshot.log_hash.size());
  snapshot.bytes.assign(value.data() + snapshot.log_hash.size(),
                        value.size() - snapshot.log_hash.size());
  return std::optional<Snapshot>(std::move(snapshot));
}

Result<std::uint64_t> ViewStore::Checkpoint(std::string_view name, std::uint32_t version) const {
  std::string value;
  const rocksdb::Status read =
      db_->Get(rocksdb::ReadOptions(), VersionPrefix('c', name, version), &value);
  if (read.IsNotFound()) return std::uint64_t{0};
  PROSPEKT_RETURN_IF_ERROR(FromRocks(read, "reading a checkpoint"));
  if (value.size() != 8) return Status::Corruption("a checkpoint of " + std::string(name) +
                                                   " is not 8 bytes long");
  return ReadBigEndian(value);
}

Result<std::vector<std::uint64_t>> ViewStore::SnapshotSeqs(std::string_view name,
                                                           std::uint32_t version) const {
  const std::string prefix = VersionPrefix('s', name, version);
  std::vector<std::uint64_t> seqs;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    seqs.push_back(ReadBigEndian(std::string_view(it->key().data() + prefix.size(), 8)));
  }
  PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "listing snapshots"));
  return seqs;
}

Result<std::vector<std::uint32_t>> ViewStore::Versions(std::string_view name) const {
  const std::string prefix = NamePrefix('c', name);
  std::vector<std::uint32_t> versions;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 4) continue;
    versions.push_back(static_cast<std::uint32_t>(
        ReadBigEndian(std::string_view(it->key().data() + prefix.size(), 4))));
  }
  PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "listing versions"));
  return versions;
}

Status ViewStore::DropVersion(std::string_view name, std::uint32_t version) {
  rocksdb::WriteBatch batch;
  const std::string snapshots = VersionPrefix('s', name, version);
  batch.DeleteRange(snapshots, PrefixEnd(snapshots));
  batch.Delete(VersionPrefix('c', name, version));
  return FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "dropping a projection version");
}

}  // namespace prospekt::projections
