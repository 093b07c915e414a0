#include "engine/app/projection_commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/domain/iso_week.h"
#include "engine/store/event_store.h"
#include "events/envelope_json.h"
#include "projections/agenda/agenda.h"
#include "projections/audit_trail/audit_trail.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/catalogue.h"
#include "projections/client_card/client_card.h"
#include "projections/compliance/compliance.h"
#include "projections/employee_history/employee_history.h"
#include "projections/head_office/head_office.h"
#include "projections/industry_analysis/industry_analysis.h"
#include "projections/runner.h"
#include "projections/view_json.h"
#include "projections/view_store.h"

namespace prospekt::app {
namespace {

using nlohmann::json;
using projections::ProjectionRunner;

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 3;

int Fail(const Status& status) {
  std::fprintf(stderr, "prospekt: %s\n", status.ToString().c_str());
  return status.code() == StatusCode::kInvalidArgument ? kExitBadInput : kExitFailure;
}

std::string DefaultViewsFolder(const std::string& data) {
  std::filesystem::path path = std::filesystem::path(data).lexically_normal();
  if (!path.has_filename()) path = path.parent_path();
  return path.string() + ".views";
}

// "2026-03-02", "2026-03-02T09:30" or "2026-03-02T09:30:00Z", UTC.
Result<std::int64_t> ParseUtc(const std::string& text, const char* field) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char tail = 0;
  const int fields = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day,
                                 &hour, &minute, &second, &tail);
  const bool shape_ok = (fields == 3 && text.size() == 10) || (fields == 5 && text.size() == 16) ||
                        (fields == 6 && text.size() == 19) ||
                        (fields == 7 && tail == 'Z' && text.size() == 20);
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (!shape_ok || !date.ok() || hour > 23 || minute > 59 || second > 59) {
    return Status::InvalidArgument(std::string(field) + " must be a UTC date or time like " +
                                       "2026-03-02 or 2026-03-02T09:30:00Z, not '" + text + "'",
                                   field);
  }
  return duration_cast<microseconds>(sys_days{date}.time_since_epoch() + hours{hour} +
                                     minutes{minute} + seconds{second})
      .count();
}

// "2026-W10".
Result<domain::IsoWeek> ParseWeek(const std::string& text) {
  int year = 0, week = 0;
  char tail = 0;
  domain::IsoWeek parsed;
  if (std::sscanf(text.c_str(), "%4d-W%2d%c", &year, &week, &tail) == 2 && text.size() >= 7 &&
      year > 0 && week > 0 && week <= 53) {
    parsed = {static_cast<std::uint16_t>(year), static_cast<std::uint8_t>(week)};
    if (domain::IsValidIsoWeek(parsed)) return parsed;
  }
  return Status::InvalidArgument("week must be an ISO week like 2026-W10, not '" + text + "'",
                                 "week");
}

std::int64_t WallClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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
  // Reading must never create a folder: a mistyped path is bad input.
  if (!std::filesystem::is_directory(data)) {
    return Status::InvalidArgument("no log folder at " + data, "data");
  }
  store::StoreOptions options;
  options.read_only = true;
  Result<std::unique_ptr<store::EventStore>> log = store::EventStore::Open(data, options);
  if (!log.ok()) return log.status();
  opened.log = std::move(log).value();
  const std::string folder = views_folder.empty() ? DefaultViewsFolder(data) : views_folder;
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
  const bool bar = report && isatty(STDERR_FILENO) != 0;
  const auto started = std::chrono::steady_clock::now();
  std::uint64_t first_position = UINT64_MAX;
  PROSPEKT_RETURN_IF_ERROR(
      opened.runner->CatchUp([&](std::uint64_t position, std::uint64_t head) {
        if (first_position == UINT64_MAX) first_position = position;
        if (!bar || head == 0) return;
        const int percent = static_cast<int>(100 * position / head);
        std::fprintf(stderr, "\r[%-50s] %3d%%  %llu / %llu events",
                     std::string(static_cast<std::size_t>(percent / 2), '#').c_str(), percent,
                     static_cast<unsigned long long>(position),
                     static_cast<unsigned long long>(head));
      }));
  if (bar) std::fputc('\n', stderr);
  if (report) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::uint64_t folded = opened.log->Head().last_seq - std::min(first_position,
                                                                         opened.log->Head().last_seq);
    std::printf("projections at seq %llu: %llu events folded in %.2f s (%.0f events/s)\n",
                static_cast<unsigned long long>(opened.log->Head().last_seq),
                static_cast<unsigned long long>(folded), seconds,
                seconds > 0 ? static_cast<double>(folded) / seconds : 0.0);
  }
  return opened;
}

struct QueryArgs {
  std::string views, branch, week, client, employee, as_of, now, from, until;
  std::string from_week, until_week;
  std::uint64_t as_of_seq = 0;
  std::vector<std::string> types;
  std::size_t limit = 1000;
};

