#include "engine/app/projection_commands.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/api/queries.h"
#include "engine/app/cli_failure.h"
#include "engine/app/progress_bar.h"
#include "engine/domain/personal_data.h"
#include "engine/store/event_store.h"
#include "engine/store/log_folder.h"
#include "projections/catalogue.h"
#include "projections/runner.h"
#include "projections/view_store.h"

namespace prospekt::app {
namespace {

using nlohmann::json;
using projections::ProjectionRunner;

struct Opened {
  std::unique_ptr<store::EventStore> log;
  std::unique_ptr<projections::ViewStore> views;
  std::unique_ptr<ProjectionRunner> runner;
};

// Opens the log read-only and the views, drops the stored versions of `rebuild` (names),
// and catches every projection up, with a progress bar on a terminal.
Result<Opened> OpenCaughtUp(const std::string& data, const std::string& views_folder,
                            const std::set<std::string>& rebuild, bool report) {
  Opened opened;
  Result<std::unique_ptr<store::EventStore>> log = store::OpenLogToRead(data);
  if (!log.ok()) return log.status();
  opened.log = std::move(log).value();
  const std::string folder =
      views_folder.empty() ? projections::ViewsFolderOf(data).string() : views_folder;
  Result<std::unique_ptr<projections::ViewStore>> views = projections::ViewStore::Open(folder);
  if (!views.ok()) return views.status();
  opened.views = std::move(views).value();
  for (const std::string& name : rebuild) {
    Result<std::vector<std::uint32_t>> versions = opened.views->Versions(name);
    if (!versions.ok()) return versions.status();
    for (std::uint32_t version : *versions) {
      PROSPEKT_RETURN_IF_ERROR(opened.views->DropVersion(name, version));
    }
  }
  Result<std::unique_ptr<ProjectionRunner>> runner =
      ProjectionRunner::Open(*opened.log, *opened.views, projections::AllProjections());
  if (!runner.ok()) return runner.status();
  opened.runner = std::move(runner).value();
  ProgressBar bar("events", report);
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t first_position = UINT64_MAX;
  PROSPEKT_RETURN_IF_ERROR(opened.runner->CatchUp([&](std::uint64_t position, std::uint64_t head) {
    if (first_position == UINT64_MAX) first_position = position;
    bar.Show(position, head);
  }));
  bar.Finish();
  if (report) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::uint64_t folded =
        opened.log->Head().last_seq - std::min(first_position, opened.log->Head().last_seq);
    std::printf("projections at seq %llu: %llu events folded in %.2f s (%.0f events/s)\n",
                static_cast<unsigned long long>(opened.log->Head().last_seq),
                static_cast<unsigned long long>(folded), seconds,
                seconds > 0 ? static_cast<double>(folded) / seconds : 0.0);
  }
  return opened;
}

// The flags of `prospekt query`, as given.
struct QueryArgs {
  std::string views, branch, week, client, employee, as_of, now, from, until;
  std::string from_week, until_week;
  std::uint64_t as_of_seq = 0;
  std::uint64_t min_seq = 0;
  std::vector<std::string> types;
  std::size_t limit = 1000;
};

// The flags given, as the parameters of api::RunQuery (which validates them the same
// way for the CLI and the server): only those given, so that a query refuses a flag it
// does not take.
api::QueryParams ToParams(const QueryArgs& args, const std::function<bool(const char*)>& given) {
  api::QueryParams params;
  const std::pair<const char*, const std::string*> texts[] = {{"week", &args.week},
                                                              {"as_of", &args.as_of},
                                                              {"now", &args.now},
                                                              {"from", &args.from},
                                                              {"until", &args.until},
                                                              {"from_week", &args.from_week},
                                                              {"until_week", &args.until_week}};
  for (const auto& [name, text] : texts) {
    if (!text->empty()) params[name] = {*text};
  }
  const std::pair<const char*, const std::string*> subjects[] = {
      {"branch", &args.branch}, {"client", &args.client}, {"employee", &args.employee}};
  for (const auto& [name, text] : subjects) {
    // Another query's subject is refused like any parameter the query does not take.
    if (!text->empty()) params[name] = {*text};
  }
  if (!args.types.empty()) params["type"] = args.types;
  if (given("--as-of-seq")) params["as_of_seq"] = {std::to_string(args.as_of_seq)};
  if (given("--min-seq")) params["min_seq"] = {std::to_string(args.min_seq)};
  if (given("--limit")) params["limit"] = {std::to_string(args.limit)};
  return params;
}

int RunQuery(const std::string& what, const std::string& data, const QueryArgs& args,
             const std::function<bool(const char*)>& given) {
  Result<api::QueryName> query = api::ParseQueryName(what);
  if (!query.ok()) return ReportFailure(query.status());
  const api::QueryParams params = ToParams(args, given);
  // Bad flags are refused before the views are caught up, which may take a while.
  if (Status valid = api::ValidateQueryParams(*query, params); !valid.ok())
    return ReportFailure(valid);
  Result<Opened> opened = OpenCaughtUp(data, args.views, {}, /*report=*/false);
  if (!opened.ok()) return ReportFailure(opened.status());
  const store::EventStore& log = *opened->log;
  // Sealed personal data is never opened here; an erased client's shows as erased.
  const api::QuerySources sources{
      .log = log,
      .runner = *opened->runner,
      .erased =
          [&log](std::string_view client_id) {
            Result<bool> erased = domain::PersonalDataVault::Erased(log, client_id);
            return erased.ok() && *erased;
          },
  };
  Result<json> answer = api::RunQuery(*query, params, sources);
  if (!answer.ok()) return ReportFailure(answer.status());
  std::cout << answer->dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  return 0;
}

int RunReplay(const std::string& data, const std::string& views, const std::string& rebuild) {
  std::set<std::string> names;
  std::string known;
  for (const auto& projection : projections::AllProjections()) {
    known += (known.empty() ? "" : ", ") + std::string(projection->name());
    if (rebuild == "all" || rebuild == projection->name())
      names.insert(std::string(projection->name()));
  }
  if (names.empty()) {
    return ReportFailure(Status::InvalidArgument(
        "--rebuild must be 'all' or one of: " + known + " (not '" + rebuild + "')", "rebuild"));
  }
  Result<Opened> opened = OpenCaughtUp(data, views, names, /*report=*/true);
  if (!opened.ok()) return ReportFailure(opened.status());
  Status stopped = opened->runner->Stop();
  if (!stopped.ok()) return ReportFailure(stopped);
  return 0;
}

}  // namespace

