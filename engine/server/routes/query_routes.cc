// GET routes that read: the projection queries (api/queries.h, one route per QuerySpec),
// the directory's lists (clients, employees, the organisation) and the read audit's
// "who viewed this client".
//
// Every answer is {"as_of_seq", "head_seq", "result"}. A route authorizes the principal
// on what the path and query name (the policy's Resource) before it reads. Reads of a
// client card, a client trail or an employee history by a person (not a program's API
// token) are recorded in the access log, and answered only once the record is durable.
// As-of reads and reads that wait for a seq (min_seq) run on the blocking pool; the
// others run on the worker thread (a shared lock on the view), and those not audited are
// answered from a cache of rendered answers while their view stands still
// (internal/answer_cache.h).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "engine/api/access_json.h"
#include "engine/api/iso_time.h"
#include "engine/api/period.h"
#include "engine/api/queries.h"
#include "engine/domain/personal_data.h"
#include "engine/server/compression.h"
#include "engine/server/routes/internal/answer_cache.h"
#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"
#include "events/domain_json.h"
#include "projections/directory/directory.h"
#include "projections/view_json.h"

namespace prospekt::server {
namespace {

using access::Permission;
using internal::JsonResponse;
using Params = std::map<std::string, std::vector<std::string>, std::less<>>;

// Live answers kept (answer_cache.h): a dashboard is ~50 kB, so at most ~50 MB.
constexpr std::size_t kCachedAnswers = 1024;
// Cached answers from this long are sent gzipped to clients that take gzip (as the
// server's default HttpServerOptions::compress_min_bytes).
constexpr std::size_t kCompressCachedFrom = 1024;

Permission PermissionOfQuery(api::QueryName query) {
  switch (query) {
    case api::QueryName::kDashboard:
      return Permission::kBranchDashboard;
    case api::QueryName::kCard:
      return Permission::kClientCard;
    case api::QueryName::kContactCheck:
      return Permission::kContactCheck;
    case api::QueryName::kTrail:
      return Permission::kClientTrail;
    case api::QueryName::kHistory:
      return Permission::kEmployeeHistory;
    case api::QueryName::kAgenda:
      return Permission::kEmployeeAgenda;
    case api::QueryName::kHeadOffice:
      return Permission::kHeadOfficeReport;
    case api::QueryName::kIndustry:
      return Permission::kIndustryReport;
    case api::QueryName::kCompliance:
      return Permission::kComplianceReport;
  }
  return Permission::kHeadOfficeReport;  // unreachable: every query is listed above
}

// The resource a query is about: its subject from the path, and whether it reads the past.
access::Resource ResourceOf(const api::QuerySpec& spec, const Params& params) {
  access::Resource resource;
  auto first = [&params](std::string_view name) {
    auto found = params.find(name);
    return found == params.end() || found->second.empty() ? std::string() : found->second.front();
  };
  if (spec.subject == "branch") resource.branch_id = first("branch");
  if (spec.subject == "client") resource.client_id = first("client");
  if (spec.subject == "employee") resource.employee_id = first("employee");
  resource.as_of = params.contains("as_of") || params.contains("as_of_seq");
  return resource;
}

api::QuerySources SourcesOf(BankService& bank) {
  const store::EventStore& log = bank.log();
  api::QuerySources sources{log, bank.runner()};
  sources.erased = [&log](std::string_view client_id) {
    Result<bool> gone = domain::PersonalDataVault::Erased(log, client_id);
    return gone.ok() && *gone;
  };
  // Whoever may read a card or a trail may read the personal data on it.
  domain::PersonalDataVault& vault = bank.executor().vault();
  sources.open = [&vault](std::string_view client_id, const domain::PersonalText& text) {
    return vault.Open(client_id, text);
  };
  sources.clock = [&bank] { return bank.Now(); };
  return sources;
}

// Runs the query and answers, recording the read first where the policy audits it.
void AnswerQuery(BankService& bank, const api::QuerySpec& spec, const Request& request,
                 const Params& params, const Respond& respond) {
  Result<nlohmann::json> answer = api::RunQuery(spec.query, params, SourcesOf(bank));
  if (!answer.ok()) return respond(internal::RequestError(answer.status()));
  const access::Principal* principal = internal::PrincipalOf(request);
  const std::optional<access::ViewedSubject> audited =
      access::AuditedRead(internal::PermissionOf(request));
  if (!audited || principal == nullptr || principal->is_program) {
    return respond(JsonResponse(200, *answer));
  }
  const std::uint64_t as_of_seq = params.contains("as_of") || params.contains("as_of_seq")
                                      ? (*answer).value("as_of_seq", std::uint64_t{0})
                                      : 0;
  const access::Resource resource = ResourceOf(spec, params);
  const std::string subject =
      resource.client_id.empty() ? resource.employee_id : resource.client_id;
  bank.access_log().RecordView(
      *principal, *audited, subject, request.route_template, as_of_seq,
      [respond, answer = std::move(answer).value()](Status recorded) {
        // No read escapes the log: an unrecorded read is not served.
        if (!recorded.ok()) {
          return respond(ErrorResponse(
              500, kErrorInternal,
              "the read could not be recorded in the access log: " + recorded.message()));
        }
        respond(JsonResponse(200, answer));
      });
}

// The cache key of a live answer (answer_cache.h): the query, its parameters (the map
// keeps them in order), the view's position and the second of "now".
std::string CacheKey(const api::QuerySpec& spec, const Params& params, std::uint64_t position,
                     std::int64_t now_seconds) {
  std::string key(spec.name);
  for (const auto& [name, values] : params) {
    for (const std::string& value : values) {
      key += '\x1f';  // a unit separator: no parameter text holds it
      key += name;
      key += '=';
      key += value;
    }
  }
  key += "\x1e" + std::to_string(position) + "@" + std::to_string(now_seconds);
  return key;
}

// A cached answer as the response: its gzip form when the client takes gzip and the
// answer is long enough to be worth it (the server then leaves it alone).
Response CachedResponse(const internal::CachedAnswer& answer, bool accepts_gzip) {
  if (accepts_gzip && answer.body().size() >= kCompressCachedFrom && !answer.Gzipped().empty()) {
    Response response = Response::Json(200, answer.Gzipped());
    response.headers.emplace_back("Content-Encoding", "gzip");
    return response;
  }
  return Response::Json(200, answer.body());
}

// A live query whose reads are not audited, answered from the cache when its view has
// not moved within the same second, else computed (with "now" at that whole second, so
// that the cached answer is exactly what a recomputation would give) and cached.
void AnswerCached(BankService& bank, internal::AnswerCache& cache, const api::QuerySpec& spec,
                  const Params& params, bool accepts_gzip, const Respond& respond) {
  const std::int64_t now_seconds = bank.Now() / 1'000'000;
  const std::string key =
      CacheKey(spec, params, bank.runner().Position(spec.projection), now_seconds);
  if (std::shared_ptr<const internal::CachedAnswer> answer = cache.Find(key)) {
    return respond(CachedResponse(*answer, accepts_gzip));
  }
  api::QuerySources sources = SourcesOf(bank);
  sources.clock = [now_seconds] { return now_seconds * 1'000'000; };
  Result<nlohmann::json> answer = api::RunQuery(spec.query, params, sources);
  if (!answer.ok()) return respond(internal::RequestError(answer.status()));
  auto rendered = std::make_shared<const internal::CachedAnswer>(internal::DumpJson(*answer));
  // Under the position the answer reflects (the view may have moved since the lookup).
  cache.Put(CacheKey(spec, params, answer->value("as_of_seq", std::uint64_t{0}), now_seconds),
            rendered);
  // The answer's own gzip form (level 6) waits for a second asker: under writes a view
  // moves between most requests, and the server's on-the-fly gzip (level 1) is cheaper
  // for an answer asked once.
  respond(Response::Json(200, rendered->body()));
}

void Query(BankService& bank, internal::AnswerCache& cache, const api::QuerySpec& spec,
           Request request, Respond respond) {
  Params params = internal::QueryParamsOf(request);
  if (!spec.subject.empty()) {
    if (params.contains(spec.subject)) {
      return respond(internal::RequestError(
          Status::InvalidArgument(std::string(spec.subject) + " comes from the path, not the query",
                                  std::string(spec.subject))));
    }
    for (const auto& [name, value] : request.path_params)
      params[std::string(spec.subject)] = {value};
  }
  // Bad parameters are refused before anything is read or authorized against.
  if (Status valid = api::ValidateQueryParams(spec.query, params); !valid.ok()) {
    return respond(internal::RequestError(valid));
  }
  const bool slow =
      params.contains("as_of") || params.contains("as_of_seq") || params.contains("min_seq");
  const bool cached =
      !slow && !params.contains("now") && !access::AuditedRead(PermissionOfQuery(spec.query));
  auto run = [&bank, &cache, &spec, cached, request = std::move(request),
              params = std::move(params), respond]() {
    if (Status allowed = internal::Authorize(bank, request, ResourceOf(spec, params));
        !allowed.ok()) {
      return respond(internal::DomainError(allowed));
    }
    if (cached) {
      const bool accepts_gzip = AcceptsGzip(request.Header("Accept-Encoding").value_or(""));
      return AnswerCached(bank, cache, spec, params, accepts_gzip, respond);
    }
    AnswerQuery(bank, spec, request, params, respond);
  };
  if (slow) return internal::OnBlockingPool(bank, std::move(run));
  run();
}

// {"as_of_seq", "head_seq", "result"} of a directory answer.
nlohmann::json Wrapped(BankService& bank, std::uint64_t position, nlohmann::json result) {
  return {{"as_of_seq", position},
          {"head_seq", bank.log().Head().last_seq},
          {"result", std::move(result)}};
}

// Refuses query parameters other than `known`.
Status OnlyParams(const Request& request, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : request.query) {
    bool listed = false;
    for (std::string_view allowed : known) listed = listed || name == allowed;
    if (!listed) {
      std::string names;
      for (std::string_view allowed : known)
        names += (names.empty() ? "" : ", ") + std::string(allowed);
      return Status::InvalidArgument(name + " is not a parameter of this route (known: " +
                                         (names.empty() ? "none" : names) + ")",
                                     name);
    }
  }
  return Status::Ok();
}

// `ids=c1,c2,...`: the distinct ids, sorted; InvalidArgument (field "ids") for an empty
// id or more than the list limit.
Result<std::vector<std::string>> ParseClientIds(std::string_view text) {
  std::vector<std::string> ids;
  for (std::size_t begin = 0; begin <= text.size();) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    if (end == begin) {
      return Status::InvalidArgument("ids must be client ids separated by commas, none empty",
                                     "ids");
    }
    ids.emplace_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() > projections::kMaxListLimit) {
    return Status::InvalidArgument(
        "ids names at most " + std::to_string(projections::kMaxListLimit) + " clients", "ids");
  }
  return ids;
}

