// EventStore: Prospekt's append-only event log on RocksDB.
//
// Writes: Append() and AppendAsync() may be called from any number of threads. Each
// call hands its request to the one sequencer thread; Append blocks until the events are
// durable (the RocksDB WAL is fsynced) or refused, AppendAsync calls back then. The sequencer
// checks idempotency keys and expected versions, assigns the gapless global seq, stream versions,
// recorded_at and the hash chain, and group-commits: every append that arrived while the previous
// fsync ran goes into the next WriteBatch and the next fsync.
//
// Reads are thread-safe and see only committed (durable) events.
//
// Ownership: the EventStore owns the RocksDB instance and the sequencer thread; it must
// outlive every Subscription made from it. Destruction finishes the appends already
// queued, then stops. See FORMAT.md for the on-disk layout.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "engine/store/expected_version.h"
#include "events/envelope.h"
#include "events/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace prospekt::store {

// One event as the writer provides it; the store adds the positions and the chain.
struct NewEvent {
  std::string event_type;
  std::uint16_t schema_version = 1;
  std::int64_t occurred_at_us = 0;
  std::string actor;
  std::string on_behalf_of;
  std::string correlation_id;
  std::string causation_id;
  std::string payload;
};

struct AppendRequest {
  std::string stream_id;
  ExpectedVersion expected_version = ExpectedVersion::Any();
  std::vector<NewEvent> events;
  // Optional. The same key again returns the first append's positions and writes
  // nothing, however long ago that was.
  std::string idempotency_key;
};

struct AppendResult {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  std::uint64_t first_version = 0;
  std::uint64_t last_version = 0;
  // True when the idempotency key had been used: nothing new was written.
  bool duplicate = false;
  // The envelopes this append wrote, exactly as the log holds them, in seq order: what a
  // caller needs to answer without reading them back. Empty for a duplicate (it wrote
  // nothing; read first_seq..last_seq from the log).
  std::vector<Envelope> appended;
};

struct LogHead {
  std::uint64_t last_seq = 0;     // 0 for an empty log
  ChainHash hash = kGenesisHash;  // hash of the last envelope; the genesis hash if empty
  std::int64_t last_recorded_at_us = 0;
};

enum class Direction : std::uint8_t { kForward, kBackward };

// What one durable group commit wrote (StoreOptions::on_group_committed).
struct GroupCommitted {
  std::size_t appends = 0;  // the appends answered with this group (refused ones included)
  std::size_t events = 0;   // the events it added to the log
  std::size_t bytes = 0;    // the size of its RocksDB write batch (events, indexes, head record)
  std::int64_t write_us = 0;  // how long the write took: the WAL write and, with `sync`, its fsync
};

struct StoreOptions {
  // Durable appends fsync the WAL before acknowledging. Turning this off is only for
  // benchmarks' baselines and throwaway data: an OS crash may then lose acked events.
  bool sync = true;
  // Open without a writer (tools such as verify and export, even beside a running
  // server). Append then fails with FailedPrecondition.
  bool read_only = false;
  // The source of recorded_at, in microseconds since the Unix epoch. The store keeps
  // recorded_at monotonic even if this clock steps back. Tests inject a fake clock.
  std::function<std::int64_t()> clock;
  // Upper bound on the events of one group commit; the rest waits for the next group.
  std::size_t max_group_events = 16384;
  // Called on the sequencer thread with every event as it joins a group, in seq order,
  // before the group is written: a write model folds it here so that the next decision
  // sees it. If the write then fails, the store refuses every later append (see
  // Append), so the model is never ahead of a log that will still be written to.
  std::function<void(const Envelope&)> on_appended;
  // Called on the sequencer thread after each group that added events is durable,
  // before its appends are answered (so an acknowledged append is already counted):
  // for metrics (appends, fsync latency, group sizes). It must be quick, must not block
  // and must not call the store. Not called for a group that added nothing (every
  // append refused or a duplicate) nor for a failed write.
  std::function<void(const GroupCommitted&)> on_group_committed;
};

class Subscription;

class EventStore {
 public:
  // Opens (creating if needed) the log in `path`. Fails with Corruption when the data
  // is damaged, InvalidArgument when the folder holds something else, IOError when
  // the folder cannot be used (e.g. locked by another process).
  static Result<std::unique_ptr<EventStore>> Open(const std::filesystem::path& path,
                                                  StoreOptions options = {});
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends atomically and returns once the events are durable. Errors:
  // InvalidArgument (bad stream id, empty or oversized request; nothing written),
  // Aborted (expected version mismatch; carries the current version),
  // FailedPrecondition (idempotency key already used for another stream; read-only),
  // IOError (the disk failed; the store refuses further appends until reopened).
  Result<AppendResult> Append(AppendRequest request);

