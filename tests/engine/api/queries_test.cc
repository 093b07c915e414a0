// The projection queries shared by the CLI and the HTTP API (engine/api/queries.h), on a
// real log and runner: parameters validated by name, answers now and as of a seq, the
// reduced contact check, read-your-writes by min_seq, and personal data kept sealed,
// marked erased or opened as the sources say.
#include "engine/api/queries.h"

#include <catch2/catch.hpp>

#include "projections/catalogue.h"
#include "projections/view_store.h"
#include "tests/engine/domain/executor_test_support.h"
#include "tests/test_support.h"

namespace prospekt::api {
namespace {

using namespace domain;
using namespace domain::testing;
using nlohmann::json;
using prospekt::testing::TempDir;

// The sales branch (OpenSalesBranch) with clients c1 (assigned to s1, who called it an
// hour before now, refused) and c2 (never contacted), individuals; the views caught up.
class Bank {
 public:
  Bank() {
    executor_ = OpenExecutorAt(dir_.path() / "log");
    OpenSalesBranch(*executor_);
    for (const char* id : {"c1", "c2"}) {
      RegisterClient client;
      client.client_id = id;
      client.kind = ClientKind::kIndividual;
      client.name = std::string("Client ") + id;
      client.branch_id = "b1";
      client.phones = {std::string("+7 495 123-45-6") + id[1]};
      Executed(*executor_, client, As("head", kSetUp));
    }
    registered_seq_ = log().Head().last_seq;
    Executed(*executor_, AssignClient{"c1", "s1", {}}, As("head", kSetUp));
    LogContact contact;
    contact.client_id = "c1";
    contact.outcome = ContactOutcome::kRefused;
    contact.refusal_reason = RefusalReason::kRateTooHigh;
    contact.occurred_at_us = kNow - kHour;
    Executed(*executor_, contact, As("s1"));
    Result<std::unique_ptr<projections::ViewStore>> views =
        projections::ViewStore::Open(dir_.path() / "views");
    REQUIRE(views.ok());
    views_ = std::move(views).value();
    Result<std::unique_ptr<projections::ProjectionRunner>> runner =
        projections::ProjectionRunner::Open(log(), *views_, projections::AllProjections());
    REQUIRE(runner.ok());
    runner_ = std::move(runner).value();
    REQUIRE(runner_->CatchUp().ok());
  }

  Executor& executor() { return *executor_; }
  const store::EventStore& log() { return executor_->store(); }
  std::uint64_t registered_seq() const { return registered_seq_; }
  QuerySources Sources() {
    return QuerySources{.log = log(), .runner = *runner_, .clock = [] { return kNow; }};
  }

  Result<json> Query(QueryName query, const QueryParams& params) {
    return RunQuery(query, params, Sources());
  }
  json Answer(QueryName query, const QueryParams& params) {
    Result<json> answer = Query(query, params);
    INFO(answer.status().ToString());
    REQUIRE(answer.ok());
    return std::move(answer).value();
  }
  Status Refused(QueryName query, const QueryParams& params) {
    Result<json> answer = Query(query, params);
    REQUIRE_FALSE(answer.ok());
    return answer.status();
  }