// The clients of `ids` the directory knows, by id (unknown ones are left out).
projections::ClientList ClientsByIds(const projections::DirectoryView& directory,
                                     const std::vector<std::string>& ids) {
  projections::ClientList list;
  for (const std::string& id : ids) {
    if (const projections::DirectoryClient* client = projections::FindClient(directory, id)) {
      list.clients.push_back(*client);
    }
  }
  return list;
}

void ListClients(BankService& bank, const Request& request, const Respond& respond) {
  if (Status known = OnlyParams(request, {"branch", "assigned_to", "q", "limit", "ids"});
      !known.ok()) {
    return respond(internal::RequestError(known));
  }
  // A look-up of named clients (names for the ids a report shows): on its own, and so
  // only for those who may list every client (head office, auditors).
  std::optional<std::vector<std::string>> ids;
  if (std::optional<std::string_view> text = request.Query("ids")) {
    for (const char* other : {"branch", "assigned_to", "q", "limit"}) {
      if (request.Query(other)) {
        return respond(internal::RequestError(Status::InvalidArgument(
            "ids names the clients itself: it takes no " + std::string(other), "ids")));
      }
    }
    Result<std::vector<std::string>> parsed = ParseClientIds(*text);
    if (!parsed.ok()) return respond(internal::RequestError(parsed.status()));
    ids = std::move(parsed).value();
  }
  const access::Principal& principal = *internal::PrincipalOf(request);
  projections::ClientQuery query;
  query.branch_id = std::string(request.Query("branch").value_or(""));
  query.assigned_to = std::string(request.Query("assigned_to").value_or(""));
  if (query.assigned_to == "me") query.assigned_to = principal.employee_id;
  query.name_contains = std::string(request.Query("q").value_or(""));
  if (std::optional<std::string_view> limit = request.Query("limit")) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
    if (error != std::errc() || end != limit->data() + limit->size()) {
      return respond(internal::RequestError(
          Status::InvalidArgument("limit must be a number from 1 to 1000", "limit")));
    }
    query.limit = value;
  }
  if (Status allowed = internal::Authorize(
          bank, request, {.branch_id = query.branch_id, .employee_id = query.assigned_to});
      !allowed.ok()) {
    return respond(internal::DomainError(allowed));
  }
  domain::PersonalDataVault& vault = bank.executor().vault();
  const projections::NameOpener open = [&vault](std::string_view client_id,
                                                const domain::PersonalText& name) {
    return vault.Open(client_id, name);
  };
  std::uint64_t position = 0;
  Result<nlohmann::json> list = Status::Ok();
  Result<bool> read = bank.runner().ReadViewAt<projections::DirectoryView>(
      projections::kDirectory.name,
      [&](const projections::DirectoryView& directory, std::uint64_t at) {
        position = at;
        Result<projections::ClientList> found =
            ids ? Result<projections::ClientList>(ClientsByIds(directory, *ids))
                : projections::FindClients(directory, query, open);
        if (!found.ok()) {
          list = found.status();
          return true;
        }
        nlohmann::json rendered = projections::ToJson(*found);
        // The list renders sealed names sealed; the server holds the vault and opens them.
        for (std::size_t i = 0; i < found->clients.size(); ++i) {
          const projections::DirectoryClient& client = found->clients[i];
          if (client.name.form != domain::PersonalText::Form::kSealed) continue;
          Result<std::optional<std::string>> name = vault.Open(client.client_id, client.name);
          rendered["clients"][i]["name"] =
              !name.ok() ? nlohmann::json{{"sealed", true}}
                         : (name->has_value() ? nlohmann::json(**name) : nlohmann::json("erased"));
        }
        list = std::move(rendered);
        return true;
      });
  if (!read.ok()) return respond(internal::RequestError(read.status()));
  if (!list.ok()) return respond(internal::RequestError(list.status()));
  respond(JsonResponse(200, Wrapped(bank, position, std::move(list).value())));
}

