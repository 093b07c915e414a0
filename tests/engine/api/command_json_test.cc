// The command bodies of the HTTP API (engine/api/command_json.h): every command parses
// from a valid body into exactly its struct, and every rule of the strict reading
// refuses with InvalidArgument on the JSON path of the offending value.
#include "engine/api/command_json.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <variant>

namespace prospekt::api {
namespace {

using namespace domain;

// 2026-01-05T10:00:00Z and friends, in microseconds.
constexpr std::int64_t kMonday10 = 1'767'607'200'000'000;
constexpr std::int64_t kHour = 3'600'000'000;

struct Case {
  std::string name;
  std::string body;
  Command expected;
};

// One valid body per command, with every field the command takes where it has several.
std::vector<Case> ValidBodies() {
  RegisterClient client;
  client.client_id = "c1";
  client.kind = ClientKind::kIndividual;
  client.name = "Иван Петров";
  client.tax_id = "500100732259";
  client.phones = {"+7 495 123-45-67", "+7 916 000-00-01"};
  client.emails = {"ivan@example.ru"};
  client.address = "Moscow";
  client.industry = "retail";
  client.branch_id = "b1";
  client.source = ClientSource::kReferral;
  client.status = ClientStatus::kVip;
  client.force = true;
  LogContact contact;
  contact.client_id = "c1";
  contact.type = ContactType::kMeeting;
  contact.outcome = ContactOutcome::kRefused;
  contact.occurred_at_us = kMonday10;
  contact.product_code = "loan";
  contact.amount = {150000, "RUB"};
  contact.refusal_reason = RefusalReason::kOther;
  contact.refusal_text = "moved abroad";
  contact.note = "polite";
  contact.next_contact_at_us = kMonday10 + 24 * kHour + 500'000;
  return {
      {"OpenRegion", R"({"region_id": "r1", "name": "North"})", OpenRegion{"r1", "North"}},
      {"OpenBranch", R"({"branch_id": "b1", "region_id": "r1", "name": "Central"})",
       OpenBranch{"b1", "r1", "Central"}},
      {"OpenDepartment", R"({"department_id": "loans", "branch_id": "b1", "name": "Credit"})",
       OpenDepartment{"loans", "b1", "Credit"}},
      {"DefineProduct", R"({"product_code": "loan", "name": "Loan", "owning_department": "loans"})",
       DefineProduct{"loan", "Loan", "loans"}},
      {"HireEmployee",
       R"({"employee_id": "e1", "name": "Anna", "roles": ["branch_head", "sales_specialist"],
           "branch_id": "b1", "department_id": "sales"})",
       HireEmployee{"e1", "Anna", {Role::kBranchHead, Role::kSalesSpecialist}, "b1", "sales"}},
      {"RecordAbsence",
       R"({"employee_id": "e1", "from": "2026-01-05T10:00:00Z", "until": "2026-01-05T11:00:00+00:00",
           "deputy_id": "e2", "reason": "training"})",
       RecordAbsence{"e1", kMonday10, kMonday10 + kHour, "e2", "training"}},
      {"ChangeBranchSettings",
       R"({"branch_id": "b1", "dont_disturb_days": 65535, "plan_deviation_percent": 255})",
       ChangeBranchSettings{"b1", 65535, 255}},
      {"RegisterClient",
       R"({"client_id": "c1", "kind": "individual", "name": "Иван Петров", "tax_id": "500100732259",
           "phones": ["+7 495 123-45-67", "+7 916 000-00-01"], "emails": ["ivan@example.ru"],
           "address": "Moscow", "industry": "retail", "branch_id": "b1", "source": "referral",
           "status": "vip", "force": true})",
       client},
      {"AssignClient",
       R"({"client_id": "c1", "employee_id": "e1", "products": ["loan", "deposit"]})",
       AssignClient{"c1", "e1", {"loan", "deposit"}}},
      {"SetWeeklyPlan",
       R"({"employee_id": "e1", "week": "2026-W03", "contacts": 4294967295,
           "sales": [{"product_code": "loan", "sales": 2}, {"product_code": "deposit", "sales": 0}],
           "volume": {"minor_units": -9223372036854775808, "currency": "RUB"}})",
       SetWeeklyPlan{
           "e1", {2026, 3}, 4294967295u, {{"loan", 2}, {"deposit", 0}}, {INT64_MIN, "RUB"}}},
      {"LogContact",
       R"({"client_id": "c1", "type": "meeting", "outcome": "refused",
           "occurred_at": "2026-01-05T10:00:00Z", "product_code": "loan",
           "amount": {"minor_units": 150000, "currency": "RUB"}, "refusal_reason": "other",
           "refusal_text": "moved abroad", "note": "polite",
           "next_contact_at": "2026-01-06T10:00:00.5Z"})",
       contact},
      {"CloseWorkingDay", R"({"branch_id": "b1", "day_start": "2026-01-05T00:00:00Z"})",
       CloseWorkingDay{"b1", kMonday10 - 10 * kHour}},
      {"UnassignClient", R"({"client_id": "c1"})", UnassignClient{"c1"}},
      {"ReassignClient",
       R"({"client_id": "c1", "from_employee_id": "e1", "to_employee_id": "e2", "products": []})",
       ReassignClient{"c1", "e1", "e2", {}}},
      {"CompleteNextContact", R"({"client_id": "c1"})", CompleteNextContact{"c1"}},
      {"CancelNextContact", R"({"client_id": "c1", "reason": "client asked"})",
       CancelNextContact{"c1", "client asked"}},
      {"AcceptHandOver", R"({"client_id": "c1", "department": "loans"})",
       AcceptHandOver{"c1", "loans"}},
      {"ReturnHandOver", R"({"client_id": "c1", "department": "loans", "reason": "no need"})",
       ReturnHandOver{"c1", "loans", "no need"}},
      {"AssignTask",
       R"({"task_id": "t1", "employee_id": "e1", "client_id": "c1",
           "due_at": "2026-01-05T10:00:00.000001Z", "text": "call back"})",
       AssignTask{"t1", "e1", "c1", kMonday10 + 1, "call back"}},
      {"CompleteTask", R"({"task_id": "t1", "note": "done"})", CompleteTask{"t1", "done"}},
      {"ChangeClientStatus", R"({"client_id": "c1", "status": "bank_client"})",
       ChangeClientStatus{"c1", ClientStatus::kBankClient}},
      {"CorrectClientDetails",
       R"({"client_id": "c1", "field": "phones", "before": "+7 1", "after": ""})",
       CorrectClientDetails{"c1", "phones", "+7 1", ""}},
      {"LinkClients", R"({"client_id": "c1", "other_client_id": "c2", "relation": "key_person"})",
       LinkClients{"c1", "c2", ClientRelation::kKeyPerson}},
      {"UnlinkClients", R"({"client_id": "c1", "other_client_id": "c2"})",
       UnlinkClients{"c1", "c2"}},
      {"RecordSatisfaction", R"({"client_id": "c1", "score": 10, "comment": "great"})",
       RecordSatisfaction{"c1", 10, "great"}},
      {"ChangeEmployeeRoles", R"({"employee_id": "e1", "roles": ["auditor"]})",
       ChangeEmployeeRoles{"e1", {Role::kAuditor}}},
      {"TransferEmployee", R"({"employee_id": "e1", "branch_id": "b2", "department_id": "loans"})",
       TransferEmployee{"e1", "b2", "loans"}},
      {"EmployeeLeaves", R"({"employee_id": "e1"})", EmployeeLeaves{"e1"}},
      {"LaunchCampaign",
       R"({"campaign_id": "k1", "branch_id": "b1", "name": "Spring", "products": ["loan"],
           "from": "2026-01-05T10:00:00Z", "until": "2026-01-05T11:00:00Z"})",
       LaunchCampaign{"k1", "b1", "Spring", {"loan"}, kMonday10, kMonday10 + kHour}},
      {"EnrollClient", R"({"campaign_id": "k1", "client_id": "c1"})", EnrollClient{"k1", "c1"}},
      {"CloseCampaign", R"({"campaign_id": "k1"})", CloseCampaign{"k1"}},
      {"MergeDuplicateClient", R"({"duplicate_id": "c2", "survivor_id": "c1"})",
       MergeDuplicateClient{"c2", "c1"}},
      {"UnmergeClient", R"({"duplicate_id": "c2"})", UnmergeClient{"c2"}},
      {"EraseClientData", R"({"client_id": "c1", "reason": "the client's request"})",
       EraseClientData{"c1", "the client's request"}},
  };
}

