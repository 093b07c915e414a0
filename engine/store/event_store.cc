#include "engine/store/event_store.h"

#include <rocksdb/db.h>
#include <rocksdb/listener.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <future>
#include <utility>

#include "engine/store/checked_scan.h"
#include "engine/store/internal/head_mark.h"
#include "engine/store/internal/keys.h"
#include "engine/store/internal/rocks_options.h"
#include "engine/store/limits.h"
#include "engine/store/stream_id.h"

namespace prospekt::store {

using internal::EventKey;
using internal::ReadBigEndian64;
using internal::StreamKey;
using internal::StreamKeyPrefix;

struct EventStore::PendingAppend {
  AppendRequest request;  // empty until `decide` has run, when there is one
  Decider decide;         // empty for a plain append
  AppendCallback done;
};

// Rewrites the head mark when RocksDB has flushed the events column family: a cheap,
// rare moment (once per memtable) that keeps the mark close to the head.
class EventStore::FlushListener final : public rocksdb::EventListener {
 public:
  // Called with the store once it exists, and with nullptr before the DB closes; waits
  // for a running callback.
  void Attach(EventStore* store) {
    std::lock_guard lock(mu_);
    store_ = store;
  }

  void OnFlushCompleted(rocksdb::DB* /*db*/, const rocksdb::FlushJobInfo& info) override {
    if (info.cf_name != internal::kEventsCf) return;
    std::lock_guard lock(mu_);
    // The mark is evidence, not data: if it cannot be written, the older mark stays
    // valid (it names an older acknowledged seq), so the failure is ignored here.
    if (store_ != nullptr) store_->MarkHead().IgnoreError();
  }

 private:
  std::mutex mu_;
  EventStore* store_ = nullptr;  // Guarded by mu_.
};

struct EventStore::Handles {
  std::unique_ptr<rocksdb::ColumnFamilyHandle> default_cf;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> events;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> streams;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> idempotency;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> meta;
  std::unique_ptr<rocksdb::ColumnFamilyHandle> keys;
  // Null when a read-only open finds a folder made before snapshots existed.
  std::unique_ptr<rocksdb::ColumnFamilyHandle> snapshots;
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
    return Status::InvalidArgument(field + " is longer than " + std::to_string(limit) + " bytes",
                                   field);
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
        "an append holds at most " + std::to_string(kMaxEventsPerAppend) + " events", "events");
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
          "letter, at most " +
              std::to_string(kMaxEventTypeBytes) + " bytes",
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
    return Status::InvalidArgument(
        "payloads of one append exceed " + std::to_string(kMaxAppendPayloadBytes) + " bytes",
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

  rocksdb::DBOptions db_options = internal::LogDbOptions(options.read_only);
  std::shared_ptr<FlushListener> flush_listener;
  if (!options.read_only) {
    flush_listener = std::make_shared<FlushListener>();
    db_options.listeners.push_back(flush_listener);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = internal::LogColumnFamilies();
  if (options.read_only) {
    // A read-only open cannot create the snapshots column family; older folders lack it.
    std::vector<std::string> existing;
    if (rocksdb::DB::ListColumnFamilies(db_options, path.string(), &existing).ok() &&
        std::find(existing.begin(), existing.end(), internal::kSnapshotsCf) == existing.end()) {
      descriptors.pop_back();
    }
  }
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
  handles->default_cf.reset(raw_handles[internal::kDefaultCfIndex]);
  handles->events.reset(raw_handles[internal::kEventsCfIndex]);
  handles->streams.reset(raw_handles[internal::kStreamsCfIndex]);
  handles->idempotency.reset(raw_handles[internal::kIdempotencyCfIndex]);
  handles->meta.reset(raw_handles[internal::kMetaCfIndex]);
  handles->keys.reset(raw_handles[internal::kKeysCfIndex]);
  if (raw_handles.size() > internal::kSnapshotsCfIndex) {
    handles->snapshots.reset(raw_handles[internal::kSnapshotsCfIndex]);
  }

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
      rocksdb::Status written =
          db->Put(sync, handles->meta.get(), internal::kMetaFormatKey, internal::kFormatVersion);
      if (!written.ok()) return fail(FromRocks(written, "writing the format record"));
    }
  } else if (!format_read.ok()) {
    return fail(FromRocks(format_read, "reading the format record"));
  } else if (format != internal::kFormatVersion) {
    return fail(Status::InvalidArgument("the folder holds a log of format \"" + format +
                                        "\", this build reads \"" + internal::kFormatVersion +
                                        "\""));
  }

