#include "engine/server/feed/change_notices.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <utility>

#include "engine/store/checked_scan.h"

namespace prospekt::feed {
namespace internal {

struct ChangeWatcher {
  ChangeWatcher(std::string scope_in, std::function<void()> notify_in)
      : scope(std::move(scope_in)), notify(std::move(notify_in)) {}
  const std::string scope;
  const std::function<void()> notify;
  std::uint64_t pending = 0;   // 0: nothing to take. Guarded by ChangeCore::mu.
  std::optional<FeedEnd> end;  // Guarded by ChangeCore::mu.
};

struct ChangeCore {
  mutable std::mutex mu;
  std::multimap<std::string, std::shared_ptr<ChangeWatcher>, std::less<>>
      by_scope;                // Guarded by mu.
  std::uint64_t position = 0;  // the last seq classified. Guarded by mu.
  std::optional<FeedEnd> end;  // once ended. Guarded by mu.
  std::atomic<bool> stop{false};

  // Under mu: `watcher` learns of a change at `seq`, and is told if it had nothing.
  static void Tell(ChangeWatcher& watcher, std::uint64_t seq) {
    if (watcher.end) return;
    const bool had_nothing = watcher.pending == 0;
    watcher.pending = std::max(watcher.pending, seq);
    if (had_nothing && watcher.notify) watcher.notify();
  }

  // Under mu.
  void EndAll(const FeedEnd& ending) {
    if (end) return;
    end = ending;
    for (auto& [scope, watcher] : by_scope) {
      watcher->end = ending;
      if (watcher->notify) watcher->notify();
    }
  }
};

}  // namespace internal

ChangeWatch::ChangeWatch(std::shared_ptr<internal::ChangeCore> core,
                         std::shared_ptr<internal::ChangeWatcher> watcher)
    : core_(std::move(core)), watcher_(std::move(watcher)) {}

ChangeWatch::~ChangeWatch() {
  std::lock_guard lock(core_->mu);
  auto [first, last] = core_->by_scope.equal_range(watcher_->scope);
  for (auto at = first; at != last; ++at) {
    if (at->second == watcher_) {
      core_->by_scope.erase(at);
      break;
    }
  }
}

std::optional<std::uint64_t> ChangeWatch::Take() {
  std::lock_guard lock(core_->mu);
  if (watcher_->pending == 0) return std::nullopt;
  return std::exchange(watcher_->pending, 0);
}

std::optional<FeedEnd> ChangeWatch::end() const {
  std::lock_guard lock(core_->mu);
  return watcher_->end;
}

ChangeNotices::ChangeNotices(const store::EventStore& store, std::vector<std::string> types,
                             Classify classify, ChangeNoticesOptions options)
    : store_(store),
      types_([&types] {
        std::sort(types.begin(), types.end());
        return std::move(types);
      }()),
      classify_(std::move(classify)),
      options_(options),
      core_(std::make_shared<internal::ChangeCore>()) {
  core_->position = store_.Head().last_seq;
  thread_ = std::thread([this] { Run(); });
}

ChangeNotices::~ChangeNotices() { Stop(); }

void ChangeNotices::Stop() {
  core_->stop = true;
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(core_->mu);
  core_->EndAll(
      {FeedEndReason::kShuttingDown, "server shutting down: watch again", core_->position + 1});
}

std::unique_ptr<ChangeWatch> ChangeNotices::Watch(std::string scope, std::uint64_t from_seq,
                                                  std::function<void()> notify) {
  auto watcher = std::make_shared<internal::ChangeWatcher>(std::move(scope), std::move(notify));
  std::lock_guard lock(core_->mu);
  if (core_->end) {
    watcher->end = core_->end;
  } else if (from_seq <= core_->position) {
    watcher->pending = core_->position;  // passed unwatched: maybe changed
  }
  core_->by_scope.emplace(watcher->scope, watcher);
  return std::unique_ptr<ChangeWatch>(new ChangeWatch(core_, std::move(watcher)));
}

std::uint64_t ChangeNotices::position() const {
  std::lock_guard lock(core_->mu);
  return core_->position;
}

std::size_t ChangeNotices::watchers() const {
  std::lock_guard lock(core_->mu);
  return core_->by_scope.size();
}

void ChangeNotices::Run() {
  while (!core_->stop) {
    if (Step()) continue;
    // Nothing new, or a read failed: wait for the next append (or the retry).
    std::uint64_t next = 0;
    {
      std::lock_guard lock(core_->mu);
      next = core_->position + 1;
    }
    store_.WaitForSeq(next, options_.poll_interval);
  }
}

bool ChangeNotices::Step() {
  const std::uint64_t head = store_.Head().last_seq;
  std::uint64_t from = 0;
  {
    std::lock_guard lock(core_->mu);
    from = core_->position + 1;
    if (from > head) return false;
    // Nobody watches: the events pass unread (nothing to classify them for). A watcher
    // that comes later, from before the new position, is told at once.
    if (core_->by_scope.empty()) {
      core_->position = head;
      return true;
    }
  }
  std::vector<Envelope> events;
  std::uint64_t reached = from - 1;
  std::size_t scanned = 0;
  Status read = store::ScanChecked(store_, from, [&](Envelope&& envelope, std::string_view) {
    if (envelope.seq > head) return false;
    reached = envelope.seq;
    if (types_.empty() || std::binary_search(types_.begin(), types_.end(), envelope.event_type)) {
      events.push_back(std::move(envelope));
    }
    return ++scanned < options_.read_batch && reached < head;
  });
  if (!read.ok() || reached < from) return false;  // tried again after poll_interval
  std::vector<ScopesTouched> touched;
  if (!events.empty()) touched = classify_(events);
  std::lock_guard lock(core_->mu);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::uint64_t seq = events[i].seq;
    // An answer missing (a classifier's bug) is read as "every scope".
    if (i >= touched.size() || touched[i].all) {
      for (auto& [scope, watcher] : core_->by_scope) internal::ChangeCore::Tell(*watcher, seq);
      continue;
    }
    for (const std::string& scope : touched[i].scopes) {
      auto [first, last] = core_->by_scope.equal_range(scope);
      for (auto at = first; at != last; ++at) internal::ChangeCore::Tell(*at->second, seq);
    }
  }
  core_->position = reached;
  return true;
}

}  // namespace prospekt::feed