// The refusal of `body` for the command `name`: InvalidArgument, or the test fails.
Status Refused(const std::string& name, const std::string& body) {
  Result<Command> parsed = ParseCommand(name, body);
  INFO(name << " " << body.substr(0, 200));
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == StatusCode::kInvalidArgument);
  return parsed.status();
}

TEST_CASE("every command parses from a valid body into exactly its struct", "[api]") {
  const std::vector<Case> cases = ValidBodies();
  REQUIRE(cases.size() == std::variant_size_v<Command>);
  std::set<std::string> covered;
  for (const Case& c : cases) {
    INFO(c.name);
    Result<Command> parsed = ParseCommand(c.name, c.body);
    INFO(parsed.status().ToString());
    REQUIRE(parsed.ok());
    CHECK(CommandName(*parsed) == c.name);
    CHECK(CommandName(c.expected) == c.name);
    CHECK(*parsed == c.expected);
    covered.insert(c.name);
  }
  CHECK(covered.size() == cases.size());
}

TEST_CASE("the catalogue holds every command once, in the variant's order", "[api]") {
  const std::vector<CommandSpec>& specs = CommandSpecs();
  REQUIRE(specs.size() == std::variant_size_v<Command>);
  const std::vector<Case> cases = ValidBodies();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    CHECK(specs[i].name == CommandName(cases[i].expected));
    CHECK(cases[i].expected.index() == i);
    CHECK(specs[i].path == "/api/commands/" + std::string(specs[i].name));
    CHECK(FindCommandSpec(specs[i].name) == &specs[i]);
    CHECK_FALSE(specs[i].fields.empty());
  }
  Result<Command> unknown = ParseCommand("BuyBank", "{}");
  CHECK(unknown.status().code() == StatusCode::kNotFound);
  CHECK(unknown.status().field() == "command");
}