  // The same append without blocking a thread per append in flight, for servers that
  // keep many requests on few threads. `done` gets exactly what Append would return. It
  // runs on the sequencer thread once the group is durable (or at once on the calling
  // thread when the request is refused before queueing), so it must be quick and never
  // block; it may call AppendAsync again.
  using AppendCallback = std::function<void(Result<AppendResult>)>;
  void AppendAsync(AppendRequest request, AppendCallback done);

  // An append decided on the sequencer thread, for a write model kept in step with the
  // log (StoreOptions::on_appended): `decide` runs there, in log order, after every
  // earlier event has been applied, and returns the append to make or a rejection,
  // which is passed on as is. It must be quick, must not block and must not call the
  // store. A non-empty `idempotency_key` that was used before answers with the first
  // append's positions without deciding again (the key of the decided request is
  // replaced by it). The result is what Append would return.
  using Decider = std::function<Result<AppendRequest>()>;
  Result<AppendResult> DecideAndAppend(std::string idempotency_key, Decider decide);
  void DecideAndAppendAsync(std::string idempotency_key, Decider decide, AppendCallback done);

  // Up to `max_count` events of one stream, starting at `from_version` (inclusive)
  // and going forward or backward. Backward from version 0 means "from the end".
  Result<std::vector<Envelope>> ReadStream(std::string_view stream_id, std::uint64_t from_version,
                                           Direction direction, std::size_t max_count) const;

  // Up to `max_count` events of the whole log from `from_seq` (inclusive).
  Result<std::vector<Envelope>> ReadAll(std::uint64_t from_seq, std::size_t max_count) const;

  // The events at `seqs`, in that order, each by a point read: for indexes (the streams
  // column family, a projection's view) that name events by seq. A seq the log does not
  // have is Corruption, since whatever named it is out of step with the log.
  Result<std::vector<Envelope>> ReadEvents(const std::vector<std::uint64_t>& seqs) const;

  // Visits the raw stored envelopes from `from_seq` in seq order, without decoding,
  // until `visit` returns false or the log ends. `key_seq` is the seq of the key the
  // bytes are stored under. For verification and fast scans.
  Status ScanRaw(
      std::uint64_t from_seq,
      const std::function<bool(std::uint64_t key_seq, std::string_view bytes)>& visit) const;

  // The last committed event's seq, hash and recorded_at.
  LogHead Head() const;

  // The head as the meta column family records it (written with every group);
  // verification compares it with the chain. NotFound for a log never written to.
  Result<LogHead> RecordedHead() const;

  // Encryption keys of personal data (crypto-shredding, see FORMAT.md), kept beside the
  // log and never in it. PutKey is durable on return; ShredKey deletes a key and
  // rewrites the files that could still hold a copy, so that the data it sealed can
  // never be read again while the events, and the hash chain over them, stay.
  Status PutKey(std::string_view key_id, std::string_view key_bytes);
  Result<std::optional<std::string>> GetKey(std::string_view key_id) const;
  Status ShredKey(std::string_view key_id);

  // Write-model snapshots (FORMAT.md, "Snapshots"): bytes, opaque to the store, that
  // reflect the log up to and including `seq`, kept in their own column family with the
  // chain hash of the envelope at `seq` and a digest of the bytes. Any thread.
  //
  // PutSnapshot stores one for a committed `seq` (FailedPrecondition beyond the head,
  // when read-only, or when DeleteSnapshots ran at a later head: such a snapshot may
  // hold erased data) and keeps the newest kKeptSnapshots. Written without fsync: a
  // snapshot lost in a crash only makes the next start fold more events.
  static constexpr std::size_t kKeptSnapshots = 2;
  Status PutSnapshot(std::uint64_t seq, std::string_view bytes);
  // The seqs of the stored snapshots, newest first.
  Result<std::vector<std::uint64_t>> SnapshotSeqs() const;
  // The bytes of the snapshot at `seq`. NotFound when there is none; Corruption when its
  // digest does not match, or when the log does not reach `seq` or holds another
  // envelope there (a snapshot copied from another log, or of a log since cut).
  Result<std::string> GetSnapshot(std::uint64_t seq) const;
  // Deletes every snapshot and rewrites the snapshots' table files, so
  // that none of their bytes stays in the folder. ShredKey calls it: a snapshot holds
  // the write model, and so the personal data it knows, in clear.
  Status DeleteSnapshots();

  // Finishes the appends already queued, refuses later ones ("the log is closing") and
  // stops the sequencer; reads, keys and snapshots still work. For an owner that must
  // read its on_appended state once no append can change it any more (the Executor's
  // snapshot at close). The destructor calls it too.
  void StopAppends();

  // The head mark (engine/store/internal/head_mark.h): a seq acknowledged earlier and
  // its hash, kept beside the RocksDB files; nullopt when none was written yet. The
  // log must always reach it; verification checks that.
  Result<std::optional<LogHead>> HeadMark() const;

