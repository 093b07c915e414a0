// FeedHub: the live feed's core. It tails the event log once and fans every committed
// event out to its consumers (SSE, WebSocket and TCP sessions, or any other reader),
// each through a bounded buffer of its own.
//
// - One live tail thread reads each committed event once (EventStore::WaitForSeq and
//   ScanRaw, so that the stored bytes travel as they are) and offers it to every live
//   consumer whose filter takes it. While there is no live consumer it reads nothing
//   and only follows the head: a consumer that comes later starts behind the tail and
//   catches up from the store, as below.
// - A consumer that starts behind the live tail catches up from the store first, on the
//   hub's catch-up thread(s), one batch per turn in round-robin and at the consumer's own
//   pace (it never overflows while catching up). Once its position reaches the live
//   tail's it joins the live fan-out under the same lock, so no event is skipped and none
//   is delivered twice.
// - A live consumer whose buffer is full (events or bytes) when the next matching event
//   comes is disconnected: its buffer is dropped and it gets an end "fell behind: resume
//   from seq N", N being the first seq it has not received (everything before N was
//   delivered to it or did not match its filter). Subscribing again from N continues
//   exactly where it left.
// - Writers never wait for consumers: the hub only reads the log; a slow consumer costs
//   at most its own buffer.
//
// Stop() ends every consumer with "server shutting down" and joins the hub's threads;
// the destructor calls it. The store must outlive the hub. A FeedSubscription may outlive
// the hub (sessions on an io_context drop theirs when they get to it).
//
// Thread safety: every method of FeedHub and FeedSubscription may be called from any
// thread; one FeedSubscription is meant for one consumer at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/server/feed/feed_filter.h"
#include "engine/server/feed/feed_query.h"
#include "engine/store/event_store.h"
#include "events/envelope.h"

namespace prospekt::feed {

// One committed event as the feed hands it out: shared by every consumer it goes to.
class FeedEvent {
 public:
  FeedEvent(Envelope envelope, std::string stored_bytes)
      : envelope_(std::move(envelope)), stored_bytes_(std::move(stored_bytes)) {}

  const Envelope& envelope() const { return envelope_; }
  std::uint64_t seq() const { return envelope_.seq; }
  // The Cap'n Proto envelope exactly as the log stores it (the hash chain's evidence).
  const std::string& stored_bytes() const { return stored_bytes_; }
  // EnvelopeToJson on one line, rendered once on first use. Thread-safe.
  const std::string& Json() const;

 private:
  const Envelope envelope_;
  const std::string stored_bytes_;
  mutable std::once_flag json_once_;
  mutable std::string json_;  // written once under json_once_
};
using FeedEventPtr = std::shared_ptr<const FeedEvent>;

enum class FeedEndReason : std::uint8_t {
  kFellBehind = 1,    // the consumer's buffer overflowed
  kShuttingDown = 2,  // FeedHub::Stop (or the transport's server stopping)
  kStoreError = 3,    // the log could not be read
};

// "fell_behind", "shutting_down", "store_error": stable names for JSON and metrics.
const char* FeedEndReasonName(FeedEndReason reason);

// Why a consumer's feed ended, and where to resume.
struct FeedEnd {
  FeedEndReason reason = FeedEndReason::kShuttingDown;
  // One line for people: "fell behind: resume from seq 42", "server shutting down:
  // resume from seq 42", "the log could not be read: ...".
  std::string message;
  // Subscribe again with from = resume_from to continue with no gap and no duplicate.
  std::uint64_t resume_from = 1;
};

struct FeedBatch {
  std::vector<FeedEventPtr> events;  // in seq order
  // Set (and `events` empty) once the feed ended; the subscription delivers nothing more.
  std::optional<FeedEnd> end;
};

struct FeedHubOptions {
  // Each consumer's buffer: events taken by the hub and not yet polled. A live consumer
  // is disconnected when the next matching event would exceed either bound. An event
  // larger than max_buffered_bytes still passes through an empty buffer.
  std::size_t max_buffered_events = 10'000;
  std::size_t max_buffered_bytes = std::size_t{16} << 20;  // stored envelope bytes
  // Events read from the store at a time, by the live tail and per catch-up turn.
  std::size_t read_batch = 512;
  // Threads that serve consumers catching up from the store (at least 1).
  std::size_t catch_up_threads = 1;
  // How long the live tail waits for an append before it checks for Stop() again.
  std::chrono::milliseconds poll_interval{100};
};

// Plain counters for the integrator to export (e.g. as Prometheus metrics).
struct FeedHubMetrics {
  std::uint64_t consumers = 0;         // subscribed now, not yet ended
  std::uint64_t catching_up = 0;       // of those, still reading history
  std::uint64_t subscribed_total = 0;  // every Subscribe since the start
  std::uint64_t events_sent = 0;       // events handed to consumers (by Poll)
  std::uint64_t bytes_sent = 0;        // their stored bytes
  std::uint64_t live_seq = 0;          // the next seq the live tail will read
  // Ends by reason, and consumers that left on their own (subscription dropped first).
  std::uint64_t disconnects_fell_behind = 0;
  std::uint64_t disconnects_shutting_down = 0;
  std::uint64_t disconnects_store_error = 0;
  std::uint64_t disconnects_closed = 0;
};

namespace internal {
struct HubCore;
struct Consumer;
}  // namespace internal

// One consumer's view of the feed. Dropping it unsubscribes.
class FeedSubscription {
 public:
  ~FeedSubscription();
  FeedSubscription(const FeedSubscription&) = delete;
  FeedSubscription& operator=(const FeedSubscription&) = delete;