  auto store = std::unique_ptr<EventStore>(new EventStore(path, std::move(db), std::move(handles),
                                                          std::move(flush_listener),
                                                          std::move(options), *head));
  if (!store->options_.read_only) {
    if (Status checked = store->CheckOpenedLog(); !checked.ok()) {
      // Not attached, so closing this store leaves the evidence (the mark) as it is.
      store->flush_listener_.reset();
      return checked;
    }
    store->flush_listener_->Attach(store.get());
  }
  return store;
}

EventStore::EventStore(std::filesystem::path path, std::unique_ptr<rocksdb::DB> db,
                       std::unique_ptr<Handles> handles,
                       std::shared_ptr<FlushListener> flush_listener, StoreOptions options,
                       LogHead head)
    : path_(std::move(path)),
      options_(std::move(options)),
      handles_(std::move(handles)),
      db_(std::move(db)),
      flush_listener_(std::move(flush_listener)),
      tail_(head),
      committed_(head),
      committed_seq_(head.last_seq) {
  if (!options_.read_only) sequencer_ = std::thread([this] { RunSequencer(); });
}

Result<std::optional<LogHead>> EventStore::HeadMark() const {
  return internal::ReadHeadMark(path_);
}

Status EventStore::MarkHead() {
  const LogHead head = Head();
  if (head.last_seq == 0) return Status::Ok();
  std::lock_guard lock(mark_mu_);
  return internal::WriteHeadMark(path_, head);
}

Status EventStore::CheckOpenedLog() const {
  // The head record is written with every group, so it must name the same event as
  // the log's end; a mismatch means the last event or the record was altered. Only a
  // writable open checks, so that `prospekt verify` can open and report the damage.
  const LogHead head = Head();
  Result<LogHead> recorded = RecordedHead();
  if (recorded.ok() && (recorded->last_seq != head.last_seq || recorded->hash != head.hash)) {
    return Status::Corruption(
        "the log ends at seq " + std::to_string(head.last_seq) + " but its head record names seq " +
        std::to_string(recorded->last_seq) + " with another hash; run `prospekt verify`");
  }
  if (!recorded.ok() && recorded.status().code() != StatusCode::kNotFound) {
    return recorded.status();
  }
  if (!recorded.ok() && head.last_seq != 0) {
    return Status::Corruption("the log holds events but no head record");
  }
  return CheckHeadMark();
}

Status EventStore::CheckHeadMark() const {
  Result<std::optional<LogHead>> mark = HeadMark();
  if (!mark.ok()) return mark.status();
  if (!mark->has_value()) return Status::Ok();
  const LogHead& marked = **mark;
  const LogHead head = Head();
  if (head.last_seq < marked.last_seq) {
    return Status::Corruption("the log ends at seq " + std::to_string(head.last_seq) + " but seq " +
                              std::to_string(marked.last_seq) + " was acknowledged (" +
                              internal::kHeadMarkFile + "): data files are missing or cut short");
  }
  Result<std::string> raw = ReadRawEvent(marked.last_seq);
  if (!raw.ok())
    return Status::Corruption("seq " + std::to_string(marked.last_seq) + ": " +
                              raw.status().message());
  if (HashEnvelopeBytes(*raw) != marked.hash) {
    return Status::Corruption("seq " + std::to_string(marked.last_seq) +
                              " is not the event acknowledged at that position (" +
                              internal::kHeadMarkFile + "); run `prospekt verify`");
  }
  return Status::Ok();
}

void EventStore::StopAppends() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (sequencer_.joinable()) sequencer_.join();
}

EventStore::~EventStore() {
  StopAppends();
  {
    std::lock_guard lock(commit_mu_);
    shutting_down_ = true;
  }
  commit_cv_.notify_all();
  if (flush_listener_) {
    flush_listener_->Attach(nullptr);
    // A clean close marks the final head, so that even a WAL cut short after it is
    // caught. Failing leaves an older, still valid mark (see FlushListener).
    if (failure_.ok()) MarkHead().IgnoreError();
  }
  // Column family handles must go before the database that made them.
  handles_.reset();
  db_.reset();
}