void ListEmployees(BankService& bank, const Request& request, const Respond& respond) {
  if (Status known = OnlyParams(request, {"branch"}); !known.ok()) {
    return respond(internal::RequestError(known));
  }
  const std::string branch(request.Query("branch").value_or(""));
  if (Status allowed = internal::Authorize(bank, request, {.branch_id = branch}); !allowed.ok()) {
    return respond(internal::DomainError(allowed));
  }
  nlohmann::json employees;
  std::uint64_t position = 0;
  Result<bool> read = bank.runner().ReadViewAt<projections::DirectoryView>(
      projections::kDirectory.name,
      [&](const projections::DirectoryView& directory, std::uint64_t at) {
        position = at;
        employees = projections::ToJson(projections::EmployeesOf(directory, branch));
        return true;
      });
  if (!read.ok()) return respond(internal::RequestError(read.status()));
  respond(JsonResponse(200, Wrapped(bank, position, std::move(employees))));
}

void Organisation(BankService& bank, const Request& request, const Respond& respond) {
  if (Status known = OnlyParams(request, {}); !known.ok()) {
    return respond(internal::RequestError(known));
  }
  nlohmann::json organisation;
  std::uint64_t position = 0;
  Result<bool> read = bank.runner().ReadViewAt<projections::DirectoryView>(
      projections::kDirectory.name,
      [&](const projections::DirectoryView& directory, std::uint64_t at) {
        position = at;
        organisation = projections::ToJson(projections::OrganisationOf(directory));
        return true;
      });
  if (!read.ok()) return respond(internal::RequestError(read.status()));
  // The reference list a refusal's reason comes from (the log a contact form needs).
  nlohmann::json reasons = nlohmann::json::array();
  for (std::string_view reason : EnumJsonNames<domain::RefusalReason>()) {
    reasons.push_back(std::string(reason));
  }
  organisation["refusal_reasons"] = std::move(reasons);
  respond(JsonResponse(200, Wrapped(bank, position, std::move(organisation))));
}

