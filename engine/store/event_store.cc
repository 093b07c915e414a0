#include "engine/store/event_store.h"

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <future>
#include <utility>

#include "engine/store/internal/keys.h"
#include "engine/store/limits.h"
#include "engine/store/stream_id.h"

namespace prospekt::store {

using internal::EventKey;
using internal::ReadBigEndian64;
using internal::StreamKey;
using internal::StreamKeyPrefix;

struct EventStore::PendingAppend {
  AppendRequest request;
  std::promise<Result<AppendResult>> done;
};

struct EventStore::Handles {
  std::unique_ptr<rocksdb::ColumnFamilyHandle> default_cf;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> events;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> streams;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> stream_heads;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> idempotency;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> meta;
};

namespace {

// Converts a RocksDB status at the adapter edge; `context` says what we were doing.
Status FromRocks(const rocksdb::Status& status, const std::string& context) {
  if (status.ok()) return Status::Ok();
  std::string message = context + ": " + status.ToString();
  if (status.IsCorruption()) return Status::Corruption(std::move(message));
  if (status.IsNotFound()) return Status::NotFound(std::move(message));
  if (status.IsInvalidArgument()) return Status::InvalidArgument(std::move(message));
  return Status::IOError(std::move(message));
}

std::int64_t SystemClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

rocksdb::Slice AsSlice(std::string_view s) { return {s.data(), s.size()}; }
std::string_view AsView(const rocksdb::Slice& s) { return {s.data(), s.size()}; }

std::string HashBytes(const ChainHash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

rocksdb::ColumnFamilyOptions PointLookupOptions() {
  // Stream heads and idempotency keys are looked up by exact key on every append,
  // mostly for keys that do not exist: a Bloom filter answers those without I/O.
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

rocksdb::ColumnFamilyOptions EventsOptions() {
  // Keys arrive in order and are read in long runs: bigger blocks make scans cheaper.
  rocksdb::ColumnFamilyOptions options;
  rocksdb::BlockBasedTableOptions table;
  table.block_size = std::size_t{32} * 1024;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return options;
}

bool IsIdentifier(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!alpha(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return alpha(c) || digit(c) || c == '_' || c == '.'; });
}

bool IsPrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 127; });
}

Status CheckField(std::string_view value, std::size_t limit, const std::string& field) {
  if (value.size() > limit) {
    return Status::InvalidArgument(
        field + " is longer than " + std::to_string(limit) + " bytes", field);
  }
  return Status::Ok();
}

Status ValidateRequest(const AppendRequest& request) {
  PROSPEKT_RETURN_IF_ERROR(ValidateStreamId(request.stream_id));
  if (request.events.empty()) {
    return Status::InvalidArgument("an append needs at least one event", "events");
  }
  if (request.events.size() > kMaxEventsPerAppend) {
    return Status::InvalidArgument(
        "an append holds at most " + std::to_string(kMaxEventsPerAppend) + " events",
        "events");
  }
  PROSPEKT_RETURN_IF_ERROR(
      CheckField(request.idempotency_key, kMaxIdempotencyKeyBytes, "idempotency_key"));
  if (!IsPrintableAscii(request.idempotency_key)) {
    return Status::InvalidArgument("idempotency key may hold only printable ASCII",
                                   "idempotency_key");
  }
  std::size_t total_payload = 0;
  for (std::size_t i = 0; i < request.events.size(); ++i) {
    const NewEvent& event = request.events[i];
    const std::string prefix = "events[" + std::to_string(i) + "].";
    if (!IsIdentifier(event.event_type) || event.event_type.size() > kMaxEventTypeBytes) {
      return Status::InvalidArgument(
          "event type must be a name of letters, digits, '_' and '.', starting with a "
          "letter, at most " + std::to_string(kMaxEventTypeBytes) + " bytes",
          prefix + "event_type");
    }
    if (event.payload.size() > kMaxPayloadBytes) {
      return Status::InvalidArgument("payload of " + std::to_string(event.payload.size()) +
                                         " bytes is over the limit of " +
                                         std::to_string(kMaxPayloadBytes),
                                     prefix + "payload");
    }
    PROSPEKT_RETURN_IF_ERROR(CheckField(event.actor, kMaxMetadataFieldBytes, prefix + "actor"));
    PROSPEKT_RETURN_IF_ERROR(
        CheckField(event.on_behalf_of, kMaxMetadataFieldBytes, prefix + "on_behalf_of"));
    PROSPEKT_RETURN_IF_ERROR(
        CheckField(event.correlation_id, kMaxMetadataFieldBytes, prefix + "correlation_id"));
    PROSPEKT_RETURN_IF_ERROR(
        CheckField(event.causation_id, kMaxMetadataFieldBytes, prefix + "causation_id"));
    total_payload += event.payload.size();
  }
  if (total_payload > kMaxAppendPayloadBytes) {
    return Status::InvalidArgument("payloads of one append exceed " +
                                       std::to_string(kMaxAppendPayloadBytes) + " bytes",
                                   "events");
  }
  return Status::Ok();
}

