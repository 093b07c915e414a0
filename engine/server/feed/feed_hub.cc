#include "engine/server/feed/feed_hub.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <condition_variable>
#include <deque>

#include "engine/store/checked_scan.h"
#include "events/envelope_json.h"

namespace prospekt::feed {
namespace internal {

// One consumer's state, shared by its FeedSubscription and the hub.
struct Consumer {
  Consumer(FeedFilter filter_in, std::function<void()> notify_in)
      : filter(std::move(filter_in)), notify(std::move(notify_in)) {}

  const FeedFilter filter;
  const std::function<void()> notify;

  // Guarded by HubCore::mu:
  std::uint64_t start_seq = 1;
  // Invariant: every event before next_seq is in `buffer`, was polled, or did not match.
  std::uint64_t next_seq = 1;
  bool live = false;        // false while catching up from the store
  bool reading = false;     // a catch-up thread is reading for it now
  bool registered = false;  // in HubCore::consumers
  std::deque<FeedEventPtr> buffer;
  std::size_t buffered_bytes = 0;
  std::optional<FeedEnd> end;
  std::condition_variable ready;  // signalled when `buffer` fills or `end` is set

  // Serialises calls of `notify` with the subscription's destructor.
  std::mutex notify_mu;
  bool closed = false;  // Guarded by notify_mu.

  std::uint64_t ResumeFromLocked() const {
    return buffer.empty() ? next_seq : buffer.front()->seq();
  }
};

struct HubCore {
  HubCore(const store::EventStore& store_in, FeedHubOptions options_in)
      : store(store_in), options(std::move(options_in)) {}

  const store::EventStore& store;
  const FeedHubOptions options;

  mutable std::mutex mu;
  std::condition_variable catch_up_cv;  // catch-up threads wait for work here
  std::condition_variable stop_cv;      // the live tail's pause after a read error
  bool stopping = false;                // Guarded by mu.
  std::uint64_t live_seq = 1;           // the next seq the live tail reads. Guarded by mu.
  // The consumers not yet ended nor dropped. Guarded by mu.
  std::vector<std::shared_ptr<Consumer>> consumers;
  std::size_t catch_up_cursor = 0;  // round-robin position. Guarded by mu.
  FeedHubMetrics counters;          // the totals of Metrics(). Guarded by mu.

  // Whether an event of `bytes` fits beside `count` events of `buffered` bytes.
  bool Fits(std::size_t count, std::size_t buffered, std::size_t bytes) const {
    return count == 0 ||
           (count < options.max_buffered_events && buffered + bytes <= options.max_buffered_bytes);
  }

  // Ends `consumer`: drops its buffer, sets the end, signals it; the caller removes it
  // from `consumers` and notifies it after unlocking.
  void EndLocked(Consumer& consumer, FeedEndReason reason, const std::string& why) {
    if (consumer.end) return;
    const std::uint64_t resume_from = consumer.ResumeFromLocked();
    consumer.end =
        FeedEnd{reason, why + ": resume from seq " + std::to_string(resume_from), resume_from};
    consumer.buffer.clear();
    consumer.buffered_bytes = 0;
    consumer.registered = false;
    switch (reason) {
      case FeedEndReason::kFellBehind:
        ++counters.disconnects_fell_behind;
        break;
      case FeedEndReason::kShuttingDown:
        ++counters.disconnects_shutting_down;
        break;
      case FeedEndReason::kStoreError:
        ++counters.disconnects_store_error;
        break;
    }
    consumer.ready.notify_all();
  }

  void RemoveEndedLocked() {
    std::erase_if(consumers, [](const std::shared_ptr<Consumer>& c) { return !c->registered; });
  }

