#include "projections/runner.h"

#include <algorithm>
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

Result<std::vector<DecodedEvent>> ReadDecoded(const store::EventStore& store,
                                              std::uint64_t from_seq, std::size_t max_count) {
  Result<std::vector<Envelope>> envelopes = store.ReadAll(from_seq, max_count);
  if (!envelopes.ok()) return envelopes.status();
  std::vector<DecodedEvent> batch;
  batch.reserve(envelopes->size());
  for (Envelope& envelope : *envelopes) {
    DecodedEvent decoded{std::move(envelope), std::nullopt};
    if (domain::IsDomainEventType(decoded.envelope.event_type)) {
      Result<domain::DomainEvent> event =
          DecodeDomainEvent(decoded.envelope.event_type, decoded.envelope.payload);
      if (!event.ok()) {
        return Status::Corruption("event " + std::to_string(decoded.envelope.seq) +
                                  " cannot be projected: " + event.status().message());
      }
      decoded.event = std::move(event).value();
    }
    batch.push_back(std::move(decoded));
  }
  return batch;
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

// Batches at least this big fold on two threads.
constexpr std::size_t kParallelBatch = 256;

}  // namespace

void ProjectionRunner::ApplyTo(const std::vector<Slot*>& slots,
                               const std::vector<DecodedEvent>& batch) {
  for (Slot* slot : slots) {
    for (const DecodedEvent& decoded : batch) {
      if (slot->position >= decoded.envelope.seq) continue;
      if (decoded.event) {
        slot->projection->Apply(decoded.envelope, *decoded.event);
        ++slot->since_snapshot;
      }
      slot->position = decoded.envelope.seq;
    }
  }
}

ProjectionRunner::ProjectionRunner(const store::EventStore& store, ViewStore& views,
                                   RunnerOptions options)
    : store_(store), views_(views), options_(options) {}

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

Result<std::size_t> ProjectionRunner::ApplyBatch(bool serving) {
  std::uint64_t from = std::numeric_limits<std::uint64_t>::max();
  for (const Slot& slot : slots_) {
    if (slot.serving == serving) from = std::min(from, slot.position + 1);
  }
  if (from == std::numeric_limits<std::uint64_t>::max()) return std::size_t{0};
  // Read and decode outside the lock; only this thread changes the slots.
  Result<std::vector<DecodedEvent>> batch = ReadDecoded(store_, from, options_.batch_events);
  if (!batch.ok()) return batch.status();
  if (batch->empty()) return std::size_t{0};
  {
    std::unique_lock lock(views_mu_);
    std::vector<Slot*> cohort;
    for (Slot& slot : slots_) {
      if (slot.serving == serving) cohort.push_back(&slot);
    }
    // Projections are independent: on a big batch (catching up), half of them fold on
    // a second thread. Live batches are small and stay on this one.
    if (cohort.size() > 1 && batch->size() >= kParallelBatch) {
      std::vector<Slot*> second(cohort.begin() + static_cast<std::ptrdiff_t>(cohort.size() / 2),
                                cohort.end());
      cohort.resize(cohort.size() / 2);
      std::thread helper([&batch, &second] { ApplyTo(second, *batch); });
      ApplyTo(cohort, *batch);
      helper.join();
    } else {
      ApplyTo(cohort, *batch);
    }
  }
  { std::lock_guard progress(progress_mu_); }
  progress_cv_.notify_all();
  const std::int64_t last_recorded_at = batch->back().envelope.recorded_at_us;
  for (Slot& slot : slots_) {
    if (slot.serving != serving) continue;
    // A batch shorter than asked for reached the log's end: the projection is live.
    PROSPEKT_RETURN_IF_ERROR(SnapshotIfDue(slot, last_recorded_at,
                                           /*live=*/batch->size() < options_.batch_events,
                                           /*force=*/false));
  }
  return batch->size();
}

Status ProjectionRunner::SnapshotIfDue(Slot& slot, std::int64_t last_recorded_at_us, bool live,
                                       bool force) {
  const std::int64_t day = UtcDay(last_recorded_at_us);
  if (slot.snapshot_day < 0) slot.snapshot_day = day;
  const bool keeps_all = slot.projection->retention() == SnapshotRetention::kAll;
  const std::uint64_t every = keeps_all ? options_.snapshot_every : options_.snapshot_every * 10;
  // Daily snapshots only when live: a rebuild crossing a year of days in seconds would
  // write hundreds of them, and the every-N snapshots already bound an "as of" fold.
  const bool daily = keeps_all && live && day != slot.snapshot_day;
  const bool due = slot.since_snapshot >= every || (slot.since_snapshot > 0 && (daily || force));
  if (!due) return Status::Ok();
  Result<ChainHash> log_hash = LogHashAt(store_, slot.position);
  if (!log_hash.ok()) return log_hash.status();
  // No lock: only this thread changes views, and readers only read.
  Snapshot snapshot{slot.position, *log_hash, slot.projection->Encode()};
  PROSPEKT_RETURN_IF_ERROR(views_.PutSnapshot(
      slot.projection->name(), slot.projection->version(), snapshot,
      /*keep_older=*/keeps_all));
  slot.since_snapshot = 0;
  slot.snapshot_day = day;
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

Result<std::size_t> ProjectionRunner::Step() {
  Result<std::size_t> live = ApplyBatch(/*serving=*/true);
  if (!live.ok()) return live;
  Result<std::size_t> rebuilt = ApplyBatch(/*serving=*/false);
  if (!rebuilt.ok()) return rebuilt;
  PROSPEKT_RETURN_IF_ERROR(PromoteCaughtUp());
  return *live + *rebuilt;
}

Status ProjectionRunner::CatchUp(
    const std::function<void(std::uint64_t position, std::uint64_t head)>& progress) {
  const std::uint64_t head = store_.Head().last_seq;
  for (;;) {
    std::uint64_t lowest = head;
    for (const Slot& slot : slots_) lowest = std::min(lowest, slot.position);
    if (progress) progress(lowest, head);
    if (lowest >= head) break;
    Result<std::size_t> applied = Step();
    if (!applied.ok()) return applied.status();
    if (*applied == 0) break;  // the log ends before its head: nothing more to read
  }
  if (!options_.final_snapshot) return Status::Ok();
  for (Slot& slot : slots_) {
    PROSPEKT_RETURN_IF_ERROR(SnapshotIfDue(slot, store_.Head().last_recorded_at_us, false, true));
  }
  return Status::Ok();
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
    Result<std::size_t> applied = Step();
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
  for (Slot& slot : slots_) {
    PROSPEKT_RETURN_IF_ERROR(SnapshotIfDue(slot, store_.Head().last_recorded_at_us, false, true));
  }
  return Status::Ok();
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
  std::uint64_t position = 0;
  if (snapshot->has_value()) {
    if (!instance->Decode((*snapshot)->bytes)) {
      return Status::Corruption("the snapshot of " + std::string(name) + " at seq " +
                                std::to_string((*snapshot)->seq) + " cannot be decoded");
    }
    position = (*snapshot)->seq;
  }
  while (position < seq) {
    const auto count = static_cast<std::size_t>(
        std::min<std::uint64_t>(seq - position, options_.batch_events));
    Result<std::vector<DecodedEvent>> batch = ReadDecoded(store_, position + 1, count);
    if (!batch.ok()) return batch.status();
    if (batch->empty()) break;
    for (const DecodedEvent& decoded : *batch) {
      if (decoded.envelope.seq > seq) break;
      if (decoded.event) instance->Apply(decoded.envelope, *decoded.event);
      position = decoded.envelope.seq;
    }
  }
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

}  // namespace prospekt::projections
