// Given/when/then tests of a client's record after registration: status changes,
// corrected details (before/after, duplicate checks), links and satisfaction scores.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

TEST_CASE("the head or the assignee changes a client's status", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  const ChangeClientStatus change{"c1", ClientStatus::kBankClient};
  Decision decision = Decided(model, change, As("s1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events ==
         Events({ClientStatusChanged{"c1", ClientStatus::kNewClient, ClientStatus::kBankClient}})));
  CHECK(Decided(model, change, As("head")).events.size() == 1);
  CHECK(Rejected(model, change, As("s2")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, change, As("head2")).code() == StatusCode::kPermissionDenied);

  ApplyDecision(model, decision);
  CHECK(model.FindClient("c1")->status == ClientStatus::kBankClient);
  CHECK(Rejected(model, change, As("s1")).field() == "status");
  CHECK((Decided(model, ChangeClientStatus{"c1", ClientStatus::kVip}, As("head")).events ==
         Events({ClientStatusChanged{"c1", ClientStatus::kBankClient, ClientStatus::kVip}})));
  CHECK(Rejected(model, ChangeClientStatus{"c404", ClientStatus::kVip}, As("head")).code() ==
        StatusCode::kNotFound);
}

TEST_CASE("a correction records the value before and after", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  Decision decision =
      Decided(model, CorrectClientDetails{"c1", "name", "", "ООО «Ромашка-Плюс»"}, As("s1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({ClientDetailsCorrected{"c1", "name", Clear("ООО «Ромашка»"),
                                                           Clear("ООО «Ромашка-Плюс»")}})));
  ApplyDecision(model, decision);
  CHECK(model.FindClient("c1")->name == "ООО «Ромашка-Плюс»");

  decision =
      Decided(model, CorrectClientDetails{"c1", "phones", "+7 495 123-45-67", "+7 495 765-43-21"},
              As("s1"));
  CHECK(
      (decision.events == Events({ClientDetailsCorrected{"c1", "phones", Clear("+7 495 123-45-67"),
                                                         Clear("+7 495 765-43-21")}})));
  ApplyDecision(model, decision);
  // The old phone is free again; the new one is c1's.
  CHECK(model.ClientWithPhone("74951234567") == nullptr);
  REQUIRE(model.ClientWithPhone("74957654321") != nullptr);
  CHECK(*model.ClientWithPhone("74957654321") == "c1");
}

TEST_CASE("a corrected tax id passes the ИНН and duplicate checks", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, CorrectClientDetails{"c2", "tax_id", "", "7707083894"}, As("s1")).field() ==
        "tax_id");
  CHECK(
      Rejected(model, CorrectClientDetails{"c2", "tax_id", "", "500100732259"}, As("s1")).field() ==
      "tax_id");
  Status duplicate =
      Rejected(model, CorrectClientDetails{"c2", "tax_id", "", "7707 083 893"}, As("s1"));
  CHECK(duplicate.code() == StatusCode::kFailedPrecondition);
  CHECK_THAT(duplicate.message(), Catch::Contains("c1"));

  Decision decision =
      Decided(model, CorrectClientDetails{"c2", "tax_id", "", "7736 207543"}, As("s1"));
  CHECK((decision.events ==
         Events({ClientDetailsCorrected{"c2", "tax_id", Clear(""), Clear("7736207543")}})));
  ApplyDecision(model, decision);
  REQUIRE(model.ClientWithTaxId("7736207543") != nullptr);
  CHECK(*model.ClientWithTaxId("7736207543") == "c2");
  // The same value again is no correction.
  CHECK(Rejected(model, CorrectClientDetails{"c2", "tax_id", "", "7736207543"}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("corrections are checked", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, CorrectClientDetails{"c1", "colour", "", "red"}, As("s1")).field() ==
        "field");
  CHECK(Rejected(model, CorrectClientDetails{"c1", "name", "", "ООО"}, As("s1")).field() ==
        "after");
  CHECK(Rejected(model, CorrectClientDetails{"c1", "phones", "+7 000", "+7 495 1"}, As("s1"))
            .field() == "before");
  CHECK(Rejected(model, CorrectClientDetails{"c2", "emails", "", "INFO@romashka.ru"}, As("s1"))
            .field() == "emails");
  CHECK(Rejected(model, CorrectClientDetails{"c1", "address", "", "Moscow"}, As("head2")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(
      Decided(model, CorrectClientDetails{"c1", "address", "", "Moscow"}, As("ho")).events.size() ==
      1);
}

TEST_CASE("clients are linked once, both ways, and unlinked", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  const LinkClients link{"c1", "c2", ClientRelation::kSubsidiary};
  Decision decision = Decided(model, link, As("s1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({ClientsLinked{"c1", "c2", ClientRelation::kSubsidiary}})));
  ApplyDecision(model, decision);
  CHECK(Rejected(model, link, As("s1")).code() == StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, LinkClients{"c2", "c1", ClientRelation::kParent}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);

  decision = Decided(model, UnlinkClients{"c2", "c1"}, As("s2"));
  CHECK((decision.events == Events({ClientsUnlinked{"c2", "c1"}})));
  ApplyDecision(model, decision);
  CHECK(Rejected(model, UnlinkClients{"c1", "c2"}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("links need two existing, different clients", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, LinkClients{"c1", "c1", ClientRelation::kAffiliate}, As("s1")).field() ==
        "other_client_id");
  CHECK(Rejected(model, LinkClients{"c1", "c404", ClientRelation::kKeyPerson}, As("s1")).code() ==
        StatusCode::kNotFound);
  CHECK(Rejected(model, LinkClients{"c404", "c1", ClientRelation::kKeyPerson}, As("s1")).code() ==
        StatusCode::kNotFound);
  CHECK(Rejected(model, LinkClients{"c1", "c2", ClientRelation::kAffiliate}, As("head2")).code() ==
        StatusCode::kPermissionDenied);
}

TEST_CASE("a satisfaction score is 1..10", "[domain][client_records]") {
  WriteModel model = Given(SmallBank());
  Decision decision = Decided(model, RecordSatisfaction{"c1", 9, "quick answer"}, As("s1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({SatisfactionScored{"c1", 9, "quick answer"}})));
  CHECK(Rejected(model, RecordSatisfaction{"c1", 0, ""}, As("s1")).field() == "score");
  CHECK(Rejected(model, RecordSatisfaction{"c1", 11, ""}, As("s1")).field() == "score");
  CHECK(Rejected(model, RecordSatisfaction{"c1", 5, ""}, As("head2")).code() ==
        StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace prospekt::domain::testing
