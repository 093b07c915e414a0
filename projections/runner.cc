#include "projections/runner.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <limits>
#include <optional>

#include <spdlog/spdlog.h>

#include "events/chain_hash.h"
#include "events/domain_codec.h"

namespace prospekt::projections {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

std::int64_t UtcDay(std::int64_t time_us) {
  return time_us >= 0 ? time_us / kMicrosPerDay : (time_us - kMicrosPerDay + 1) / kMicrosPerDay;
}

using DecodedEvent = ProjectionRunner::DecodedEvent;

// Decodes the stored event `seq` into `out`, with ReadAll's checks (the caller checks
// that seqs follow each other).
Status DecodeStored(std::uint64_t seq, std::string_view bytes, DecodedEvent& out) {
  Status decoded = DecodeLoggedEvent(bytes, out);
  if (!decoded.ok()) {
    return Status::Corruption("event " + std::to_string(seq) +
                              " cannot be projected: " + decoded.message());
  }
  if (out.envelope.seq != seq) {
    return Status::Corruption("seq " + std::to_string(seq) + ": envelope claims seq " +
                              std::to_string(out.envelope.seq));
  }
  return Status::Ok();
}

Status Gap(std::uint64_t expected, std::uint64_t seq) {
  return Status::Corruption("the log has a gap: seq " + std::to_string(expected) +
                            " is missing, the next stored event is seq " + std::to_string(seq));
}

double SecondsBetween(std::chrono::steady_clock::time_point from,
                      std::chrono::steady_clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// The chain hash of the log's event at `seq`; NotFound when the log does not reach it.
Result<ChainHash> LogHashAt(const store::EventStore& store, std::uint64_t seq) {
  std::optional<ChainHash> hash;
  PROSPEKT_RETURN_IF_ERROR(store.ScanRaw(seq, [&](std::uint64_t key_seq, std::string_view bytes) {
    if (key_seq == seq) hash = HashEnvelopeBytes(bytes);
    return false;
  }));
  if (!hash) return Status::NotFound("the log has no event " + std::to_string(seq));
  return *hash;
}

// How many events ahead a fold asks its projection to prefetch (Projection::Prefetch):
// the index first, the state through it once the index is in cache.
constexpr std::size_t kPrefetchIndexAhead = 8;
constexpr std::size_t kPrefetchStateAhead = 4;

// Gives `projection` the prefetch hints for the events `at` of `events` (`size` of them).
template <class Events>
void PrefetchAhead(const Projection& projection, const Events& events, std::size_t size,
                   std::size_t at) {
  if (at + kPrefetchIndexAhead < size && events[at + kPrefetchIndexAhead].event) {
    projection.Prefetch(*events[at + kPrefetchIndexAhead].event, Projection::PrefetchStep::kIndex);
  }
  if (at + kPrefetchStateAhead < size && events[at + kPrefetchStateAhead].event) {
    projection.Prefetch(*events[at + kPrefetchStateAhead].event, Projection::PrefetchStep::kState);
  }
}

// Batches at least this big fold over the pool; smaller ones (live) on the caller.
constexpr std::size_t kParallelBatch = 256;
// Decoded batches in flight between the decoding thread and the folds: enough for the
// decoder to keep going while snapshots are written.
constexpr std::size_t kBatchesInFlight = 32;

}  // namespace

DecodedEvent& ProjectionRunner::Batch::Next() {
  if (events.size() <= size) events.emplace_back();
  return events[size];
}

void ProjectionRunner::ApplyTo(Slot& slot, const Batch& batch) {
  for (std::size_t i = 0; i < batch.size; ++i) {
    PrefetchAhead(*slot.projection, batch.events, batch.size, i);
    const DecodedEvent& decoded = batch.events[i];
    if (slot.position >= decoded.envelope.seq) continue;
    if (decoded.event) {
      slot.projection->Apply(decoded.envelope, *decoded.event);
      ++slot.since_snapshot;
      ++slot.stats.events;
    }
    slot.position = decoded.envelope.seq;
  }
}

void ProjectionRunner::FoldCohort(std::vector<Slot*>& cohort, const Batch& batch) {
  if (cohort.size() <= 1 || batch.size < kParallelBatch || pool_ == nullptr) {
    for (Slot* slot : cohort) ApplyTo(*slot, batch);
    return;
  }
  // Longest first: the pool hands out tasks in this order.
  std::stable_sort(cohort.begin(), cohort.end(), [](const Slot* a, const Slot* b) {
    return a->last_fold_seconds > b->last_fold_seconds;
  });
  const std::function<void(std::size_t)> fold = [&](std::size_t i) {
    Slot& slot = *cohort[i];
    const auto start = std::chrono::steady_clock::now();
    ApplyTo(slot, batch);
    slot.last_fold_seconds = SecondsBetween(start, std::chrono::steady_clock::now());
    slot.stats.fold_seconds += slot.last_fold_seconds;
  };
  pool_->Run(cohort.size(), fold);
}

Status ProjectionRunner::ReadBatch(std::uint64_t from_seq, std::size_t max_count,
                                   Batch& batch) const {
  batch.size = 0;
  if (max_count == 0) return Status::Ok();
  Status failure;
  std::uint64_t expected = std::max<std::uint64_t>(from_seq, 1);
  PROSPEKT_RETURN_IF_ERROR(store_.ScanRaw(from_seq, [&](std::uint64_t seq, std::string_view bytes) {
    if (seq != expected) {
      failure = Gap(expected, seq);
      return false;
    }
    failure = DecodeStored(seq, bytes, batch.Next());
    if (!failure.ok()) return false;
    ++batch.size;
    ++expected;
    return batch.size < max_count;
  }));
  return failure;
}

ProjectionRunner::ProjectionRunner(const store::EventStore& store, ViewStore& views,
                                   RunnerOptions options)
    : store_(store),
      views_(views),
      options_(options),
      pool_(options.fold_helpers == 0 ? nullptr
                                      : std::make_unique<internal::FoldPool>(options.fold_helpers)) {}

ProjectionRunner::~ProjectionRunner() { Stop().IgnoreError(); }

Result<std::unique_ptr<ProjectionRunner>> ProjectionRunner::Open(
    const store::EventStore& store, ViewStore& views,
    std::vector<std::unique_ptr<Projection>> projections, RunnerOptions options) {
  std::unique_ptr<ProjectionRunner> runner(new ProjectionRunner(store, views, options));
  // Newest version first within each name, so the first checkpointed one serves.
  std::sort(projections.begin(), projections.end(), [](const auto& a, const auto& b) {
    return a->name() != b->name() ? a->name() < b->name() : a->version() > b->version();
  });
  for (auto& projection : projections) {
    Slot slot;
    Result<std::uint64_t> checkpoint = views.Checkpoint(projection->name(), projection->version());
    if (!checkpoint.ok()) return checkpoint.status();
    if (*checkpoint > 0) {
      Result<std::optional<Snapshot>> snapshot =
          views.SnapshotAtOrBefore(projection->name(), projection->version(), *checkpoint);
      if (!snapshot.ok()) return snapshot.status();
      const std::string what = std::string(projection->name()) + " v" +
                               std::to_string(projection->version()) + " at seq " +
                               std::to_string(*checkpoint);
      if (!snapshot->has_value() || (*snapshot)->seq != *checkpoint) {
        return Status::Corruption("the checkpoint of " + what + " has no snapshot");
      }
      Result<ChainHash> log_hash = LogHashAt(store, *checkpoint);
      if (!log_hash.ok() && log_hash.status().code() != StatusCode::kNotFound) {
        return log_hash.status();
      }
      if (!log_hash.ok() || *log_hash != (*snapshot)->log_hash) {
        // Views of another log (the log was replaced): disposable, so rebuilt.
        spdlog::warn("views of {} belong to another log; rebuilding it from the log", what);
        PROSPEKT_RETURN_IF_ERROR(views.DropVersion(projection->name(), projection->version()));
      } else if (!projection->Decode((*snapshot)->bytes)) {
        return Status::Corruption("the snapshot of " + what + " cannot be decoded");
      } else {
        slot.position = *checkpoint;
      }
    }
    slot.stats.name = std::string(projection->name());
    slot.stats.version = projection->version();
    slot.projection = std::move(projection);
    runner->slots_.push_back(std::move(slot));
  }
  // Per name: the newest checkpointed version serves (or the newest, if none is);
  // newer ones rebuild; older ones are dropped.
  for (std::size_t first = 0; first < runner->slots_.size();) {
    std::size_t end = first;
    const std::string_view name = runner->slots_[first].projection->name();
    while (end < runner->slots_.size() && runner->slots_[end].projection->name() == name) ++end;
    std::size_t serving = first;
    while (serving < end && runner->slots_[serving].position == 0) ++serving;
    if (serving == end) serving = first;
    runner->slots_[serving].serving = true;
    for (std::size_t older = end; older > serving + 1; --older) {
      Slot& dropped = runner->slots_[older - 1];
      PROSPEKT_RETURN_IF_ERROR(views.DropVersion(name, dropped.projection->version()));
    }
    runner->slots_.erase(runner->slots_.begin() + static_cast<std::ptrdiff_t>(serving + 1),
                         runner->slots_.begin() + static_cast<std::ptrdiff_t>(end));
    first = serving + 1;
  }
  return runner;
}

const ProjectionRunner::Slot* ProjectionRunner::ServingSlot(std::string_view name) const {
  for (const Slot& slot : slots_) {
    if (slot.serving && slot.projection->name() == name) return &slot;
  }
  return nullptr;
}

bool ProjectionRunner::StopRequested() const {
  std::lock_guard lock(progress_mu_);
  return stopping_;
}

Result<std::size_t> ProjectionRunner::ApplyBatch(bool serving, bool stoppable) {
  std::uint64_t from = std::numeric_limits<std::uint64_t>::max();
  for (const Slot& slot : slots_) {
    if (slot.serving == serving) from = std::min(from, slot.position + 1);
  }
  if (from == std::numeric_limits<std::uint64_t>::max()) return std::size_t{0};
  // Far behind (a rebuild, a restart): stream the log to its current head.
  const std::uint64_t head = store_.Head().last_seq;
  if (head >= from && head - from >= options_.batch_events) {
    return StreamBatches(serving, from, head, stoppable);
  }
  // Read and decode outside the lock; only this thread changes the slots.
  Batch& batch = live_batch_;
  PROSPEKT_RETURN_IF_ERROR(ReadBatch(from, options_.batch_events, batch));
  if (batch.size == 0) return std::size_t{0};
  std::vector<Slot*> cohort;
  {
    std::unique_lock lock(views_mu_);
    for (Slot& slot : slots_) {
      if (slot.serving == serving) cohort.push_back(&slot);
    }
    FoldCohort(cohort, batch);
  }
  { std::lock_guard progress(progress_mu_); }
  progress_cv_.notify_all();
  // A batch shorter than asked for reached the log's end: the projection is live.
  PROSPEKT_RETURN_IF_ERROR(SnapshotDue(cohort, batch.events[batch.size - 1].envelope.recorded_at_us,
                                       /*live=*/batch.size < options_.batch_events,
                                       /*force=*/false));
  return batch.size;
}

Result<std::size_t> ProjectionRunner::StreamBatches(bool serving, std::uint64_t from,
                                                    std::uint64_t until, bool stoppable) {
  // Batches go round: free -> filled with stored bytes by the scanning thread -> ready ->
  // decoded on the pool, while the batch before is folded there -> folded -> free.
  std::vector<Batch> batches(kBatchesInFlight);
  std::mutex mu;
  std::condition_variable changed;
  std::vector<Batch*> free_batches;   // Guarded by mu.
  std::deque<Batch*> ready;           // Guarded by mu.
  bool scanned_all = false;           // Guarded by mu.
  bool cancelled = false;             // Guarded by mu.
  Status scan_failure;                // Guarded by mu.
  for (Batch& batch : batches) free_batches.push_back(&batch);

  std::thread scanner([&] {
    Batch* current = nullptr;
    std::uint64_t expected = from;
    Status gap;
    auto hand_over = [&] {
      std::lock_guard lock(mu);
      ready.push_back(current);
      current = nullptr;
      changed.notify_all();
    };
    Status scanned = store_.ScanRaw(from, [&](std::uint64_t seq, std::string_view bytes) {
      if (current == nullptr) {
        std::unique_lock lock(mu);
        changed.wait(lock, [&] { return cancelled || !free_batches.empty(); });
        if (cancelled) return false;
        current = free_batches.back();
        free_batches.pop_back();
        current->size = 0;
        current->raw.clear();
        current->seqs.clear();
        current->spans.clear();
      }
      if (seq != expected) {
        gap = Gap(expected, seq);
        return false;
      }
      const std::size_t offset = current->raw.size();
      current->raw.append(bytes);
      current->raw.resize((current->raw.size() + 7) / 8 * 8, '\0');
      current->seqs.push_back(seq);
      current->spans.emplace_back(offset, bytes.size());
      ++current->size;
      ++expected;
      if (current->size >= options_.batch_events || seq >= until) hand_over();
      return seq < until;
    });
    if (current != nullptr && current->size > 0 && gap.ok() && scanned.ok()) hand_over();
    std::lock_guard lock(mu);
    scan_failure = !scanned.ok() ? scanned : gap;
    scanned_all = true;
    changed.notify_all();
  });

  std::vector<Slot*> cohort;
  {
    std::shared_lock lock(views_mu_);
    for (Slot& slot : slots_) {
      if (slot.serving == serving) cohort.push_back(&slot);
    }
  }
  std::size_t applied = 0;
  Status failure;            // of this thread: a damaged event, a snapshot not written
  Batch* decoded = nullptr;  // decoded in the last round, folded in this one
  for (;;) {
    Batch* raw = nullptr;
    if (failure.ok()) {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return scanned_all || !ready.empty(); });
      if (!ready.empty()) {
        raw = ready.front();
        ready.pop_front();
      }
    }
    if (raw == nullptr && decoded == nullptr) break;
    failure = DecodeAndFold(raw, cohort, decoded);
    if (decoded != nullptr) {
      { std::lock_guard progress(progress_mu_); }
      progress_cv_.notify_all();
      applied += decoded->size;
      Status snapshots =
          SnapshotDue(cohort, decoded->events[decoded->size - 1].envelope.recorded_at_us,
                      /*live=*/false, /*force=*/false);
      if (failure.ok()) failure = std::move(snapshots);
      {
        std::lock_guard lock(mu);
        free_batches.push_back(decoded);
        changed.notify_all();
      }
      if (progress_ != nullptr && *progress_) {
        std::uint64_t lowest = until;
        for (const Slot* slot : cohort) lowest = std::min(lowest, slot->position);
        (*progress_)(lowest, until);
      }
    }
    // A damaged event cut `raw` short: its good events are folded in the next round.
    decoded = raw != nullptr && raw->size > 0 ? raw : nullptr;
    // Stopping drops what is decoded but not folded: positions say what was applied.
    if (stoppable && StopRequested()) break;
  }
  {
    std::lock_guard lock(mu);
    cancelled = true;
    changed.notify_all();
  }
  scanner.join();
  // Events folded before a damaged one stay folded (the next snapshot keeps them).
  PROSPEKT_RETURN_IF_ERROR(failure);
  PROSPEKT_RETURN_IF_ERROR(scan_failure);
  return applied;
}

