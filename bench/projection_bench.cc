// projection_bench: the read side's figures (issue #4) on a generated bank.
//
//   rebuild_all          every projection rebuilt from zero through the runner, events/s
//                        (target >= 1,000,000), against a bare scan-and-decode of the
//                        same log in the same run: one thread doing the runner's own
//                        one-pass decode (ScanRaw + DecodeLoggedEvent) and no fold; the
//                        runner decodes on one thread and folds on others, so the ratio
//                        can pass 1. The two-step decode the runner used before
//                        (ReadAll + DecodeDomainEvent) is printed beside it.
//   dashboard_as_of      a branch dashboard as of six months of business time back
//                        (nearest snapshot + fold), p50 (target < 200 ms)
//   dashboard_query      a live branch dashboard query, p99 (target < 2 ms)
//   projection_lag       time from a LogContact's durable ack to the branch dashboard
//                        having applied it, p99, while commands arrive at 20,000/s
//                        (target < 100 ms), on a bank of --clients clients
//
//   projection_bench --data DIR   read-side figures on an existing log (e.g. one made by
//                                 `prospekt demo --no-serve --events 10000000`), then the lag run
//   projection_bench              builds a year of the demo bank first (a few minutes)
//   projection_bench --smoke --json   a few seconds for CI
//   projection_bench --data DIR --views V --skip-lag   keeps the views in V and, when V
//                                 exists, starts from them: the query figures without a
//                                 rebuild (--snapshot-every etc. set the runner's cadence)
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/contact_workload.h"
#include "bench/report.h"
#include "engine/app/demo_bank.h"
#include "engine/domain/executor.h"
#include "engine/domain/iso_week.h"
#include "events/domain_codec.h"
#include "events/logged_event.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/catalogue.h"
#include "projections/runner.h"
#include "projections/view_store.h"

namespace prospekt::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using projections::BranchDashboardsView;
using projections::ProjectionRunner;

constexpr std::int64_t kDayUs = 86'400'000'000;