TEST_CASE("optional fields keep the struct's defaults when left out", "[api]") {
  Result<Command> parsed =
      ParseCommand("LogContact",
                   R"({"client_id": "c1", "type": "phone", "outcome": "positive_prospect",
          "occurred_at": "2026-01-05T10:00:00Z"})");
  REQUIRE(parsed.ok());
  const auto& contact = std::get<LogContact>(*parsed);
  CHECK(contact.next_contact_at_us == 0);
  CHECK_FALSE(contact.refusal_reason.has_value());
  CHECK(contact.amount == Money{});

  Result<Command> client = ParseCommand(
      "RegisterClient",
      R"({"client_id": "c1", "kind": "legal_entity", "name": "N", "branch_id": "b1"})");
  REQUIRE(client.ok());
  CHECK(std::get<RegisterClient>(*client).source == ClientSource::kStatisticsDatabase);
  CHECK(std::get<RegisterClient>(*client).status == ClientStatus::kNewClient);
  CHECK_FALSE(std::get<RegisterClient>(*client).force);
}

TEST_CASE("a malformed document is refused, naming where it broke", "[api]") {
  for (const char* body :
       {"", "{", R"({"region_id": "r1",)", R"({"region_id": "r1", "name": "n"} x)",
        R"({"region_id": "r1", "name": "n"}{})", R"({'region_id': 'r1'})",
        "{\"region_id\": \"r\xff\", \"name\": \"n\"}"}) {
    const Status status = Refused("OpenRegion", body);
    CHECK_THAT(status.message(), Catch::StartsWith("malformed JSON: "));
  }
  // The path at the break: inside the value of "name".
  CHECK(Refused("OpenRegion", R"({"region_id": "r1", "name": tru})").field() == "name");
  const Status array = Refused("OpenRegion", "[]");
  CHECK(array.field().empty());
  CHECK(array.message() == "the body must be an object, not an array");
}

TEST_CASE("a wrong type names the field and both types", "[api]") {
  const Status number = Refused("OpenRegion", R"({"region_id": 5, "name": "n"})");
  CHECK(number.field() == "region_id");
  CHECK(number.message() == "region_id must be a string, not a number");
  CHECK(Refused("OpenRegion", R"({"region_id": null, "name": "n"})").message() ==
        "region_id must be a string, not null");
  CHECK(Refused("RegisterClient", R"({"client_id": "c", "kind": "individual", "name": "n",
                                     "branch_id": "b", "force": "yes"})")
            .field() == "force");
  CHECK(Refused("RegisterClient", R"({"client_id": "c", "kind": "individual", "name": "n",
                                     "branch_id": "b", "phones": "+7 1"})")
            .message() == "phones must be an array, not a string");
  CHECK(Refused("RegisterClient", R"({"client_id": "c", "kind": "individual", "name": "n",
                                     "branch_id": "b", "phones": ["+7 1", 2]})")
            .field() == "phones[1]");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "sales": [{"product_code": "a", "sales": 1},
                                              {"product_code": 7, "sales": 1}]})")
            .field() == "sales[1].product_code");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "volume": {"minor_units": "5", "currency": "RUB"}})")
            .field() == "volume.minor_units");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "volume": 5})")
            .message() == "volume must be an object, not a number");
  CHECK(Refused("LogContact", R"({"client_id": "c", "type": "phone", "outcome": "refused",
                                 "occurred_at": 1767607200000000})")
            .field() == "occurred_at");
}