 private:
  TempDir dir_;
  std::unique_ptr<Executor> executor_;
  std::unique_ptr<projections::ViewStore> views_;
  std::unique_ptr<projections::ProjectionRunner> runner_;  // destroyed before the views
  std::uint64_t registered_seq_ = 0;
};

TEST_CASE("the query catalogue names every query once, in the enum's order", "[api]") {
  const std::vector<QuerySpec>& specs = QuerySpecs();
  REQUIRE(specs.size() == 9);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    CHECK(static_cast<std::size_t>(specs[i].query) == i);
    CHECK(&SpecOf(specs[i].query) == &specs[i]);
    Result<QueryName> parsed = ParseQueryName(specs[i].name);
    REQUIRE(parsed.ok());
    CHECK(*parsed == specs[i].query);
    CHECK(specs[i].http_path.starts_with("/api/"));
  }
  const Status unknown = ParseQueryName("weather").status();
  CHECK(unknown.code() == StatusCode::kInvalidArgument);
  CHECK(unknown.field() == "query");
}

TEST_CASE("query parameters are checked by name for each query", "[api]") {
  Bank bank;
  struct Bad {
    QueryName query;
    QueryParams params;
    std::string field;
  };
  const std::vector<Bad> cases = {
      {QueryName::kCard, {{"client", {"c1"}}, {"week", {"2026-W02"}}}, "week"},
      {QueryName::kCard, {{"client", {"c1"}}, {"colour", {"red"}}}, "colour"},
      {QueryName::kCard, {{"client", {"c1"}}, {"branch", {"b1"}}}, "branch"},
      {QueryName::kCard, {}, "client"},
      {QueryName::kCard, {{"client", {""}}}, "client"},
      {QueryName::kCard, {{"client", {"c1", "c2"}}}, "client"},
      {QueryName::kDashboard, {{"branch", {"b1"}}, {"week", {"2026-W02", "2026-W03"}}}, "week"},
      {QueryName::kDashboard, {{"branch", {"b1"}}, {"week", {"2026-W99"}}}, "week"},
      {QueryName::kDashboard, {{"branch", {"b1"}}, {"now", {"tomorrow"}}}, "now"},
      {QueryName::kCard,
       {{"client", {"c1"}}, {"as_of", {"2026-01-05"}}, {"as_of_seq", {"3"}}},
       "as_of_seq"},
      {QueryName::kCard, {{"client", {"c1"}}, {"as_of_seq", {"-3"}}}, "as_of_seq"},
      {QueryName::kCard, {{"client", {"c1"}}, {"as_of_seq", {"3x"}}}, "as_of_seq"},
      {QueryName::kCard,
       {{"client", {"c1"}}, {"as_of_seq", {"99999999999999999999"}}},
       "as_of_seq"},
      {QueryName::kCard, {{"client", {"c1"}}, {"min_seq", {""}}}, "min_seq"},
      {QueryName::kContactCheck, {{"client", {"c1"}}, {"as_of_seq", {"3"}}}, "as_of_seq"},
      {QueryName::kHistory, {{"employee", {"s1"}}, {"limit", {"0"}}}, "limit"},
      {QueryName::kHistory, {{"employee", {"s1"}}, {"type", {"ContactLogged", "Gossip"}}}, "type"},
      {QueryName::kHistory, {{"employee", {"s1"}}, {"from", {"2026-01-05T25:00"}}}, "from"},
      {QueryName::kHeadOffice, {{"from_week", {"2026-3"}}}, "from_week"},
      {QueryName::kIndustry, {{"now", {"2026-01-05"}}}, "now"},
      {QueryName::kCompliance, {{"until", {"2026-02-30"}}}, "until"},
      // Swapped dates: a reversed period is refused, not answered empty.
      {QueryName::kHistory,
       {{"employee", {"s1"}}, {"from", {"2026-02-01"}}, {"until", {"2026-01-01"}}},
       "from"},
      {QueryName::kCompliance,
       {{"from", {"2026-01-02"}}, {"until", {"2026-01-01T23:59:59Z"}}},
       "from"},
      {QueryName::kHeadOffice,
       {{"from_week", {"2026-W05"}}, {"until_week", {"2026-W04"}}},
       "from_week"},
  };
  for (const Bad& bad : cases) {
    INFO(SpecOf(bad.query).name << " " << bad.field);
    const Status status = bank.Refused(bad.query, bad.params);
    CHECK(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.field() == bad.field);
    CHECK_THAT(status.message(), Catch::Contains(bad.field));
    CHECK(ValidateQueryParams(bad.query, bad.params).field() == bad.field);
  }
  CHECK(ValidateQueryParams(QueryName::kHistory, {{"employee", {"s1"}}, {"type", {"A", "B"}}})
            .field() == "type");
  CHECK(ValidateQueryParams(QueryName::kHistory,
                            {{"employee", {"s1"}}, {"type", {"ContactLogged", "TaskAssigned"}}})
            .ok());
  // An empty period (from == until, until exclusive) and a one-week one are questions.
  CHECK(ValidateQueryParams(QueryName::kCompliance,
                            {{"from", {"2026-01-01"}}, {"until", {"2026-01-01"}}})
            .ok());
  CHECK(ValidateQueryParams(QueryName::kHeadOffice,
                            {{"from_week", {"2026-W04"}}, {"until_week", {"2026-W04"}}})
            .ok());
  CHECK(bank.Refused(QueryName::kCard, {{"client", {"c1"}}, {"colour", {"red"}}}).message() ==
        "card takes no parameter 'colour' (it takes client, as_of, as_of_seq, min_seq)");
}

TEST_CASE("a card answers now and as of a seq", "[api]") {
  Bank bank;
  const std::uint64_t head = bank.log().Head().last_seq;
  const json now = bank.Answer(QueryName::kCard, {{"client", {"c1"}}});
  CHECK(now["as_of_seq"] == head);
  CHECK(now["head_seq"] == head);
  CHECK(now["result"]["client_id"] == "c1");
  CHECK(now["result"]["contacts"] == 1);
  // A sealed name stays sealed without an opener.
  CHECK(now["result"]["name"] == json{{"sealed", true}});

  const json early =
      bank.Answer(QueryName::kCard,
                  {{"client", {"c1"}}, {"as_of_seq", {std::to_string(bank.registered_seq())}}});
  CHECK(early["as_of_seq"] == bank.registered_seq());
  CHECK(early["head_seq"] == head);
  CHECK(early["result"]["contacts"] == 0);
  CHECK(early["result"]["assigned_employee_id"] == "");
  // Past the head means the head.
  CHECK(bank.Answer(QueryName::kCard,
                    {{"client", {"c1"}}, {"as_of_seq", {"999999"}}})["as_of_seq"] == head);

  const Status unknown = bank.Refused(QueryName::kCard, {{"client", {"nobody"}}});
  CHECK(unknown.code() == StatusCode::kNotFound);
  CHECK(unknown.field() == "client");
  CHECK_THAT(unknown.message(), Catch::Contains("no client nobody"));
  const Status before = bank.Refused(QueryName::kCard, {{"client", {"c1"}}, {"as_of_seq", {"2"}}});
  CHECK(before.code() == StatusCode::kNotFound);

  QuerySources opening = bank.Sources();
  opening.open = [](std::string_view client_id, const PersonalText& text) {
    CHECK(text.form == PersonalText::Form::kSealed);
    return Result<std::optional<std::string>>(
        std::optional<std::string>("opened " + std::string(client_id)));
  };
  Result<json> opened = RunQuery(QueryName::kCard, {{"client", {"c1"}}}, opening);
  REQUIRE(opened.ok());
  CHECK((*opened)["result"]["name"] == "opened c1");
}

TEST_CASE("the contact check tells exists, branch, owner and last contact, nothing more", "[api]") {
  Bank bank;
  const json c1 = bank.Answer(QueryName::kContactCheck, {{"client", {"c1"}}});
  const json expected = {
      {"client_id", "c1"},
      {"exists", true},
      {"branch_id", "b1"},
      {"assigned_employee_id", "s1"},
      {"last_contact",
       {{"at", "2026-01-05T11:00:00.000000Z"}, {"at_us", kNow - kHour}, {"outcome", "refused"}}}};
  CHECK(c1["result"] == expected);
  const json c2 = bank.Answer(QueryName::kContactCheck, {{"client", {"c2"}}});
  CHECK(c2["result"]["last_contact"].is_null());
  CHECK(c2["result"]["assigned_employee_id"] == "");
  const json nobody = bank.Answer(QueryName::kContactCheck, {{"client", {"nobody"}}});
  CHECK(nobody["result"] == json{{"client_id", "nobody"}, {"exists", false}});
}

TEST_CASE("min_seq waits for the views, and says so when they do not get there", "[api]") {
  Bank bank;
  const std::uint64_t caught_up = bank.log().Head().last_seq;
  CHECK(bank.Answer(QueryName::kCard,
                    {{"client", {"c1"}}, {"min_seq", {std::to_string(caught_up)}}})["as_of_seq"] ==
        caught_up);
  const Status past = bank.Refused(
      QueryName::kCard, {{"client", {"c1"}}, {"min_seq", {std::to_string(caught_up + 1)}}});
  CHECK(past.code() == StatusCode::kInvalidArgument);
  CHECK(past.field() == "min_seq");

  // A write the views have not applied (the runner's tail is not running here).
  Executed(bank.executor(), UnassignClient{"c1"}, As("head"));
  const std::uint64_t head = bank.log().Head().last_seq;
  QuerySources sources = bank.Sources();
  sources.min_seq_timeout = std::chrono::milliseconds(1);
  Result<json> waited = RunQuery(
      QueryName::kCard, {{"client", {"c1"}}, {"min_seq", {std::to_string(head)}}}, sources);
  CHECK(waited.status().code() == StatusCode::kAborted);
  CHECK(waited.status().field() == "min_seq");

  // The live answer says which seq it reflects; as of the head it is folded to there.
  const json live = bank.Answer(QueryName::kCard, {{"client", {"c1"}}});
  CHECK(live["as_of_seq"] == caught_up);
  CHECK(live["head_seq"] == head);
  CHECK(live["result"]["assigned_employee_id"] == "s1");
  const json folded =
      bank.Answer(QueryName::kCard, {{"client", {"c1"}}, {"as_of_seq", {std::to_string(head)}}});
  CHECK(folded["as_of_seq"] == head);
  CHECK(folded["result"]["assigned_employee_id"] == "");
}

TEST_CASE("history, trail, dashboard and reports answer through the same path", "[api]") {
  Bank bank;
  const json history = bank.Answer(
      QueryName::kHistory,
      {{"employee", {"s1"}}, {"type", {"ContactLogged", "ClientAssigned"}}, {"limit", {"5"}}});
  REQUIRE(history["result"].size() == 1);
  CHECK(history["result"][0]["event_type"] == "ContactLogged");
  CHECK(history["result"][0]["stream_id"] == "client-c1");  // what it was about

  const json trail = bank.Answer(QueryName::kTrail, {{"client", {"c1"}}});
  REQUIRE(trail["result"].size() == 3);
  CHECK(trail["result"][0]["event_type"] == "ClientRegistered");
  CHECK(trail["result"][0]["payload"]["contact"]["phones"][0] == json{{"sealed", true}});
  const json trail_then =
      bank.Answer(QueryName::kTrail,
                  {{"client", {"c1"}}, {"as_of_seq", {std::to_string(bank.registered_seq())}}});
  CHECK(trail_then["result"].size() == 1);
  CHECK(trail_then["as_of_seq"] == bank.registered_seq());

  QuerySources erased = bank.Sources();
  erased.erased = [](std::string_view client_id) { return client_id == "c1"; };
  Result<json> marked = RunQuery(QueryName::kTrail, {{"client", {"c1"}}}, erased);
  REQUIRE(marked.ok());
  CHECK((*marked)["result"][0]["payload"]["contact"]["phones"][0] == json{{"erased", true}});
  QuerySources opening = bank.Sources();
  opening.open = [](std::string_view, const PersonalText&) {
    return Result<std::optional<std::string>>(std::optional<std::string>("+7 clear"));
  };
  Result<json> opened = RunQuery(QueryName::kTrail, {{"client", {"c1"}}}, opening);
  REQUIRE(opened.ok());
  CHECK((*opened)["result"][0]["payload"]["contact"]["phones"][0] == "+7 clear");
  CHECK((*opened)["result"][0]["payload"]["name"] == "+7 clear");

  // The dashboard's week defaults to the clock's (Monday 2026-01-05 is in W02).
  const json dashboard = bank.Answer(QueryName::kDashboard, {{"branch", {"b1"}}});
  CHECK(dashboard["result"]["week"] == json{{"year", 2026}, {"week", 2}});
  CHECK(dashboard["result"]["employees"]["s1"]["contacts"] == 1);
  const json agenda =
      bank.Answer(QueryName::kAgenda, {{"employee", {"s1"}}, {"now", {"2026-01-05"}}});
  CHECK(agenda["result"].contains("overdue"));
  const json compliance =
      bank.Answer(QueryName::kCompliance, {{"from", {"2026-01-01"}}, {"until", {"2026-02-01"}}});
  CHECK(compliance["result"]["refusals_by_reason"]["rate_too_high"] == 1);
  const json head_office =
      bank.Answer(QueryName::kHeadOffice, {{"from_week", {"2026-W01"}},
                                           {"until_week", {"2026-W05"}},
                                           {"as_of", {"2026-01-05T12:00:00Z"}}});
  CHECK(head_office["result"].contains("regions"));
  CHECK_FALSE(bank.Answer(QueryName::kIndustry, {})["result"].is_null());
}

}  // namespace
}  // namespace prospekt::api
