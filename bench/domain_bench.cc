// domain_bench: LogContact commands end to end in-process -- decided against the write
// model on the store's sequencer and appended durably (sync = true) -- on a demo bank of
// 100k clients and 500 employees (engine/app/demo_bank.h, set-up phase only), from 64
// concurrent callers. Prints commands/s against the target (>= 50,000), p50/p99
// latency, and the ratio to the bare store measured in the same run: 64 producers of
// single-event EventStore::Append (bench/append_bench.h), before and after (mean).
//
// Two ways to keep 64 commands in flight:
//   domain_logcontact_p64        64 threads blocking in Executor::Execute;
//   domain_logcontact_p64_async  64 logical callers on Executor::ExecuteAsync, the
//     way a server on a few threads would.
//
//   domain_bench                 the full run (a minute or two on 2 cores, mostly set-up)
//   domain_bench --smoke --json  a few seconds for CI; JSON lines on stdout
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/append_bench.h"
#include "bench/contact_workload.h"
#include "bench/report.h"
#include "engine/app/demo_bank.h"
#include "engine/domain/decide.h"
#include "engine/domain/executor.h"
#include "events/domain_codec.h"

namespace prospekt::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using domain::Executor;

struct BenchOptions {
  bool json = false;
  bool smoke = false;
  std::string dir;
  double seconds = 5.0;
  int clients = 100'000;
  int employees = 500;
  int callers = 64;
  bool async = true;
  bool warm = true;  // a first-touch pass over every client before each timed run
};

struct Measured {
  std::uint64_t commands = 0;
  std::uint64_t rejections = 0;
  std::string first_rejection;
  double seconds = 0;
  std::vector<double> latencies_us;
  double PerSecond() const { return seconds > 0 ? static_cast<double>(commands) / seconds : 0; }
  double Percentile(double p) {
    if (latencies_us.empty()) return 0;
    std::sort(latencies_us.begin(), latencies_us.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(latencies_us.size() - 1));
    return latencies_us[index];
  }
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "domain_bench: %s\n", what.c_str());
  std::exit(1);
}

constexpr std::int64_t kNowUs = kWorkloadNowUs;

using Assignments = std::vector<std::pair<std::string, std::string>>;

// The assignments of caller `caller` of `callers`.
std::vector<const std::pair<std::string, std::string>*> Slice(const Assignments& all,
                                                              std::size_t caller,
                                                              std::size_t callers) {
  std::vector<const std::pair<std::string, std::string>*> mine;
  for (std::size_t i = caller; i < all.size(); i += callers) mine.push_back(&all[i]);
  return mine;
}

// With `one_pass`, each caller logs one contact with each of its clients and stops
// (the first touch of every client stream); otherwise callers run for `seconds`.
Measured RunBlocking(Executor& executor, const Assignments& assignments, std::size_t callers,
                     double seconds, bool one_pass) {
  std::vector<Measured> per_caller(callers);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  const auto deadline_after = std::chrono::duration<double>(seconds);
  Clock::time_point start;
  for (std::size_t c = 0; c < callers; ++c) {
    threads.emplace_back([&, c] {
      Measured& mine = per_caller[c];
      const auto slice = Slice(assignments, c, callers);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      const Clock::time_point deadline =
          start + std::chrono::duration_cast<Clock::duration>(deadline_after);
      for (std::uint64_t n = 0; !slice.empty(); ++n) {
        const auto& [client, employee] = *slice[n % slice.size()];
        const domain::CommandContext context{domain::Actor{employee}, kNowUs, "bench"};
        const Clock::time_point sent = Clock::now();
        Result<store::AppendResult> result = executor.Execute(MakeContact(client, n), context);
        const Clock::time_point done = Clock::now();
        mine.latencies_us.push_back(std::chrono::duration<double, std::micro>(done - sent).count());
        ++mine.commands;
        if (!result.ok()) {
          if (++mine.rejections == 1) mine.first_rejection = result.status().ToString();
        }
        if (one_pass ? n + 1 >= slice.size() : done >= deadline) break;
      }
    });
  }
  start = Clock::now();
  go.store(true, std::memory_order_release);
  for (std::thread& thread : threads) thread.join();
  Measured total;
  total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (Measured& part : per_caller) {
    total.commands += part.commands;
    total.rejections += part.rejections;
    if (total.first_rejection.empty()) total.first_rejection = part.first_rejection;
    total.latencies_us.insert(total.latencies_us.end(), part.latencies_us.begin(),
                              part.latencies_us.end());
  }
  return total;
}

