// The projection queries, shared by `prospekt query` and the HTTP API: one function
// that validates a query's parameters and answers it from the projections, the same
// for both, as
//
//   {"as_of_seq": <the last seq the answer reflects>, "head_seq": <the log's head>,
//    "result": <the query's answer, rendered by projections/view_json.h>}
//
// Parameters are strings by name, as a URL query or CLI flags give them (the CLI's
// --as-of-seq is "as_of_seq"); the subject of a query (branch, client, employee) is one
// too, which the server takes from the path (QuerySpec::http_path). Each query takes
// only its own parameters (QuerySpec::params): an unknown one, one given twice (but
// "type"), a malformed value or a missing subject is InvalidArgument naming the
// parameter. Times take TimeForm::kDateOrInstant (iso_time.h), weeks "2026-W03".
//
//   as_of=TIME | as_of_seq=N  the log as it stood then (recorded_at <= TIME; seq <= N):
//                             the live view when it is at exactly that seq, else a fold
//                             from the nearest snapshot (ProjectionRunner::AsOf);
//   now=TIME                  the reader's time for due and overdue (default: as_of,
//                             else QuerySources::clock);
//   min_seq=N                 read-your-writes: first wait (up to
//                             QuerySources::min_seq_timeout) until the view has applied
//                             seq N (a command's "seq"); Aborted (field "min_seq") when
//                             it has not by then, InvalidArgument when N is past the head.
//
// Personal data: a card's name and a trail's texts render sealed ({"sealed": true}) or,
// given QuerySources::erased, {"erased": true} once the client's key is gone; given
// QuerySources::open, they render opened (the server, holding the vault, for readers
// allowed to see them). The CLI never opens them.
//
// Thread safety: RunQuery may run on any number of threads at once (the runner's views
// are read under its shared lock; as-of folds are private instances).
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/event_store.h"
#include "events/domain_events.h"
#include "events/domain_json.h"
#include "events/status.h"
#include "projections/runner.h"

namespace prospekt::api {

enum class QueryName : std::uint8_t {
  kDashboard,     // a branch's week: plan vs fact, pipeline, overdue, hand-overs, tasks
  kCard,          // a client's card
  kContactCheck,  // the reduced view for the don't-disturb check (see below)
  kTrail,         // every envelope about a client
  kHistory,       // what an employee did
  kAgenda,        // an employee's due and overdue contacts and open tasks
  kHeadOffice,    // regions and the ranking of branches
  kIndustry,      // figures by industry
  kCompliance,    // refusals, contacts outside region or assignment, don't-disturb warnings
};

struct QuerySpec {
  QueryName query = QueryName::kDashboard;
  std::string_view name;        // "dashboard", "contact-check" (the CLI's word)
  std::string_view http_path;   // "/api/branches/{branch_id}/dashboard"
  std::string_view subject;     // the parameter the path's {...} fills ("branch"); "" for reports
  std::string_view projection;  // the projection it reads ("branch_dashboards")
  std::vector<std::string_view> params;  // every other parameter it takes
};

// Every query, in the order of QueryName.
const std::vector<QuerySpec>& QuerySpecs();
const QuerySpec& SpecOf(QueryName query);
// The query named `name` ("head-office"); InvalidArgument (field "query") otherwise.
Result<QueryName> ParseQueryName(std::string_view name);

// Parameter name -> its values, in the order given (more than one only for "type").
using QueryParams = std::map<std::string, std::vector<std::string>, std::less<>>;

// Opens a sealed text of a client: the text, nullopt when the client's data was erased,
// Corruption when the bytes are damaged (PersonalDataVault::Open).
using PersonalTextOpener = std::function<Result<std::optional<std::string>>(
    std::string_view client_id, const domain::PersonalText& text)>;

// What the queries read. The log and the runner must outlive the call.
struct QuerySources {
  const store::EventStore& log;
  const projections::ProjectionRunner& runner;
  ErasedCheck erased = {};       // optional: sealed texts of erased clients show as erased
  PersonalTextOpener open = {};  // optional: sealed texts show opened
  // "now" when neither now nor as_of is given; empty: the system clock.
  std::function<std::int64_t()> clock = {};
  std::chrono::milliseconds min_seq_timeout{2000};
};

// The parameter errors of RunQuery, without reading anything (a caller that must open
// or catch up the views first can refuse bad input before that work).
Status ValidateQueryParams(QueryName query, const QueryParams& params);

// Validates `params` for `query` and answers it (the shape above). Besides the
// parameter errors: NotFound (field "client") for the card of a client the log does not
// know as of the answer's seq; what the runner or the store return.
//
// The contact check answers only {"client_id", "exists", and when it exists
// "branch_id", "assigned_employee_id" ("" when unassigned), "last_contact": null or
// {"at", "at_us", "outcome"}} — nothing more, since staff of the whole region may ask it.
Result<nlohmann::json> RunQuery(QueryName query, const QueryParams& params,
                                const QuerySources& sources);

}  // namespace prospekt::api