Result<AppendResult> EventStore::Append(AppendRequest request) {
  std::promise<Result<AppendResult>> done;
  std::future<Result<AppendResult>> result = done.get_future();
  AppendAsync(std::move(request),
              [&done](Result<AppendResult> outcome) { done.set_value(std::move(outcome)); });
  return result.get();
}

void EventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  if (Status valid = ValidateRequest(request); !valid.ok()) {
    done(std::move(valid));
    return;
  }
  Enqueue(std::make_unique<PendingAppend>(PendingAppend{std::move(request), {}, std::move(done)}));
}

Result<AppendResult> EventStore::DecideAndAppend(std::string idempotency_key, Decider decide) {
  std::promise<Result<AppendResult>> done;
  std::future<Result<AppendResult>> result = done.get_future();
  DecideAndAppendAsync(
      std::move(idempotency_key), std::move(decide),
      [&done](Result<AppendResult> outcome) { done.set_value(std::move(outcome)); });
  return result.get();
}

void EventStore::DecideAndAppendAsync(std::string idempotency_key, Decider decide,
                                      AppendCallback done) {
  AppendRequest keyed;
  keyed.idempotency_key = std::move(idempotency_key);
  if (keyed.idempotency_key.size() > kMaxIdempotencyKeyBytes ||
      !IsPrintableAscii(keyed.idempotency_key)) {
    done(Status::InvalidArgument("idempotency key must be printable ASCII of at most " +
                                     std::to_string(kMaxIdempotencyKeyBytes) + " bytes",
                                 "idempotency_key"));
    return;
  }
  Enqueue(std::make_unique<PendingAppend>(
      PendingAppend{std::move(keyed), std::move(decide), std::move(done)}));
}

void EventStore::Enqueue(std::unique_ptr<PendingAppend> pending) {
  if (options_.read_only) {
    pending->done(Status::FailedPrecondition("the log was opened read-only"));
    return;
  }
  {
    std::unique_lock lock(queue_mu_);
    if (stopping_) {
      lock.unlock();  // the callback may call back into the store
      pending->done(Status::FailedPrecondition("the log is closing"));
      return;
    }
    queue_.push_back(std::move(pending));
  }
  queue_cv_.notify_one();
}

// One group commit in the making: the WriteBatch, the log's tail as it will be once
// the batch is written, and the appends with their answers. Sequencer thread only.
struct EventStore::Group {
  rocksdb::WriteBatch batch;
  LogHead tail;
  std::int64_t recorded_at = 0;  // one recorded_at per group keeps it monotonic
  // Idempotency keys used earlier in this group, not yet visible in RocksDB.
  std::unordered_map<std::string, internal::IdempotencyRecord> keys;
  std::vector<std::unique_ptr<PendingAppend>> members;
  std::vector<Result<AppendResult>> results;  // one per member
  std::size_t events = 0;                     // events the batch holds
};

void EventStore::RunSequencer() {
  for (;;) {
    Group group;
    group.tail = tail_;
    if (!TakeQueued(group, /*wait=*/true)) return;  // stopping, and the queue is empty
    // Appends that arrived while the group was being decided join it too: the fsync
    // is the expensive part, so the group closes only when nothing is waiting.
    while (group.events < options_.max_group_events && TakeQueued(group, /*wait=*/false)) {
    }
    WriteGroup(group);
  }
}

bool EventStore::TakeQueued(Group& group, bool wait) {
  std::vector<std::unique_ptr<PendingAppend>> taken;
  {
    std::unique_lock lock(queue_mu_);
    if (wait) queue_cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    // Up to the group limit; an empty group takes at least one append, however large.
    std::size_t count = 0;
    std::size_t events = group.events;
    while (count < queue_.size() && (events == 0 || events + queue_[count]->request.events.size() <=
                                                        options_.max_group_events)) {
      events += queue_[count]->request.events.size();
      ++count;
    }
    const auto end = queue_.begin() + static_cast<std::ptrdiff_t>(count);
    taken.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(end));
    queue_.erase(queue_.begin(), end);
  }
  if (group.members.empty() && !taken.empty()) {
    // The group's time is read when its first append is taken, not when the sequencer
    // began to wait, and never before the previous group's.
    group.recorded_at = std::max(options_.clock(), tail_.last_recorded_at_us);
  }
  for (std::unique_ptr<PendingAppend>& pending : taken) AddToGroup(group, std::move(pending));
  return !taken.empty();
}