Status ProjectionRunner::DecodeAndFold(Batch* raw, std::vector<Slot*>& cohort,
                                       const Batch* decoded) {
  // Decoding: a few chunks per thread, so that they share out evenly with the folds.
  const std::size_t count = raw == nullptr ? 0 : raw->size;
  if (raw != nullptr && raw->events.size() < count) raw->events.resize(count);
  const std::size_t workers = pool_ == nullptr ? 1 : pool_->helpers() + 1;
  const std::size_t chunks = std::min(count, 2 * workers);
  std::vector<std::size_t> first_failed(chunks, count);
  std::vector<Status> failures(chunks);
  // Folding: the costliest projections first (by their last batch).
  const std::size_t folds = decoded == nullptr ? 0 : cohort.size();
  std::stable_sort(cohort.begin(), cohort.end(), [](const Slot* a, const Slot* b) {
    return a->last_fold_seconds > b->last_fold_seconds;
  });
  const std::function<void(std::size_t)> task = [&](std::size_t i) {
    if (i < chunks) {
      const std::size_t begin = count * i / chunks;
      const std::size_t end = count * (i + 1) / chunks;
      for (std::size_t event = begin; event < end; ++event) {
        const auto [offset, size] = raw->spans[event];
        Status status = DecodeStored(raw->seqs[event],
                                     std::string_view(raw->raw).substr(offset, size),
                                     raw->events[event]);
        if (!status.ok()) {
          first_failed[i] = event;
          failures[i] = std::move(status);
          return;
        }
      }
      return;
    }
    Slot& slot = *cohort[i - chunks];
    const auto start = std::chrono::steady_clock::now();
    ApplyTo(slot, *decoded);
    slot.last_fold_seconds = SecondsBetween(start, std::chrono::steady_clock::now());
    slot.stats.fold_seconds += slot.last_fold_seconds;
  };
  {
    // Readers wait while views change; decoding alone changes none.
    std::unique_lock<std::shared_mutex> lock(views_mu_, std::defer_lock);
    if (folds > 0) lock.lock();
    if (pool_ != nullptr) {
      pool_->Run(chunks + folds, task);
    } else {
      for (std::size_t i = 0; i < chunks + folds; ++i) task(i);
    }
  }
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    if (!failures[chunk].ok()) {
      raw->size = first_failed[chunk];
      return failures[chunk];
    }
  }
  return Status::Ok();
}