// The view of `name` as of `seq`: the live one at the head, else folded from a snapshot.
template <class View>
Result<json> Answer(const Opened& opened, std::string_view name, std::uint64_t seq,
                    const std::function<json(const View&)>& answer) {
  if (seq >= opened.log->Head().last_seq) {
    return opened.runner->ReadView<View>(name, answer);
  }
  Result<std::unique_ptr<projections::Projection>> as_of = opened.runner->AsOf(name, seq);
  if (!as_of.ok()) return as_of.status();
  const auto* fold = dynamic_cast<const projections::FoldProjection<View>*>(as_of->get());
  if (fold == nullptr) return Status::Corruption(std::string(name) + " has another view type");
  return answer(fold->view());
}

int RunQuery(const std::string& what, const std::string& data, const QueryArgs& args,
             bool as_of_seq_given) {
  Result<Opened> opened = OpenCaughtUp(data, args.views, {}, /*report=*/false);
  if (!opened.ok()) return Fail(opened.status());
  const std::uint64_t head = opened->log->Head().last_seq;
  std::uint64_t seq = head;
  std::int64_t now = WallClockMicros();
  if (as_of_seq_given) seq = std::min(args.as_of_seq, head);
  if (!args.as_of.empty()) {
    Result<std::int64_t> time = ParseUtc(args.as_of, "as_of");
    if (!time.ok()) return Fail(time.status());
    Result<std::uint64_t> at = opened->log->SeqAtTime(*time);
    if (!at.ok()) return Fail(at.status());
    seq = *at;
    now = *time;
  }
  if (!args.now.empty()) {
    Result<std::int64_t> time = ParseUtc(args.now, "now");
    if (!time.ok()) return Fail(time.status());
    now = *time;
  }
  auto require = [](const std::string& value, const char* field) {
    return value.empty() ? Status::InvalidArgument(std::string("--") + field + " is required",
                                                   field)
                         : Status::Ok();
  };
  Result<json> result = Status::InvalidArgument("unknown query " + what);
  if (what == "dashboard") {
    if (Status missing = require(args.branch, "branch"); !missing.ok()) return Fail(missing);
    Result<domain::IsoWeek> week = args.week.empty() ? Result<domain::IsoWeek>(domain::IsoWeekOf(now))
                                                     : ParseWeek(args.week);
    if (!week.ok()) return Fail(week.status());
    result = Answer<projections::BranchDashboardsView>(
        *opened, projections::kBranchDashboards.name, seq,
        [&](const projections::BranchDashboardsView& view) {
          return projections::ToJson(projections::DashboardOf(view, args.branch, *week, now));
        });
  } else if (what == "card") {
    if (Status missing = require(args.client, "client"); !missing.ok()) return Fail(missing);
    result = Answer<projections::ClientCardsView>(
        *opened, projections::kClientCards.name, seq,
        [&](const projections::ClientCardsView& view) -> json {
          const projections::ClientCard* card = projections::FindClientCard(view, args.client);
          return card == nullptr ? json(nullptr) : projections::ToJson(*card);
        });
    if (result.ok() && result->is_null()) {
      return Fail(Status::NotFound("no client " + args.client + " as of seq " + std::to_string(seq),
                                   "client"));
    }
  } else if (what == "agenda") {
    if (Status missing = require(args.employee, "employee"); !missing.ok()) return Fail(missing);
    result = Answer<projections::AgendaView>(
        *opened, projections::kAgenda.name, seq, [&](const projections::AgendaView& view) {
          return projections::ToJson(projections::AgendaOf(view, args.employee, now));
        });
  } else if (what == "history") {
    if (Status missing = require(args.employee, "employee"); !missing.ok()) return Fail(missing);
    projections::HistoryQuery query;
    query.employee_id = args.employee;
    query.as_of_seq = seq;
    query.limit = args.limit;
    query.event_types.insert(args.types.begin(), args.types.end());
    if (!args.from.empty()) {
      Result<std::int64_t> from = ParseUtc(args.from, "from");
      if (!from.ok()) return Fail(from.status());
      query.from_us = *from;
    }
    if (!args.until.empty()) {
      Result<std::int64_t> until = ParseUtc(args.until, "until");
      if (!until.ok()) return Fail(until.status());
      query.until_us = *until;
    }
    result = opened->runner->ReadView<projections::EmployeeHistoryView>(
        projections::kEmployeeHistory.name, [&](const projections::EmployeeHistoryView& view) {
          return projections::ToJson(projections::EmployeeHistory(view, query));
        });
  } else if (what == "head-office") {
    std::int32_t from_week = 0, until_week = 99999999;
    for (auto [text, key] : {std::pair{&args.from_week, &from_week}, {&args.until_week, &until_week}}) {
      if (text->empty()) continue;
      Result<domain::IsoWeek> week = ParseWeek(*text);
      if (!week.ok()) return Fail(week.status());
      *key = domain::WeekKey(*week);
    }
    result = Answer<projections::HeadOfficeView>(
        *opened, projections::kHeadOffice.name, seq, [&](const projections::HeadOfficeView& view) {
          return projections::ToJson(projections::HeadOfficeReportOf(view, from_week, until_week));
        });
  } else if (what == "industry") {
    result = Answer<projections::IndustryAnalysisView>(
        *opened, projections::kIndustryAnalysis.name, seq,
        [](const projections::IndustryAnalysisView& view) {
          return projections::ToJson(projections::IndustryReport(view));
        });
  } else if (what == "compliance") {
    std::int64_t from = INT64_MIN / 2, until = INT64_MAX / 2;
    for (auto [text, field, out] : {std::tuple{&args.from, "from", &from},
                                    std::tuple{&args.until, "until", &until}}) {
      if (text->empty()) continue;
      Result<std::int64_t> time = ParseUtc(*text, field);
      if (!time.ok()) return Fail(time.status());
      *out = *time;
    }
    result = Answer<projections::ComplianceView>(
        *opened, projections::kCompliance.name, seq, [&](const projections::ComplianceView& view) {
          return projections::ToJson(projections::ComplianceReportOf(view, from, until));
        });
  } else if (what == "trail") {
    if (Status missing = require(args.client, "client"); !missing.ok()) return Fail(missing);
    Result<std::vector<std::uint64_t>> seqs = opened->runner->ReadView<projections::AuditTrailView>(
        projections::kClientAuditTrail.name, [&](const projections::AuditTrailView& view) {
          return projections::AuditTrailSeqs(view, args.client, seq);
        });
    if (!seqs.ok()) return Fail(seqs.status());
    Result<std::vector<Envelope>> envelopes = projections::ReadEnvelopes(*opened->log, *seqs);
    if (!envelopes.ok()) return Fail(envelopes.status());
    json trail = json::array();
    for (const Envelope& envelope : *envelopes) trail.push_back(EnvelopeToJson(envelope));
    result = std::move(trail);
  }
  if (!result.ok()) return Fail(result.status());
  json out{{"as_of_seq", seq}, {"head_seq", head}, {"result", std::move(result).value()}};
  std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  return 0;
}