Result<std::uint64_t> EventStore::CurrentStreamVersion(const std::string& stream_id) {
  if (auto it = stream_versions_.find(stream_id); it != stream_versions_.end()) {
    return it->second;
  }
  // A stream's last version is its last key in the streams index.
  const std::string prefix = StreamKeyPrefix(stream_id);
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_->streams.get()));
  it->SeekForPrev(StreamKey(stream_id, UINT64_MAX));
  std::uint64_t version = 0;
  if (it->Valid() && it->key().starts_with(AsSlice(prefix))) {
    if (it->key().size() != prefix.size() + 8) {
      return Status::Corruption("damaged stream index key of " + stream_id);
    }
    version = ReadBigEndian64(AsView(it->key()).substr(prefix.size()));
  }
  PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "reading the version of " + stream_id));
  // A plain cache of the streams in use; dropping it costs only re-reads.
  constexpr std::size_t kMaxCachedStreams = std::size_t{1} << 20;
  if (stream_versions_.size() >= kMaxCachedStreams) stream_versions_.clear();
  stream_versions_.emplace(stream_id, version);
  return version;
}

std::optional<Result<AppendResult>> EventStore::AnswerFromKey(Group& group, const std::string& key,
                                                              const std::string& stream_id) {
  if (key.empty()) return std::nullopt;
  std::optional<internal::IdempotencyRecord> previous;
  if (auto it = group.keys.find(key); it != group.keys.end()) {
    previous = it->second;
  } else {
    std::string value;
    rocksdb::Status read =
        db_->Get(rocksdb::ReadOptions(), handles_->idempotency.get(), key, &value);
    if (read.IsNotFound()) return std::nullopt;
    if (!read.ok()) return Result<AppendResult>(FromRocks(read, "reading idempotency key " + key));
    previous = internal::DecodeIdempotencyRecord(value);
    if (!previous) {
      return Result<AppendResult>(
          Status::Corruption("idempotency record of key " + key + " is damaged"));
    }
  }
  if (!stream_id.empty() && previous->stream_id != stream_id) {
    return Result<AppendResult>(Status::FailedPrecondition(
        "idempotency key was already used for stream " + previous->stream_id, "idempotency_key"));
  }
  return Result<AppendResult>(AppendResult{previous->first_seq, previous->last_seq,
                                           previous->first_version, previous->last_version,
                                           /*duplicate=*/true, /*appended=*/{}});
}

Result<AppendResult> EventStore::Decide(Group& group, AppendRequest& request) {
  if (!failure_.ok()) return failure_;
  const std::string& key = request.idempotency_key;

  // 1. Idempotency: a used key answers with the first append's positions.
  if (auto answered = AnswerFromKey(group, key, request.stream_id)) return *answered;

  // 2. Optimistic concurrency.
  Result<std::uint64_t> current = CurrentStreamVersion(request.stream_id);
  if (!current.ok()) return current.status();
  if (!request.expected_version.Matches(*current)) {
    return Status::Aborted("stream " + request.stream_id + " is at version " +
                               std::to_string(*current) + ", the append expected " +
                               request.expected_version.ToString(),
                           *current);
  }

  // 3. Positions, envelopes and the chain.
  LogHead& tail = group.tail;
  AppendResult result{tail.last_seq + 1, 0, *current + 1, 0, false, {}};
  result.appended.reserve(request.events.size());
  std::uint64_t version = *current;
  for (NewEvent& event : request.events) {
    Envelope envelope;
    envelope.seq = ++tail.last_seq;
    envelope.stream_id = request.stream_id;
    envelope.stream_version = ++version;
    envelope.event_type = std::move(event.event_type);
    envelope.schema_version = event.schema_version;
    envelope.occurred_at_us = event.occurred_at_us;
    envelope.recorded_at_us = group.recorded_at;
    envelope.actor = std::move(event.actor);
    envelope.on_behalf_of = std::move(event.on_behalf_of);
    envelope.correlation_id = std::move(event.correlation_id);
    envelope.causation_id = std::move(event.causation_id);
    envelope.idempotency_key = key;
    envelope.prev_hash = tail.hash;
    envelope.payload = std::move(event.payload);
    const std::string encoded = EncodeEnvelope(envelope);
    tail.hash = HashEnvelopeBytes(encoded);
    if (options_.on_appended) options_.on_appended(envelope);
    const std::string event_key = EventKey(envelope.seq);
    group.batch.Put(handles_->events.get(), event_key, encoded);
    group.batch.Put(handles_->streams.get(), StreamKey(request.stream_id, version), event_key);
    result.appended.push_back(std::move(envelope));
  }
  tail.last_recorded_at_us = group.recorded_at;
  result.last_seq = tail.last_seq;
  result.last_version = version;
  group.events += request.events.size();

  // Kept up to date before the write: if the write fails, the store stops accepting
  // appends altogether (failure_), so the cache never outlives a lost write.
  stream_versions_[request.stream_id] = version;
  if (!key.empty()) {
    internal::IdempotencyRecord record{result.first_seq, result.last_seq, result.first_version,
                                       result.last_version, request.stream_id};
    group.batch.Put(handles_->idempotency.get(), key, internal::EncodeIdempotencyRecord(record));
    group.keys.emplace(key, std::move(record));
  }
  return result;
}

