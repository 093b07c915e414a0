// The executor end to end on a real EventStore: commands decided inside the sequencer,
// events appended with their envelope fields, rejections writing nothing, and a restart
// that rebuilds the model from the log so it decides as before.
#include "engine/domain/executor.h"

#include <algorithm>
#include <thread>

#include "events/domain_codec.h"
#include "tests/engine/domain/domain_test_support.h"
#include "tests/test_support.h"

namespace prospekt::domain::testing {
namespace {

using prospekt::testing::TempDir;

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

// A small bank through the executor: region, branch with sales and loans, two
// products, a head and two specialists, a client assigned to s1.
void SetUpBank(Executor& executor) {
  const CommandContext system = As(std::string(kSystemActor), kSetUp);
  Run(executor, OpenRegion{"r1", "North"}, system);
  Run(executor, OpenBranch{"b1", "r1", "Central"}, system);
  Run(executor, OpenDepartment{"sales", "b1", "Active sales"}, system);
  Run(executor, OpenDepartment{"loans", "b1", "Credit"}, system);
  Run(executor, DefineProduct{"loan", "Business loan", "loans"}, system);
  Run(executor, DefineProduct{"deposit", "Term deposit", "sales"}, system);
  Run(executor, HireEmployee{"head", "Head", {Role::kBranchHead}, "b1", "sales"}, system);
  Run(executor, HireEmployee{"s1", "Seller one", {Role::kSalesSpecialist}, "b1", "sales"}, system);
  Run(executor, HireEmployee{"s2", "Seller two", {Role::kSalesSpecialist}, "b1", "sales"}, system);
  RegisterClient client;
  client.client_id = "c1";
  client.name = "ООО «Ромашка»";
  client.tax_id = "7707083893";
  client.branch_id = "b1";
  Run(executor, client, As("head", kSetUp));
  Run(executor, AssignClient{"c1", "s1", {"loan"}}, As("head", kSetUp));
}

TEST_CASE("the executor appends decided events and rebuilds its model on restart",
          "[domain][executor]") {
  TempDir dir;
  {
    std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
    SetUpBank(*executor);

    LogContact contact;
    contact.client_id = "c1";
    contact.outcome = ContactOutcome::kPositiveProspect;
    contact.product_code = "loan";
    contact.occurred_at_us = kNow - kHour;
    Result<store::AppendResult> logged = executor->Execute(contact, As("s1"), "contact-1");
    REQUIRE(logged.ok());
    CHECK(logged->last_seq == logged->first_seq + 1);  // the contact and its hand-over

    Result<std::vector<Envelope>> stream =
        executor->store().ReadStream("client-c1", 1, store::Direction::kForward, 10);
    REQUIRE(stream.ok());
    REQUIRE(stream->size() == 4);
    CHECK((*stream)[0].event_type == "ClientRegistered");
    CHECK((*stream)[2].event_type == "ContactLogged");
    CHECK((*stream)[2].actor == "s1");
    CHECK((*stream)[2].occurred_at_us == kNow - kHour);
    CHECK((*stream)[2].correlation_id == "test");
    CHECK((*stream)[3].event_type == "HandedOver");
    Result<DomainEvent> handed = DecodeDomainEvent("HandedOver", (*stream)[3].payload);
    REQUIRE(handed.ok());
    CHECK((*handed == DomainEvent(HandedOver{"c1", "loans", "loan", "s1", true})));

    // A retry with the same key is answered, not decided again.
    Result<store::AppendResult> retry = executor->Execute(contact, As("s1"), "contact-1");
    REQUIRE(retry.ok());
    CHECK(retry->duplicate);

    // A rejection writes nothing.
    const std::uint64_t head = executor->store().Head().last_seq;
    Result<store::AppendResult> refused = executor->Execute(contact, As("s2"));
    CHECK(refused.status().code() == StatusCode::kPermissionDenied);
    CHECK(executor->store().Head().last_seq == head);
  }

  // Restart: the model is folded from the log and still knows s1's contact, so handing
  // the client to s2 warns about it.
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  const WriteModel::Client* client = executor->model().FindClient("c1");
  REQUIRE(client != nullptr);
  CHECK(client->assigned_employee_id == "s1");
  CHECK(client->last_contact_by_employee.at("s1") == kNow - kHour);

  Result<store::AppendResult> reassigned =
      executor->Execute(AssignClient{"c1", "s2", {"loan"}}, As("head"));
  REQUIRE(reassigned.ok());
  Result<std::vector<Envelope>> tail = executor->store().ReadAll(reassigned->first_seq, 10);
  REQUIRE(tail.ok());
  REQUIRE(tail->size() == 2);
  CHECK((*tail)[0].event_type == "ClientReassigned");
  CHECK((*tail)[1].event_type == "DontDisturbWarned");
  Result<DomainEvent> warning = DecodeDomainEvent("DontDisturbWarned", (*tail)[1].payload);
  REQUIRE(warning.ok());
  CHECK((*warning == DomainEvent(DontDisturbWarned{"c1", "s2", "s1", kNow - kHour, "assignment"})));

  // The duplicate rule too: the rebuilt indexes know c1's tax id.
  RegisterClient again;
  again.client_id = "c2";
  again.name = "Совсем другое имя";
  again.tax_id = "7707083893";
  again.branch_id = "b1";
  Result<store::AppendResult> duplicate = executor->Execute(again, As("head"));
  CHECK(duplicate.status().code() == StatusCode::kFailedPrecondition);
  CHECK(duplicate.status().field() == "tax_id");
}

TEST_CASE("a deputised command records the actor and on whose behalf", "[domain][executor]") {
  TempDir dir;
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  SetUpBank(*executor);
  Run(*executor, RecordAbsence{"head", kNow - kHour, kNow + kDay, "s2", "vacation"},
      As("head", kNow - 2 * kHour));
  Result<store::AppendResult> assigned = executor->Execute(AssignClient{"c1", "s2", {}}, As("s2"));
  REQUIRE(assigned.ok());
  Result<std::vector<Envelope>> appended = executor->store().ReadAll(assigned->first_seq, 1);
  REQUIRE(appended.ok());
  REQUIRE(appended->size() == 1);
  CHECK(appended->front().event_type == "ClientReassigned");
  CHECK(appended->front().actor == "s2");
  CHECK(appended->front().on_behalf_of == "head");
  CHECK(appended->front().occurred_at_us == kNow);
}

TEST_CASE("a plan-deviation task is not assigned again after a restart", "[domain][executor]") {
  TempDir dir;
  const std::int64_t wednesday = kMonday + 2 * kDay;
  const CommandContext scheduler = As(std::string(kSystemActor), wednesday + kDay);
  {
    std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
    SetUpBank(*executor);
    Run(*executor, SetWeeklyPlan{"s1", IsoWeek{2026, 2}, 50, {}, {}}, As("head", kMonday));
    Result<store::AppendResult> closed =
        executor->Execute(CloseWorkingDay{"b1", wednesday}, scheduler);
    REQUIRE(closed.ok());
    CHECK(closed->last_seq == closed->first_seq + 1);  // the day closed and s1's task
  }
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  Result<store::AppendResult> again =
      executor->Execute(CloseWorkingDay{"b1", wednesday}, scheduler);
  REQUIRE(again.ok());
  CHECK(again->last_seq == again->first_seq);  // only the day closed
}

TEST_CASE("concurrent commands are decided one after another on the log", "[domain][executor]") {
  TempDir dir;
  std::unique_ptr<Executor> executor = OpenExecutor(dir.path());
  SetUpBank(*executor);
  // Eight heads' assistants race to register the same tax id: exactly one wins.
  std::vector<StatusCode> codes(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    threads.emplace_back([&, i] {
      RegisterClient client;
      client.client_id = "n" + std::to_string(i);
      client.name = "Клиент номер " + std::to_string(i * 100);
      client.tax_id = "7736207543";
      client.branch_id = "b1";
      codes[i] = executor->Execute(client, As("s1")).status().code();
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(std::count(codes.begin(), codes.end(), StatusCode::kOk) == 1);
  CHECK(std::count(codes.begin(), codes.end(), StatusCode::kFailedPrecondition) == 7);
}

}  // namespace
}  // namespace prospekt::domain::testing
