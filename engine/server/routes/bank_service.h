// BankService: everything one prospektd serves for one bank, opened together and
// closed in order — the write side (domain::Executor over the event log in DATA), the
// read side (the projections in DATA.views, kept live by a ProjectionRunner), the live
// feed (a FeedHub tailing the log), access control (the access log in DATA.access and the
// Credentials folded from it), two small thread pools (blocking work; answers of appended
// commands), and the metrics registry the HTTP server and the store report to.
//
// The routes (routes.h) borrow these pieces; nothing here knows HTTP. Open catches the
// projections up before it returns (so the first answers reflect the whole log), then
// starts their live tail.
//
// Ownership: the service owns every piece; Close (or the destructor) stops the tail,
// waits for the pool's work, and closes the Executor (closing snapshot) and the access
// log. Thread-safe accessors; the pieces document their own thread safety.
#pragma once

#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "engine/access/access_log.h"
#include "engine/access/credentials.h"
#include "engine/domain/executor.h"
#include "engine/server/feed/change_notices.h"
#include "engine/server/feed/feed_hub.h"
#include "engine/server/metrics.h"
#include "engine/store/event_store.h"
#include "events/status.h"
#include "projections/runner.h"
#include "projections/view_store.h"
#include "replay/verify_chain.h"

namespace prospekt::server {

struct BankServiceOptions {
  std::filesystem::path data;    // the event log's folder
  std::filesystem::path views;   // "": DATA.views
  std::filesystem::path access;  // "": DATA.access
  // Durable appends (off only for throwaway demo data and tests).
  bool sync = true;
  domain::ExecutorOptions executor;
  projections::RunnerOptions runner;
  access::CredentialsOptions credentials;
  // The live feed's consumers: buffer bounds, catch-up threads.
  feed::FeedHubOptions feed;
  // Keys and nonces of personal data (libsodium's generator when empty).
  domain::RandomBytes random;
  // The clock of decisions, recorded_at and tokens (microseconds, UTC). Empty: the system clock.
  std::function<std::int64_t()> clock;
  // Threads for blocking work: logins (Argon2id), user changes, as-of folds, chain
  // verification, exports, erasures.
  std::size_t blocking_threads = 2;
  // Threads that turn appended commands into their answers (reading the events back),
  // off the store's sequencer and apart from the slow blocking work.
  std::size_t reply_threads = 2;
  // Progress of the projections' catch-up at Open (position, head); optional.
  std::function<void(std::uint64_t, std::uint64_t)> catch_up_progress;
};

// The last verification of a log's chain (GET /api/chain).
struct ChainStatus {
  replay::ChainReport report;
  std::int64_t verified_at_us = 0;
};

class BankService {
 public:
  static Result<std::unique_ptr<BankService>> Open(BankServiceOptions options);
  ~BankService();  // Close(), logging what fails
  BankService(const BankService&) = delete;
  BankService& operator=(const BankService&) = delete;

  // Ends the feed's consumers, stops the projections' tail (final snapshot), finishes the
  // pools' work, closes the Executor and the access log. Returns the first failure. Idempotent.
  Status Close();

  domain::Executor& executor() { return *executor_; }
  const store::EventStore& log() const { return *log_; }
  projections::ProjectionRunner& runner() { return *runner_; }
  access::AccessLog& access_log() { return *access_log_; }
  access::Credentials& credentials() { return *credentials_; }
  MetricsRegistry& metrics() { return metrics_; }
  // The live feed (SSE, WebSocket, the binary TCP feed). Stop it before the HTTP server
  // (its sessions live on the server's threads); Close stops it too.
  feed::FeedHub& feed() { return *feed_; }
  // "The dashboard of branch B changed as of seq N" for the branch's screens (GET
  // /api/branches/{branch_id}/changes), scoped by branch id (touched_branches.h).
  feed::ChangeNotices& dashboard_changes() { return *dashboard_changes_; }
  // Ends the feed's consumers and the change notices' watchers (their sessions live on
  // the HTTP server's threads: stop them before the HTTP server). Close does it too.
  void StopFeeds();
  boost::asio::thread_pool& blocking_pool() { return *pool_; }
  boost::asio::thread_pool& reply_pool() { return *reply_pool_; }
  std::int64_t Now() const { return clock_(); }

  // The chain of the event log ("events") or of the access log ("access"), verified now
  // when the log moved since the last verification, else the cached report. Blocking
  // (a walk of the log): call it on the blocking pool.
  Result<ChainStatus> VerifiedChain(bool access_log);

 private:
  BankService() = default;
  void RegisterMetrics();
  void RegisterFeedMetrics();

  std::function<std::int64_t()> clock_;
  MetricsRegistry metrics_;
  // Store metrics, updated from the sequencer's group hook (kept, so that the hook
  // never takes a family's mutex).
  Counter* appends_ = nullptr;
  Counter* appended_events_ = nullptr;
  Histogram* group_write_seconds_ = nullptr;
  Histogram* group_events_ = nullptr;

  std::unique_ptr<domain::Executor> executor_;
  const store::EventStore* log_ = nullptr;  // executor_'s store
  std::unique_ptr<projections::ViewStore> views_;
  std::unique_ptr<projections::ProjectionRunner> runner_;
  std::unique_ptr<access::AccessLog> access_log_;
  std::unique_ptr<access::Credentials> credentials_;
  std::unique_ptr<feed::FeedHub> feed_;
  std::unique_ptr<feed::ChangeNotices> dashboard_changes_;  // reads log_ and runner_
  std::unique_ptr<boost::asio::thread_pool> pool_;
  std::unique_ptr<boost::asio::thread_pool> reply_pool_;

  std::mutex chain_mu_;                      // serialises verifications
  std::optional<ChainStatus> events_chain_;  // Guarded by chain_mu_.
  std::optional<ChainStatus> access_chain_;  // Guarded by chain_mu_.
  bool closed_ = false;
};

}  // namespace prospekt::server