void EventStore::AddToGroup(Group& group, std::unique_ptr<PendingAppend> pending) {
  group.results.push_back(DecideMember(group, *pending));
  group.members.push_back(std::move(pending));
}

Result<AppendResult> EventStore::DecideMember(Group& group, PendingAppend& pending) {
  if (pending.decide) {
    if (!failure_.ok()) return failure_;
    // A retried command is answered by its key before it is decided again: the state
    // has moved on since, and the first answer is the one to give.
    const std::string key = pending.request.idempotency_key;
    if (auto answered = AnswerFromKey(group, key, /*stream_id=*/{})) return *answered;
    // The caller's decision runs here, on the sequencer thread, after every earlier
    // event has been passed to on_appended: it sees the log exactly as it will be.
    Result<AppendRequest> decided = pending.decide();
    if (!decided.ok()) return decided.status();
    pending.request = std::move(decided).value();
    pending.request.idempotency_key = key;
    PROSPEKT_RETURN_IF_ERROR(ValidateRequest(pending.request));
  }
  return Decide(group, pending.request);
}

void EventStore::WriteGroup(Group& group) {
  if (group.events > 0) {
    const LogHead& tail = group.tail;
    group.batch.Put(
        handles_->meta.get(), internal::kMetaHeadKey,
        internal::EncodeHeadRecord({tail.last_seq, HashBytes(tail.hash),
                                    static_cast<std::uint64_t>(tail.last_recorded_at_us)}));
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    const auto write_started = std::chrono::steady_clock::now();
    rocksdb::Status written = db_->Write(write_options, &group.batch);
    const auto write_us = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - write_started)
                              .count();
    if (!written.ok()) {
      failure_ = FromRocks(written, "writing a group of appends; reopen the log");
      for (Result<AppendResult>& result : group.results) {
        // Appends refused before the write keep their own answer.
        if (result.ok() && !result->duplicate) result = failure_;
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
      if (options_.on_group_committed) {
        options_.on_group_committed(GroupCommitted{group.members.size(), group.events,
                                                   group.batch.GetDataSize(), write_us});
      }
    }
  }
  for (std::size_t i = 0; i < group.members.size(); ++i) {
    group.members[i]->done(std::move(group.results[i]));
  }
}

Status EventStore::PutKey(std::string_view key_id, std::string_view key_bytes) {
  if (options_.read_only) return Status::FailedPrecondition("the log was opened read-only");
  if (key_id.empty()) return Status::InvalidArgument("a key needs an id", "key_id");
  rocksdb::WriteOptions durable;
  durable.sync = true;
  return FromRocks(db_->Put(durable, handles_->keys.get(), AsSlice(key_id), AsSlice(key_bytes)),
                   "storing key " + std::string(key_id));
}

Result<std::optional<std::string>> EventStore::GetKey(std::string_view key_id) const {
  std::string value;
  rocksdb::Status read =
      db_->Get(rocksdb::ReadOptions(), handles_->keys.get(), AsSlice(key_id), &value);
  if (read.IsNotFound()) return std::optional<std::string>();
  PROSPEKT_RETURN_IF_ERROR(FromRocks(read, "reading key " + std::string(key_id)));
  return std::optional<std::string>(std::move(value));
}

