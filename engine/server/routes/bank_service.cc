#include "engine/server/routes/bank_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <utility>

#include "events/domain_codec.h"
#include "projections/branch_dashboard/touched_branches.h"
#include "projections/catalogue.h"
#include "projections/directory/directory.h"

namespace prospekt::server {
namespace {

std::int64_t SystemMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Events per group commit: 1 to 1,024 (the store's limit per group).
std::vector<double> GroupSizeBuckets() { return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}; }

// How long the dashboard's change notices wait for the directory to reach a batch
// before they tell every branch (a needless refresh rather than a missed one).
constexpr std::chrono::seconds kDirectoryWait{2};

// The branches each event touches, judged with the directory once it has applied the
// whole batch (touched_branches.h: a directory at or past the event).
std::vector<feed::ScopesTouched> TouchedBranchesOf(const projections::ProjectionRunner& runner,
                                                   const std::vector<Envelope>& events) {
  std::vector<feed::ScopesTouched> touched(events.size(),
                                           feed::ScopesTouched{.all = true, .scopes = {}});
  if (events.empty() ||
      !runner.WaitFor(projections::kDirectory.name, events.back().seq, kDirectoryWait)) {
    return touched;
  }
  Result<bool> read = runner.ReadView<projections::DirectoryView>(
      projections::kDirectory.name, [&](const projections::DirectoryView& directory) {
        for (std::size_t i = 0; i < events.size(); ++i) {
          const Envelope& envelope = events[i];
          Result<domain::DomainEvent> event =
              DecodeDomainEvent(envelope.event_type, envelope.payload);
          if (!event.ok()) continue;  // every branch
          projections::TouchedBranches branches = projections::BranchesTouchedBy(*event, directory);
          touched[i] = {.all = branches.all, .scopes = std::move(branches.branches)};
        }
        return true;
      });
  if (!read.ok()) spdlog::warn("dashboard change notices: {}", read.status().ToString());
  return touched;
}

}  // namespace

Result<std::unique_ptr<BankService>> BankService::Open(BankServiceOptions options) {
  std::unique_ptr<BankService> service(new BankService());
  service->clock_ = options.clock ? options.clock : SystemMicros;
  service->RegisterMetrics();
  service->RegisterFeedMetrics();

  store::StoreOptions store_options;
  store_options.sync = options.sync;
  store_options.clock = service->clock_;
  // The hook runs on the sequencer thread: counters and histograms only (lock-free
  // enough for it; see metrics.h).
  BankService* self = service.get();
  store_options.on_group_committed = [self](const store::GroupCommitted& group) {
    if (self->appends_ == nullptr) return;
    self->appends_->Increment(group.appends);
    self->appended_events_->Increment(group.events);
    self->group_write_seconds_->Observe(static_cast<double>(group.write_us) / 1e6);
    self->group_events_->Observe(static_cast<double>(group.events));
  };
  Result<std::unique_ptr<domain::Executor>> executor = domain::Executor::Open(
      options.data, std::move(store_options), options.executor, options.random);
  if (!executor.ok()) return executor.status();
  service->executor_ = std::move(executor).value();
  service->log_ = &service->executor_->store();

  const std::filesystem::path views_folder =
      options.views.empty() ? projections::ViewsFolderOf(options.data) : options.views;
  Result<std::unique_ptr<projections::ViewStore>> views =
      projections::ViewStore::Open(views_folder);
  if (!views.ok()) return views.status();
  service->views_ = std::move(views).value();
  Result<std::unique_ptr<projections::ProjectionRunner>> runner =
      projections::ProjectionRunner::Open(*service->log_, *service->views_,
                                          projections::AllProjections(), options.runner);
  if (!runner.ok()) return runner.status();
  service->runner_ = std::move(runner).value();
  PROSPEKT_RETURN_IF_ERROR(service->runner_->CatchUp(options.catch_up_progress));
  service->runner_->Start();

  access::AccessLogOptions access_options;
  access_options.sync = options.sync;
  access_options.clock = service->clock_;
  Result<std::unique_ptr<access::AccessLog>> access_log = access::AccessLog::Open(
      options.access.empty() ? access::AccessLogFolder(options.data) : options.access,
      access_options);
  if (!access_log.ok()) return access_log.status();
  service->access_log_ = std::move(access_log).value();
  Result<std::unique_ptr<access::Credentials>> credentials =
      access::Credentials::Open(*service->access_log_, options.credentials);
  if (!credentials.ok()) return credentials.status();
  service->credentials_ = std::move(credentials).value();

  service->feed_ = std::make_unique<feed::FeedHub>(*service->log_, options.feed);
  const projections::ProjectionRunner& projection_runner = *service->runner_;
  service->dashboard_changes_ = std::make_unique<feed::ChangeNotices>(
      *service->log_, projections::DashboardEventTypes(),
      [&projection_runner](const std::vector<Envelope>& events) {
        return TouchedBranchesOf(projection_runner, events);
      });
  service->pool_ = std::make_unique<boost::asio::thread_pool>(
      std::max<std::size_t>(options.blocking_threads, 1));
  service->reply_pool_ =
      std::make_unique<boost::asio::thread_pool>(std::max<std::size_t>(options.reply_threads, 1));
  return service;
}

BankService::~BankService() {
  if (Status closed = Close(); !closed.ok()) {
    spdlog::error("closing the bank service: {}", closed.ToString());
  }
}

void BankService::StopFeeds() {
  if (feed_) feed_->Stop();
  if (dashboard_changes_) dashboard_changes_->Stop();
}

Status BankService::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  Status first;
  auto keep = [&first](Status status) {
    if (first.ok() && !status.ok()) first = std::move(status);
  };
  // The pools' work uses every other piece: it ends first. Commands still in the
  // Executor answer into the reply pool, so the Executor closes before that pool joins.
  StopFeeds();
  if (pool_) pool_->join();
  if (runner_) keep(runner_->Stop());
  if (executor_) keep(executor_->Close());
  if (reply_pool_) reply_pool_->join();
  credentials_.reset();
  access_log_.reset();
  return first;
}