  FeedBatch PollLocked(Consumer& consumer, std::size_t max_events) {
    FeedBatch batch;
    if (consumer.end) {
      batch.end = consumer.end;
      return batch;
    }
    const std::size_t count = std::min(max_events, consumer.buffer.size());
    batch.events.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      FeedEventPtr event = std::move(consumer.buffer.front());
      consumer.buffer.pop_front();
      consumer.buffered_bytes -= event->stored_bytes().size();
      counters.bytes_sent += event->stored_bytes().size();
      batch.events.push_back(std::move(event));
    }
    counters.events_sent += count;
    // Room freed for a consumer still catching up: its reader may go on.
    if (count > 0 && !consumer.live) catch_up_cv.notify_all();
    return batch;
  }
};

namespace {

// Calls the consumers' notify callbacks; without HubCore::mu held.
void Notify(const std::vector<std::shared_ptr<Consumer>>& consumers) {
  for (const std::shared_ptr<Consumer>& consumer : consumers) {
    std::lock_guard lock(consumer->notify_mu);
    if (!consumer->closed && consumer->notify) consumer->notify();
  }
}

// Visits the committed events from `from_seq` on, at most `max_count`, decoded and with
// their stored bytes, until `visit` returns false. Corruption as store::ScanChecked says,
// or when the log ends before its committed head.
Status ScanCommitted(const store::EventStore& store, std::uint64_t from_seq, std::size_t max_count,
                     const std::function<bool(Envelope&&, std::string_view)>& visit) {
  const std::uint64_t head = store.Head().last_seq;
  if (from_seq > head || max_count == 0) return Status::Ok();
  std::size_t scanned = 0;
  PROSPEKT_RETURN_IF_ERROR(
      store::ScanChecked(store, from_seq, [&](Envelope&& envelope, std::string_view bytes) {
        const std::uint64_t seq = envelope.seq;
        if (seq > head) return false;
        ++scanned;
        return visit(std::move(envelope), bytes) && scanned < max_count && seq < head;
      }));
  if (scanned == 0) {
    // Invariant: the head is committed, so its events are there to read.
    return Status::Corruption("the log ends before seq " + std::to_string(from_seq) +
                              " although its head is seq " + std::to_string(head));
  }
  return Status::Ok();
}

std::string StoreErrorWhy(const Status& status) {
  return "the log could not be read (" + status.ToString() + ")";
}

}  // namespace
}  // namespace internal

using internal::Consumer;
using internal::HubCore;

const std::string& FeedEvent::Json() const {
  std::call_once(json_once_, [this] {
    json_ = EnvelopeToJson(envelope_).dump(-1, ' ', /*ensure_ascii=*/false,
                                           nlohmann::json::error_handler_t::replace);
  });
  return json_;
}

const char* FeedEndReasonName(FeedEndReason reason) {
  switch (reason) {
    case FeedEndReason::kFellBehind:
      return "fell_behind";
    case FeedEndReason::kShuttingDown:
      return "shutting_down";
    case FeedEndReason::kStoreError:
      return "store_error";
  }
  return "unknown";
}

// --- FeedSubscription ---

FeedSubscription::FeedSubscription(std::shared_ptr<HubCore> core,
                                   std::shared_ptr<Consumer> consumer)
    : core_(std::move(core)), consumer_(std::move(consumer)) {}

FeedSubscription::~FeedSubscription() {
  {
    std::lock_guard lock(core_->mu);
    if (consumer_->registered) {
      consumer_->registered = false;
      ++core_->counters.disconnects_closed;
      core_->RemoveEndedLocked();
    }
  }
  // Waits for a notify in progress; none starts after this.
  std::lock_guard lock(consumer_->notify_mu);
  consumer_->closed = true;
}

FeedBatch FeedSubscription::Poll(std::size_t max_events) {
  std::lock_guard lock(core_->mu);
  return core_->PollLocked(*consumer_, max_events);
}

FeedBatch FeedSubscription::Wait(std::size_t max_events, std::chrono::milliseconds timeout) {
  std::unique_lock lock(core_->mu);
  consumer_->ready.wait_for(lock, timeout,
                            [&] { return consumer_->end || !consumer_->buffer.empty(); });
  return core_->PollLocked(*consumer_, max_events);
}

std::optional<FeedEnd> FeedSubscription::end() const {
  std::lock_guard lock(core_->mu);
  return consumer_->end;
}

std::uint64_t FeedSubscription::start_seq() const {
  std::lock_guard lock(core_->mu);
  return consumer_->start_seq;
}

std::uint64_t FeedSubscription::resume_from() const {
  std::lock_guard lock(core_->mu);
  return consumer_->end ? consumer_->end->resume_from : consumer_->ResumeFromLocked();
}

// --- FeedHub ---

FeedHub::FeedHub(const store::EventStore& store, FeedHubOptions options)
    : core_(std::make_shared<HubCore>(store, std::move(options))) {
  core_->live_seq = store.Head().last_seq + 1;
  threads_.emplace_back([this] { RunLiveTail(); });
  const std::size_t catch_up = std::max<std::size_t>(core_->options.catch_up_threads, 1);
  for (std::size_t i = 0; i < catch_up; ++i) threads_.emplace_back([this] { RunCatchUp(); });
}

