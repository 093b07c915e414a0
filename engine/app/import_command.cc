#include "engine/app/import_command.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "engine/api/client_import.h"
#include "engine/app/cli_failure.h"
#include "engine/app/import_plan.h"
#include "engine/app/progress_bar.h"
#include "engine/domain/executor.h"
#include "engine/store/limits.h"
#include "engine/store/log_folder.h"
#include "events/envelope_json.h"
#include "events/text.h"

namespace prospekt::app {
namespace {

// Bigger files are split: the whole file and its plan are held in memory.
constexpr std::uintmax_t kMaxFileBytes = 1ULL << 30;
// Commands queued at once: enough for the store to group their appends.
constexpr std::size_t kInFlight = 256;

struct ImportArgs {
  std::string file, format, actor, delimiter = ",", on_duplicate = "refuse";
  bool dry_run = false;
};

std::int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// "line 7: tax_id: a legal entity's tax id has 10 digits"
std::string RowLine(std::size_t line, const Status& status) {
  std::string text = "line " + std::to_string(line) + ": ";
  if (!status.field().empty()) text += status.field() + ": ";
  return text + status.message();
}

Result<std::string> ReadInput(const std::string& file) {
  if (file == "-") {
    std::string text;
    char chunk[64 * 1024];
    while (std::cin.read(chunk, sizeof chunk) || std::cin.gcount() > 0) {
      text.append(chunk, static_cast<std::size_t>(std::cin.gcount()));
      if (text.size() > kMaxFileBytes) {
        return Status::InvalidArgument("standard input is over 1 GiB: split it", "file");
      }
    }
    return text;
  }
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(file, error);
  if (error) return Status::InvalidArgument("cannot read " + file + ": " + error.message(), "file");
  if (size > kMaxFileBytes) {
    return Status::InvalidArgument(file + " is over 1 GiB: split it", "file");
  }
  std::ifstream in(file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Status::IOError("cannot read " + file);
  return text;
}

Result<api::ImportFormat> FormatOf(const ImportArgs& args) {
  if (!args.format.empty()) return api::ParseImportFormat(args.format);
  std::string extension = std::filesystem::path(args.file).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".csv") return api::ImportFormat::kCsv;
  if (extension == ".jsonl" || extension == ".ndjson") return api::ImportFormat::kJsonLines;
  return Status::InvalidArgument("cannot tell the format from the file name: give --format",
                                 "format");
}

Result<char> DelimiterOf(const std::string& text) {
  if (text == "tab") return '\t';
  if (text.size() != 1 || text == "\"") {
    return Status::InvalidArgument("the delimiter is one character other than '\"' (or tab)",
                                   "delimiter");
  }
  return text.front();
}

// "import:<file name>:<start time>", the file name shortened (before a UTF-8 sequence)
// so that the id fits the store's limit on metadata fields.
std::string CorrelationId(const std::string& file, std::int64_t now_us) {
  const std::string time = FormatUtcMicros(now_us);
  std::string name = file == "-" ? "stdin" : std::filesystem::path(file).filename().string();
  const std::size_t room =
      store::kMaxMetadataFieldBytes - std::string_view("import::").size() - time.size();
  name.resize(Utf8CutPoint(name, room));
  return "import:" + name + ":" + time;
}

// Prints the first kMaxReportedRows lines, then how many more there were.
void ReportRows(const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < std::min(lines.size(), kMaxReportedRows); ++i) {
    std::fprintf(stderr, "prospekt: %s\n", lines[i].c_str());
  }
  if (lines.size() > kMaxReportedRows) {
    std::fprintf(stderr, "prospekt: ... and %zu more\n", lines.size() - kMaxReportedRows);
  }
}

std::string Counts(const ImportPlan& plan) {
  return ProgressBar::Grouped(plan.already_registered) + " already registered, " +
         ProgressBar::Grouped(plan.duplicates_skipped) + " duplicates skipped";
}

// What the execution of a plan did.
struct Executed {
  std::size_t registered = 0;
  std::uint64_t first_seq = 0, last_seq = 0;
  std::optional<std::pair<std::size_t, Status>> failure;  // the first row that failed
};

// Executes the plan's rows to register, in file order, a window of them in flight.
Executed Execute(domain::Executor& executor, const ImportPlan& plan,
                 const domain::CommandContext& context) {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t in_flight = 0;
  Executed executed;
  ProgressBar bar("clients");
  for (const PlannedRow& row : plan.rows) {
    if (row.verdict != RowVerdict::kRegister) continue;
    std::size_t registered = 0;
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return in_flight < kInFlight; });
      if (executed.failure) break;
      ++in_flight;
      registered = executed.registered;
    }
    bar.Show(registered, plan.to_register);
    executor.ExecuteAsync(row.command, context, {},
                          [&, line = row.line](Result<store::AppendResult> result) {
                            std::lock_guard lock(mutex);
                            --in_flight;
                            if (result.ok()) {
                              ++executed.registered;
                              if (executed.first_seq == 0) executed.first_seq = result->first_seq;
                              executed.last_seq = std::max(executed.last_seq, result->last_seq);
                            } else if (!executed.failure || line < executed.failure->first) {
                              executed.failure = std::pair{line, result.status()};
                            }
                            changed.notify_all();
                          });
  }
  std::unique_lock lock(mutex);
  changed.wait(lock, [&] { return in_flight == 0; });
  bar.Show(executed.registered, plan.to_register);
  return executed;
}

