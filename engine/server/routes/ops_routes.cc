// Operations and the auditor's tools: /health, /metrics, /openapi.yaml, GET /api/chain
// (the chain verification of both logs) and GET /api/export (a period of the log as JSON
// lines or CSV, for analysts).
#include <charconv>
#include <optional>
#include <string>
#include <utility>

#include "embedded/openapi_yaml.h"
#include "engine/api/iso_time.h"
#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"
#include "events/envelope_json.h"
#include "projections/catalogue.h"
#include "replay/export.h"

namespace prospekt::server {
namespace {

using access::Permission;
using internal::JsonResponse;

void Health(BankService& bank, const Respond& respond) {
  const std::uint64_t head = bank.log().Head().last_seq;
  nlohmann::json projections = nlohmann::json::object();
  for (const auto& projection : projections::AllProjections()) {
    const std::uint64_t position = bank.runner().Position(projection->name());
    projections[std::string(projection->name())] = {{"position", position},
                                                    {"lag", head > position ? head - position : 0}};
  }
  const Status failure = bank.runner().failure();
  nlohmann::json body{{"status", failure.ok() ? "ok" : "failing"},
                      {"head_seq", head},
                      {"projections", std::move(projections)}};
  if (!failure.ok()) body["failure"] = failure.ToString();
  respond(JsonResponse(failure.ok() ? 200 : 503, body));
}

nlohmann::json ChainJson(const ChainStatus& status) {
  const replay::ChainReport& report = status.report;
  nlohmann::json out{{"intact", report.intact},
                     {"events_checked", report.events_checked},
                     {"verified_at_us", status.verified_at_us},
                     {"verified_at", FormatUtcMicros(status.verified_at_us)}};
  if (report.intact) {
    out["head_seq"] = report.head.last_seq;
    out["head_hash"] = ToHex(report.head.hash);
  } else {
    out["first_broken_seq"] = report.first_broken_seq;
    out["problem"] = report.problem;
  }
  return out;
}

void Chain(BankService& bank, const Request& request, const Respond& respond) {
  if (Status allowed = internal::Authorize(bank, request, {}); !allowed.ok()) {
    return respond(internal::DomainError(allowed));
  }
  // A walk of the whole log when it moved since the last one: on the blocking pool.
  internal::OnBlockingPool(bank, [&bank, respond]() {
    Result<ChainStatus> events = bank.VerifiedChain(/*access_log=*/false);
    if (!events.ok()) return respond(internal::DomainError(events.status()));
    Result<ChainStatus> access = bank.VerifiedChain(/*access_log=*/true);
    if (!access.ok()) return respond(internal::DomainError(access.status()));
    respond(JsonResponse(200, {{"events", ChainJson(*events)}, {"access", ChainJson(*access)}}));
  });
}

// `from` or `to` of an export: a seq ("1200"), or a time ("2026-01-16",
// "2026-01-16T09:00:00Z") for the events recorded from (or until, inclusive) then.
// `from` defaults to 1, `to` to the log's head.
Result<std::uint64_t> RangeParam(const BankService& bank, const Request& request,
                                 std::string_view name) {
  const bool from = name == "from";
  std::optional<std::string_view> text = request.Query(name);
  if (!text) return from ? 1 : bank.log().Head().last_seq;
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (!text->empty() && error == std::errc() && end == text->data() + text->size()) return value;
  Result<std::int64_t> time =
      api::ParseUtcTime(*text, std::string(name), api::TimeForm::kDateOrInstant);
  if (!time.ok()) {
    return Status::InvalidArgument(
        std::string(name) + " must be a seq (a number) or a time (" + time.status().message() + ")",
        std::string(name));
  }
  // The first event recorded at or after `from`; the last one recorded at or before `to`.
  Result<std::uint64_t> seq = bank.log().SeqAtTime(from ? *time - 1 : *time);
  if (!seq.ok()) return seq.status();
  return from ? *seq + 1 : *seq;
}

Response ExportFile(std::string body, replay::ExportFormat format, std::uint64_t from,
                    std::uint64_t to) {
  const bool csv = format == replay::ExportFormat::kCsv;
  Response response = Response::Text(200, std::move(body),
                                     csv ? "text/csv; charset=utf-8" : "application/x-ndjson");
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"prospekt-" + std::to_string(from) + "-" +
                                    std::to_string(to) + (csv ? ".csv\"" : ".jsonl\""));
  return response;
}

void Export(BankService& bank, std::uint64_t max_events, const Request& request,
            const Respond& respond) {
  for (const auto& [name, value] : request.query) {
    if (name != "from" && name != "to" && name != "format") {
      return respond(internal::RequestError(Status::InvalidArgument(
          name + " is not a parameter of this route (known: from, to, format)", name)));
    }
  }
  replay::ExportOptions options;
  Result<std::uint64_t> from = RangeParam(bank, request, "from");
  if (!from.ok()) return respond(internal::RequestError(from.status()));
  Result<std::uint64_t> to = RangeParam(bank, request, "to");
  if (!to.ok()) return respond(internal::RequestError(to.status()));
  options.from_seq = *from;
  options.to_seq = *to;
  Result<replay::ExportFormat> format =
      replay::ParseExportFormat(request.Query("format").value_or("jsonl"));
  if (!format.ok()) return respond(internal::RequestError(format.status()));
  options.format = *format;
  if (Status allowed = internal::Authorize(bank, request, {}); !allowed.ok()) {
    return respond(internal::DomainError(allowed));
  }
  // A period (given by times) in which nothing was recorded is an empty file, not an error.
  const auto is_time = [&request](std::string_view name) {
    std::optional<std::string_view> text = request.Query(name);
    return text && text->find_first_not_of("0123456789") != std::string_view::npos;
  };
  if (*from > *to && (is_time("from") || is_time("to"))) {
    std::string header = options.format == replay::ExportFormat::kCsv ? replay::CsvHeader() : "";
    return respond(ExportFile(std::move(header), options.format, *from, *to));
  }
  if (Status range = replay::CheckExportRange(options); !range.ok()) {
    return respond(internal::RequestError(range));
  }
  if (*to - *from + 1 > max_events) {
    return respond(internal::RequestError(
        Status::InvalidArgument("an export over HTTP holds at most " + std::to_string(max_events) +
                                    " events; ask for a shorter range or use `prospekt export`",
                                "to")));
  }
  internal::OnBlockingPool(bank, [&bank, options = std::move(options), respond]() {
    std::string body;
    Result<replay::ExportSummary> summary =
        replay::ExportEvents(bank.log(), options, [&body](std::string_view text) {
          body.append(text);
          return Status::Ok();
        });
    if (!summary.ok()) return respond(internal::RequestError(summary.status()));
    Response response =
        ExportFile(std::move(body), options.format, options.from_seq, *options.to_seq);
    respond(std::move(response));
  });
}

}  // namespace

Status AddOperationRoutes(Router& router, BankService& bank, const RouteOptions& options) {
  PROSPEKT_RETURN_IF_ERROR(
      internal::AddRoute(router, "GET", "/health", Permission::kHealth,
                         [&bank](Request /*request*/, Respond respond) { Health(bank, respond); }));
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "GET", "/metrics", Permission::kMetrics,
      [&bank](Request /*request*/, Respond respond) { respond(MetricsResponse(bank.metrics())); }));
  PROSPEKT_RETURN_IF_ERROR(
      internal::AddRoute(router, "GET", "/openapi.yaml", Permission::kOpenApi,
                         [](Request /*request*/, Respond respond) {
                           respond(Response::Text(200, std::string(embedded::openapi_yaml()),
                                                  "application/yaml; charset=utf-8"));
                         }));
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "GET", "/api/chain", Permission::kChain,
      [&bank](Request request, Respond respond) { Chain(bank, request, respond); }));
  return internal::AddRoute(
      router, "GET", "/api/export", Permission::kExport,
      [&bank, max = options.max_export_events](Request request, Respond respond) {
        Export(bank, max, request, respond);
      });
}

}  // namespace prospekt::server