// The head implied by the last stored envelope.
Result<LogHead> HeadFromLastEvent(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* events) {
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(rocksdb::ReadOptions(), events));
  it->SeekToLast();
  if (!it->Valid()) {
    PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "reading the end of the log"));
    return LogHead{};
  }
  if (it->key().size() != 8) {
    return Status::Corruption("events key of " + std::to_string(it->key().size()) +
                              " bytes at the end of the log");
  }
  const std::uint64_t seq = ReadBigEndian64(AsView(it->key()));
  Result<Envelope> last = DecodeEnvelope(AsView(it->value()));
  if (!last.ok()) {
    return Status::Corruption("seq " + std::to_string(seq) + ": " + last.status().message());
  }
  if (last->seq != seq) {
    return Status::Corruption("seq " + std::to_string(seq) + ": envelope claims seq " +
                              std::to_string(last->seq));
  }
  return LogHead{seq, HashEnvelopeBytes(AsView(it->value())), last->recorded_at_us};
}

}  // namespace

Result<std::unique_ptr<EventStore>> EventStore::Open(const std::filesystem::path& path,
                                                     StoreOptions options) {
  if (!options.clock) options.clock = SystemClockMicros;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !options.read_only;
  db_options.create_missing_column_families = !options.read_only;
  db_options.paranoid_checks = true;
  // An acknowledged append was fsynced whole, so only a torn record of an append that
  // was never acknowledged may sit at the WAL's tail: tolerate that, refuse the rest.
  db_options.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  db_options.max_background_jobs = 2;

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {internal::kEventsCf, EventsOptions()},
      {internal::kStreamsCf, rocksdb::ColumnFamilyOptions()},
      {internal::kStreamHeadsCf, PointLookupOptions()},
      {internal::kIdempotencyCf, PointLookupOptions()},
      {internal::kMetaCf, rocksdb::ColumnFamilyOptions()},
  };
  std::vector<rocksdb::ColumnFamilyHandle*> raw_handles;
  rocksdb::DB* raw_db = nullptr;
  rocksdb::Status opened =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, path.string(), descriptors, &raw_handles,
                                         &raw_db)
          : rocksdb::DB::Open(db_options, path.string(), descriptors, &raw_handles, &raw_db);
  PROSPEKT_RETURN_IF_ERROR(FromRocks(opened, "opening the log in " + path.string()));
  std::unique_ptr<rocksdb::DB> db(raw_db);
  auto handles = std::make_unique<Handles>();
  handles->default_cf.reset(raw_handles[0]);
  handles->events.reset(raw_handles[1]);
  handles->streams.reset(raw_handles[2]);
  handles->stream_heads.reset(raw_handles[3]);
  handles->idempotency.reset(raw_handles[4]);
  handles->meta.reset(raw_handles[5]);

  // Any failure below must drop the handles before the DB.
  auto fail = [&](Status status) -> Result<std::unique_ptr<EventStore>> {
    handles.reset();
    return status;
  };

  std::string format;
  rocksdb::Status format_read =
      db->Get(rocksdb::ReadOptions(), handles->meta.get(), internal::kMetaFormatKey, &format);
  Result<LogHead> head = HeadFromLastEvent(*db, handles->events.get());
  if (!head.ok()) return fail(head.status());
  if (format_read.IsNotFound()) {
    if (head->last_seq != 0) {
      return fail(Status::Corruption("the log holds events but no format record"));
    }
    if (!options.read_only) {
      rocksdb::WriteOptions sync;
      sync.sync = true;
      rocksdb::Status written = db->Put(sync, handles->meta.get(), internal::kMetaFormatKey,
                                        internal::kFormatVersion);
      if (!written.ok()) return fail(FromRocks(written, "writing the format record"));
    }
  } else if (!format_read.ok()) {
    return fail(FromRocks(format_read, "reading the format record"));
  } else if (format != internal::kFormatVersion) {
    return fail(Status::InvalidArgument("the folder holds a log of format \"" + format +
                                        "\", this build reads \"" +
                                        internal::kFormatVersion + "\""));
  }

  auto store = std::unique_ptr<EventStore>(
      new EventStore(std::move(db), std::move(handles), std::move(options), *head));
  if (!store->options_.read_only) {
    // The head record is written with every group, so it must name the same event as
    // the log's end; a mismatch means the last event or the record was altered. A
    // read-only open skips this so that `prospekt verify` can report the damage.
    Result<LogHead> recorded = store->RecordedHead();
    if (recorded.ok() && (recorded->last_seq != head->last_seq || recorded->hash != head->hash)) {
      return Status::Corruption("the log ends at seq " + std::to_string(head->last_seq) +
                                " but its head record names seq " +
                                std::to_string(recorded->last_seq) +
                                " with another hash; run `prospekt verify`");
    }
    if (!recorded.ok() && recorded.status().code() != StatusCode::kNotFound) {
      return recorded.status();
    }
    if (!recorded.ok() && head->last_seq != 0) {
      return Status::Corruption("the log holds events but no head record");
    }
  }
  return store;
}