Status EventStore::ShredKey(std::string_view key_id) {
  if (options_.read_only) return Status::FailedPrecondition("the log was opened read-only");
  // Snapshots hold the model's clear text, the shredded client's included. They go
  // before the key: a crash in between leaves the key, so the erasure reads as not
  // complete (PersonalDataVault::ErasureComplete) and the next Open shreds again, and
  // never a completed erasure beside a snapshot that still knows the erased data.
  PROSPEKT_RETURN_IF_ERROR(DeleteSnapshots());
  rocksdb::WriteOptions durable;
  durable.sync = true;
  PROSPEKT_RETURN_IF_ERROR(FromRocks(db_->Delete(durable, handles_->keys.get(), AsSlice(key_id)),
                                     "deleting key " + std::string(key_id)));
  // A delete only hides the key: older copies live on in the WAL and in table files
  // until they are rewritten. Flushing every column family retires the WALs that held
  // it, and compacting the keys column family drops it from the table files.
  std::vector<rocksdb::ColumnFamilyHandle*> all = {
      handles_->default_cf.get(),  handles_->events.get(), handles_->streams.get(),
      handles_->idempotency.get(), handles_->meta.get(),   handles_->keys.get()};
  if (handles_->snapshots) all.push_back(handles_->snapshots.get());
  PROSPEKT_RETURN_IF_ERROR(
      FromRocks(db_->Flush(rocksdb::FlushOptions(), all), "flushing after a shred"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(db_->CompactRange(compact, handles_->keys.get(), nullptr, nullptr),
                   "compacting the keys after a shred");
}

Status EventStore::PutSnapshot(std::uint64_t seq, std::string_view bytes) {
  if (options_.read_only) return Status::FailedPrecondition("the log was opened read-only");
  if (seq == 0 || seq > Head().last_seq) {
    return Status::FailedPrecondition("no snapshot of seq " + std::to_string(seq) +
                                      ": the log's head is seq " + std::to_string(Head().last_seq));
  }
  Result<std::string> raw = ReadRawEvent(seq);
  if (!raw.ok()) return raw.status();
  const std::string chain_hash = HashBytes(HashEnvelopeBytes(*raw));
  // BLAKE2b-256, the chain's hash function, over the payload.
  const std::string digest = HashBytes(HashEnvelopeBytes(bytes));
  if (!handles_->snapshots) return Status::FailedPrecondition("the folder keeps no snapshots");
  std::lock_guard lock(snapshot_mu_);
  if (seq < snapshots_deleted_at_) {
    return Status::FailedPrecondition("snapshot of seq " + std::to_string(seq) +
                                      " is older than the last erasure (seq " +
                                      std::to_string(snapshots_deleted_at_) + ")");
  }
  Result<std::vector<std::uint64_t>> existing = SnapshotSeqs();
  if (!existing.ok()) return existing.status();
  // The newest kKeptSnapshots of the stored ones and this one stay.
  std::vector<std::uint64_t> all = *existing;
  if (std::find(all.begin(), all.end(), seq) == all.end()) all.push_back(seq);
  std::sort(all.begin(), all.end(), std::greater<>());
  const auto kept_end =
      all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), kKeptSnapshots));
  if (std::find(all.begin(), kept_end, seq) == kept_end) {
    return Status::Ok();  // older than every snapshot kept: nothing to add
  }
  rocksdb::WriteBatch batch;
  PROSPEKT_RETURN_IF_ERROR(
      FromRocks(batch.Put(handles_->snapshots.get(), internal::SnapshotKey(seq),
                          internal::EncodeSnapshotRecord(seq, chain_hash, digest, bytes)),
                "preparing a snapshot"));
  for (std::size_t i = kKeptSnapshots; i < all.size(); ++i) {
    PROSPEKT_RETURN_IF_ERROR(
        FromRocks(batch.Delete(handles_->snapshots.get(), internal::SnapshotKey(all[i])),
                  "preparing a snapshot"));
  }
  return FromRocks(db_->Write(rocksdb::WriteOptions(), &batch),
                   "writing the snapshot of seq " + std::to_string(seq));
}

Result<std::vector<std::uint64_t>> EventStore::SnapshotSeqs() const {
  std::vector<std::uint64_t> seqs;
  if (!handles_->snapshots) return seqs;
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;  // the values are large; only the keys are wanted
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, handles_->snapshots.get()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) return Status::Corruption("damaged key in the snapshots");
    seqs.push_back(ReadBigEndian64(AsView(it->key())));
  }
  PROSPEKT_RETURN_IF_ERROR(FromRocks(it->status(), "listing snapshots"));
  std::reverse(seqs.begin(), seqs.end());
  return seqs;
}