void BankService::RegisterMetrics() {
  // Registration of fixed, distinct names cannot fail; a failure is a programming error,
  // logged (the metric is then missing from /metrics) rather than failing the server.
  auto must = [](auto result) {
    if (!result.ok()) spdlog::critical("metrics: {}", result.status().ToString());
    return result.ok() ? *result : nullptr;
  };
  CounterFamily* appends = must(metrics_.AddCounter(
      "prospekt_store_appends_total", "Appends answered by the event log's sequencer"));
  CounterFamily* events =
      must(metrics_.AddCounter("prospekt_store_events_total", "Events appended to the event log"));
  HistogramFamily* write_seconds = must(metrics_.AddHistogram(
      "prospekt_store_group_write_seconds",
      "Write time of one group commit: the WAL write and its fsync", LatencyBucketsSeconds()));
  HistogramFamily* group_events = must(metrics_.AddHistogram(
      "prospekt_store_group_events", "Events per group commit", GroupSizeBuckets()));
  GaugeFamily* head =
      must(metrics_.AddGauge("prospekt_store_head_seq", "The event log's last seq"));
  GaugeFamily* positions = must(metrics_.AddGauge(
      "prospekt_projection_position", "The last seq a projection has applied", {"projection"}));
  GaugeFamily* lags =
      must(metrics_.AddGauge("prospekt_projection_lag_events",
                             "Events of the log a projection has not applied yet", {"projection"}));
  if (appends == nullptr || events == nullptr || write_seconds == nullptr ||
      group_events == nullptr || head == nullptr || positions == nullptr || lags == nullptr) {
    return;
  }
  appends_ = &appends->WithLabels({});
  appended_events_ = &events->WithLabels({});
  group_write_seconds_ = &write_seconds->WithLabels({});
  group_events_ = &group_events->WithLabels({});
  std::vector<std::string> names;
  for (const auto& projection : projections::AllProjections()) {
    names.emplace_back(projection->name());
  }
  metrics_.AddCollector([this, head, positions, lags, names = std::move(names)] {
    if (log_ == nullptr || runner_ == nullptr) return;
    const std::uint64_t last = log_->Head().last_seq;
    head->WithLabels({}).Set(static_cast<double>(last));
    for (const std::string& name : names) {
      const std::uint64_t position = runner_->Position(name);
      positions->WithLabels({name}).Set(static_cast<double>(position));
      lags->WithLabels({name}).Set(static_cast<double>(last > position ? last - position : 0));
    }
  });
}