EventStore::EventStore(std::unique_ptr<rocksdb::DB> db, std::unique_ptr<Handles> handles,
                       StoreOptions options, LogHead head)
    : options_(std::move(options)),
      handles_(std::move(handles)),
      db_(std::move(db)),
      tail_(head),
      committed_(head),
      committed_seq_(head.last_seq) {
  if (!options_.read_only) sequencer_ = std::thread([this] { RunSequencer(); });
}

EventStore::~EventStore() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (sequencer_.joinable()) sequencer_.join();
  {
    std::lock_guard lock(commit_mu_);
    shutting_down_ = true;
  }
  commit_cv_.notify_all();
  // Column family handles must go before the database that made them.
  handles_.reset();
  db_.reset();
}

Result<AppendResult> EventStore::Append(AppendRequest request) {
  if (options_.read_only) {
    return Status::FailedPrecondition("the log was opened read-only");
  }
  PROSPEKT_RETURN_IF_ERROR(ValidateRequest(request));
  PendingAppend pending{std::move(request), {}};
  std::future<Result<AppendResult>> done = pending.done.get_future();
  {
    std::lock_guard lock(queue_mu_);
    if (stopping_) return Status::FailedPrecondition("the log is closing");
    queue_.push_back(&pending);
  }
  queue_cv_.notify_one();
  return done.get();
}

void EventStore::RunSequencer() {
  std::vector<PendingAppend*> group;
  for (;;) {
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued append is done
      // Take every append that arrived while the previous group was being written,
      // up to the group limit (at least one, however large).
      std::size_t taken = 0;
      std::size_t events = 0;
      while (taken < queue_.size() &&
             (taken == 0 ||
              events + queue_[taken]->request.events.size() <= options_.max_group_events)) {
        events += queue_[taken]->request.events.size();
        ++taken;
      }
      group.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(taken));
    }
    CommitGroup(group);
    group.clear();
  }
}

Result<std::uint64_t> EventStore::CurrentStreamVersion(const std::string& stream_id) {
  if (auto it = stream_versions_.find(stream_id); it != stream_versions_.end()) {
    return it->second;
  }
  std::string value;
  rocksdb::Status read =
      db_->Get(rocksdb::ReadOptions(), handles_->stream_heads.get(), stream_id, &value);
  std::uint64_t version = 0;
  if (read.ok()) {
    if (value.size() != 8) {
      return Status::Corruption("stream head of " + stream_id + " has " +
                                std::to_string(value.size()) + " bytes");
    }
    version = ReadBigEndian64(value);
  } else if (!read.IsNotFound()) {
    return FromRocks(read, "reading the version of " + stream_id);
  }
  // A plain cache of hot streams; dropping it costs only re-reads (Bloom-filtered Gets).
  constexpr std::size_t kMaxCachedStreams = 1 << 20;
  if (stream_versions_.size() >= kMaxCachedStreams) stream_versions_.clear();
  stream_versions_.emplace(stream_id, version);
  return version;
}