  // Takes up to `max_events` buffered events without blocking. Once the feed ended,
  // returns the end (every time it is asked).
  FeedBatch Poll(std::size_t max_events = SIZE_MAX);
  // As Poll, but first waits up to `timeout` for an event or the end; an empty batch
  // without an end means the time ran out.
  FeedBatch Wait(std::size_t max_events, std::chrono::milliseconds timeout);
  // The end, if the feed ended (without taking anything).
  std::optional<FeedEnd> end() const;

  // The seq this subscription started from (the resolved `from`).
  std::uint64_t start_seq() const;
  // The seq to resume from if the consumer stopped now: the first seq not yet handed out
  // by Poll that might match (the events before it were delivered or did not match).
  std::uint64_t resume_from() const;

 private:
  friend class FeedHub;
  FeedSubscription(std::shared_ptr<internal::HubCore> core,
                   std::shared_ptr<internal::Consumer> consumer);

  std::shared_ptr<internal::HubCore> core_;
  std::shared_ptr<internal::Consumer> consumer_;
};

class FeedHub {
 public:
  // Starts the live tail at the store's current head and the catch-up threads. `store`
  // must outlive the hub.
  explicit FeedHub(const store::EventStore& store, FeedHubOptions options = {});
  ~FeedHub();
  FeedHub(const FeedHub&) = delete;
  FeedHub& operator=(const FeedHub&) = delete;

  // A consumer of the events with seq >= from_seq (from_seq 0 means 1) that match
  // `filter`; from_seq nullopt: live only, from the next event the hub reads. A
  // from_seq past the head waits for that seq.
  //
  // `notify`, if given, is called (on a hub thread, or on the calling thread) whenever
  // the subscription gets something to Poll: events after an empty buffer, or the end.
  // It must be quick, must not block and must not destroy the subscription: a session
  // posts to its strand and polls there. It is never called once the subscription's
  // destructor has returned. It tells of changes after Subscribe returns, so poll once
  // after subscribing: after Stop(), for one, the subscription is born ended.
  std::unique_ptr<FeedSubscription> Subscribe(std::optional<std::uint64_t> from_seq,
                                              FeedFilter filter, std::function<void()> notify = {});
  std::unique_ptr<FeedSubscription> Subscribe(const FeedQuery& query,
                                              std::function<void()> notify = {}) {
    return Subscribe(query.from_seq, query.filter, std::move(notify));
  }

  // Ends every consumer with "server shutting down" and joins the hub's threads.
  // Idempotent; returns within about poll_interval.
  void Stop();

  FeedHubMetrics Metrics() const;
  const FeedHubOptions& options() const;
  // The store's head seq (the last committed event).
  std::uint64_t HeadSeq() const;

 private:
  void RunLiveTail();
  void RunCatchUp();

  std::shared_ptr<internal::HubCore> core_;
  std::mutex stop_mu_;                // serialises Stop()
  std::vector<std::thread> threads_;  // Guarded by stop_mu_ (after the constructor).
};

}  // namespace prospekt::feed