// 64 logical callers, each keeping one command in flight on Executor::ExecuteAsync and
// sending the next from the completion.
// Returns the first-touch pass (when `warm`) and the timed run.
std::pair<Measured, Measured> RunAsync(const fs::path& path, const Assignments& assignments,
                                       std::size_t callers, double seconds, bool warm) {
  Result<std::unique_ptr<Executor>> opened = Executor::Open(path);
  if (!opened.ok()) Die(opened.status().ToString());
  Executor& executor = **opened;

  struct Caller {
    std::vector<const std::pair<std::string, std::string>*> slice;
    std::uint64_t n = 0;
    Clock::time_point sent;
  };
  std::vector<Caller> state(callers);
  for (std::size_t c = 0; c < callers; ++c) state[c].slice = Slice(assignments, c, callers);
  bool one_pass = false;

  std::mutex mu;
  std::condition_variable idle;
  std::size_t in_flight = 0;  // Guarded by mu.
  Measured total;             // Guarded by mu.
  Clock::time_point deadline;

  std::function<void(std::size_t)> send = [&](std::size_t c) {
    Caller& caller = state[c];
    const auto& [client, employee] = *caller.slice[caller.n % caller.slice.size()];
    domain::Command command = MakeContact(client, caller.n);
    domain::CommandContext context{domain::Actor{employee}, kNowUs, "bench"};
    ++caller.n;
    caller.sent = Clock::now();
    executor.ExecuteAsync(
        std::move(command), std::move(context), {}, [&, c](Result<store::AppendResult> result) {
          const Clock::time_point done = Clock::now();
          bool again = false;
          {
            std::lock_guard<std::mutex> lock(mu);
            total.latencies_us.push_back(
                std::chrono::duration<double, std::micro>(done - state[c].sent).count());
            ++total.commands;
            if (!result.ok() && ++total.rejections == 1) {
              total.first_rejection = result.status().ToString();
            }
            again = one_pass ? state[c].n < state[c].slice.size() : done < deadline;
            if (!again && --in_flight == 0) idle.notify_all();
          }
          if (again) send(c);
        });
  };

  auto drive = [&]() {
    const Clock::time_point start = Clock::now();
    deadline =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    {
      std::lock_guard<std::mutex> lock(mu);
      total = Measured();
      for (std::size_t c = 0; c < callers; ++c) {
        state[c].n = 0;
        if (!state[c].slice.empty()) ++in_flight;
      }
    }
    for (std::size_t c = 0; c < callers; ++c) {
      if (!state[c].slice.empty()) send(c);
    }
    std::unique_lock<std::mutex> lock(mu);
    idle.wait(lock, [&] { return in_flight == 0; });
    total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return std::move(total);
  };
  Measured first;
  if (warm) {
    one_pass = true;
    first = drive();
    one_pass = false;
  }
  Measured timed = drive();
  opened->reset();  // the store (and its sequencer) goes before the model it feeds
  return {std::move(first), std::move(timed)};
}