void EventStore::CommitGroup(std::vector<PendingAppend*>& group) {
  std::vector<Result<AppendResult>> results;
  results.reserve(group.size());
  if (!failure_.ok()) {
    for (PendingAppend* pending : group) pending->done.set_value(failure_);
    return;
  }

  rocksdb::WriteBatch batch;
  LogHead tail = tail_;
  const std::int64_t recorded_at = std::max(options_.clock(), tail.last_recorded_at_us);
  // Keys used earlier in this same group, not yet visible in RocksDB.
  std::unordered_map<std::string, internal::IdempotencyRecord> group_keys;
  bool wrote = false;

  for (PendingAppend* pending : group) {
    AppendRequest& request = pending->request;
    const std::string& key = request.idempotency_key;

    // 1. Idempotency: a used key answers with the first append's positions.
    if (!key.empty()) {
      std::optional<internal::IdempotencyRecord> previous;
      if (auto it = group_keys.find(key); it != group_keys.end()) {
        previous = it->second;
      } else {
        std::string value;
        rocksdb::Status read =
            db_->Get(rocksdb::ReadOptions(), handles_->idempotency.get(), key, &value);
        if (read.ok()) {
          previous = internal::DecodeIdempotencyRecord(value);
          if (!previous) {
            results.emplace_back(Status::Corruption("idempotency record of key " + key +
                                                    " is damaged"));
            continue;
          }
        } else if (!read.IsNotFound()) {
          results.emplace_back(FromRocks(read, "reading idempotency key " + key));
          continue;
        }
      }
      if (previous) {
        if (previous->stream_id != request.stream_id) {
          results.emplace_back(Status::FailedPrecondition(
              "idempotency key was already used for stream " + previous->stream_id,
              "idempotency_key"));
        } else {
          results.emplace_back(AppendResult{previous->first_seq, previous->last_seq,
                                            previous->first_version, previous->last_version,
                                            /*duplicate=*/true});
        }
        continue;
      }
    }

    // 2. Optimistic concurrency.
    Result<std::uint64_t> current = CurrentStreamVersion(request.stream_id);
    if (!current.ok()) {
      results.emplace_back(current.status());
      continue;
    }
    if (!request.expected_version.Matches(*current)) {
      results.emplace_back(Status::Aborted(
          "stream " + request.stream_id + " is at version " + std::to_string(*current) +
              ", the append expected " + request.expected_version.ToString(),
          *current));
      continue;
    }

    // 3. Positions, envelopes and the chain.
    AppendResult result{tail.last_seq + 1, 0, *current + 1, 0, false};
    std::uint64_t version = *current;
    for (NewEvent& event : request.events) {
      Envelope envelope;
      envelope.seq = ++tail.last_seq;
      envelope.stream_id = request.stream_id;
      envelope.stream_version = ++version;
      envelope.event_type = std::move(event.event_type);
      envelope.schema_version = event.schema_version;
      envelope.occurred_at_us = event.occurred_at_us;
      envelope.recorded_at_us = recorded_at;
      envelope.actor = std::move(event.actor);
      envelope.on_behalf_of = std::move(event.on_behalf_of);
      envelope.correlation_id = std::move(event.correlation_id);
      envelope.causation_id = std::move(event.causation_id);
      envelope.idempotency_key = key;
      envelope.prev_hash = tail.hash;
      envelope.payload = std::move(event.payload);
      const std::string encoded = EncodeEnvelope(envelope);
      tail.hash = HashEnvelopeBytes(encoded);
      const std::string event_key = EventKey(envelope.seq);
      batch.Put(handles_->events.get(), event_key, encoded);
      batch.Put(handles_->streams.get(), StreamKey(request.stream_id, version), event_key);
    }
    tail.last_recorded_at_us = recorded_at;
    result.last_seq = tail.last_seq;
    result.last_version = version;

    std::string version_value;
    internal::AppendBigEndian64(version_value, version);
    batch.Put(handles_->stream_heads.get(), request.stream_id, version_value);
    // Kept up to date before the write: if the write fails, the store stops accepting
    // appends altogether (failure_), so the cache never outlives a lost write.
    stream_versions_[request.stream_id] = version;
    if (!key.empty()) {
      internal::IdempotencyRecord record{result.first_seq, result.last_seq,
                                         result.first_version, result.last_version,
                                         request.stream_id};
      batch.Put(handles_->idempotency.get(), key, internal::EncodeIdempotencyRecord(record));
      group_keys.emplace(key, std::move(record));
    }
    results.emplace_back(result);
    wrote = true;
  }

  if (wrote) {
    batch.Put(handles_->meta.get(), internal::kMetaHeadKey,
              internal::EncodeHeadRecord({tail.last_seq, HashBytes(tail.hash),
                                          static_cast<std::uint64_t>(tail.last_recorded_at_us)}));
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    rocksdb::Status written = db_->Write(write_options, &batch);
    if (!written.ok()) {
      failure_ = FromRocks(written, "writing a group of appends; reopen the log");
      for (std::size_t i = 0; i < group.size(); ++i) {
        // Appends refused before the write keep their own answer.
        if (results[i].ok() && !results[i]->duplicate) results[i] = failure_;
      }
      stream_versions_.clear();
    } else {
      tail_ = tail;
      {
        std::lock_guard lock(commit_mu_);
        committed_ = tail;
      }
      committed_seq_.store(tail.last_seq, std::memory_order_release);
      commit_cv_.notify_all();
    }
  }
  for (std::size_t i = 0; i < group.size(); ++i) group[i]->done.set_value(std::move(results[i]));
}