int RunReplay(const std::string& data, const std::string& views, const std::string& rebuild) {
  std::set<std::string> names;
  std::string known;
  for (const auto& projection : projections::AllProjections()) {
    known += (known.empty() ? "" : ", ") + std::string(projection->name());
    if (rebuild == "all" || rebuild == projection->name()) names.insert(std::string(projection->name()));
  }
  if (names.empty()) {
    return Fail(Status::InvalidArgument(
        "--rebuild must be 'all' or one of: " + known + " (not '" + rebuild + "')", "rebuild"));
  }
  Result<Opened> opened = OpenCaughtUp(data, views, names, /*report=*/true);
  if (!opened.ok()) return Fail(opened.status());
  Status stopped = opened->runner->Stop();
  if (!stopped.ok()) return Fail(stopped);
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
  CLI::App* query = cli.add_subcommand(
      "query", "a projection's answer as JSON (dashboard, card, trail, history, agenda, ...)");
  add_data(query);
  query->add_option("what", *what,
                    "dashboard | card | trail | history | agenda | head-office | industry | compliance")
      ->required()
      ->check(CLI::IsMember({"dashboard", "card", "trail", "history", "agenda", "head-office",
                            "industry", "compliance"}));
  query->add_option("--views", args->views, "views folder (default: DATA.views)");
  query->add_option("--branch", args->branch, "branch id (dashboard)");
  query->add_option("--week", args->week, "ISO week like 2026-W10 (dashboard; default: now's)");
  query->add_option("--client", args->client, "client id (card, trail)");
  query->add_option("--employee", args->employee, "employee id (history, agenda)");
  CLI::Option* as_of_seq =
      query->add_option("--as-of-seq", args->as_of_seq, "answer as the log stood at this seq");
  query->add_option("--as-of", args->as_of, "answer as the log stood at this UTC time")
      ->excludes(as_of_seq);
  query->add_option("--now", args->now, "the reader's time for due/overdue (default: as-of or clock)");
  query->add_option("--from", args->from, "history, compliance: from this UTC time (business time)");
  query->add_option("--until", args->until, "history, compliance: until this UTC time, exclusive");
  query->add_option("--from-week", args->from_week, "head-office: first ISO week, like 2026-W02");
  query->add_option("--until-week", args->until_week, "head-office: last ISO week, inclusive");
  query->add_option("--type", args->types, "history: only these event types (repeatable)");
  query->add_option("--limit", args->limit, "history: at most this many entries")
      ->capture_default_str();

  return [replay, query, views, rebuild, args, what, as_of_seq, &data]() {
    if (replay->parsed()) return RunReplay(data, *views, *rebuild);
    if (query->parsed()) return RunQuery(*what, data, *args, as_of_seq->count() != 0);
    return -1;
  };
}

}  // namespace prospekt::app