void Viewers(BankService& bank, Request request, Respond respond) {
  if (Status known = OnlyParams(request, {"from", "until"}); !known.ok()) {
    return respond(internal::RequestError(known));
  }
  std::int64_t from = INT64_MIN, until = INT64_MAX;
  for (auto [name, out] : {std::pair{"from", &from}, std::pair{"until", &until}}) {
    if (std::optional<std::string_view> text = request.Query(name)) {
      Result<std::int64_t> time = api::ParseUtcTime(*text, name, api::TimeForm::kDateOrInstant);
      if (!time.ok()) return respond(internal::RequestError(time.status()));
      *out = *time;
    }
  }
  if (Status ordered = api::CheckPeriodOrder(from, until); !ordered.ok()) {
    return respond(internal::RequestError(ordered));
  }
  const std::string client(request.PathParam("client_id").value_or(""));
  if (Status allowed = internal::Authorize(bank, request, {.client_id = client}); !allowed.ok()) {
    return respond(internal::DomainError(allowed));
  }
  // A client's views are one stream of the access log: read it off the worker thread.
  internal::OnBlockingPool(bank, [&bank, client, from, until, respond]() {
    Result<std::vector<access::ViewRecord>> views =
        bank.access_log().ViewersOf(client, from, until);
    if (!views.ok()) return respond(internal::RequestError(views.status()));
    const std::uint64_t head = bank.access_log().store().Head().last_seq;
    respond(JsonResponse(
        200, {{"as_of_seq", head}, {"head_seq", head}, {"result", api::ToJson(*views)}}));
  });
}

}  // namespace

Status AddQueryRoutes(Router& router, BankService& bank) {
  // Shared by every query route; lives as long as the router's handlers.
  auto cache = std::make_shared<internal::AnswerCache>(kCachedAnswers);
  for (const api::QuerySpec& spec : api::QuerySpecs()) {
    PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
        router, "GET", std::string(spec.http_path), PermissionOfQuery(spec.query),
        [&bank, cache, &spec](Request request, Respond respond) {
          Query(bank, *cache, spec, std::move(request), std::move(respond));
        }));
  }
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "GET", "/api/clients", Permission::kListClients,
      [&bank](Request request, Respond respond) { ListClients(bank, request, respond); }));
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "GET", "/api/employees", Permission::kListEmployees,
      [&bank](Request request, Respond respond) { ListEmployees(bank, request, respond); }));
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "GET", "/api/organisation", Permission::kOrganisation,
      [&bank](Request request, Respond respond) { Organisation(bank, request, respond); }));
  return internal::AddRoute(router, "GET", "/api/clients/{client_id}/viewers",
                            Permission::kClientViewers, [&bank](Request request, Respond respond) {
                              Viewers(bank, std::move(request), std::move(respond));
                            });
}

}  // namespace prospekt::server