LogHead EventStore::Head() const {
  std::lock_guard lock(commit_mu_);
  return committed_;
}

Result<LogHead> EventStore::RecordedHead() const {
  std::string value;
  rocksdb::Status read =
      db_->Get(rocksdb::ReadOptions(), handles_->meta.get(), internal::kMetaHeadKey, &value);
  if (read.IsNotFound()) return Status::NotFound("the log has no head record yet");
  PROSPEKT_RETURN_IF_ERROR(FromRocks(read, "reading the head record"));
  std::optional<internal::HeadRecord> record = internal::DecodeHeadRecord(value, kChainHashSize);
  if (!record) return Status::Corruption("the head record is damaged");
  LogHead head;
  head.last_seq = record->last_seq;
  std::copy(record->hash.begin(), record->hash.end(), head.hash.begin());
  head.last_recorded_at_us = static_cast<std::int64_t>(record->recorded_at_us);
  return head;
}

Status EventStore::ScanRaw(
    std::uint64_t from_seq,
    const std::function<bool(std::uint64_t key_seq, std::string_view bytes)>& visit) const {
  rocksdb::ReadOptions read_options;
  read_options.readahead_size = std::size_t{4} * 1024 * 1024;
  read_options.fill_cache = false;  // a long scan would evict the hot blocks
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, handles_->events.get()));
  for (it->Seek(EventKey(from_seq)); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      return Status::Corruption("events key of " + std::to_string(it->key().size()) +
                                " bytes after seq " + std::to_string(from_seq));
    }
    if (!visit(ReadBigEndian64(AsView(it->key())), AsView(it->value()))) break;
  }
  return FromRocks(it->status(), "scanning the log");
}

Result<std::vector<Envelope>> EventStore::ReadAll(std::uint64_t from_seq,
                                                  std::size_t max_count) const {
  std::vector<Envelope> events;
  Status failure;
  if (max_count == 0) return events;
  std::uint64_t expected_seq = std::max<std::uint64_t>(from_seq, 1);
  Status scanned = ScanRaw(from_seq, [&](std::uint64_t seq, std::string_view bytes) {
    // Invariant: the log is gapless; a reader must never be handed a hole.
    if (seq != expected_seq++) {
      failure = Status::Corruption("the log has a gap: seq " + std::to_string(expected_seq - 1) +
                                   " is missing, the next stored event is seq " +
                                   std::to_string(seq));
      return false;
    }
    Result<Envelope> envelope = DecodeEnvelope(bytes);
    if (!envelope.ok()) {
      failure = Status::Corruption("seq " + std::to_string(seq) + ": " +
                                   envelope.status().message());
      return false;
    }
    if (envelope->seq != seq) {
      failure = Status::Corruption("seq " + std::to_string(seq) + ": envelope claims seq " +
                                   std::to_string(envelope->seq));
      return false;
    }
    events.push_back(std::move(envelope).value());
    return events.size() < max_count;
  });
  PROSPEKT_RETURN_IF_ERROR(scanned);
  PROSPEKT_RETURN_IF_ERROR(failure);
  return events;
}

Result<std::string> EventStore::ReadRawEvent(std::uint64_t seq) const {
  std::string value;
  rocksdb::Status read =
      db_->Get(rocksdb::ReadOptions(), handles_->events.get(), EventKey(seq), &value);
  if (read.IsNotFound()) return Status::NotFound("no event at seq " + std::to_string(seq));
  PROSPEKT_RETURN_IF_ERROR(FromRocks(read, "reading seq " + std::to_string(seq)));
  return value;
}