struct BenchOptions {
  bool json = false;
  bool smoke = false;
  std::string data;  // an existing log; empty: build one
  int days = 250;    // working days of the built bank
  int lag_clients = 20'000;
  double lag_rate = 20'000;  // commands/s
  double lag_seconds = 5;
  int queries = 2'000;
  bool skip_lag = false;
  bool rebuild_only = false;
  std::string views;  // kept views to start from (no rebuild figure); empty: rebuild
  projections::RunnerOptions runner;  // the snapshot cadence, to weigh against "as of"
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "projection_bench: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T Must(Result<T> result, const char* what) {
  if (!result.ok()) Die(std::string(what) + ": " + result.status().ToString());
  return std::move(result).value();
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

Figure MakeFigure(std::string name, std::string label, double value, std::string unit,
                  std::optional<Target> target = std::nullopt) {
  Figure figure;
  figure.name = std::move(name);
  figure.label = std::move(label);
  figure.value = value;
  figure.unit = std::move(unit);
  figure.target = target;
  return figure;
}

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What the baseline scan learns of the log on the way.
struct LogFacts {
  std::uint64_t events = 0;
  double seconds = 0;
  std::vector<std::int64_t> occurred_at;  // by seq - 1
  std::vector<std::string> branches;
};

// The bare scan-and-decode of the whole log, on one thread: the same one-pass decode the
// runner's reading thread does (ScanRaw + DecodeLoggedEvent), with no fold.
LogFacts ScanAndDecode(const store::EventStore& log) {
  LogFacts facts;
  LoggedEvent logged;
  const auto start = Clock::now();
  Status scanned = log.ScanRaw(1, [&](std::uint64_t seq, std::string_view bytes) {
    if (Status decoded = DecodeLoggedEvent(bytes, logged); !decoded.ok()) {
      Die("decoding seq " + std::to_string(seq) + ": " + decoded.ToString());
    }
    if (!logged.event) return true;
    ++facts.events;
    facts.occurred_at.push_back(logged.envelope.occurred_at_us);
    if (const auto* opened = std::get_if<domain::BranchOpened>(&*logged.event)) {
      facts.branches.push_back(opened->branch_id);
    }
    return true;
  });
  if (!scanned.ok()) Die("reading the log: " + scanned.ToString());
  facts.seconds = SecondsSince(start);
  return facts;
}

// The scan-and-decode the runner did before the one-pass decode: ReadAll batches of
// decoded envelopes (payload copied), then DecodeDomainEvent of each payload.
double TwoStepScanRate(const store::EventStore& log) {
  std::uint64_t events = 0;
  const auto start = Clock::now();
  for (std::uint64_t from = 1;;) {
    std::vector<Envelope> batch = Must(log.ReadAll(from, 4096), "reading the log");
    if (batch.empty()) break;
    for (const Envelope& envelope : batch) {
      if (!domain::IsDomainEventType(envelope.event_type)) continue;
      Must(DecodeDomainEvent(envelope.event_type, envelope.payload), "decoding");
      ++events;
    }
    from = batch.back().seq + 1;
  }
  return static_cast<double>(events) / SecondsSince(start);
}

std::string Megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

void ReadSideFigures(const Reporter& reporter, const BenchOptions& options,
                     const fs::path& log_path, const fs::path& views_path) {
  store::StoreOptions read_only;
  read_only.read_only = true;
  auto log = Must(store::EventStore::Open(log_path, read_only), "opening the log");
  reporter.Note("log: " + std::to_string(log->Head().last_seq) + " events");

  // A raw scan first: it also brings the log into the page cache, so that the figures
  // after it compare decoding and folding, not who read the disk first.
  if (!options.rebuild_only) {
    std::uint64_t raw_events = 0;
    const auto start = Clock::now();
    Status scanned = log->ScanRaw(1, [&](std::uint64_t, std::string_view) {
      ++raw_events;
      return true;
    });
    if (!scanned.ok()) Die("reading the log: " + scanned.ToString());
    reporter.Print(MakeFigure("scan_raw", "raw scan (RocksDB iterator)",
                              static_cast<double>(raw_events) / SecondsSince(start), "events/s"));
  }
  const LogFacts facts = ScanAndDecode(*log);
  const double scan_rate = static_cast<double>(facts.events) / facts.seconds;
  reporter.Print(MakeFigure("scan_decode", "bare scan + decode, one thread", scan_rate, "events/s"));
  if (!options.rebuild_only) {
    const double two_step_rate = TwoStepScanRate(*log);
    Figure two_step = MakeFigure("scan_decode_two_step", "ReadAll + DecodeDomainEvent",
                                 two_step_rate, "events/s");
    two_step.baseline = scan_rate;
    two_step.baseline_name = "scan_decode";
    reporter.Print(two_step);
  }

  // Kept views (--views) skip the rebuild: for iterating on the query figures.
  const bool rebuilds = options.views.empty() || !fs::exists(views_path);
  if (options.views.empty()) fs::remove_all(views_path);
  auto views = Must(projections::ViewStore::Open(views_path), "opening the views");
  auto runner = Must(
      ProjectionRunner::Open(*log, *views, projections::AllProjections(), options.runner),
      "opening the runner");
  const auto rebuild_start = Clock::now();
  if (Status caught_up = runner->CatchUp(); !caught_up.ok()) Die(caught_up.ToString());
  const double rebuild_rate = static_cast<double>(facts.events) / SecondsSince(rebuild_start);
  if (rebuilds) {
    Figure rebuild = MakeFigure("rebuild_all", "rebuild of all projections", rebuild_rate,
                                "events/s", Target{1'000'000, false, false});
    rebuild.baseline = scan_rate;
    rebuild.baseline_name = "scan_decode";
    reporter.Print(rebuild);
  } else {
    reporter.Note("views kept in " + views_path.string() + ": no rebuild");
  }
  std::uint64_t snapshot_bytes = 0;
  for (const projections::ProjectionStats& stats : runner->Stats()) {
    snapshot_bytes += stats.snapshot_bytes;
    reporter.Note("  " + stats.name + " v" + std::to_string(stats.version) + ": fold " +
                  std::to_string(stats.fold_seconds) + " s, " + std::to_string(stats.snapshots) +
                  " snapshots, " + Megabytes(stats.snapshot_bytes) + " in " +
                  std::to_string(stats.snapshot_seconds) + " s (encoding " +
                  std::to_string(stats.snapshot_encode_seconds) + " s), last " +
                  Megabytes(stats.last_snapshot_bytes));
  }
  reporter.Note("  snapshots written: " + Megabytes(snapshot_bytes));
  if (options.rebuild_only) return;

  // Six months of business time back from the log's last event.
  const std::int64_t last = facts.occurred_at.empty() ? 0 : facts.occurred_at.back();
  std::uint64_t six_months_back = 1;
  while (six_months_back < facts.occurred_at.size() &&
         facts.occurred_at[six_months_back - 1] < last - 182 * kDayUs) {
    ++six_months_back;
  }
  reporter.Note("as of seq " + std::to_string(six_months_back) +
                " (six months of business time before the last event)");
  std::mt19937_64 random(7);
  std::vector<double> as_of_ms;
  const int as_of_runs = options.smoke ? 3 : 20;
  for (int i = 0; i < as_of_runs; ++i) {
    const std::uint64_t seq = six_months_back + random() % 1000;
    const auto start = Clock::now();
    auto as_of = Must(runner->AsOf(projections::kBranchDashboards.name, seq), "as of");
    const auto& view =
        dynamic_cast<const projections::FoldProjection<BranchDashboardsView>&>(*as_of).view();
    const std::string& branch = facts.branches[random() % facts.branches.size()];
    const projections::BranchDashboard dashboard = projections::DashboardOf(
        view, branch, domain::IsoWeekOf(facts.occurred_at[seq - 1]), facts.occurred_at[seq - 1]);
    as_of_ms.push_back(SecondsSince(start) * 1000);
    if (dashboard.branch_id != branch) Die("as-of dashboard of the wrong branch");
  }
  reporter.Print(MakeFigure("dashboard_as_of_p50", "branch dashboard six months back, p50",
                            Percentile(as_of_ms, 0.5), "ms", Target{200, false, true}));
  reporter.Note("  as-of p99 " + std::to_string(Percentile(as_of_ms, 0.99)) + " ms");

  std::vector<double> query_us;
  std::uint64_t employees_seen = 0;
  for (int i = 0; i < options.queries; ++i) {
    const std::string& branch = facts.branches[random() % facts.branches.size()];
    const std::int64_t at = facts.occurred_at[random() % facts.occurred_at.size()];
    const auto start = Clock::now();
    auto rows = Must(runner->ReadView<BranchDashboardsView>(
                         projections::kBranchDashboards.name,
                         [&](const BranchDashboardsView& view) {
                           return projections::DashboardOf(view, branch, domain::IsoWeekOf(at), last)
                               .employees.size();
                         }),
                     "query");
    query_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    employees_seen += rows;
  }
  reporter.Print(MakeFigure("dashboard_query_p50", "live branch dashboard query, p50",
                            Percentile(query_us, 0.5) / 1000, "ms"));
  reporter.Print(MakeFigure("dashboard_query_p99", "live branch dashboard query, p99",
                            Percentile(query_us, 0.99) / 1000, "ms", Target{2, false, true}));
  if (employees_seen == 0) Die("dashboards without employees");
}

// Commands at a paced rate through ExecuteAsync; the runner tails the same store.
void LagFigure(const Reporter& reporter, const BenchOptions& options, const fs::path& root) {
  const fs::path log_path = root / "lag-log";
  fs::remove_all(log_path);
  fs::remove_all(root / "lag-views");
  auto executor = Must(domain::Executor::Open(log_path), "opening the executor");
  app::DemoOptions bank;
  bank.days = 0;
  bank.branches_per_region = 5;
  bank.regions = 4;
  bank.clients_per_branch = std::max(1, options.lag_clients / 20);
  bank.employees_per_branch = 25;
  bank.realistic_names = false;
  const app::DemoSummary summary = Must(app::BuildDemoBank(*executor, bank), "building the bank");
  if (summary.assignments.empty()) Die("the bank has no assignments");

  auto views = Must(projections::ViewStore::Open(root / "lag-views"), "opening the views");
  auto runner = Must(ProjectionRunner::Open(executor->store(), *views, projections::AllProjections()),
                     "opening the runner");
  if (Status caught_up = runner->CatchUp(); !caught_up.ok()) Die(caught_up.ToString());
  runner->Start();

  // The callbacks below run on the store's sequencer thread and use these: every
  // command sent is waited for (answered) before they go out of scope.
  std::mutex mu;
  std::condition_variable answered_cv;
  std::deque<std::pair<std::uint64_t, Clock::time_point>> acked;  // Guarded by mu.
  std::uint64_t answered = 0;                                      // Guarded by mu.
  std::vector<double> lag_ms;
  std::atomic<bool> writing{true};
  std::atomic<std::uint64_t> failures{0};
  std::thread monitor([&] {
    for (;;) {
      const std::uint64_t position = runner->Position(projections::kBranchDashboards.name);
      const auto now = Clock::now();
      bool empty = false;
      {
        std::lock_guard lock(mu);
        while (!acked.empty() && acked.front().first <= position) {
          lag_ms.push_back(std::chrono::duration<double, std::milli>(now - acked.front().second).count());
          acked.pop_front();
        }
        empty = acked.empty();
      }
      if (empty && !writing.load()) return;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });

  const auto interval = std::chrono::duration<double>(1.0 / options.lag_rate);
  const auto start = Clock::now();
  std::uint64_t sent = 0;
  while (SecondsSince(start) < options.lag_seconds) {
    const auto due = start + std::chrono::duration_cast<Clock::duration>(interval * static_cast<double>(sent));
    std::this_thread::sleep_until(due);
    const auto& [client, employee] = summary.assignments[sent % summary.assignments.size()];
    domain::CommandContext context{domain::Actor{employee}, kWorkloadNowUs, "bench"};
    executor->ExecuteAsync(MakeContact(client, sent), context, {},
                           [&](Result<store::AppendResult> result) {
                             const auto now = Clock::now();
                             std::lock_guard lock(mu);
                             if (result.ok()) {
                               acked.emplace_back(result->last_seq, now);
                             } else {
                               failures.fetch_add(1);
                             }
                             ++answered;
                             answered_cv.notify_all();
                           });
    ++sent;
  }
  const double achieved = static_cast<double>(sent) / SecondsSince(start);
  {
    // Commands still in flight call back later: returning before they have would leave
    // their callbacks writing to this frame's dead locals (it did, at the end of a run).
    std::unique_lock lock(mu);
    answered_cv.wait(lock, [&] { return answered == sent; });
  }
  writing.store(false);
  monitor.join();
  if (Status stopped = runner->Stop(); !stopped.ok()) Die(stopped.ToString());
  reporter.Note("lag run: " + std::to_string(sent) + " commands at " + std::to_string(achieved) +
                "/s, " + std::to_string(failures.load()) + " rejected");
  reporter.Print(MakeFigure("projection_lag_p99", "projection lag under paced commands, p99",
                            Percentile(lag_ms, 0.99), "ms", Target{100, false, true}));
  reporter.Note("  lag p50 " + std::to_string(Percentile(lag_ms, 0.5)) + " ms");
}

int Main(int argc, char** argv) {
  BenchOptions options;
  CLI::App app{"Prospekt projection benchmark: rebuild, as-of, queries and lag"};
  app.add_flag("--json", options.json, "one JSON object per figure per line on stdout");
  app.add_flag("--smoke", options.smoke, "a small bank and short runs, for CI");
  app.add_option("--data", options.data, "an existing log (default: build a demo bank)");
  app.add_option("--days", options.days, "working days of the built bank")->capture_default_str();
  app.add_option("--lag-clients", options.lag_clients, "clients of the lag run's bank")
      ->capture_default_str();
  app.add_option("--lag-rate", options.lag_rate, "commands/s of the lag run")->capture_default_str();
  app.add_option("--lag-seconds", options.lag_seconds, "length of the lag run")->capture_default_str();
  app.add_flag("--skip-lag", options.skip_lag, "only the read-side figures (no lag run)");
  app.add_flag("--rebuild-only", options.rebuild_only,
               "only the rebuild and its per-projection costs (no scans, queries or lag run)");
  app.add_option("--views", options.views,
                 "keep the views in this folder and start from them when it exists (no "
                 "rebuild figure then)");
  app.add_option("--queries", options.queries, "live dashboard queries")->capture_default_str();
  app.add_option("--snapshot-every", options.runner.snapshot_every,
                 "RunnerOptions::snapshot_every of the read-side runner")
      ->capture_default_str();
  app.add_option("--snapshot-bytes-per-event", options.runner.snapshot_bytes_per_event,
                 "RunnerOptions::snapshot_bytes_per_event")
      ->capture_default_str();
  app.add_option("--checkpoint-bytes-per-event", options.runner.checkpoint_bytes_per_event,
                 "RunnerOptions::checkpoint_bytes_per_event")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (options.smoke) {
    options.days = 5;
    options.lag_clients = 400;
    options.lag_rate = 2'000;
    options.lag_seconds = 0.5;
    options.queries = 100;
  }
  const Reporter reporter(options.json);
  std::string pattern = (fs::temp_directory_path() / "prospekt-projection-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) Die("cannot make a temporary folder");
  const fs::path root = pattern;

  fs::path log_path = options.data;
  if (log_path.empty()) {
    log_path = root / "log";
    reporter.Note("building " + std::to_string(options.days) + " working days of the demo bank");
    store::StoreOptions fast;
    fast.sync = false;
    auto executor = Must(domain::Executor::Open(log_path, fast), "opening the executor");
    app::DemoOptions bank;
    bank.days = options.days;
    Must(app::BuildDemoBank(*executor, bank), "building the bank");
  }
  ReadSideFigures(reporter, options, log_path,
                  options.views.empty() ? root / "views" : fs::path(options.views));
  if (!options.skip_lag && !options.rebuild_only) LagFigure(reporter, options, root);
  fs::remove_all(root);
  return 0;
}

}  // namespace
}  // namespace prospekt::bench

int main(int argc, char** argv) { return prospekt::bench::Main(argc, argv); }
