// ChangeNotices: "something you look at changed, as of seq N", told to whoever watches
// a scope (a branch's dashboard, say) — the live refresh of a screen, for readers who
// may not see the events themselves.
//
// One reader tails the log (it is no FeedHub consumer: it has no buffer to overflow and
// does not show in the feed's metrics) and hands the events of interest (`types`) to
// a `classify` function, which says which scopes each one touches (or all of them);
// each watcher of a touched scope then holds the seq of the latest such event until it
// takes it. Notices coalesce into that one number, so a watcher never falls behind and
// a busy log costs a watcher one notice per take, however many events touched it. The
// cost per event is its classification plus its touched scopes' watchers, not the
// number of watchers.
//
// - A watcher starting at `from_seq` (the seq after the state its reader shows) that
//   the notices have already passed gets, at once, the latest seq they reached:
//   something may have changed meanwhile, so its reader refreshes once.
// - While nobody watches, the reader classifies nothing and only follows the head: a
//   watcher that comes later, from before that position, is told at once (as above).
// - The reader goes at its own pace (a slow classifier delays notices, loses none).
//   When the log cannot be read it tries again after poll_interval; its watchers hear
//   nothing meanwhile.
// - Stop() ends every watcher with "server shutting down"; later watchers are born
//   ended.
//
// Thread safety: every method may be called from any thread. `classify` runs on the
// reader's thread and may block (wait for a projection to catch up). A watcher's
// `notify` is called on that thread (or Stop's) when the watcher gets something to
// take after having nothing, or its end; it must be quick, must not block and must not
// destroy the watcher, and it is never called once the watcher's destructor returned.
// A watcher may be born with something to take, or ended: take once after Watch.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/server/feed/feed_hub.h"
#include "engine/store/event_store.h"
#include "events/envelope.h"

namespace prospekt::feed {

// The scopes one event touches.
struct ScopesTouched {
  bool all = false;
  std::vector<std::string> scopes;  // when not all
};

struct ChangeNoticesOptions {
  std::size_t read_batch = 512;                  // events read and classified at a time
  std::chrono::milliseconds poll_interval{100};  // how often Stop is checked for
};

namespace internal {
struct ChangeWatcher;
struct ChangeCore;
}  // namespace internal

class ChangeWatch {
 public:
  ~ChangeWatch();
  ChangeWatch(const ChangeWatch&) = delete;
  ChangeWatch& operator=(const ChangeWatch&) = delete;

  // The seq of the latest event that touched the scope since the last Take (or the
  // start), and forgets it; nullopt when there is none.
  std::optional<std::uint64_t> Take();
  // The end, once the notices ended (the server stopping).
  std::optional<FeedEnd> end() const;

 private:
  friend class ChangeNotices;
  ChangeWatch(std::shared_ptr<internal::ChangeCore> core,
              std::shared_ptr<internal::ChangeWatcher> watcher);
  std::shared_ptr<internal::ChangeCore> core_;
  std::shared_ptr<internal::ChangeWatcher> watcher_;
};

class ChangeNotices {
 public:
  // One ScopesTouched per event, in order.
  using Classify = std::function<std::vector<ScopesTouched>(const std::vector<Envelope>&)>;

  // Starts reading `store` live from its head, events of `types` only (empty: all).
  // The store must outlive this.
  ChangeNotices(const store::EventStore& store, std::vector<std::string> types, Classify classify,
                ChangeNoticesOptions options = {});
  ~ChangeNotices();  // Stop()
  ChangeNotices(const ChangeNotices&) = delete;
  ChangeNotices& operator=(const ChangeNotices&) = delete;

  // Watches `scope` for changes at seq >= from_seq (see the header comment).
  std::unique_ptr<ChangeWatch> Watch(std::string scope, std::uint64_t from_seq,
                                     std::function<void()> notify = {});

  // The last seq read (every event up to it was told to its watchers).
  std::uint64_t position() const;
  std::size_t watchers() const;

  // Ends every watcher with "server shutting down" and joins the reader. Idempotent.
  void Stop();

 private:
  void Run();
  // Reads and tells the events after position(); false when there was nothing new or
  // the log could not be read.
  bool Step();

  const store::EventStore& store_;
  const std::vector<std::string> types_;  // sorted
  const Classify classify_;
  const ChangeNoticesOptions options_;
  std::shared_ptr<internal::ChangeCore> core_;
  std::thread thread_;
};

}  // namespace prospekt::feed