TEST_CASE("an unknown or missing field is refused by name", "[api]") {
  const Status unknown = Refused("OpenRegion", R"({"region_id": "r1", "name": "n", "colour": 1})");
  CHECK(unknown.field() == "colour");
  CHECK(unknown.message() == "colour is not a known field (known: region_id, name)");
  // The C++ member's name is not the body's name for a time.
  CHECK(Refused("CloseWorkingDay", R"({"branch_id": "b1", "day_start_us": 0})").field() ==
        "day_start_us");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "sales": [{"product_code": "a", "sales": 1, "x": 0}]})")
            .field() == "sales[0].x");

  const Status missing = Refused("LogContact", R"({"client_id": "c1", "type": "phone",
                                                  "occurred_at": "2026-01-05T10:00:00Z"})");
  CHECK(missing.field() == "outcome");
  CHECK(missing.message() == "outcome is required");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "sales": [{"sales": 1}]})")
            .field() == "sales[0].product_code");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "volume": {"minor_units": 5}})")
            .field() == "volume.currency");
  CHECK(Refused("OpenRegion", "{}").field() == "region_id");
}

TEST_CASE("a key given twice is refused rather than resolved", "[api]") {
  const Status twice = Refused("OpenRegion", R"({"region_id": "r1", "name": "n", "name": "m"})");
  CHECK(twice.field() == "name");
  CHECK(twice.message() == "name is given twice");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "sales": [{"product_code": "a", "sales": 1},
                                              {"sales": 1, "sales": 2}]})")
            .field() == "sales[1].sales");
}

TEST_CASE("a number outside its type's range is refused", "[api]") {
  const Status score = Refused("RecordSatisfaction", R"({"client_id": "c1", "score": 300})");
  CHECK(score.field() == "score");
  CHECK(score.message() == "score must be an integer from 0 to 255, not 300");
  CHECK(Refused("RecordSatisfaction", R"({"client_id": "c1", "score": -1})").field() == "score");
  CHECK(Refused("RecordSatisfaction", R"({"client_id": "c1", "score": 2.5})").message() ==
        "score must be an integer from 0 to 255, not 2.5");
  CHECK(Refused("RecordSatisfaction", R"({"client_id": "c1", "score": 1e1})").field() == "score");
  CHECK(Refused("ChangeBranchSettings", R"({"branch_id": "b1", "dont_disturb_days": 65536,
                                           "plan_deviation_percent": 30})")
            .field() == "dont_disturb_days");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": -5})")
            .field() == "contacts");
  CHECK(Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03", "contacts": 1,
                                    "sales": [{"product_code": "a", "sales": 4294967296}]})")
            .field() == "sales[0].sales");
  const Status money = Refused("SetWeeklyPlan", R"({"employee_id": "e", "week": "2026-W03",
      "contacts": 1, "volume": {"minor_units": 9223372036854775808, "currency": "RUB"}})");
  CHECK(money.field() == "volume.minor_units");
  CHECK_THAT(money.message(), Catch::Contains("-9223372036854775808 to 9223372036854775807"));
  // Beyond 64 bits the number is no integer any more.
  CHECK(Refused("RecordSatisfaction", R"({"client_id": "c1", "score": 100000000000000000000})")
            .field() == "score");
}

