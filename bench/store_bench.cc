// store_bench: the event store's throughput against bare RocksDB on the same machine,
// in one run. Measures
//   - durable appends (sync = true) from 1, 8 and 64 producers of single-event appends,
//     8 producers of 256-event appends and (a diagnostic) 8 producers of 8-event
//     appends, each beside bare RocksDB doing the same key/value writes from as many
//     threads with sync = true and with sync = false;
//   - the disk's fdatasync rate before and after them, which bounds every durable figure;
//   - a full scan of the log with envelope decode, beside a bare iterator over the same
//     events column family;
// and reports each figure against its target. Every measurement gets a fresh database
// in a scratch folder that is removed afterwards.
//
//   store_bench                 the full run (about 2 minutes on 2 cores)
//   store_bench --smoke --json  a sub-second pass for CI; JSON lines on stdout
//   store_bench --seconds 2 --scan-events 200000 --only append_p64
#include <CLI/CLI.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench/append_bench.h"
#include "bench/disk_probe.h"
#include "bench/report.h"
#include "bench/sample_event.h"
#include "bench/scan_bench.h"
#include "engine/store/event_store.h"

namespace prospekt::bench {
namespace {

namespace fs = std::filesystem;

struct BenchOptions {
  bool json = false;
  bool smoke = false;
  std::string dir;
  double seconds = 6.0;  // per side of each append workload, over all rounds
  std::uint64_t max_events = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t scan_events = 1'000'000;
  std::size_t rounds = 3;  // append measurements are split into this many rounds
  std::size_t scan_rounds = 2;
  double probe_seconds = 1.0;
  std::string only;          // run only figures whose name contains this
  std::string side = "all";  // or only "store", "bare-sync", "bare-nosync" (profiling)
};

struct WorkloadSpec {
  const char* name;
  std::size_t producers;
  std::size_t events_per_append;
  const char* label;
  double target;  // 0: none
  bool target_on_ratio;
  bool async = false;  // store side on AppendAsync (see AppendWorkload::async)
};

// The store's targets: 64 single-event producers >= 100k durable events/s; 256-event
// appends at >= 0.7 of bare RocksDB with sync = true.
constexpr WorkloadSpec kWorkloads[] = {
    {"append_p1_e1", 1, 1, "1 producer x 1 event", 0, false},
    {"append_p8_e1", 8, 1, "8 producers x 1 event", 0, false},
    {"append_p64_e1", 64, 1, "64 producers x 1 event", 100'000, false},
    // The same 64 single-event appends in flight, from logical producers on AppendAsync
    // instead of 64 blocked threads: how the server drives the store. Its baseline is
    // still bare RocksDB written from 64 threads.
    {"append_p64_e1_async", 64, 1, "64 async producers x 1 event", 100'000, false, true},
    {"append_p8_e256", 8, 256, "8 producers x 256 events", 0.7, true},
    // Diagnostic: as many events in flight as append_p64_e1 (64), from 8 threads. The
    // gap between the two is the cost of one blocked thread per event in flight.
    {"append_p8_e8", 8, 8, "8 producers x 8 events", 0, false},
};

// The folder the databases go in. A folder this run made is removed whole at the end;
// in a folder given with --dir only the run's own subfolders are.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& requested) {
    if (requested.empty()) {
      std::string pattern = (fs::temp_directory_path() / "prospekt-bench-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) {
        throw fs::filesystem_error("cannot make a temporary folder", pattern,
                                   std::error_code(errno, std::generic_category()));
      }
      root_ = pattern;
      owned_ = true;
    } else {
      root_ = requested;
      owned_ = fs::create_directories(root_);
    }
  }
  ~ScratchDir() {
    std::error_code ignored;
    if (owned_) {
      fs::remove_all(root_, ignored);
    } else {
      for (const fs::path& path : made_) fs::remove_all(path, ignored);
    }
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const fs::path& root() const { return root_; }

  // A fresh subfolder; refuses one that exists so that --dir never clobbers data.
  fs::path Fresh(const std::string& name) const {
    const fs::path path = root_ / ("store_bench-" + name);
    if (fs::exists(path)) {
      throw fs::filesystem_error("refusing to reuse an existing folder", path,
                                 std::make_error_code(std::errc::file_exists));
    }
    made_.push_back(path);
    return path;
  }
  static void Remove(const fs::path& path) { fs::remove_all(path); }

 private:
  fs::path root_;
  bool owned_ = false;
  mutable std::vector<fs::path> made_;  // subfolders handed out, for a --dir run
};

// Thrown to end the run on the first failed measurement; Main reports it, and unwinding
// removes the scratch folder.
class BenchFailure : public std::runtime_error {
 public:
  explicit BenchFailure(const Status& status) : std::runtime_error(status.ToString()) {}
};

[[noreturn]] void Die(const Status& status) { throw BenchFailure(status); }

template <typename T>
T OrDie(Result<T> result) {
  if (!result.ok()) Die(result.status());
  return std::move(result).value();
}

bool Selected(const BenchOptions& options, const std::string& name) {
  return options.only.empty() || name.find(options.only) != std::string::npos;
}

// The three sides of one append workload.
enum class Side : std::uint8_t { kStore, kBareSync, kBareNoSync };

bool SideSelected(const BenchOptions& options, Side side) {
  if (options.side == "all") return true;
  switch (side) {
    case Side::kStore:
      return options.side == "store";
    case Side::kBareSync:
      return options.side == "bare-sync";
    case Side::kBareNoSync:
      return options.side == "bare-nosync";
  }
  return false;
}

Throughput RunSide(Side side, const AppendWorkload& workload, const RunLimits& limits,
                   const ScratchDir& scratch, std::size_t round) {
  const char* suffix = side == Side::kStore      ? "-store-"
                       : side == Side::kBareSync ? "-bare-sync-"
                                                 : "-bare-nosync-";
  const fs::path dir = scratch.Fresh(workload.name + suffix + std::to_string(round));
  const Throughput measured =
      side == Side::kStore ? OrDie(RunStoreAppends(dir, workload, limits))
                           : OrDie(RunBareAppends(dir, workload, limits, side == Side::kBareSync));
  ScratchDir::Remove(dir);
  return measured;
}

void Add(Throughput& total, const Throughput& part) {
  total.events += part.events;
  total.appends += part.appends;
  total.seconds += part.seconds;
}

void RunAppends(const BenchOptions& options, const ScratchDir& scratch, const Reporter& reporter) {
  // Each side runs in several short rounds, in a rotating order, rather than one long
  // block: the disk's fsync latency drifts (cloud disks burst, then throttle), and
  // interleaving exposes the store and its baselines to the same drift.
  const RunLimits limits{options.seconds / static_cast<double>(options.rounds),
                         std::max<std::uint64_t>(options.max_events / options.rounds, 1)};
  for (const WorkloadSpec& spec : kWorkloads) {
    const std::string name = spec.name;
    if (!Selected(options, name)) continue;
    AppendWorkload workload;
    workload.name = name;
    workload.producers = spec.producers;
    workload.events_per_append = spec.events_per_append;
    workload.async = spec.async;

    Throughput totals[3];
    for (std::size_t round = 0; round < options.rounds; ++round) {
      for (std::size_t i = 0; i < 3; ++i) {
        const std::size_t side = (round + i) % 3;
        if (!SideSelected(options, static_cast<Side>(side))) continue;
        Add(totals[side], RunSide(static_cast<Side>(side), workload, limits, scratch, round));
      }
    }

    Figure figure;
    figure.name = name;
    figure.label = spec.label;
    figure.value = totals[0].EventsPerSecond();
    figure.unit = "events/s";
    if (totals[1].events > 0) figure.baseline = totals[1].EventsPerSecond();
    figure.baseline_name = "bare sync=true";
    if (totals[2].events > 0) figure.baseline_nosync = totals[2].EventsPerSecond();
    if (spec.target > 0) figure.target = Target{spec.target, spec.target_on_ratio};
    reporter.Print(figure);
  }
}

void ProbeDisk(const BenchOptions& options, const ScratchDir& scratch, const Reporter& reporter,
               const std::string& when) {
  if (options.probe_seconds <= 0) return;
  Figure figure;
  figure.name = "fsync_probe_" + when;
  figure.label = "disk, 4 KiB append+fdatasync";
  figure.value = OrDie(ProbeFsyncRate(scratch.root(), options.probe_seconds));
  figure.unit = "fsyncs/s";
  reporter.Print(figure);
}

void RunScans(const BenchOptions& options, const ScratchDir& scratch, const Reporter& reporter) {
  struct ScanFigure {
    const char* name;
    const char* label;
    std::optional<Target> target;
    double best = 0;
  };
  // The target is on scanning with decode, the way subscriptions and replays read.
  ScanFigure scans[] = {
      {"scan_readall", "ReadAll(4096) + decode", Target{1'500'000, false}},
      {"scan_raw_decode", "ScanRaw + DecodeEnvelope", Target{1'500'000, false}},
      {"scan_raw", "ScanRaw, no decode (diagnostic)", std::nullopt},
  };
  bool any = false;
  for (const ScanFigure& scan : scans) any = any || Selected(options, scan.name);
  if (!any) return;

  const fs::path log_dir = scratch.Fresh("scan");
  const auto fill_started = std::chrono::steady_clock::now();
  if (Status filled = FillLog(log_dir, options.scan_events); !filled.ok()) Die(filled);
  const double fill_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_started).count();
  char fill_text[128];
  std::snprintf(fill_text, sizeof(fill_text),
                "scan log: %llu events appended in %.1f s (1024-event durable appends)",
                static_cast<unsigned long long>(options.scan_events), fill_seconds);
  reporter.Note(fill_text);

  // Best of a few rounds: a scan is short, so one page-cache or compaction hiccup would
  // otherwise decide the figure. The store is opened read-only, like the bare iterator,
  // so both read exactly the same files and memtable.
  double bare = 0;
  store::StoreOptions read_only;
  read_only.read_only = true;
  const std::uint64_t expected = options.scan_events;
  for (std::size_t round = 0; round < options.scan_rounds; ++round) {
    {
      std::unique_ptr<store::EventStore> log = OrDie(store::EventStore::Open(log_dir, read_only));
      const double rates[] = {
          OrDie(ScanReadAll(*log, 4096, expected)).EventsPerSecond(),
          OrDie(ScanRawEvents(*log, /*decode=*/true, expected)).EventsPerSecond(),
          OrDie(ScanRawEvents(*log, /*decode=*/false, expected)).EventsPerSecond(),
      };
      for (std::size_t i = 0; i < std::size(scans); ++i) {
        scans[i].best = std::max(scans[i].best, rates[i]);
      }
    }
    bare = std::max(bare, OrDie(ScanBare(log_dir, expected)).EventsPerSecond());
  }
  ScratchDir::Remove(log_dir);

  for (const ScanFigure& scan : scans) {
    if (!Selected(options, scan.name)) continue;
    Figure figure;
    figure.name = scan.name;
    figure.label = scan.label;
    figure.value = scan.best;
    figure.unit = "events/s";
    figure.baseline = bare;
    figure.baseline_name = "bare iterator";
    figure.target = scan.target;
    reporter.Print(figure);
  }
}

int Main(int argc, char** argv) {
  BenchOptions options;
  CLI::App app{
      "Prospekt event store benchmark: durable appends and scans against bare "
      "RocksDB"};
  app.add_flag("--json", options.json, "one JSON object per figure per line on stdout");
  app.add_flag("--smoke", options.smoke,
               "a tiny pass (a few hundred events per measurement) for CI");
  app.add_option("--dir", options.dir,
                 "folder for the databases (default: a fresh temporary folder)");
  CLI::Option* seconds =
      app.add_option("--seconds", options.seconds,
                     "length of each side of an append workload, over all its rounds")
          ->check(CLI::PositiveNumber);
  CLI::Option* max_events = app.add_option("--max-events", options.max_events,
                                           "event budget of each side of an append workload");
  CLI::Option* scan_events =
      app.add_option("--scan-events", options.scan_events, "events in the scanned log")
          ->check(CLI::PositiveNumber);
  app.add_option("--rounds", options.rounds, "rounds each append measurement is split into")
      ->check(CLI::PositiveNumber);
  app.add_option("--only", options.only, "run only figures whose name contains this");
  app.add_option("--probe-seconds", options.probe_seconds,
                 "length of the disk's fdatasync probe before and after the appends (0: none)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--side", options.side, "run one side of the append workloads (profiling)")
      ->check(CLI::IsMember({"all", "store", "bare-sync", "bare-nosync"}));
  CLI11_PARSE(app, argc, argv);
  if (options.smoke) {
    // Sized to finish in about a second even where fsync takes milliseconds.
    if (seconds->count() == 0) options.seconds = 0.1;
    if (max_events->count() == 0) options.max_events = 300;
    if (scan_events->count() == 0) options.scan_events = 500;
    options.rounds = 1;
    options.scan_rounds = 1;
    options.probe_seconds = 0.05;
  }

  const Reporter reporter(options.json);
  try {
    const ScratchDir scratch(options.dir);
    std::size_t ignored_offset = 0;
    char seconds_text[64];
    std::snprintf(seconds_text, sizeof(seconds_text), "%.1f s per side in %zu rounds",
                  options.seconds, options.rounds);
    reporter.Note("store_bench: " + std::string(seconds_text) + ", payload " +
                  std::to_string(SampleEvent().payload.size()) + " B, envelope " +
                  std::to_string(SampleEncodedEnvelope(ignored_offset).size()) + " B, " +
                  std::to_string(std::thread::hardware_concurrency()) + " cores, data in " +
                  scratch.root().string());
    reporter.Note("durable appends (store sync=true vs bare RocksDB WriteBatch):");
    ProbeDisk(options, scratch, reporter, "before");
    RunAppends(options, scratch, reporter);
    ProbeDisk(options, scratch, reporter, "after");
    reporter.Note("full log scan (store opened read-only vs bare RocksDB iterator):");
    RunScans(options, scratch, reporter);
  } catch (const std::exception& error) {
    // A failed measurement (BenchFailure) or trouble with the scratch folders.
    std::fprintf(stderr, "store_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace prospekt::bench

int main(int argc, char** argv) { return prospekt::bench::Main(argc, argv); }