  // The last seq whose recorded_at is <= `time_us` (0 when there is none): "the log as
  // of time T". A binary search, since recorded_at never decreases with seq.
  Result<std::uint64_t> SeqAtTime(std::int64_t time_us) const;

  // Blocks until the log's head is at least `seq` or `timeout` passes; returns whether
  // it got there. Returns false at once when the store is shutting down.
  bool WaitForSeq(std::uint64_t seq, std::chrono::milliseconds timeout) const;

  // A catch-up subscription delivering every event with seq >= from_seq, first the
  // history, then live appends, with no gap and no duplicate.
  std::unique_ptr<Subscription> Subscribe(std::uint64_t from_seq) const;

 private:
  struct PendingAppend;
  struct Handles;
  class FlushListener;

  EventStore(std::filesystem::path path, std::unique_ptr<rocksdb::DB> db,
             std::unique_ptr<Handles> handles, std::shared_ptr<FlushListener> flush_listener,
             StoreOptions options, LogHead head);

  // Rewrites the head mark with the committed head. Any thread.
  Status MarkHead();
  // Corruption unless the log's end matches the head record and the head mark.
  Status CheckOpenedLog() const;
  // Corruption unless the log reaches the head mark with the marked hash.
  Status CheckHeadMark() const;

  struct Group;

  // The sequencer thread: forms groups, decides each append, writes each group.
  void RunSequencer();
  // Moves queued appends into `group` (waiting for one if `wait`); false if none came.
  bool TakeQueued(Group& group, bool wait);
  void Enqueue(std::unique_ptr<PendingAppend> pending);
  void AddToGroup(Group& group, std::unique_ptr<PendingAppend> pending);
  // Runs the member's decider, if any, then Decide.
  Result<AppendResult> DecideMember(Group& group, PendingAppend& pending);
  // Checks idempotency and the expected version, and adds the events to the batch.
  Result<AppendResult> Decide(Group& group, AppendRequest& request);
  // The first answer to an append with a used `key` (for `stream_id`, or any stream
  // when empty); nullopt for a key not used yet.
  std::optional<Result<AppendResult>> AnswerFromKey(Group& group, const std::string& key,
                                                    const std::string& stream_id);
  // Writes (and fsyncs) the batch, publishes the new head, answers every member.
  void WriteGroup(Group& group);
  Result<std::uint64_t> CurrentStreamVersion(const std::string& stream_id);
  Result<std::string> ReadRawEvent(std::uint64_t seq) const;

  const std::filesystem::path path_;
  const StoreOptions options_;
  std::unique_ptr<Handles> handles_;  // column family handles; destroyed before db_
  std::unique_ptr<rocksdb::DB> db_;
  // Marks the head after each flush of the events column family (RocksDB's thread);
  // detached before db_ closes. Null when read-only.
  std::shared_ptr<FlushListener> flush_listener_;
  std::mutex mark_mu_;  // serialises head mark writers
  // Serialises PutSnapshot with DeleteSnapshots, so that a snapshot encoded before an
  // erasure cannot land after the deletion.
  std::mutex snapshot_mu_;
  std::uint64_t snapshots_deleted_at_ =
      0;  // the head when DeleteSnapshots last ran. Guarded by snapshot_mu_.

  // Submitted appends waiting for the sequencer.
  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::vector<std::unique_ptr<PendingAppend>> queue_;  // Guarded by queue_mu_.
  bool stopping_ = false;                              // Guarded by queue_mu_.

  // Owned by the sequencer thread (read elsewhere only through committed_):
  LogHead tail_;  // the head including the group being written
  std::unordered_map<std::string, std::uint64_t> stream_versions_;  // last version per stream
  Status failure_;  // set once a write fails; every later append gets it

  // The committed head, published after each durable group.
  mutable std::mutex commit_mu_;
  mutable std::condition_variable commit_cv_;
  LogHead committed_;           // Guarded by commit_mu_.
  bool shutting_down_ = false;  // Guarded by commit_mu_.
  std::atomic<std::uint64_t> committed_seq_{0};

  std::thread sequencer_;  // started last, joined first
};

// Reads the log from a position, then follows live appends. Not thread-safe: one
// consumer per subscription. The EventStore must outlive it.
class Subscription {
 public:
  Subscription(const EventStore& store, std::uint64_t from_seq)
      : store_(store), next_seq_(from_seq == 0 ? 1 : from_seq) {}

  // Up to `max_count` events from position(). When caught up, waits up to `wait` for
  // new appends; returns an empty vector if none came.
  Result<std::vector<Envelope>> Next(std::size_t max_count, std::chrono::milliseconds wait);

  // The seq the next delivered event will have.
  std::uint64_t position() const { return next_seq_; }

 private:
  const EventStore& store_;
  std::uint64_t next_seq_;
};

}  // namespace prospekt::store