Result<std::string> EventStore::GetSnapshot(std::uint64_t seq) const {
  if (!handles_->snapshots) return Status::NotFound("the folder keeps no snapshots");
  std::string value;
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;  // read once at start-up
  rocksdb::Status read =
      db_->Get(read_options, handles_->snapshots.get(), internal::SnapshotKey(seq), &value);
  if (read.IsNotFound()) return Status::NotFound("no snapshot of seq " + std::to_string(seq));
  PROSPEKT_RETURN_IF_ERROR(FromRocks(read, "reading the snapshot of seq " + std::to_string(seq)));
  const std::string what = "snapshot of seq " + std::to_string(seq);
  std::optional<internal::SnapshotRecord> record =
      internal::DecodeSnapshotRecord(value, kChainHashSize);
  if (!record || record->seq != seq) return Status::Corruption(what + ": damaged record");
  if (HashBytes(HashEnvelopeBytes(record->payload)) != record->digest) {
    return Status::Corruption(what + ": its bytes do not match their digest");
  }
  if (seq > Head().last_seq) {
    return Status::Corruption(what + ": the log ends at seq " + std::to_string(Head().last_seq));
  }
  Result<std::string> raw = ReadRawEvent(seq);
  if (!raw.ok()) return raw.status();
  if (HashBytes(HashEnvelopeBytes(*raw)) != record->chain_hash) {
    return Status::Corruption(what +
                              ": the log holds another event at that seq (a snapshot "
                              "of another log?)");
  }
  value.erase(0, value.size() - record->payload.size());  // the payload, without a copy
  return value;
}

Status EventStore::DeleteSnapshots() {
  if (options_.read_only) return Status::FailedPrecondition("the log was opened read-only");
  std::lock_guard lock(snapshot_mu_);
  snapshots_deleted_at_ = Head().last_seq;
  if (!handles_->snapshots) return Status::Ok();
  const std::string begin = internal::SnapshotKey(0);
  const std::string end = internal::SnapshotKey(UINT64_MAX);
  rocksdb::WriteOptions durable;
  durable.sync = true;
  PROSPEKT_RETURN_IF_ERROR(FromRocks(
      db_->DeleteRange(durable, handles_->snapshots.get(), begin, end), "deleting snapshots"));
  PROSPEKT_RETURN_IF_ERROR(
      FromRocks(db_->Delete(durable, handles_->snapshots.get(), end), "deleting snapshots"));
  // As for a shredded key: the delete only hides the bytes. Flushing retires the WAL
  // files that held them (once every column family is flushed, see ShredKey) and the
  // compaction rewrites the table files without them.
  PROSPEKT_RETURN_IF_ERROR(FromRocks(db_->Flush(rocksdb::FlushOptions(), handles_->snapshots.get()),
                                     "flushing snapshots"));
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(db_->CompactRange(compact, handles_->snapshots.get(), nullptr, nullptr),
                   "compacting deleted snapshots");
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
  if (max_count == 0) return events;
  PROSPEKT_RETURN_IF_ERROR(ScanChecked(*this, from_seq, [&](Envelope&& envelope, std::string_view) {
    events.push_back(std::move(envelope));
    return events.size() < max_count;
  }));
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

Result<std::vector<Envelope>> EventStore::ReadEvents(const std::vector<std::uint64_t>& seqs) const {
  std::vector<Envelope> events;
  events.reserve(seqs.size());
  for (std::uint64_t seq : seqs) {
    Result<std::string> raw = ReadRawEvent(seq);
    if (!raw.ok()) {
      if (raw.status().code() == StatusCode::kNotFound) {
        return Status::Corruption("an index points at seq " + std::to_string(seq) +
                                  ", which the log does not have");
      }
      return raw.status();
    }
    Result<Envelope> envelope = DecodeEnvelope(*raw);
    if (!envelope.ok()) {
      return Status::Corruption("seq " + std::to_string(seq) + ": " + envelope.status().message());
    }
    if (envelope->seq != seq) {  // as ScanChecked: an envelope is served only at its own seq
      return Status::Corruption("seq " + std::to_string(seq) + ": the envelope claims seq " +
                                std::to_string(envelope->seq));
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
  commit_cv_.wait_for(lock, timeout, [&] { return committed_.last_seq >= seq || shutting_down_; });
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