Status ProjectionRunner::SnapshotDue(const std::vector<Slot*>& cohort,
                                     std::int64_t last_recorded_at_us, bool live, bool force) {
  std::vector<Slot*> due;
  for (Slot* slot : cohort) {
    if (IsDue(*slot, last_recorded_at_us, live, force)) due.push_back(slot);
  }
  if (due.empty()) return Status::Ok();
  // The biggest first: the pool hands out tasks in this order.
  std::stable_sort(due.begin(), due.end(), [](const Slot* a, const Slot* b) {
    return a->stats.last_snapshot_bytes > b->stats.last_snapshot_bytes;
  });
  std::vector<Status> written(due.size());
  const std::function<void(std::size_t)> snapshot = [&](std::size_t i) {
    written[i] = SnapshotIfDue(*due[i], last_recorded_at_us, live, force);
  };
  if (pool_ != nullptr) {
    pool_->Run(due.size(), snapshot);
  } else {
    for (std::size_t i = 0; i < due.size(); ++i) snapshot(i);
  }
  for (Status& status : written) PROSPEKT_RETURN_IF_ERROR(status);
  return Status::Ok();
}

bool ProjectionRunner::IsDue(Slot& slot, std::int64_t last_recorded_at_us, bool live,
                             bool force) const {
  const std::int64_t day = UtcDay(last_recorded_at_us);
  if (slot.snapshot_day < 0) slot.snapshot_day = day;
  const bool keeps_all = slot.projection->retention() == SnapshotRetention::kAll;
  std::uint64_t every = keeps_all ? options_.snapshot_every : options_.snapshot_every * 10;
  // Big views snapshot less often, so that snapshots cost at most about
  // snapshot_bytes_per_event (checkpoints: checkpoint_bytes_per_event) bytes per event
  // folded (see RunnerOptions).
  const std::uint64_t bytes_per_event =
      keeps_all ? options_.snapshot_bytes_per_event : options_.checkpoint_bytes_per_event;
  if (bytes_per_event > 0 && slot.projection->cadence() == SnapshotCadence::kBoundedBySize) {
    every = std::max(every, slot.stats.last_snapshot_bytes / bytes_per_event);
  }
  // Daily snapshots only when live: a rebuild crossing a year of days in seconds would
  // write hundreds of them, and the every-N snapshots already bound an "as of" fold.
  const bool daily = keeps_all && live && day != slot.snapshot_day;
  return slot.since_snapshot >= every || (slot.since_snapshot > 0 && (daily || force));
}