void BankService::RegisterFeedMetrics() {
  auto must = [](auto result) {
    if (!result.ok()) spdlog::critical("metrics: {}", result.status().ToString());
    return result.ok() ? *result : nullptr;
  };
  GaugeFamily* consumers = must(metrics_.AddGauge(
      "prospekt_feed_consumers", "Feed consumers connected now, by state", {"state"}));
  CounterFamily* sent = must(
      metrics_.AddCounter("prospekt_feed_events_sent_total", "Events handed to feed consumers"));
  CounterFamily* ends = must(metrics_.AddCounter(
      "prospekt_feed_disconnects_total", "Feed consumers that ended, by reason", {"reason"}));
  if (GaugeFamily* watchers = must(metrics_.AddGauge(
          "prospekt_dashboard_watchers",
          "Screens following a branch dashboard's change notices now (one feed consumer reads "
          "for all of them)"))) {
    metrics_.AddCollector([this, watchers] {
      if (dashboard_changes_ == nullptr) return;
      watchers->WithLabels({}).Set(static_cast<double>(dashboard_changes_->watchers()));
    });
  }
  if (consumers == nullptr || sent == nullptr || ends == nullptr) return;
  // The hub keeps plain totals; the collector adds what grew since it last looked.
  // Two scrapes may collect at once: the mutex makes each growth count once.
  struct Seen {
    std::mutex mu;
    feed::FeedHubMetrics last;  // Guarded by mu.
  };
  auto seen = std::make_shared<Seen>();
  metrics_.AddCollector([this, consumers, sent, ends, seen] {
    if (feed_ == nullptr) return;
    std::lock_guard lock(seen->mu);
    const feed::FeedHubMetrics now = feed_->Metrics();
    consumers->WithLabels({"catching_up"}).Set(static_cast<double>(now.catching_up));
    consumers->WithLabels({"live"}).Set(static_cast<double>(now.consumers - now.catching_up));
    auto grow = [](Counter& counter, std::uint64_t now_total, std::uint64_t last_total) {
      if (now_total > last_total) counter.Increment(now_total - last_total);
    };
    const feed::FeedHubMetrics& last = seen->last;
    grow(sent->WithLabels({}), now.events_sent, last.events_sent);
    grow(ends->WithLabels({"fell_behind"}), now.disconnects_fell_behind,
         last.disconnects_fell_behind);
    grow(ends->WithLabels({"shutting_down"}), now.disconnects_shutting_down,
         last.disconnects_shutting_down);
    grow(ends->WithLabels({"store_error"}), now.disconnects_store_error,
         last.disconnects_store_error);
    grow(ends->WithLabels({"closed"}), now.disconnects_closed, last.disconnects_closed);
    seen->last = now;
  });
}

Result<ChainStatus> BankService::VerifiedChain(bool access_log) {
  const store::EventStore& log = access_log ? access_log_->store() : *log_;
  std::lock_guard lock(chain_mu_);
  std::optional<ChainStatus>& cached = access_log ? access_chain_ : events_chain_;
  if (cached && cached->report.intact && cached->report.head.last_seq == log.Head().last_seq) {
    return *cached;
  }
  Result<replay::ChainReport> report = replay::VerifyChain(log);
  if (!report.ok()) return report.status();
  cached = ChainStatus{std::move(report).value(), clock_()};
  return *cached;
}

}  // namespace prospekt::server
