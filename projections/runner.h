// ProjectionRunner: keeps projections in step with the log and serves their views.
//
// The runner feeds every domain event of the log, in seq order, to each registered
// projection (projection.h), from the projection's checkpoint on: first the history,
// then live appends. Every `snapshot_every` events, after a live batch that enters a new
// UTC day (by recorded_at) and at Stop, it writes a projection's view and checkpoint in one
// batch (view_store.h); a restart resumes from there, so no event is applied twice or
// skipped, even after a crash. Projections that keep only their latest snapshot
// (append-only indexes) are checkpointed ten times less often, and not daily: each of
// their snapshots repeats the whole index.
//
// Versions: several versions of one projection may be registered. The newest one that
// has a checkpoint serves; a newer one without a checkpoint is rebuilt from the log
// alongside (live batches keep the serving one current in between), and takes over once
// it has caught up; the old version's snapshots are then dropped.
//
// Queries read the serving view under a shared lock (Read); WaitFor gives
// read-your-writes; AsOf folds a fresh instance from the nearest snapshot at or before
// a seq ("as the view stood then").
//
// Ownership: the runner owns its projections; the EventStore and the ViewStore must
// outlive it. Thread-safe: Read, WaitFor, AsOf and Position from any thread; CatchUp,
// Start and Stop from one controlling thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/store/event_store.h"
#include "events/status.h"
#include "projections/projection.h"
#include "projections/view_store.h"

namespace prospekt::projections {

struct RunnerOptions {
  // Events folded into a projection between two of its snapshots.
  std::uint64_t snapshot_every = 100'000;
  // Events read and applied per batch (one lock hold for readers to wait behind).
  std::size_t batch_events = 1024;
  // How long the live tail waits for new appends before checking for a stop.
  std::chrono::milliseconds idle_wait{100};
  // Whether CatchUp and Stop end with a snapshot of every projection. Off only to leave
  // the views as a crash would (tests).
  bool final_snapshot = true;
};

class ProjectionRunner {
 public:
  // Loads every projection from its checkpoint. Fails when a checkpointed snapshot
  // cannot be read or decoded (Corruption: delete the views folder to rebuild).
  static Result<std::unique_ptr<ProjectionRunner>> Open(
      const store::EventStore& store, ViewStore& views,
      std::vector<std::unique_ptr<Projection>> projections, RunnerOptions options = {});
  ~ProjectionRunner();  // Stop(), ignoring its error (call Stop to see it)
  ProjectionRunner(const ProjectionRunner&) = delete;
  ProjectionRunner& operator=(const ProjectionRunner&) = delete;

  // Folds, on the calling thread, every event up to the log's head into every
  // projection (rebuilds included) and snapshots them. `progress` is called after each
  // batch with the lowest position and the head. Not while the tail runs.
  Status CatchUp(const std::function<void(std::uint64_t position, std::uint64_t head)>& progress = {});

  // Starts the tail thread: catch up, then follow live appends.
  void Start();
  // Stops the tail thread and snapshots every projection at its position.
  Status Stop();

  // The last seq the serving version of `name` has applied (0: none, or no such name).
  std::uint64_t Position(std::string_view name) const;

  // Waits until the serving version of `name` has applied every event up to `seq`;
  // false on timeout, on a stop, or for an unknown name.
  bool WaitFor(std::string_view name, std::uint64_t seq, std::chrono::milliseconds timeout) const;

  // Calls `read(view)` on the serving version of `name`, whose view type is View.
  // NotFound for an unknown name, InvalidArgument when View is not its view type.
  template <class View, class Read>
  auto ReadView(std::string_view name, Read&& read) const
      -> Result<std::invoke_result_t<Read, const View&>>;
  // The same, calling `read(view, position)` with the last seq the view has applied, so
  // that an answer can say exactly which state of the log it reflects.
  template <class View, class Read>
  auto ReadViewAt(std::string_view name, Read&& read) const
      -> Result<std::invoke_result_t<Read, const View&, std::uint64_t>>;

  // A fresh instance of `name`'s serving version as of `seq`: its nearest snapshot at or
  // before `seq`, then the log's events up to `seq`.
  Result<std::unique_ptr<Projection>> AsOf(std::string_view name, std::uint64_t seq) const;

  // The first failure of the tail thread (e.g. a damaged event); Ok while healthy.
  Status failure() const;

  // An event of the log, decoded once for every projection it is applied to.
  struct DecodedEvent {
    Envelope envelope;
    std::optional<domain::DomainEvent> event;  // nullopt: not a domain event
  };

 private:
  struct Slot {
    std::unique_ptr<Projection> projection;
    std::uint64_t position = 0;             // last applied seq
    std::uint64_t since_snapshot = 0;       // events applied since the last snapshot
    std::int64_t snapshot_day = -1;         // UTC day of the last snapshot's events
    bool serving = false;
  };

  ProjectionRunner(const store::EventStore& store, ViewStore& views, RunnerOptions options);

  // Folds `batch` into each of `slots` (skipping events a slot has already applied).
  static void ApplyTo(const std::vector<Slot*>& slots, const std::vector<DecodedEvent>& batch);

  // One batch for the serving slots, then one for slots being rebuilt; returns how many
  // events of the log were read (0: every slot is at the log's end).
  Result<std::size_t> Step();
  Result<std::size_t> ApplyBatch(bool serving);
  Status SnapshotIfDue(Slot& slot, std::int64_t last_recorded_at_us, bool live, bool force);
  // Hands over to rebuilt versions that caught up with their serving version.
  Status PromoteCaughtUp();
  const Slot* ServingSlot(std::string_view name) const;  // views_mu_ held
  void RunTail();
  void SetFailure(Status status);

  const store::EventStore& store_;
  ViewStore& views_;
  const RunnerOptions options_;

  // The slots; their views change only on the tail (or CatchUp) thread, under an
  // exclusive lock; readers take it shared.
  mutable std::shared_mutex views_mu_;
  std::vector<Slot> slots_;  // Guarded by views_mu_ (positions: also progress_mu_).

  mutable std::mutex progress_mu_;
  mutable std::condition_variable progress_cv_;
  bool stopping_ = false;  // Guarded by progress_mu_.
  Status failure_;         // Guarded by progress_mu_.

  std::thread tail_;
};

template <class View, class Read>
auto ProjectionRunner::ReadView(std::string_view name, Read&& read) const
    -> Result<std::invoke_result_t<Read, const View&>> {
  return ReadViewAt<View>(name, [&read](const View& view, std::uint64_t /*position*/) {
    return std::forward<Read>(read)(view);
  });
}

template <class View, class Read>
auto ProjectionRunner::ReadViewAt(std::string_view name, Read&& read) const
    -> Result<std::invoke_result_t<Read, const View&, std::uint64_t>> {
  std::shared_lock lock(views_mu_);
  const Slot* slot = ServingSlot(name);
  if (slot == nullptr) return Status::NotFound("no projection named " + std::string(name));
  const auto* fold = dynamic_cast<const FoldProjection<View>*>(slot->projection.get());
  if (fold == nullptr) {
    return Status::InvalidArgument("projection " + std::string(name) + " has another view type");
  }
  return std::forward<Read>(read)(fold->view(), slot->position);
}

}  // namespace prospekt::projections