Status ProjectionRunner::SnapshotIfDue(Slot& slot, std::int64_t last_recorded_at_us, bool live,
                                       bool force) {
  if (!IsDue(slot, last_recorded_at_us, live, force)) return Status::Ok();
  const bool keeps_all = slot.projection->retention() == SnapshotRetention::kAll;
  const std::int64_t day = UtcDay(last_recorded_at_us);
  const auto start = std::chrono::steady_clock::now();
  Result<ChainHash> log_hash = LogHashAt(store_, slot.position);
  if (!log_hash.ok()) return log_hash.status();
  // No lock: views change only on the folding thread, which waits for this (also when
  // it runs on the pool), and readers only read.
  Snapshot snapshot{slot.position, *log_hash, slot.projection->Encode()};
  const auto encoded = std::chrono::steady_clock::now();
  // Periodic snapshots of a catch-up skip the write-ahead log (the final one, and the
  // live ones, do not): losing one to a crash costs a longer catch-up, nothing else.
  PROSPEKT_RETURN_IF_ERROR(views_.PutSnapshot(
      slot.projection->name(), slot.projection->version(), snapshot,
      /*keep_older=*/keeps_all, /*logged=*/live || force));
  slot.since_snapshot = 0;
  slot.snapshot_day = day;
  std::unique_lock lock(views_mu_);
  ++slot.stats.snapshots;
  slot.stats.snapshot_bytes += snapshot.bytes.size();
  slot.stats.last_snapshot_bytes = snapshot.bytes.size();
  slot.stats.snapshot_seconds += SecondsBetween(start, std::chrono::steady_clock::now());
  slot.stats.snapshot_encode_seconds += SecondsBetween(start, encoded);
  return Status::Ok();
}