FeedHub::~FeedHub() { Stop(); }

const FeedHubOptions& FeedHub::options() const { return core_->options; }

std::uint64_t FeedHub::HeadSeq() const { return core_->store.Head().last_seq; }

std::unique_ptr<FeedSubscription> FeedHub::Subscribe(std::optional<std::uint64_t> from_seq,
                                                     FeedFilter filter,
                                                     std::function<void()> notify) {
  auto consumer = std::make_shared<Consumer>(std::move(filter), std::move(notify));
  std::lock_guard lock(core_->mu);
  ++core_->counters.subscribed_total;
  const std::uint64_t start = from_seq ? std::max<std::uint64_t>(*from_seq, 1) : core_->live_seq;
  consumer->start_seq = start;
  consumer->next_seq = start;
  if (core_->stopping) {
    core_->EndLocked(*consumer, FeedEndReason::kShuttingDown, "server shutting down");
  } else {
    consumer->live = start >= core_->live_seq;
    consumer->registered = true;
    core_->consumers.push_back(consumer);
    if (!consumer->live) core_->catch_up_cv.notify_one();
  }
  return std::unique_ptr<FeedSubscription>(new FeedSubscription(core_, std::move(consumer)));
}

void FeedHub::Stop() {
  std::lock_guard stop_lock(stop_mu_);
  std::vector<std::shared_ptr<Consumer>> ended;
  {
    std::lock_guard lock(core_->mu);
    core_->stopping = true;
    for (const std::shared_ptr<Consumer>& consumer : core_->consumers) {
      core_->EndLocked(*consumer, FeedEndReason::kShuttingDown, "server shutting down");
      ended.push_back(consumer);
    }
    core_->RemoveEndedLocked();
  }
  core_->catch_up_cv.notify_all();
  core_->stop_cv.notify_all();
  internal::Notify(ended);
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

FeedHubMetrics FeedHub::Metrics() const {
  std::lock_guard lock(core_->mu);
  FeedHubMetrics metrics = core_->counters;
  metrics.consumers = core_->consumers.size();
  metrics.catching_up = static_cast<std::uint64_t>(
      std::count_if(core_->consumers.begin(), core_->consumers.end(),
                    [](const std::shared_ptr<Consumer>& c) { return !c->live; }));
  metrics.live_seq = core_->live_seq;
  return metrics;
}

void FeedHub::RunLiveTail() {
  HubCore& core = *core_;
  std::uint64_t next;
  {
    std::lock_guard lock(core.mu);
    next = core.live_seq;
  }
  while (true) {
    {
      std::lock_guard lock(core.mu);
      if (core.stopping) return;
    }
    if (!core.store.WaitForSeq(next, core.options.poll_interval)) continue;
    {
      // Nobody to hand the events to: they pass unread. A consumer that comes later
      // from an earlier seq catches up from the store to here, as any other.
      std::lock_guard lock(core.mu);
      if (core.consumers.empty()) {
        next = std::max(next, core.store.Head().last_seq + 1);
        core.live_seq = next;
        continue;
      }
    }

    std::vector<FeedEventPtr> batch;
    Status read = internal::ScanCommitted(core.store, next, core.options.read_batch,
                                          [&](Envelope&& envelope, std::string_view bytes) {
                                            batch.push_back(std::make_shared<const FeedEvent>(
                                                std::move(envelope), std::string(bytes)));
                                            return true;
                                          });

    std::vector<std::shared_ptr<Consumer>> to_notify;
    if (!read.ok()) {
      // Nobody can be served past this point: end everyone with the reason, then retry
      // (an IOError may pass) for the consumers that come back.
      std::unique_lock lock(core.mu);
      for (const std::shared_ptr<Consumer>& consumer : core.consumers) {
        core.EndLocked(*consumer, FeedEndReason::kStoreError, internal::StoreErrorWhy(read));
        to_notify.push_back(consumer);
      }
      core.RemoveEndedLocked();
      lock.unlock();
      internal::Notify(to_notify);
      lock.lock();
      core.stop_cv.wait_for(lock, core.options.poll_interval, [&] { return core.stopping; });
      continue;
    }
    if (batch.empty()) continue;

    {
      std::lock_guard lock(core.mu);
      for (const std::shared_ptr<Consumer>& consumer : core.consumers) {
        if (!consumer->live) continue;
        const bool was_empty = consumer->buffer.empty();
        for (const FeedEventPtr& event : batch) {
          if (event->seq() < consumer->next_seq) continue;  // it has this one from catch-up
          if (consumer->filter.Matches(event->envelope())) {
            if (!core.Fits(consumer->buffer.size(), consumer->buffered_bytes,
                           event->stored_bytes().size())) {
              core.EndLocked(*consumer, FeedEndReason::kFellBehind, "fell behind");
              break;
            }
            consumer->buffered_bytes += event->stored_bytes().size();
            consumer->buffer.push_back(event);
          }
          consumer->next_seq = event->seq() + 1;
        }
        if (consumer->end) {
          to_notify.push_back(consumer);
        } else if (was_empty && !consumer->buffer.empty()) {
          consumer->ready.notify_all();
          to_notify.push_back(consumer);
        }
      }
      core.RemoveEndedLocked();
      next = batch.back()->seq() + 1;
      core.live_seq = next;
    }
    internal::Notify(to_notify);
  }
}

void FeedHub::RunCatchUp() {
  HubCore& core = *core_;
  while (true) {
    std::shared_ptr<Consumer> consumer;
    std::uint64_t from = 0;
    std::size_t buffered_count = 0;
    std::size_t buffered_bytes = 0;
    {
      std::unique_lock lock(core.mu);
      // The next consumer in turn that is catching up, not being read for, with room.
      auto pick = [&]() -> std::shared_ptr<Consumer> {
        const std::size_t n = core.consumers.size();
        for (std::size_t i = 0; i < n; ++i) {
          const std::size_t index = (core.catch_up_cursor + i) % n;
          const std::shared_ptr<Consumer>& c = core.consumers[index];
          if (c->live || c->reading) continue;
          if (!c->buffer.empty() && (c->buffer.size() >= core.options.max_buffered_events ||
                                     c->buffered_bytes >= core.options.max_buffered_bytes)) {
            continue;
          }
          core.catch_up_cursor = index + 1;
          return c;
        }
        return nullptr;
      };
      core.catch_up_cv.wait(lock, [&] { return core.stopping || (consumer = pick()) != nullptr; });
      if (core.stopping) return;
      consumer->reading = true;
      from = consumer->next_seq;
      buffered_count = consumer->buffer.size();
      buffered_bytes = consumer->buffered_bytes;
    }

    // Read outside the lock: the live tail and the other consumers go on meanwhile. The
    // buffer only shrinks meanwhile (nobody else adds to a consumer catching up), so the
    // room measured above is there.
    std::vector<FeedEventPtr> taken;
    std::uint64_t next = from;
    Status read = internal::ScanCommitted(
        core.store, from, core.options.read_batch,
        [&](Envelope&& envelope, std::string_view bytes) {
          const std::uint64_t seq = envelope.seq;
          if (consumer->filter.Matches(envelope)) {
            if (!core.Fits(buffered_count + taken.size(), buffered_bytes, bytes.size())) {
              return false;  // next stays at this event: it comes in a later turn
            }
            buffered_bytes += bytes.size();
            taken.push_back(
                std::make_shared<const FeedEvent>(std::move(envelope), std::string(bytes)));
          }
          next = seq + 1;
          return true;
        });

    std::vector<std::shared_ptr<Consumer>> to_notify;
    {
      std::lock_guard lock(core.mu);
      consumer->reading = false;
      if (!consumer->registered) continue;  // dropped or ended meanwhile
      if (!read.ok()) {
        core.EndLocked(*consumer, FeedEndReason::kStoreError, internal::StoreErrorWhy(read));
        core.RemoveEndedLocked();
        to_notify.push_back(consumer);
      } else {
        const bool was_empty = consumer->buffer.empty();
        for (FeedEventPtr& event : taken) {
          consumer->buffered_bytes += event->stored_bytes().size();
          consumer->buffer.push_back(std::move(event));
        }
        consumer->next_seq = next;
        // Joining: the live tail has offered every event before live_seq to the live
        // consumers; this one has everything before next_seq. From now on the tail
        // offers it the events from live_seq on and skips those before next_seq.
        if (next >= core.live_seq) consumer->live = true;
        if (was_empty && !consumer->buffer.empty()) {
          consumer->ready.notify_all();
          to_notify.push_back(consumer);
        }
      }
    }
    internal::Notify(to_notify);
  }
}

}  // namespace prospekt::feed