void PrintFigures(const Reporter& reporter, const std::string& name, const std::string& label,
                  Measured& measured, double bare) {
  if (measured.rejections != 0) {
    Die(name + ": " + std::to_string(measured.rejections) +
        " commands rejected, first: " + measured.first_rejection);
  }
  Figure throughput;
  throughput.name = name;
  throughput.label = label;
  throughput.value = measured.PerSecond();
  throughput.unit = "commands/s";
  throughput.baseline = bare;
  throughput.baseline_name = "store Append p64 x1";
  throughput.target = Target{50'000, false};
  reporter.Print(throughput);
  Figure p50;
  p50.name = name + "_p50";
  p50.label = "  p50 latency";
  p50.value = measured.Percentile(0.50);
  p50.unit = "us";
  reporter.Print(p50);
  Figure p99;
  p99.name = name + "_p99";
  p99.label = "  p99 latency";
  p99.value = measured.Percentile(0.99);
  p99.unit = "us";
  reporter.Print(p99);
}

int Main(int argc, char** argv) {
  BenchOptions options;
  CLI::App app{"Prospekt domain benchmark: LogContact end to end against the bare store"};
  app.add_flag("--json", options.json, "one JSON object per figure per line on stdout");
  app.add_flag("--smoke", options.smoke, "a small bank and short runs, for CI");
  app.add_option("--dir", options.dir, "folder for the databases (default: a temporary one)");
  CLI::Option* seconds = app.add_option("--seconds", options.seconds, "length of each run")
                             ->check(CLI::PositiveNumber);
  CLI::Option* clients = app.add_option("--clients", options.clients, "clients of the bank")
                             ->check(CLI::PositiveNumber);
  CLI::Option* employees =
      app.add_option("--employees", options.employees, "employees of the bank (5 per branch)")
          ->check(CLI::Range(5, 100'000));
  app.add_option("--callers", options.callers, "concurrent callers")->check(CLI::Range(1, 4096));
  app.add_flag("!--no-async", options.async, "skip the ExecuteAsync run");
  app.add_flag("!--no-warm", options.warm,
               "skip the first-touch pass over every client before each timed run");
  CLI11_PARSE(app, argc, argv);
  if (options.smoke) {
    if (seconds->count() == 0) options.seconds = 0.3;
    if (clients->count() == 0) options.clients = 1'000;
    if (employees->count() == 0) options.employees = 25;
    options.warm = false;
  }
  const Reporter reporter(options.json);

  fs::path root = options.dir;
  bool owned = false;
  if (root.empty()) {
    std::string pattern = (fs::temp_directory_path() / "prospekt-domain-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) Die("cannot make a temporary folder");
    root = pattern;
    owned = true;
  }
  const fs::path bank_dir = root / "domain_bench-bank";
  const fs::path bare_dir = root / "domain_bench-bare";
  if (fs::exists(bank_dir) || fs::exists(bare_dir)) Die("refusing to reuse " + root.string());
  const auto callers = static_cast<std::size_t>(options.callers);

  // The bank: branches of 5 (head, credit specialist, 3 sales specialists), one branch
  // per region so that the duplicate-name rule scans short lists; numbered names.
  app::DemoOptions bank;
  bank.regions = std::max(1, options.employees / 5);
  bank.branches_per_region = 1;
  bank.employees_per_branch = 5;
  bank.clients_per_branch = std::max(1, options.clients / bank.regions);
  bank.days = 0;
  bank.realistic_names = false;
  app::DemoSummary summary;
  {
    const Clock::time_point started = Clock::now();
    store::StoreOptions fast;
    fast.sync = false;  // set-up only; the measured runs reopen with sync = true
    Result<std::unique_ptr<Executor>> opened = Executor::Open(bank_dir, fast);
    if (!opened.ok()) Die(opened.status().ToString());
    Result<app::DemoSummary> built = app::BuildDemoBank(**opened, bank);
    if (!built.ok()) Die(built.status().ToString());
    summary = std::move(built).value();
    if (summary.rejections != 0) Die("set-up rejected: " + summary.first_rejections.front());
    char text[200];
    std::snprintf(text, sizeof text,
                  "bank: %d branches x 5 employees, %llu clients (%zu assigned), %llu events, "
                  "set up in %.1f s",
                  bank.regions, static_cast<unsigned long long>(summary.clients),
                  summary.assignments.size(), static_cast<unsigned long long>(summary.events),
                  std::chrono::duration<double>(Clock::now() - started).count());
    reporter.Note(text);
  }

  // The bare store: 64 producers of single-event durable appends, measured before and
  // after the domain runs (the disk's fsync rate drifts; the ratio uses the mean).
  auto measure_bare = [&](const char* when) {
    AppendWorkload bare_workload;
    bare_workload.name = "append_p64_e1";
    bare_workload.producers = callers;
    bare_workload.events_per_append = 1;
    Result<Throughput> bare = RunStoreAppends(bare_dir, bare_workload, RunLimits{options.seconds});
    if (!bare.ok()) Die(bare.status().ToString());
    fs::remove_all(bare_dir);
    reporter.Note("bare store " + std::string(when) + ": " +
                  std::to_string(static_cast<long long>(bare->EventsPerSecond())) + " appends/s (" +
                  std::to_string(callers) + " producers x 1 event, sync=true)");
    return bare->EventsPerSecond();
  };
  const double bare_before = measure_bare("before");
  double bare_rate = bare_before;
  struct Pending {
    std::string name, label;
    Measured measured;
  };
  std::vector<Pending> pending;
  {
    const Clock::time_point started = Clock::now();
    Result<std::unique_ptr<Executor>> opened = Executor::Open(bank_dir);  // sync = true
    if (!opened.ok()) Die(opened.status().ToString());
    char text[120];
    std::snprintf(text, sizeof text, "executor reopened (model rebuilt from the log) in %.1f s",
                  std::chrono::duration<double>(Clock::now() - started).count());
    reporter.Note(text);
    if (options.warm) {
      Measured first = RunBlocking(**opened, summary.assignments, callers, 0, true);
      pending.push_back({"domain_logcontact_p64_first_touch",
                         std::to_string(callers) + " x Execute, 1st touch", std::move(first)});
    }
    Measured blocking = RunBlocking(**opened, summary.assignments, callers, options.seconds, false);
    pending.push_back({"domain_logcontact_p64", std::to_string(callers) + " x Execute(LogContact)",
                       std::move(blocking)});
  }
  if (options.async) {
    auto [first, timed] =
        RunAsync(bank_dir, summary.assignments, callers, options.seconds, options.warm);
    if (options.warm) {
      pending.push_back({"domain_logcontact_p64_async_first_touch",
                         std::to_string(callers) + " async, 1st touch", std::move(first)});
    }
    pending.push_back({"domain_logcontact_p64_async",
                       std::to_string(callers) + " async x LogContact", std::move(timed)});
  }
  bare_rate = (bare_before + measure_bare("after")) / 2;
  for (Pending& figure : pending) {
    PrintFigures(reporter, figure.name, figure.label, figure.measured, bare_rate);
  }
  std::error_code ignored;
  if (owned) {
    fs::remove_all(root, ignored);
  } else {
    fs::remove_all(bank_dir, ignored);
  }
  return 0;
}

}  // namespace
}  // namespace prospekt::bench

int main(int argc, char** argv) { return prospekt::bench::Main(argc, argv); }