Status ProjectionRunner::PromoteCaughtUp() {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].serving) continue;
    const std::string_view name = slots_[i].projection->name();
    auto old = std::find_if(slots_.begin(), slots_.end(), [name](const Slot& slot) {
      return slot.serving && slot.projection->name() == name;
    });
    if (old != slots_.end() && slots_[i].position < old->position) continue;
    PROSPEKT_RETURN_IF_ERROR(SnapshotIfDue(slots_[i], store_.Head().last_recorded_at_us, false, true));
    std::uint32_t old_version = 0;
    {
      std::unique_lock lock(views_mu_);
      slots_[i].serving = true;
      if (old != slots_.end()) {
        old_version = old->projection->version();
        slots_.erase(old);
      }
    }
    if (old_version != 0) PROSPEKT_RETURN_IF_ERROR(views_.DropVersion(name, old_version));
    return PromoteCaughtUp();  // the erase moved the slots
  }
  return Status::Ok();
}

Result<std::size_t> ProjectionRunner::Step(bool stoppable) {
  Result<std::size_t> live = ApplyBatch(/*serving=*/true, stoppable);
  if (!live.ok()) return live;
  Result<std::size_t> rebuilt = ApplyBatch(/*serving=*/false, stoppable);
  if (!rebuilt.ok()) return rebuilt;
  PROSPEKT_RETURN_IF_ERROR(PromoteCaughtUp());
  return *live + *rebuilt;
}