TEST_CASE("times are ISO-8601 UTC instants and nothing else", "[api]") {
  auto contact = [](const std::string& at) {
    return R"({"client_id": "c1", "type": "phone", "outcome": "refused", "occurred_at": ")" + at +
           R"("})";
  };
  for (const char* bad :
       {"2026-01-05", "2026-01-05T10:00Z", "2026-01-05T10:00:00", "2026-01-05 10:00:00Z",
        "2026-01-05T10:00:00+03:00", "2026-01-05T10:00:00-00:00", "2026-01-05T10:00:00z",
        "2026-01-05T10:00:00.1234567Z", "2026-01-05T10:00:00.Z", "2026-13-05T10:00:00Z",
        "2026-02-29T10:00:00Z", "2026-01-05T24:00:00Z", "2026-01-05T10:60:00Z",
        "2026-01-05T10:00:60Z", "1969-12-31T23:59:59Z", "+026-01-05T10:00:00Z",
        " 2026-01-05T10:00:00Z", "2026-1-05T10:00:00Z", "2026-01-05T10:00:00Z "}) {
    INFO(bad);
    const Status status = Refused("LogContact", contact(bad));
    CHECK(status.field() == "occurred_at");
    CHECK_THAT(status.message(), Catch::StartsWith("occurred_at "));
  }
  Result<Command> leap = ParseCommand("LogContact", contact("2028-02-29T23:59:59.999999+00:00"));
  REQUIRE(leap.ok());
  CHECK(std::get<LogContact>(*leap).occurred_at_us == 1'835'481'599'999'999);
}

TEST_CASE("enums take their JSON names only", "[api]") {
  const Status outcome = Refused("LogContact", R"({"client_id": "c1", "type": "phone",
      "outcome": "sold", "occurred_at": "2026-01-05T10:00:00Z"})");
  CHECK(outcome.field() == "outcome");
  CHECK(outcome.message() ==
        "outcome must be one of product_sold, refused, positive_prospect, unclear_prospect, "
        "contract_terminated, agreement_in_principle, not 'sold'");
  CHECK(Refused("LogContact", R"({"client_id": "c1", "type": "Phone", "outcome": "refused",
                                 "occurred_at": "2026-01-05T10:00:00Z"})")
            .field() == "type");
  CHECK(Refused("LogContact", R"({"client_id": "c1", "type": 2, "outcome": "refused",
                                 "occurred_at": "2026-01-05T10:00:00Z"})")
            .message() == "type must be one of post, email, phone, meeting, not a number");
  CHECK(Refused("HireEmployee", R"({"employee_id": "e", "name": "n",
                                   "roles": ["branch_head", "boss"]})")
            .field() == "roles[1]");
}

TEST_CASE("weeks are YYYY-Www of a week that year has", "[api]") {
  for (const char* bad : {"2026-W00", "2025-W53", "2026-W54", "2026W03", "2026-W3", "2026-w03",
                          "2026-W03 ", "1969-W10", "26-W03"}) {
    INFO(bad);
    const Status status =
        Refused("SetWeeklyPlan",
                std::string(R"({"employee_id": "e", "contacts": 1, "week": ")") + bad + "\"}");
    CHECK(status.field() == "week");
  }
  Result<Command> long_year =
      ParseCommand("SetWeeklyPlan", R"({"employee_id": "e", "contacts": 1, "week": "2026-W53"})");
  REQUIRE(long_year.ok());
  CHECK(std::get<SetWeeklyPlan>(*long_year).week == IsoWeek{2026, 53});
}

TEST_CASE("deep nesting and huge bodies are refused before they cost much", "[api]") {
  const std::string deep =
      R"({"region_id": "r1", "name": )" + std::string(10'000, '[') + std::string(10'000, ']') + "}";
  const Status nested = Refused("OpenRegion", deep);
  CHECK(nested.field() == "name[0][0][0][0][0][0][0]");
  CHECK_THAT(nested.message(), Catch::Contains("deeper than 8 levels"));

  const std::string huge =
      R"({"region_id": "r1", "name": ")" + std::string(kMaxCommandBodyBytes, 'x') + "\"}";
  const Status big = Refused("OpenRegion", huge);
  CHECK(big.field().empty());
  CHECK_THAT(big.message(), Catch::Contains("more than the 65536 allowed"));

  // Up to the limits, the same shapes are fine.
  const std::string fits =
      R"({"region_id": "r1", "name": ")" + std::string(kMaxCommandBodyBytes - 40, 'x') + "\"}";
  CHECK(ParseCommand("OpenRegion", fits).ok());
}

TEST_CASE("a decider's field name maps to the body's", "[api]") {
  CHECK(CommandFieldName("occurred_at_us") == "occurred_at");
  CHECK(CommandFieldName("until_us") == "until");
  CHECK(CommandFieldName("client_id") == "client_id");
  CHECK(CommandFieldName("") == "");
}

}  // namespace
}  // namespace prospekt::api
