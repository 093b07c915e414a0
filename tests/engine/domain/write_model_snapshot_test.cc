// The write model's snapshot encoding round-trips the whole model exactly (compared
// with WriteModel's operator==, which covers every member), for a model folded from a
// demo bank's log and for one holding the facts a demo does not make (links, merges,
// campaigns, corrected names, erased individuals and keys several clients hold);
// snapshots of another version or cut or damaged bytes
// are refused, never half-loaded.
#include "engine/domain/write_model_snapshot.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "engine/app/demo_bank.h"
#include "engine/domain/executor.h"
#include "tests/test_support.h"

namespace prospekt::domain {
namespace {

using prospekt::testing::TempDir;

PersonalText Clear(std::string text) { return PersonalText{PersonalText::Form::kClear, text}; }

ClientRegistered Registered(std::string id, std::string name, std::string phone) {
  ClientRegistered e;
  e.client_id = std::move(id);
  e.kind = ClientKind::kLegalEntity;
  e.name = Clear(std::move(name));
  e.tax_id = "7707083893";
  e.contact.phones = {Clear(std::move(phone))};
  e.contact.emails = {Clear("info@" + e.client_id + ".example")};
  e.contact.address = Clear("г. Казань, ул. Мира, д. 1");
  e.industry = "retail";
  e.branch_id = "r01-b01";
  e.region_id = "r01";
  return e;
}

// A model with a fact of every kind the write model keeps.
WriteModel EveryKindOfFact() {
  WriteModel model;
  std::int64_t t = 1'767'600'000'000'000;
  auto apply = [&](const DomainEvent& event) { model.Apply(event, t += 60'000'000); };
  apply(RegionOpened{"r01", "Volga"});
  apply(BranchOpened{"r01-b01", "r01", "Казань office 1"});
  apply(DepartmentOpened{"sales", "r01-b01", "Active sales"});
  apply(ProductDefined{"deposit", "Term deposit", "deposits"});
  apply(EmployeeHired{"e1", "Орлова Н.В.", {Role::kBranchHead}, "r01-b01", "sales"});
  apply(EmployeeHired{"e2", "Петров И.", {Role::kSalesSpecialist}, "r01-b01", "sales"});
  apply(AbsenceRecorded{"e2", t, t + 86'400'000'000, "e1", "vacation"});
  apply(BranchSettingsChanged{"r01-b01", 14, 25});
  apply(Registered("c1", "ООО «Ромашка»", "+7 495 123-45-67"));
  apply(Registered("c2", "ООО «Ромашка»", "8 495 123 45 67"));  // a forced duplicate
  apply(Registered("c3", "Лесков Иван", "+7 495 765-43-21"));
  apply(ClientDetailsCorrected{"c3", "name", Clear("Лесков Иван"), Clear("Лесков Иван Петрович")});
  apply(
      ClientDetailsCorrected{"c3", "phones", Clear("+7 495 765-43-21"), Clear("+7 495 700-00-00")});
  apply(ClientsLinked{"c1", "c3", ClientRelation::kKeyPerson});
  apply(ClientMergedAsDuplicate{"c2", "c1"});
  apply(ClientAssigned{"c1", "e2", {"deposit"}});
  apply(WeeklyPlanSet{"e2", "r01-b01", IsoWeek{2026, 2}, 80, {}, {}});
  ContactLogged contact;
  contact.client_id = "c1";
  contact.employee_id = "e2";
  contact.product_code = "deposit";
  contact.outcome = ContactOutcome::kProductSold;
  contact.next_contact_at_us = t + 3 * 86'400'000'000;
  apply(contact);
  apply(HandedOver{"c1", "deposits", "deposit", "e2", true});
  apply(TaskAssigned{"t1", "e2", TaskKind::kPlanDeviation, "", IsoWeek{2026, 2}, t, "catch up"});
  apply(TaskAssigned{"t2", "e2", TaskKind::kManual, "c1", IsoWeek{2026, 2}, t, "call"});
  apply(TaskCompleted{"t2", "e2", "done"});
  apply(CampaignLaunched{"k1", "r01-b01", "Spring", {"deposit"}, t, t + 1});
  apply(ClientEnrolled{"k1", "c1"});
  apply(CampaignClosed{"k1"});
  // Two individuals sharing a phone (a forced registration); the first is erased, so the
  // second answers for the phone and the first leaves the name index.
  ClientRegistered first = Registered("c4", "Соколова Анна Сергеевна", "+7 916 111-22-33");
  first.kind = ClientKind::kIndividual;
  first.tax_id = "500100732259";
  apply(first);
  ClientRegistered second = Registered("c5", "Белова Мария", "8 916 111 22 33");
  second.kind = ClientKind::kIndividual;
  second.tax_id = "";
  apply(second);
  apply(PersonalDataErased{"c4", "withdrew consent"});
  return model;
}

TEST_CASE("a snapshot round-trips every kind of fact", "[domain][snapshot]") {
  const WriteModel model = EveryKindOfFact();
  REQUIRE(model.FindClient("c1") != nullptr);
  REQUIRE(!model.FindClient("c1")->links.empty());
  const std::string bytes = EncodeWriteModel(model);
  Result<WriteModel> decoded = DecodeWriteModel(bytes);
  INFO(decoded.status().ToString());
  REQUIRE(decoded.ok());
  CHECK(*decoded == model);
  CHECK(EncodeWriteModel(*decoded) == bytes);
  // The indexes answer as before: the corrected name moved, the first holder kept it.
  CHECK(*decoded->ClientWithSimilarName("r01", "ромашка") == "c1");
  CHECK(*decoded->ClientWithSimilarName("r01", "иван лесков петрович") == "c3");
  CHECK(*decoded->ClientWithPhone("74957000000") == "c3");
  // The merge is known on both sides; the erased individual holds no key any more.
  CHECK(decoded->FindClient("c1")->duplicates == std::set<std::string, std::less<>>{"c2"});
  CHECK(decoded->FindClient("c4")->personal_data_erased);
  CHECK_FALSE(decoded->FindClient("c5")->personal_data_erased);
  CHECK(*decoded->ClientWithPhone("79161112233") == "c5");
  CHECK(decoded->ClientWithSimilarName("r01", "соколова анна сергеевна") == nullptr);
  CHECK(decoded->ClientWithTaxId("500100732259") == nullptr);
  // And a model that differs in one fact is not equal.
  WriteModel other = model;
  other.Apply(ClientStatusChanged{"c3", ClientStatus::kNewClient, ClientStatus::kVip}, 0);
  CHECK_FALSE(other == model);
  CHECK(EncodeWriteModel(other) != bytes);
}

TEST_CASE("a snapshot of a demo bank's model equals the full fold", "[domain][snapshot]") {
  TempDir dir;
  store::StoreOptions fast;
  fast.sync = false;
  ExecutorOptions no_snapshots;
  no_snapshots.snapshot_every_events = 0;
  no_snapshots.snapshot_at_close = false;
  Result<std::unique_ptr<Executor>> opened = Executor::Open(dir.path(), fast, no_snapshots);
  REQUIRE(opened.ok());
  app::DemoOptions demo;
  demo.regions = 2;
  demo.branches_per_region = 1;
  demo.employees_per_branch = 5;
  demo.clients_per_branch = 40;
  demo.days = 6;
  Result<app::DemoSummary> built = app::BuildDemoBank(**opened, demo);
  REQUIRE(built.ok());
  REQUIRE(built->rejections == 0);
  REQUIRE((*opened)->store().Head().last_seq > 500);
  REQUIRE(built->erasures > 0);  // the demo bank erases individuals at the end

  const WriteModel& live = (*opened)->model();
  Result<WriteModel> decoded = DecodeWriteModel(EncodeWriteModel(live));
  REQUIRE(decoded.ok());
  CHECK(*decoded == live);
  std::size_t erased = 0;
  for (const auto& [id, client] : decoded->clients()) erased += client.personal_data_erased;
  CHECK(erased == built->erasures);
  // The model folded live equals a fresh fold of the log, and so does the snapshot.
  REQUIRE((*opened)->Rebuild((*opened)->store()).ok());
  CHECK(*decoded == (*opened)->model());
}

TEST_CASE("snapshots of another version or damaged bytes are refused", "[domain][snapshot]") {
  const std::string bytes = EncodeWriteModel(EveryKindOfFact());
  REQUIRE(static_cast<std::uint8_t>(bytes[0]) == kWriteModelSnapshotVersion);

  std::string newer = bytes;
  newer[0] = static_cast<char>(kWriteModelSnapshotVersion + 1);
  CHECK(DecodeWriteModel(newer).status().code() == StatusCode::kFailedPrecondition);

  CHECK(DecodeWriteModel("").status().code() == StatusCode::kCorruption);
  // Every cut is refused (the model never loads half).
  for (std::size_t size = 1; size < bytes.size(); size += 7) {
    INFO("cut to " << size);
    CHECK(DecodeWriteModel(std::string_view(bytes).substr(0, size)).status().code() ==
          StatusCode::kCorruption);
  }
  CHECK(DecodeWriteModel(bytes + "x").status().code() == StatusCode::kCorruption);
  // Flipped bytes never crash; what they decode to is the store's digest's business.
  for (std::size_t at = 1; at < bytes.size(); at += 3) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x5a);
    (void)DecodeWriteModel(flipped);
  }
}

}  // namespace
}  // namespace prospekt::domain
