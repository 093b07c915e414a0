// Projection: a read model folded from the log, and the adapter that turns a pure fold
// into one.
//
// A projection is a view struct and a pure function
//   void Evolve(View& view, const Envelope& envelope, const domain::DomainEvent& event);
// that does no I/O and never reads the clock, so replaying the same log builds the same
// view. FoldProjection<View> wraps the pair for the runner (runner.h), which feeds it
// every domain event of the log in seq order, snapshots it (view + checkpoint in one
// write) and serves queries from it.
//
// Each projection has a name and a version. The version is part of where its snapshots
// live: changing a view's fields or its fold bumps the version, and the runner rebuilds
// the new version from the log while the old one, if still registered, keeps serving.
//
// Not thread-safe: the runner serialises Apply against readers.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/internal/id_table.h"
#include "projections/internal/subjects.h"
#include "projections/internal/view_codec.h"

namespace prospekt::projections {

// How long a projection's snapshots are kept.
enum class SnapshotRetention : std::uint8_t {
  // Every snapshot, so that "as of seq S" starts from the nearest one (time travel).
  kAll,
  // Only the latest, as a checkpoint: for append-only indexes whose queries filter by
  // seq themselves and whose snapshots would only repeat a growing list.
  kLatest,
};

// How often a projection is snapshotted (RunnerOptions has the numbers).
enum class SnapshotCadence : std::uint8_t {
  // Every snapshot_every events, and less often once its snapshots grow big: at most
  // about snapshot_bytes_per_event bytes of snapshot per event folded.
  kBoundedBySize,
  // Every snapshot_every events whatever its size: for the view asked "as of" most
  // (the branch dashboards), so that such a query folds few events on its snapshot.
  kEveryN,
};

class Projection {
 public:
  virtual ~Projection() = default;

  virtual std::string_view name() const = 0;
  virtual std::uint32_t version() const = 0;
  virtual SnapshotRetention retention() const = 0;
  virtual SnapshotCadence cadence() const { return SnapshotCadence::kBoundedBySize; }

  // An empty instance of the same projection and version.
  virtual std::unique_ptr<Projection> NewEmpty() const = 0;

  // Folds one domain event of the log.
  virtual void Apply(const Envelope& envelope, const domain::DomainEvent& event) = 0;
  // A hint, given a few events before `event` is applied: start loading the memory its
  // fold will touch (default: nothing). Changes nothing; a fold over a bank's clients
  // otherwise waits for cache misses per event. kIndex comes first (the id's slot in the
  // view's index), kState a few events later (the client's entry, found through it).
  enum class PrefetchStep : std::uint8_t { kIndex, kState };
  virtual void Prefetch(const domain::DomainEvent& event, PrefetchStep step) const {
    (void)event;
    (void)step;
  }

  // The view's snapshot encoding, and back (false: the bytes are not a view of this
  // projection version; the view is then unspecified and must be discarded).
  virtual std::string Encode() const = 0;
  virtual bool Decode(std::string_view bytes) = 0;
};

// The identity of a projection: its name and version, and how its snapshots are kept.
struct ProjectionId {
  std::string_view name;
  std::uint32_t version = 1;
  SnapshotRetention retention = SnapshotRetention::kAll;
  SnapshotCadence cadence = SnapshotCadence::kBoundedBySize;
};

// A projection made of a View and its Evolve function (found by argument-dependent
// lookup in View's namespace).
template <class View>
class FoldProjection final : public Projection {
 public:
  explicit FoldProjection(ProjectionId id) : id_(id) {}

  std::string_view name() const override { return id_.name; }
  std::uint32_t version() const override { return id_.version; }
  SnapshotRetention retention() const override { return id_.retention; }
  SnapshotCadence cadence() const override { return id_.cadence; }
  std::unique_ptr<Projection> NewEmpty() const override {
    return std::make_unique<FoldProjection<View>>(id_);
  }
  void Apply(const Envelope& envelope, const domain::DomainEvent& event) override {
    Evolve(view_, envelope, event);
  }
  // Views that intern client ids: the slots of the event's clients; then, for views
  // that declare PrefetchClient(view, index) beside them, the clients' entries.
  void Prefetch(const domain::DomainEvent& event, PrefetchStep step) const override {
    if constexpr (requires { view_.client_ids.Prefetch(std::string_view()); }) {
      for (const std::string* id : internal::ClientsOf(event)) {
        if (step == PrefetchStep::kIndex) {
          view_.client_ids.Prefetch(*id);
        } else if constexpr (requires { PrefetchClient(view_, std::uint32_t{}); }) {
          const std::uint32_t index = view_.client_ids.Find(*id);
          if (index != internal::IdTable::kNone) PrefetchClient(view_, index);
        }
      }
    }
  }
  std::string Encode() const override {
    const std::size_t hint = last_encoded_size_.load(std::memory_order_relaxed);
    std::string bytes = internal::EncodeView(view_, hint + hint / 8);
    last_encoded_size_.store(bytes.size(), std::memory_order_relaxed);
    return bytes;
  }
  bool Decode(std::string_view bytes) override {
    view_ = View{};
    return internal::DecodeView(bytes, view_);
  }

  const View& view() const { return view_; }

 private:
  ProjectionId id_;
  View view_;
  // The last encoding's size: a hint for the next one's buffer, not part of the view.
  mutable std::atomic<std::size_t> last_encoded_size_{0};
};

}  // namespace prospekt::projections
