// prospekt: the operator's command line for a Prospekt log.
//
//   prospekt serve   --data DIR   serve the bank over HTTP (as prospektd; serve.h)
//   prospekt demo    --data DIR   generate the demo bank through the domain into an empty
//                                log, print the head, verify, add the demo users and serve
//                                it (--no-serve: stop after generating; --large: a bank
//                                of 100k clients and 500 employees, 10M events)
//   prospekt user    --data DIR   add, passwd, disable, list users (server stopped)
//   prospekt token   --data DIR   create, revoke API tokens (server stopped)
//   prospekt import  --data DIR   register clients from a CSV or JSON-lines file, all or
//                                nothing (server stopped; import_command.h)
//   prospekt open    --data DIR   open the write side (Executor) and time it: from the
//                                newest snapshot, or with --no-snapshot the whole log
//   prospekt sample  --data DIR   append the deterministic sample of bank work
//   prospekt head    --data DIR   the last seq, its hash and time
//   prospekt verify  --data DIR   walk the hash chain; exit 1 naming the first broken seq
//   prospekt read    --data DIR   print events as JSON lines (whole log or one stream)
//   prospekt append  --data DIR   append one event (operators' repairs, scripts)
//   prospekt export  --data DIR   write events as CSV or JSON lines (analysts, PostgreSQL)
//   prospekt replay  --data DIR   rebuild projections (--rebuild NAME|all), with the rate
//   prospekt query   --data DIR   a projection's answer as JSON, now or --as-of a time/seq
//
// Every failure prints one line "prospekt: <code>: <message>" and exits non-zero:
// 1 for a broken chain, 2 for bad input, 3 for anything else.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <string_view>

#include <unistd.h>

#include "engine/app/access_commands.h"
#include "engine/app/cli_failure.h"
#include "engine/app/cli_usage.h"
#include "engine/app/demo_bank.h"
#include "engine/app/demo_serve.h"
#include "engine/app/import_command.h"
#include "engine/app/progress_bar.h"
#include "engine/app/projection_commands.h"
#include "engine/app/sample_log.h"
#include "engine/app/serve.h"
#include "engine/domain/executor.h"
#include "engine/domain/personal_data.h"
#include "engine/store/event_store.h"
#include "engine/store/log_folder.h"
#include "events/envelope_json.h"
#include "replay/export.h"
#include "replay/verify_chain.h"