int RunImport(const std::string& data, const ImportArgs& args) {
  Result<api::ImportFormat> format = FormatOf(args);
  if (!format.ok()) return ReportFailure(format.status());
  Result<char> delimiter = DelimiterOf(args.delimiter);
  if (!delimiter.ok()) return ReportFailure(delimiter.status());
  Result<OnDuplicate> on_duplicate = ParseOnDuplicate(args.on_duplicate);
  if (!on_duplicate.ok()) return ReportFailure(on_duplicate.status());
  Result<std::string> text = ReadInput(args.file);
  if (!text.ok()) return ReportFailure(text.status());
  Result<api::ImportRows> read = api::ReadClientRows(*text, *format, *delimiter);
  if (!read.ok()) return ReportFailure(read.status());
  if (!read->errors.empty()) {
    std::vector<std::string> lines;
    for (const api::RowError& error : read->errors)
      lines.push_back(RowLine(error.line, error.status));
    ReportRows(lines);
    return ReportFailure(
        Status::InvalidArgument(std::to_string(read->errors.size()) + " of " +
                                    std::to_string(read->errors.size() + read->rows.size()) +
                                    " rows cannot be read; nothing imported",
                                "file"));
  }

  // Opening would make a folder: a mistyped path is bad input.
  if (Status folder = store::CheckLogFolder(data); !folder.ok()) return ReportFailure(folder);
  Result<std::unique_ptr<domain::Executor>> opened = domain::Executor::Open(data);
  if (!opened.ok()) {
    if (opened.status().code() == StatusCode::kIOError) {
      return ReportFailure(Status::IOError(opened.status().message() +
                                           " (is prospektd serving this folder? stop it first)"));
    }
    return ReportFailure(opened.status());
  }
  domain::Executor& executor = **opened;
  const domain::WriteModel::Employee* actor = executor.model().FindEmployee(args.actor);
  if (actor == nullptr || actor->left) {
    return ReportFailure(
        Status::NotFound("no employee " + args.actor + " in the bank's staff", "as"));
  }

  const std::int64_t now_us = NowUs();
  domain::CommandContext context;
  context.actor.employee_id = args.actor;
  context.now_us = now_us;
  context.correlation_id = CorrelationId(args.file, now_us);
  const std::size_t rows = read->rows.size();
  const ImportPlan plan =
      PlanImport(executor.model(), std::move(read->rows), context, *on_duplicate);
  if (plan.refused != 0) {
    std::vector<std::string> lines;
    for (const PlannedRow& row : plan.rows) {
      if (row.verdict == RowVerdict::kRefused) lines.push_back(RowLine(row.line, row.reason));
    }
    ReportRows(lines);
    return ReportFailure(Status::FailedPrecondition(std::to_string(plan.refused) + " of " +
                                                        std::to_string(rows) +
                                                        " rows refused; nothing imported",
                                                    "file"));
  }
  std::vector<std::string> skipped;
  for (const PlannedRow& row : plan.rows) {
    if (row.verdict == RowVerdict::kDuplicateSkipped) {
      skipped.push_back("skipped " + RowLine(row.line, row.reason));
    }
  }
  ReportRows(skipped);
  if (args.dry_run) {
    std::printf("dry run: %s of %s rows would be registered, %s; nothing written\n",
                ProgressBar::Grouped(plan.to_register).c_str(), ProgressBar::Grouped(rows).c_str(),
                Counts(plan).c_str());
    return 0;
  }

  const auto started = std::chrono::steady_clock::now();
  const Executed executed = Execute(executor, plan, context);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const Status closed = executor.Close();
  if (!closed.ok()) {
    // The clients are durable; only the closing snapshot is missing (a slower start).
    std::fprintf(stderr, "prospekt: warning: %s\n", closed.ToString().c_str());
  }
  if (executed.failure) {
    // Rows are registered already: whatever the cause, this is not "nothing imported".
    std::fprintf(stderr, "prospekt: %s\n",
                 RowLine(executed.failure->first, executed.failure->second).c_str());
    return ReportFailure(
        Status(StatusCode::kAborted,
               std::to_string(executed.registered) +
                   " rows were registered before the import stopped; once the cause is mended, run "
                   "the same file again to import the rest (the rows registered are skipped)"));
  }
  const std::string seqs = executed.registered == 0 ? "nothing appended"
                                                    : "seq " + std::to_string(executed.first_seq) +
                                                          ".." + std::to_string(executed.last_seq);
  std::printf("imported %s clients in %.2f s (%s), %s; correlation id %s\n",
              ProgressBar::Grouped(executed.registered).c_str(), seconds, seqs.c_str(),
              Counts(plan).c_str(), context.correlation_id.c_str());
  return 0;
}

}  // namespace

std::function<int()> AddImportCommand(CLI::App& cli, const std::function<void(CLI::App*)>& add_data,
                                      const std::string& data) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* import = cli.add_subcommand(
      "import", "register clients from a CSV or JSON-lines file (all or nothing; server stopped)");
  add_data(import);
  import->add_option("--file", args->file, "the file to import ('-': standard input)")->required();
  import->add_option("--as", args->actor, "the employee who registers the clients")->required();
  import->add_option("--format", args->format, "csv | jsonl (default: from the file's extension)");
  import->add_option("--delimiter", args->delimiter, "the CSV delimiter: one character, or tab")
      ->capture_default_str();
  import
      ->add_option("--on-duplicate", args->on_duplicate,
                   "refuse (nothing imported) | skip (leave them out) | force (register anyway)")
      ->capture_default_str();
  import->add_flag("--dry-run", args->dry_run, "check the whole file, write nothing");
  return [import, args, &data] { return import->parsed() ? RunImport(data, *args) : -1; };
}

}  // namespace prospekt::app
