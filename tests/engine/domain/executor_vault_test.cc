// The Executor with the personal-data vault, end to end on a real EventStore (issue 3):
// the log holds individuals' details sealed (and a legal entity's name in clear), the
// model still decides on clear values across a restart, and an erasure shreds the key
// while the events still decode, the chain still verifies, the model and the JSON read
// "erased", and a restart keeps it so.
#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/domain/dedup/normalize.h"
#include "engine/domain/executor.h"
#include "events/domain_codec.h"
#include "events/envelope_json.h"
#include "replay/verify_chain.h"
#include "tests/engine/domain/domain_test_support.h"
#include "tests/test_support.h"

namespace prospekt::domain::testing {
namespace {

using prospekt::testing::TempDir;

constexpr const char* kName = "Петрова Анна Сергеевна";
constexpr const char* kPhone = "+7 916 000-11-22";
constexpr const char* kEmail = "anna.petrova@mail.example";
constexpr const char* kAddress = "г. Москва, ул. Тверская, д. 7";

std::unique_ptr<Executor> OpenExecutor(const std::filesystem::path& path) {
  Result<std::unique_ptr<Executor>> opened = Executor::Open(path);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

void Run(Executor& executor, const Command& command, const CommandContext& context) {
  Result<store::AppendResult> result = executor.Execute(command, context);
  INFO(result.status().ToString());
  REQUIRE(result.ok());
}

// Region r1, branch b1 with its head, head office "ho"; an individual "p1" and a legal
// entity "l1" registered by the head.
void SetUpBank(Executor& executor) {
  const CommandContext system = As(std::string(kSystemActor), kSetUp);
  Run(executor, OpenRegion{"r1", "North"}, system);
  Run(executor, OpenBranch{"b1", "r1", "Central"}, system);
  Run(executor, OpenDepartment{"sales", "b1", "Active sales"}, system);
  Run(executor, HireEmployee{"head", "Head", {Role::kBranchHead}, "b1", "sales"}, system);
  Run(executor, HireEmployee{"ho", "Head office", {Role::kHeadOffice}, "", ""}, system);
  RegisterClient person;
  person.client_id = "p1";
  person.kind = ClientKind::kIndividual;
  person.name = kName;
  person.phones = {kPhone};
  person.emails = {kEmail};
  person.address = kAddress;
  person.branch_id = "b1";
  Run(executor, person, As("head", kSetUp));
  RegisterClient company;
  company.client_id = "l1";
  company.name = "ООО «Ромашка»";
  company.tax_id = "7707083893";
  company.phones = {"+7 495 123-45-67"};
  company.branch_id = "b1";
  Run(executor, company, As("head", kSetUp));
}

// Every event of the log, decoded, with its raw payload.
struct Logged {
  std::string type, payload;
  DomainEvent event;
};
std::vector<Logged> ReadLog(const store::EventStore& store) {
  Result<std::vector<Envelope>> all = store.ReadAll(1, 1000);
  REQUIRE(all.ok());
  std::vector<Logged> logged;
  for (const Envelope& envelope : *all) {
    Result<DomainEvent> event = DecodeDomainEvent(envelope.event_type, envelope.payload);
    INFO(envelope.seq << " " << event.status().ToString());
    REQUIRE(event.ok());
    logged.push_back({envelope.event_type, envelope.payload, *event});
  }
  return logged;
}

const ClientRegistered& Registration(const std::vector<Logged>& log, const std::string& id) {
  for (const Logged& entry : log) {
    const auto* registered = std::get_if<ClientRegistered>(&entry.event);
    if (registered != nullptr && registered->client_id == id) return *registered;
  }
  FAIL("no registration of " << id);
  throw std::logic_error("unreachable");
}

RegisterClient SamePhone(std::string id) {
  RegisterClient again;
  again.client_id = std::move(id);
  again.kind = ClientKind::kIndividual;
  again.name = "Совсем другой человек";
  again.phones = {"8 916 000 11 22"};  // p1's phone, written the domestic way
  again.branch_id = "b1";
  return again;
}

TEST_CASE("the log holds an individual's details sealed, a legal entity's name in clear",
          "[domain][executor][vault]") {
  TempDir dir;
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  SetUpBank(*executor);
  const std::vector<Logged> log = ReadLog(executor->store());

  const ClientRegistered& person = Registration(log, "p1");
  CHECK(person.name.form == PersonalText::Form::kSealed);
  REQUIRE(person.contact.phones.size() == 1);
  CHECK(person.contact.phones[0].form == PersonalText::Form::kSealed);
  REQUIRE(person.contact.emails.size() == 1);
  CHECK(person.contact.emails[0].form == PersonalText::Form::kSealed);
  CHECK(person.contact.address.form == PersonalText::Form::kSealed);
  for (const Logged& entry : log) {
    for (const char* clear : {"Петрова", kPhone, kEmail, "Тверская"}) {
      INFO(entry.type << " holds " << clear);
      CHECK(entry.payload.find(clear) == std::string::npos);
    }
  }
  // The vault opens them with p1's key.
  Result<std::optional<std::string>> name = executor->vault().Open("p1", person.name);
  REQUIRE(name.ok());
  CHECK(name->value() == kName);

  const ClientRegistered& company = Registration(log, "l1");
  CHECK(company.name == Clear("ООО «Ромашка»"));
  CHECK(company.tax_id == "7707083893");
  REQUIRE(company.contact.phones.size() == 1);
  CHECK(company.contact.phones[0].form == PersonalText::Form::kSealed);
  CHECK(company.contact.address == Clear(""));  // empty: nothing to hide

  // The model decides on clear values.
  const WriteModel::Client* p1 = executor->model().FindClient("p1");
  REQUIRE(p1 != nullptr);
  CHECK(p1->name == kName);
  CHECK(p1->phones == std::vector<std::string>{kPhone});
  CHECK(p1->address == kAddress);
}

TEST_CASE("corrections of personal details are sealed and folded in clear",
          "[domain][executor][vault]") {
  TempDir dir;
  {
    std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
    SetUpBank(*executor);
    Run(*executor, CorrectClientDetails{"p1", "phones", kPhone, "+7 916 555-44-33"}, As("head"));
    Run(*executor, CorrectClientDetails{"l1", "name", "", "ООО «Ромашка и Ко»"}, As("head"));
    const std::vector<Logged> log = ReadLog(executor->store());
    const auto* phone = std::get_if<ClientDetailsCorrected>(&log[log.size() - 2].event);
    REQUIRE(phone != nullptr);
    CHECK(phone->before.form == PersonalText::Form::kSealed);
    CHECK(phone->after.form == PersonalText::Form::kSealed);
    const auto* name = std::get_if<ClientDetailsCorrected>(&log.back().event);
    REQUIRE(name != nullptr);
    CHECK(name->after == Clear("ООО «Ромашка и Ко»"));
  }
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  CHECK(executor->model().FindClient("p1")->phones == std::vector<std::string>{"+7 916 555-44-33"});
  CHECK(executor->model().FindClient("l1")->name == "ООО «Ромашка и Ко»");
  // The old phone is free, the new one taken.
  CHECK(executor->Execute(SamePhone("p2"), As("head")).ok());
  RegisterClient taken = SamePhone("p3");
  taken.phones = {"89165554433"};
  CHECK(executor->Execute(taken, As("head")).status().field() == "phones");
}

TEST_CASE("duplicates are found across a restart from the sealed log",
          "[domain][executor][vault]") {
  TempDir dir;
  {
    std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
    SetUpBank(*executor);
  }
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  CHECK(executor->model().FindClient("p1")->name == kName);
  Result<store::AppendResult> by_phone = executor->Execute(SamePhone("p2"), As("head"));
  CHECK(by_phone.status().code() == StatusCode::kFailedPrecondition);
  CHECK(by_phone.status().field() == "phones");
  RegisterClient by_name;
  by_name.client_id = "p3";
  by_name.kind = ClientKind::kIndividual;
  by_name.name = "Анна Сергеевна Петрова";
  by_name.branch_id = "b1";
  CHECK(executor->Execute(by_name, As("head")).status().field() == "name");
}

TEST_CASE("an erasure shreds the key; events, chain and restart stay right",
          "[domain][executor][vault]") {
  TempDir dir;
  std::uint64_t erased_seq = 0;
  {
    std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
    SetUpBank(*executor);
    Result<store::AppendResult> erased =
        executor->Execute(EraseClientData{"p1", "the client asked to be forgotten"}, As("ho"));
    INFO(erased.status().ToString());
    REQUIRE(erased.ok());
    erased_seq = erased->first_seq;

    // The key is gone; the sealed texts read as erased.
    Result<std::optional<std::string>> key = executor->store().GetKey("client/p1");
    REQUIRE(key.ok());
    CHECK_FALSE(key->has_value());
    const std::vector<Logged> log = ReadLog(executor->store());  // every event still decodes
    CHECK(log.back().type == "PersonalDataErased");
    Result<std::optional<std::string>> name =
        executor->vault().Open("p1", Registration(log, "p1").name);
    REQUIRE(name.ok());
    CHECK_FALSE(name->has_value());
    Result<replay::ChainReport> chain = replay::VerifyChain(executor->store());
    REQUIRE(chain.ok());
    CHECK(chain->intact);

    // The model forgot the details and the keys.
    const WriteModel::Client* p1 = executor->model().FindClient("p1");
    REQUIRE(p1 != nullptr);
    CHECK(p1->personal_data_erased);
    CHECK(p1->name.empty());
    CHECK(p1->phones.empty());
    CHECK(executor->model().ClientWithPhone(dedup::NormalizePhone(kPhone)) == nullptr);

    // No new details for p1, and no key made again for it.
    Result<store::AppendResult> corrected =
        executor->Execute(CorrectClientDetails{"p1", "phones", "", "+7 916 111-22-33"}, As("head"));
    CHECK(corrected.status().code() == StatusCode::kFailedPrecondition);
    CHECK(corrected.status().field() == "client_id");
    CHECK_FALSE(executor->store().GetKey("client/p1")->has_value());
  }
  // Restart: the same model from the sealed log without p1's key.
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  const WriteModel::Client* p1 = executor->model().FindClient("p1");
  REQUIRE(p1 != nullptr);
  CHECK(p1->personal_data_erased);
  CHECK(p1->name.empty());
  CHECK(p1->address.empty());
  CHECK(executor->model().FindClient("l1")->phones == std::vector<std::string>{"+7 495 123-45-67"});
  // p1's phone no longer finds a duplicate, after the restart too.
  CHECK(executor->Execute(SamePhone("p2"), As("head")).ok());
  CHECK(executor->Execute(EraseClientData{"p1", "again"}, As("ho")).status().code() ==
        StatusCode::kFailedPrecondition);

  // The JSON shows "erased" where the key store is at hand, "sealed" otherwise.
  Result<std::vector<Envelope>> registered =
      executor->store().ReadStream("client-p1", 1, store::Direction::kForward, 1);
  REQUIRE(registered.ok());
  REQUIRE(registered->size() == 1);
  const ErasedCheck erased = [&executor](std::string_view client_id) {
    return !PersonalDataVault::LoadKey(executor->store(), client_id)->has_value();
  };
  const nlohmann::json with_keys = EnvelopeToJson(registered->front(), erased);
  CHECK(with_keys["payload"]["name"] == nlohmann::json{{"erased", true}});
  CHECK(with_keys["payload"]["contact"]["phones"][0] == nlohmann::json{{"erased", true}});
  const nlohmann::json without = EnvelopeToJson(registered->front());
  CHECK(without["payload"]["name"] == nlohmann::json{{"sealed", true}});
  Result<std::vector<Envelope>> company =
      executor->store().ReadStream("client-l1", 1, store::Direction::kForward, 1);
  REQUIRE(company.ok());
  const nlohmann::json live = EnvelopeToJson(company->front(), erased);
  CHECK(live["payload"]["name"] == "ООО «Ромашка»");
  CHECK(live["payload"]["contact"]["phones"][0] == nlohmann::json{{"sealed", true}});
  CHECK(erased_seq > 0);
}

TEST_CASE("an erasure cut short by a crash is finished at the next open",
          "[domain][executor][vault]") {
  TempDir dir;
  std::string key_bytes;
  {
    std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
    SetUpBank(*executor);
    key_bytes = **executor->store().GetKey("client/p1");
    Run(*executor, EraseClientData{"p1", "asked"}, As("ho"));
    // As if the process died after the event was durable, before the vault's mark and
    // shred: the key is back and the mark gone.
    REQUIRE(executor->store().PutKey("client/p1", key_bytes).ok());
    REQUIRE(executor->store().ShredKey("erased/p1").ok());
  }
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  CHECK_FALSE(executor->store().GetKey("client/p1")->has_value());
  CHECK(executor->vault().Erased("p1").value());
  CHECK(executor->model().FindClient("p1")->personal_data_erased);
}

TEST_CASE("ExecuteAsync refuses an erasure, which must not block the sequencer",
          "[domain][executor][vault]") {
  TempDir dir;
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  SetUpBank(*executor);
  std::optional<Status> answer;
  executor->ExecuteAsync(
      EraseClientData{"p1", "asked"}, As("ho"), "",
      [&answer](Result<store::AppendResult> result) { answer = result.status(); });
  REQUIRE(answer.has_value());  // at once, on this thread
  CHECK(answer->code() == StatusCode::kInvalidArgument);
  CHECK(answer->field() == "command");
  CHECK(executor->store().GetKey("client/p1")->has_value());
  CHECK_FALSE(executor->model().FindClient("p1")->personal_data_erased);
}

}  // namespace
}  // namespace prospekt::domain::testing