Result<std::vector<Envelope>> EventStore::ReadEvents(
    const std::vector<std::uint64_t>& seqs) const {
  std::vector<Envelope> events;
  events.reserve(seqs.size());
  for (std::uint64_t seq : seqs) {
    Result<std::string> raw = ReadRawEvent(seq);
    if (!raw.ok()) {
      // The streams index names an event the log does not have.
      if (raw.status().code() == StatusCode::kNotFound) {
        return Status::Corruption("stream index points at missing seq " + std::to_string(seq));
      }
      return raw.status();
    }
    Result<Envelope> envelope = DecodeEnvelope(*raw);
    if (!envelope.ok()) {
      return Status::Corruption("seq " + std::to_string(seq) + ": " +
                                envelope.status().message());
    }
    events.push_back(std::move(envelope).value());
  }
  return events;
}

Result<std::vector<Envelope>> EventStore::ReadStream(std::string_view stream_id,
                                                     std::uint64_t from_version,
                                                     Direction direction,
                                                     std::size_t max_count) const {
  PROSPEKT_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  const std::string prefix = StreamKeyPrefix(stream_id);
  std::vector<std::uint64_t> seqs;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_->streams.get()));
  auto in_stream = [&] { return it->Valid() && it->key().starts_with(AsSlice(prefix)); };
  auto take = [&]() -> bool {
    if (it->value().size() != 8) return false;
    seqs.push_back(ReadBigEndian64(AsView(it->value())));
    return true;
  };
  if (direction == Direction::kForward) {
    for (it->Seek(StreamKey(stream_id, std::max<std::uint64_t>(from_version, 1)));
         in_stream() && seqs.size() < max_count; it->Next()) {
      if (!take()) return Status::Corruption("damaged stream index entry of " + prefix);
    }
  } else {
    const std::uint64_t start = from_version == 0 ? UINT64_MAX : from_version;
    for (it->SeekForPrev(StreamKey(stream_id, start)); in_stream() && seqs.size() < max_count;
         it->Prev()) {
      if (!take()) return Status::Corruption("damaged stream index entry of " + prefix);
    }
  }
  PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "reading stream " + std::string(stream_id)));
  return ReadEvents(seqs);
}

Result<std::uint64_t> EventStore::SeqAtTime(std::int64_t time_us) const {
  // Invariant: recorded_at never decreases with seq, so the events with
  // recorded_at <= time_us form a prefix of the log; find its last seq.
  std::uint64_t low = 1;
  std::uint64_t high = Head().last_seq;
  std::uint64_t found = 0;
  while (low <= high) {
    const std::uint64_t middle = low + (high - low) / 2;
    Result<std::string> raw = ReadRawEvent(middle);
    if (!raw.ok()) return raw.status();
    Result<Envelope> envelope = DecodeEnvelope(*raw);
    if (!envelope.ok()) {
      return Status::Corruption("seq " + std::to_string(middle) + ": " +
                                envelope.status().message());
    }
    if (envelope->recorded_at_us <= time_us) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

bool EventStore::WaitForSeq(std::uint64_t seq, std::chrono::milliseconds timeout) const {
  if (committed_seq_.load(std::memory_order_acquire) >= seq) return true;
  std::unique_lock lock(commit_mu_);
  commit_cv_.wait_for(lock, timeout,
                      [&] { return committed_.last_seq >= seq || shutting_down_; });
  return committed_.last_seq >= seq;
}

std::unique_ptr<Subscription> EventStore::Subscribe(std::uint64_t from_seq) const {
  return std::make_unique<Subscription>(*this, from_seq);
}

Result<std::vector<Envelope>> Subscription::Next(std::size_t max_count,
                                                 std::chrono::milliseconds wait) {
  Result<std::vector<Envelope>> batch = store_.ReadAll(next_seq_, max_count);
  if (batch.ok() && batch->empty() && store_.WaitForSeq(next_seq_, wait)) {
    batch = store_.ReadAll(next_seq_, max_count);
  }
  // ReadAll hands out consecutive seqs from next_seq_ or an error, never a hole.
  if (batch.ok()) next_seq_ += batch->size();
  return batch;
}

}  // namespace prospekt::store