namespace prospekt::app {
namespace {

// Reading (head, verify, read) must never create a folder; writing (sample, append) may
// start a new log.
Result<std::unique_ptr<store::EventStore>> OpenLog(const std::string& data, bool read_only) {
  if (read_only) return store::OpenLogToRead(data);
  PROSPEKT_RETURN_IF_ERROR(store::CheckLogFolderToWrite(data));
  return store::EventStore::Open(data, store::StoreOptions{});
}

void PrintHead(const store::LogHead& head) {
  std::printf("head: seq %llu, hash %s, recorded_at %s\n",
              static_cast<unsigned long long>(head.last_seq), ToHex(head.hash).c_str(),
              head.last_seq == 0 ? "-" : FormatUtcMicros(head.last_recorded_at_us).c_str());
}

int RunVerify(const store::EventStore& log) {
  const auto started = std::chrono::steady_clock::now();
  Result<replay::ChainReport> report = replay::VerifyChain(log, [](std::uint64_t seq) {
    std::fprintf(stderr, "verified up to seq %llu\n", static_cast<unsigned long long>(seq));
  });
  if (!report.ok()) return ReportFailure(report.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!report->intact) {
    std::printf("chain BROKEN at seq %llu: %s\n",
                static_cast<unsigned long long>(report->first_broken_seq), report->problem.c_str());
    return kExitBrokenChain;
  }
  std::printf("chain intact: %llu events verified in %.2f s, head hash %s\n",
              static_cast<unsigned long long>(report->events_checked), seconds,
              ToHex(report->head.hash).c_str());
  return 0;
}

int RunSample(store::EventStore& log, const SampleOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Result<SampleSummary> summary = AppendSampleLog(log, options);
  if (!summary.ok()) return ReportFailure(summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("appended %llu events in %llu durable appends (%.2f s)\n",
              static_cast<unsigned long long>(summary->events),
              static_cast<unsigned long long>(summary->appends), seconds);
  return 0;
}

// The snapshots the demo's Executor took while it ran, when it took any.
void PrintSnapshotStats(const domain::ExecutorStats& stats) {
  if (stats.snapshots_taken == 0) return;
  std::printf(
      "write model snapshots taken while running: %llu, encoding on the sequencer took at most "
      "%.0f ms (mean %.0f ms), last one %.1f MB\n",
      static_cast<unsigned long long>(stats.snapshots_taken),
      static_cast<double>(stats.snapshot_encode_us_max) / 1000.0,
      static_cast<double>(stats.snapshot_encode_us_total) / 1000.0 /
          static_cast<double>(stats.snapshots_taken),
      static_cast<double>(stats.snapshot_bytes_last) / 1e6);
}

// Generates the demo bank into the empty log in `data` through the domain's Executor.
// The log is written with sync off: it is demo data that the seed regenerates, and a
// durable append per command would take minutes on a slow disk.
int RunDemo(const std::string& data, DemoOptions options,
            const domain::ExecutorOptions& executor_options) {
  if (Status folder = store::CheckLogFolderToWrite(data); !folder.ok()) {
    return ReportFailure(folder);
  }
  store::StoreOptions store_options;
  store_options.sync = false;
  // recorded_at follows the simulated business days (see DemoOptions::business_clock).
  auto business_time = std::make_shared<std::atomic<std::int64_t>>(kDemoStartUs);
  store_options.clock = [business_time] { return business_time->load(); };
  options.business_clock = business_time.get();
  // The demo makes its folder, parents included (RocksDB makes only the last one).
  std::error_code made;
  std::filesystem::create_directories(data, made);
  if (made) return ReportFailure(Status::IOError("cannot create " + data + ": " + made.message()));
  Result<std::unique_ptr<domain::Executor>> opened =
      domain::Executor::Open(data, store_options, executor_options);
  if (!opened.ok()) return ReportFailure(opened.status());
  store::EventStore& log = (*opened)->store();
  if (log.Head().last_seq != 0) {
    std::printf("log in %s already holds events; leaving it as it is\n", data.c_str());
    PrintHead(log.Head());
    return RunVerify(log);
  }
  std::printf("empty log in %s: generating the demo bank through the domain...\n", data.c_str());
  const auto started = std::chrono::steady_clock::now();
  ProgressBar bar("working days");
  Result<DemoSummary> summary = BuildDemoBank(**opened, options, [&](const DemoSummary& so_far) {
    bar.Show(so_far.working_days, static_cast<std::uint64_t>(options.days),
             ProgressBar::Grouped(so_far.events) + " events");
  });
  bar.Finish();
  if (!summary.ok()) return ReportFailure(summary.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "generated %llu events from %llu commands in %.2f s (%.0f events/s): %llu clients (%llu "
      "forced duplicates, %llu erased), %llu contacts (%llu by deputies), %llu absences, %llu "
      "working days\n",
      static_cast<unsigned long long>(summary->events),
      static_cast<unsigned long long>(summary->commands), seconds,
      static_cast<double>(summary->events) / seconds,
      static_cast<unsigned long long>(summary->clients),
      static_cast<unsigned long long>(summary->forced_duplicates),
      static_cast<unsigned long long>(summary->erasures),
      static_cast<unsigned long long>(summary->contacts),
      static_cast<unsigned long long>(summary->contacts_by_deputy),
      static_cast<unsigned long long>(summary->absences),
      static_cast<unsigned long long>(summary->working_days));
  if (Result<std::map<std::string, std::uint64_t>> types = CountEventTypes(log); types.ok()) {
    for (const auto& [type, count] : *types) {
      std::printf("  %-24s %llu\n", type.c_str(), static_cast<unsigned long long>(count));
    }
  }
  if (summary->rejections != 0) {
    for (const std::string& rejection : summary->first_rejections) {
      std::fprintf(stderr, "rejected: %s\n", rejection.c_str());
    }
    return ReportFailure(Status::Corruption(std::to_string(summary->rejections) +
                                            " generated commands were rejected (a generator bug)"));
  }
  PrintSnapshotStats((*opened)->stats());
  const auto closing = std::chrono::steady_clock::now();
  if (Status closed = (*opened)->Close(); !closed.ok()) return ReportFailure(closed);
  std::printf("closed with a write model snapshot in %.2f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - closing).count());
  PrintHead(log.Head());
  return RunVerify(log);
}

// Opens the write side and reports how long building its model took.
int RunOpen(const std::string& data, bool use_snapshot) {
  // It times the opening of a bank that is there; a mistyped path must not start one.
  if (Status folder = store::CheckLogFolder(data); !folder.ok()) return ReportFailure(folder);
  domain::ExecutorOptions options;
  options.load_snapshot = use_snapshot;
  // No closing snapshot (nothing is appended). With snapshots on, an Open that had to
  // fold a million events or more stores a new one, as a server's would; with
  // --no-snapshot the snapshots are left as they are.
  options.snapshot_at_close = false;
  if (!use_snapshot) options.snapshot_every_events = 0;
  const auto started = std::chrono::steady_clock::now();
  Result<std::unique_ptr<domain::Executor>> opened =
      domain::Executor::Open(data, store::StoreOptions{}, options);
  if (!opened.ok()) return ReportFailure(opened.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const domain::ExecutorStats& stats = (*opened)->stats();
  for (const std::string& skipped : stats.skipped_snapshots) {
    std::printf("snapshot skipped: %s\n", skipped.c_str());
  }
  std::printf(
      "executor opened in %.2f s: %s, then %llu events folded; log head seq %llu\n", seconds,
      stats.loaded_snapshot_seq == 0
          ? "no snapshot"
          : ("snapshot of seq " + std::to_string(stats.loaded_snapshot_seq) + " loaded").c_str(),
      static_cast<unsigned long long>(stats.folded_at_open),
      static_cast<unsigned long long>((*opened)->store().Head().last_seq));
  return 0;
}

// Exports a range of the log to `out` (stdout when empty) as CSV or JSON lines. The log
// is opened here rather than by Main so that a missing folder is bad input, not an
// empty log. Progress goes to stderr, and only to a terminal unless asked for.
int RunExport(const std::string& data, const std::string& format, replay::ExportOptions options,
              const std::string& out, bool progress) {
  Result<replay::ExportFormat> parsed = replay::ParseExportFormat(format);
  if (!parsed.ok()) return ReportFailure(parsed.status());
  options.format = *parsed;
  if (Status range = replay::CheckExportRange(options); !range.ok()) return ReportFailure(range);
  Result<std::unique_ptr<store::EventStore>> opened = store::OpenLogToRead(data);
  if (!opened.ok()) return ReportFailure(opened.status());
  if (progress || ::isatty(STDERR_FILENO) == 1) {
    options.progress = [](const replay::ExportProgress& at) {
      std::fprintf(stderr, "exported %llu of %llu events (up to seq %llu)\n",
                   static_cast<unsigned long long>(at.rows),
                   static_cast<unsigned long long>(at.total_rows),
                   static_cast<unsigned long long>(at.last_seq));
    };
  }
  const auto started = std::chrono::steady_clock::now();
  Result<replay::ExportSummary> summary =
      out.empty() ? replay::ExportEvents(
                        **opened, options,
                        [](std::string_view text) {
                          if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
                            return Status::IOError("writing to stdout failed");
                          }
                          return Status::Ok();
                        })
                  : replay::ExportToFile(**opened, options, out);
  if (!summary.ok()) return ReportFailure(summary.status());
  if (out.empty() && std::fflush(stdout) != 0) {
    return ReportFailure(Status::IOError("writing to stdout failed"));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!out.empty()) {
    std::printf("exported %llu events (seq %llu to %llu) to %s in %.2f s\n",
                static_cast<unsigned long long>(summary->rows),
                static_cast<unsigned long long>(summary->first_seq),
                static_cast<unsigned long long>(summary->last_seq), out.c_str(), seconds);
  }
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App cli{"prospekt: the operator's command line for a Prospekt event log"};
  cli.require_subcommand(1);
  std::string data = "data";
  auto add_data = [&](CLI::App* command) {
    command->add_option("--data", data, "folder of the log (RocksDB)")->capture_default_str();
  };

  CLI::App* serve =
      cli.add_subcommand("serve", "serve the bank over HTTP until SIGTERM (as prospektd)");
  ServeFlags serve_flags;
  AddServeFlags(*serve, serve_flags);

  SampleOptions sample;
  DemoOptions demo_options;
  CLI::App* demo = cli.add_subcommand(
      "demo", "generate the demo bank into an empty log, verify it, add the demo users, serve it");
  ServeFlags demo_serve_flags;
  AddServeFlags(*demo, demo_serve_flags);
  bool no_serve = false;
  demo->add_flag("--no-serve", no_serve, "stop once the bank is generated and verified");
  demo->add_option("--seed", demo_options.seed, "random seed")->capture_default_str();
  demo->add_option("--days", demo_options.days, "working days to simulate")->capture_default_str();
  demo->add_option("--events", demo_options.target_events, "stop at this many events (0: none)")
      ->capture_default_str();
  demo->add_option("--regions", demo_options.regions, "regions")->capture_default_str();
  demo->add_option("--branches", demo_options.branches_per_region, "branches per region")
      ->capture_default_str();
  demo->add_option("--employees", demo_options.employees_per_branch, "employees per branch")
      ->capture_default_str();
  demo->add_option("--clients", demo_options.clients_per_branch, "clients per branch")
      ->capture_default_str();
  bool large = false;
  demo->add_flag("--large", large,
                 "a bank of 100k clients and 500 employees (5 regions x 10 branches x 10 "
                 "employees, 2,000 clients a branch) working until 10M events; the options "
                 "above still override");
  domain::ExecutorOptions executor_options;
  demo->add_option("--snapshot-every", executor_options.snapshot_every_events,
                   "write model snapshot every N events (0: only at close)")
      ->capture_default_str();
  CLI::App* open_cmd =
      cli.add_subcommand("open", "open the write side and time building its model");
  add_data(open_cmd);
  bool no_snapshot = false;
  open_cmd->add_flag("--no-snapshot", no_snapshot, "ignore snapshots: fold the whole log");
  CLI::App* sample_cmd =
      cli.add_subcommand("sample", "append the deterministic sample of bank work");
  add_data(sample_cmd);
  sample_cmd->add_option("--events", sample.events, "events to append")->capture_default_str();
  sample_cmd->add_option("--seed", sample.seed, "random seed")->capture_default_str();
  CLI::App* head = cli.add_subcommand("head", "print the log's last seq, hash and time");
  add_data(head);
  CLI::App* verify =
      cli.add_subcommand("verify", "walk the hash chain and name the first broken seq");
  add_data(verify);

  CLI::App* read = cli.add_subcommand("read", "print events as JSON lines");
  add_data(read);
  std::string stream;
  std::uint64_t from = 1;
  std::size_t limit = 100;
  bool backward = false;
  read->add_option("--stream", stream, "one stream (default: the whole log)");
  read->add_option("--from", from, "first seq, or first stream version")->capture_default_str();
  read->add_option("--limit", limit, "most events to print")->capture_default_str();
  read->add_flag("--backward", backward, "read the stream from --from backwards (0: the end)");

  CLI::App* append = cli.add_subcommand("append", "append one event");
  add_data(append);
  store::NewEvent event;
  std::string expected = "any";
  std::string idempotency_key;
  append->add_option("--stream", stream, "stream id, <category>-<id>")->required();
  append->add_option("--type", event.event_type, "event type, e.g. ContactLogged")->required();
  append->add_option("--actor", event.actor, "employee id who acts")->required();
  append->add_option("--payload", event.payload, "payload (JSON)")->required();
  append->add_option("--expected-version", expected, "any | no_stream | N")->capture_default_str();
  append->add_option("--idempotency-key", idempotency_key, "retry-safe key");

  CLI::App* export_cmd =
      cli.add_subcommand("export", "write events as CSV or JSON lines, one row per event");
  add_data(export_cmd);
  replay::ExportOptions export_options;
  std::uint64_t export_to = 0;
  std::string export_format = "jsonl";
  std::string export_out;
  bool export_progress = false;
  export_cmd->add_option("--from", export_options.from_seq, "first seq")->capture_default_str();
  CLI::Option* export_to_option =
      export_cmd->add_option("--to", export_to, "last seq (default: the head at the start)");
  export_cmd->add_option("--format", export_format, "jsonl | csv")->capture_default_str();
  export_cmd->add_option("--out", export_out,
                         "file to write (via FILE.tmp, renamed when complete; default: stdout)");
  export_cmd->add_flag("--progress", export_progress, "report progress on stderr");

  const std::function<int()> run_projection_command = AddProjectionCommands(cli, add_data, data);
  const std::function<int()> run_access_command = AddAccessCommands(cli, add_data, data);
  const std::function<int()> run_import_command = AddImportCommand(cli, add_data, data);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return cli.exit(error);
    std::fprintf(stderr, "prospekt: invalid_argument: %s\n",
                 DescribeParseError(cli, "prospekt", error).c_str());
    return kExitBadInput;
  }

  if (int code = run_projection_command(); code != -1) return code;
  if (int code = run_access_command(); code != -1) return code;
  if (int code = run_import_command(); code != -1) return code;
  if (serve->parsed()) {
    Result<ServeConfig> config = ResolveServeConfig(serve_flags);
    if (!config.ok()) return ReportFailure(config.status());
    return RunServe(*config);
  }
  if (demo->parsed()) {
    Result<ServeConfig> config = ResolveServeConfig(demo_serve_flags);
    if (!config.ok()) return ReportFailure(config.status());
    if (large) {
      // Options given on the command line win over the preset.
      if (demo->count("--regions") == 0) demo_options.regions = 5;
      if (demo->count("--branches") == 0) demo_options.branches_per_region = 10;
      if (demo->count("--employees") == 0) demo_options.employees_per_branch = 10;
      if (demo->count("--clients") == 0) demo_options.clients_per_branch = 2'000;
      if (demo->count("--days") == 0) demo_options.days = 2'000;
      if (demo->count("--events") == 0) demo_options.target_events = 10'000'000;
    }
    if (int code = RunDemo(config->data, demo_options, executor_options); code != 0 || no_serve) {
      return code;
    }
    return ServeDemo(*config);
  }
  if (open_cmd->parsed()) return RunOpen(data, !no_snapshot);
  if (export_cmd->parsed()) {
    if (export_to_option->count() != 0) export_options.to_seq = export_to;
    return RunExport(data, export_format, std::move(export_options), export_out, export_progress);
  }
  const bool writes = sample_cmd->parsed() || append->parsed();
  Result<std::unique_ptr<store::EventStore>> opened = OpenLog(data, !writes);
  if (!opened.ok()) return ReportFailure(opened.status());
  store::EventStore& log = **opened;

  if (sample_cmd->parsed()) {
    if (int code = RunSample(log, sample); code != 0) return code;
    PrintHead(log.Head());
    return 0;
  }
  if (head->parsed()) {
    PrintHead(log.Head());
    return 0;
  }
  if (verify->parsed()) return RunVerify(log);
  if (read->parsed()) {
    Result<std::vector<Envelope>> events =
        stream.empty()
            ? log.ReadAll(from, limit)
            : log.ReadStream(stream, from,
                             backward ? store::Direction::kBackward : store::Direction::kForward,
                             limit);
    if (!events.ok()) return ReportFailure(events.status());
    // Sealed personal data is never decrypted here; it shows as {"sealed": true}, or as
    // {"erased": true} once its client's key is gone (read beside the log's key store).
    const ErasedCheck erased = [&log](std::string_view client_id) {
      Result<std::optional<std::string>> key = domain::PersonalDataVault::LoadKey(log, client_id);
      return key.ok() && !key->has_value();
    };
    for (const Envelope& envelope : *events) {
      // Invalid UTF-8 (e.g. an actor appended by hand) is replaced, never thrown on.
      std::cout << EnvelopeToJson(envelope, erased)
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    }
    return 0;
  }
  // append
  Result<store::ExpectedVersion> expected_version = store::ExpectedVersion::Parse(expected);
  if (!expected_version.ok()) return ReportFailure(expected_version.status());
  if (!nlohmann::json::accept(event.payload)) {
    return ReportFailure(Status::InvalidArgument("payload must be a JSON document", "payload"));
  }
  event.occurred_at_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  store::AppendRequest request{stream, *expected_version, {std::move(event)}, idempotency_key};
  Result<store::AppendResult> result = log.Append(std::move(request));
  if (!result.ok()) return ReportFailure(result.status());
  std::printf("appended: seq %llu, stream version %llu%s\n",
              static_cast<unsigned long long>(result->first_seq),
              static_cast<unsigned long long>(result->first_version),
              result->duplicate ? " (idempotent retry: nothing new written)" : "");
  return 0;
}

}  // namespace
}  // namespace prospekt::app

int main(int argc, char** argv) { return prospekt::app::Main(argc, argv); }