std::function<int()> AddProjectionCommands(CLI::App& cli,
                                           const std::function<void(CLI::App*)>& add_data,
                                           const std::string& data) {
  auto views = std::make_shared<std::string>();
  auto rebuild = std::make_shared<std::string>();
  CLI::App* replay =
      cli.add_subcommand("replay", "rebuild projections from the log (progress bar, events/s)");
  add_data(replay);
  replay->add_option("--views", *views, "views folder (default: DATA.views)");
  replay->add_option("--rebuild", *rebuild, "a projection's name, or all")->required();

  auto args = std::make_shared<QueryArgs>();
  auto what = std::make_shared<std::string>();
  std::vector<std::string> names;
  std::string listed;
  for (const api::QuerySpec& spec : api::QuerySpecs()) {
    names.emplace_back(spec.name);
    listed += (listed.empty() ? "" : " | ") + std::string(spec.name);
  }
  CLI::App* query = cli.add_subcommand(
      "query", "a projection's answer as JSON (dashboard, card, trail, history, agenda, ...)");
  add_data(query);
  query->add_option("what", *what, listed)->required()->check(CLI::IsMember(names));
  query->add_option("--views", args->views, "views folder (default: DATA.views)");
  query->add_option("--branch", args->branch, "branch id (dashboard)");
  query->add_option("--week", args->week, "ISO week like 2026-W10 (dashboard; default: now's)");
  query->add_option("--client", args->client, "client id (card, contact-check, trail)");
  query->add_option("--employee", args->employee, "employee id (history, agenda)");
  CLI::Option* as_of_seq =
      query->add_option("--as-of-seq", args->as_of_seq, "answer as the log stood at this seq");
  query->add_option("--as-of", args->as_of, "answer as the log stood at this UTC time")
      ->excludes(as_of_seq);
  query->add_option("--min-seq", args->min_seq, "wait until the views have applied this seq");
  query->add_option("--now", args->now,
                    "the reader's time for due/overdue (default: as-of or clock)");
  query->add_option("--from", args->from,
                    "history, compliance: from this UTC time (business time)");
  query->add_option("--until", args->until, "history, compliance: until this UTC time, exclusive");
  query->add_option("--from-week", args->from_week, "head-office: first ISO week, like 2026-W02");
  query->add_option("--until-week", args->until_week, "head-office: last ISO week, inclusive");
  query->add_option("--type", args->types, "history: only these event types (repeatable)");
  query->add_option("--limit", args->limit, "history: at most this many entries")
      ->capture_default_str();

  return [replay, query, views, rebuild, args, what, &data]() {
    if (replay->parsed()) return RunReplay(data, *views, *rebuild);
    if (query->parsed()) {
      return RunQuery(*what, data, *args,
                      [query](const char* flag) { return query->count(flag) != 0; });
    }
    return -1;
  };
}

}  // namespace prospekt::app
