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
// Catching up (a rebuild, a restart far behind): one thread scans the log once and decodes
// each event once (envelope and domain event, events/logged_event.h) into recycled
// batches, while the projections fold the previous batch, split over a pool of fold
// threads (the costliest projections first, by their last batch). Live batches are
// small and fold on the tail thread. Snapshots that fall due together are encoded in
// parallel on the same pool.
//
// Queries read the serving view under a shared lock (Read); WaitFor gives
// read-your-writes; AsOf folds a fresh instance from the nearest snapshot at or before
// a seq ("as the view stood then").
//
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
#include "events/logged_event.h"
#include "events/status.h"
#include "projections/internal/fold_pool.h"
#include "projections/projection.h"
#include "projections/view_store.h"

namespace prospekt::projections {

struct RunnerOptions {
  // Events folded into a projection between two of its snapshots, at least (append-only
  // indexes: ten times as many).
  std::uint64_t snapshot_every = 100'000;
  // And, for projections of SnapshotCadence::kBoundedBySize, at least its last
  // snapshot's size divided by this (0: no such bound): a view of 40 MB snapshots every
  // 1.25M events. Snapshots then cost a bounded share of a rebuild however big views
  // grow (issue #4: at 10M events every-100k snapshots wrote 9 GB), and an "as of" query
  // decodes a snapshot and folds a number of events in proportion to its size.
  std::uint64_t snapshot_bytes_per_event = 32;
  // The same bound for projections that keep only their latest snapshot (append-only
  // indexes), whose snapshots serve no "as of" query, only a restart (0: none): a 180 MB
  // index is checkpointed every 22M events, and at the end of a catch-up and at Stop.
  std::uint64_t checkpoint_bytes_per_event = 8;
  // Events read and applied per batch (one lock hold for readers to wait behind).
  std::size_t batch_events = 1024;
  // How long the live tail waits for new appends before checking for a stop.
  std::chrono::milliseconds idle_wait{100};
  // Whether CatchUp and Stop end with a snapshot of every projection. Off only to leave
  // the views as a crash would (tests).
  bool final_snapshot = true;
  // Threads folding besides the catching-up thread (0: fold on that thread alone).
  std::size_t fold_helpers = 1;
};

// What a projection's catch-up and snapshots cost so far (since Open), for benchmarks
// and the replay command's summary.
struct ProjectionStats {
  std::string name;
  std::uint32_t version = 0;
  std::uint64_t events = 0;           // domain events folded
  double fold_seconds = 0;            // thread time spent in its folds
  std::uint64_t snapshots = 0;        // written
  std::uint64_t snapshot_bytes = 0;   // written, in total
  std::uint64_t last_snapshot_bytes = 0;
  double snapshot_seconds = 0;        // encoding and writing them
  double snapshot_encode_seconds = 0; // of which encoding
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

  // Per registered projection (every version), in name order.
  std::vector<ProjectionStats> Stats() const;

  // An event of the log, decoded once for every projection it is applied to.
  using DecodedEvent = LoggedEvent;

 private:
  struct Slot {
    std::unique_ptr<Projection> projection;
    std::uint64_t position = 0;             // last applied seq
    std::uint64_t since_snapshot = 0;       // events applied since the last snapshot
    std::int64_t snapshot_day = -1;         // UTC day of the last snapshot's events
    bool serving = false;
    double last_fold_seconds = 0;           // its share of the last parallel batch
    ProjectionStats stats;                  // Guarded by views_mu_ (written by the folder)
  };
  // Decoded events, recycled from batch to batch so that their strings keep capacity.
  struct Batch {
    std::vector<DecodedEvent> events;  // the first `size` are this batch's
    std::size_t size = 0;
    DecodedEvent& Next();  // a recycled element past `size` (size not changed)
    // While streaming: the stored bytes of the batch's events, each at an 8-byte aligned
    // offset (so that they decode in place), decoded on the fold pool.
    std::string raw;
    std::vector<std::uint64_t> seqs;                            // by event
    std::vector<std::pair<std::size_t, std::size_t>> spans;     // (offset, size) in raw
  };
  using Progress = std::function<void(std::uint64_t position, std::uint64_t head)>;

  ProjectionRunner(const store::EventStore& store, ViewStore& views, RunnerOptions options);

  // Folds `batch` into `slot` (skipping events it has already applied).
  static void ApplyTo(Slot& slot, const Batch& batch);
  // Folds `batch` into every slot of `cohort`, over the fold pool when it pays.
  void FoldCohort(std::vector<Slot*>& cohort, const Batch& batch);

  // One round on the fold pool: decodes `raw`'s stored bytes into its events and folds
  // `decoded` into every slot of `cohort` (either may be null). On a damaged event of
  // `raw`, cuts raw->size there (the events before it stay good) and returns why.
  Status DecodeAndFold(Batch* raw, std::vector<Slot*>& cohort, const Batch* decoded);

  // Reads and decodes up to `max_count` events from `from_seq` into `batch`.
  Status ReadBatch(std::uint64_t from_seq, std::size_t max_count, Batch& batch) const;

  // One batch for the serving slots, then one for slots being rebuilt (a long way behind:
  // all of it, streamed); returns how many events of the log were read (0: every slot is
  // at the log's end). `stoppable`: on the tail thread, which ends a stream at a Stop.
  Result<std::size_t> Step(bool stoppable);
  Result<std::size_t> ApplyBatch(bool serving, bool stoppable);
  // Catching up from `from` to `until`: the decoding thread and the fold pool (above).
  Result<std::size_t> StreamBatches(bool serving, std::uint64_t from, std::uint64_t until,
                                    bool stoppable);
  // After a batch: snapshots every slot of `cohort` that is due (force: any with news).
  Status SnapshotDue(const std::vector<Slot*>& cohort, std::int64_t last_recorded_at_us,
                     bool live, bool force);
  Status SnapshotIfDue(Slot& slot, std::int64_t last_recorded_at_us, bool live, bool force);
  bool IsDue(Slot& slot, std::int64_t last_recorded_at_us, bool live, bool force) const;
  bool StopRequested() const;
  // Hands over to rebuilt versions that caught up with their serving version.
  Status PromoteCaughtUp();
  const Slot* ServingSlot(std::string_view name) const;  // views_mu_ held
  void RunTail();
  void SetFailure(Status status);

  const store::EventStore& store_;
  ViewStore& views_;
  const RunnerOptions options_;
  std::unique_ptr<internal::FoldPool> pool_;  // used by the catching-up / tail thread only
  const Progress* progress_ = nullptr;        // during CatchUp: its callback
  Batch live_batch_;                          // the tail thread's, recycled

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