Status ProjectionRunner::CatchUp(
    const std::function<void(std::uint64_t position, std::uint64_t head)>& progress) {
  progress_ = &progress;
  struct Reset {
    const Progress*& progress;
    ~Reset() { progress = nullptr; }
  } reset{progress_};
  const std::uint64_t head = store_.Head().last_seq;
  for (;;) {
    std::uint64_t lowest = head;
    for (const Slot& slot : slots_) lowest = std::min(lowest, slot.position);
    if (progress) progress(lowest, head);
    if (lowest >= head) break;
    Result<std::size_t> applied = Step(/*stoppable=*/false);
    if (!applied.ok()) return applied.status();
    if (*applied == 0) break;  // the log ends before its head: nothing more to read
  }
  if (!options_.final_snapshot) return Status::Ok();
  std::vector<Slot*> all;
  for (Slot& slot : slots_) all.push_back(&slot);
  return SnapshotDue(all, store_.Head().last_recorded_at_us, /*live=*/false, /*force=*/true);
}

void ProjectionRunner::Start() {
  if (tail_.joinable()) return;
  {
    std::lock_guard lock(progress_mu_);
    stopping_ = false;
  }
  tail_ = std::thread([this] { RunTail(); });
}

void ProjectionRunner::RunTail() {
  for (;;) {
    {
      std::lock_guard lock(progress_mu_);
      if (stopping_) return;
    }
    Result<std::size_t> applied = Step(/*stoppable=*/true);
    if (!applied.ok()) {
      SetFailure(applied.status());
      return;
    }
    if (*applied > 0) continue;
    std::uint64_t lowest = std::numeric_limits<std::uint64_t>::max();
    for (const Slot& slot : slots_) lowest = std::min(lowest, slot.position);
    if (!store_.WaitForSeq(lowest + 1, options_.idle_wait)) {
      // A timeout, or a store shutting down (which answers at once): pause a little
      // either way, waking early for a stop.
      std::unique_lock lock(progress_mu_);
      progress_cv_.wait_for(lock, std::chrono::milliseconds(10), [this] { return stopping_; });
    }
  }
}

Status ProjectionRunner::Stop() {
  {
    std::lock_guard lock(progress_mu_);
    stopping_ = true;
  }
  progress_cv_.notify_all();
  if (tail_.joinable()) tail_.join();
  Status failed = failure();
  if (!failed.ok() || !options_.final_snapshot) return failed;
  std::vector<Slot*> all;
  for (Slot& slot : slots_) all.push_back(&slot);
  return SnapshotDue(all, store_.Head().last_recorded_at_us, /*live=*/false, /*force=*/true);
}

std::uint64_t ProjectionRunner::Position(std::string_view name) const {
  std::shared_lock lock(views_mu_);
  const Slot* slot = ServingSlot(name);
  return slot == nullptr ? 0 : slot->position;
}

bool ProjectionRunner::WaitFor(std::string_view name, std::uint64_t seq,
                               std::chrono::milliseconds timeout) const {
  std::unique_lock lock(progress_mu_);
  return progress_cv_.wait_for(lock, timeout, [&] {
    if (!failure_.ok()) return true;
    std::shared_lock views(views_mu_);
    const Slot* slot = ServingSlot(name);
    return slot == nullptr || slot->position >= seq;
  }) && failure_.ok() && Position(name) >= seq;
}

Result<std::unique_ptr<Projection>> ProjectionRunner::AsOf(std::string_view name,
                                                           std::uint64_t seq) const {
  std::unique_ptr<Projection> instance;
  {
    std::shared_lock lock(views_mu_);
    const Slot* slot = ServingSlot(name);
    if (slot == nullptr) return Status::NotFound("no projection named " + std::string(name));
    instance = slot->projection->NewEmpty();
  }
  seq = std::min(seq, store_.Head().last_seq);
  Result<std::optional<Snapshot>> snapshot =
      views_.SnapshotAtOrBefore(instance->name(), instance->version(), seq);
  if (!snapshot.ok()) return snapshot.status();
  const std::uint64_t position = snapshot->has_value() ? (*snapshot)->seq : 0;
  // The events after the snapshot are read and decoded on a second thread while this
  // one decodes the snapshot (the two take about as long), then folded here.
  std::mutex mu;
  std::condition_variable changed;
  std::deque<std::vector<DecodedEvent>> ready;    // Guarded by mu.
  std::vector<std::vector<DecodedEvent>> spare;   // Guarded by mu.
  bool read_all = false;                           // Guarded by mu.
  bool cancelled = false;                          // Guarded by mu.
  Status read_failure;                             // Guarded by mu.
  std::thread reader;
  if (position < seq) {
    reader = std::thread([&] {
      std::vector<DecodedEvent> chunk;
      std::size_t filled = 0;
      std::uint64_t expected = position + 1;
      Status decoded;
      auto hand_over = [&] {
        chunk.resize(filled);
        std::unique_lock lock(mu);
        ready.push_back(std::move(chunk));
        changed.notify_all();
        changed.wait(lock, [&] { return cancelled || ready.size() < kBatchesInFlight; });
        chunk.clear();
        if (!spare.empty()) {
          chunk = std::move(spare.back());
          spare.pop_back();
        }
        filled = 0;
        return !cancelled;
      };
      Status scanned = store_.ScanRaw(expected, [&](std::uint64_t at, std::string_view bytes) {
        if (at != expected) {
          decoded = Gap(expected, at);
          return false;
        }
        if (chunk.size() <= filled) chunk.emplace_back();
        decoded = DecodeStored(at, bytes, chunk[filled]);
        if (!decoded.ok()) return false;
        ++filled;
        ++expected;
        if (at >= seq) return false;
        return filled < options_.batch_events || hand_over();
      });
      if (filled > 0 && decoded.ok() && scanned.ok()) hand_over();
      std::lock_guard lock(mu);
      read_failure = !scanned.ok() ? scanned : decoded;
      read_all = true;
      changed.notify_all();
    });
  }
  auto stop_reader = [&] {
    if (!reader.joinable()) return;
    {
      std::lock_guard lock(mu);
      cancelled = true;
      changed.notify_all();
    }
    reader.join();
  };
  if (snapshot->has_value() && !instance->Decode((*snapshot)->bytes)) {
    stop_reader();
    return Status::Corruption("the snapshot of " + std::string(name) + " at seq " +
                              std::to_string(position) + " cannot be decoded");
  }
  while (reader.joinable()) {
    std::vector<DecodedEvent> chunk;
    {
      std::unique_lock lock(mu);
      changed.wait(lock, [&] { return read_all || !ready.empty(); });
      if (ready.empty()) break;
      chunk = std::move(ready.front());
      ready.pop_front();
      changed.notify_all();
    }
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      PrefetchAhead(*instance, chunk, chunk.size(), i);
      if (chunk[i].event) instance->Apply(chunk[i].envelope, *chunk[i].event);
    }
    std::lock_guard lock(mu);
    spare.push_back(std::move(chunk));
  }
  stop_reader();
  PROSPEKT_RETURN_IF_ERROR(read_failure);
  return instance;
}

void ProjectionRunner::SetFailure(Status status) {
  {
    std::lock_guard lock(progress_mu_);
    if (failure_.ok()) failure_ = std::move(status);
  }
  progress_cv_.notify_all();
}

Status ProjectionRunner::failure() const {
  std::lock_guard lock(progress_mu_);
  return failure_;
}

std::vector<ProjectionStats> ProjectionRunner::Stats() const {
  std::shared_lock lock(views_mu_);
  std::vector<ProjectionStats> stats;
  stats.reserve(slots_.size());
  for (const Slot& slot : slots_) stats.push_back(slot.stats);
  return stats;
}

}  // namespace prospekt::projections
