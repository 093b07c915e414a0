// Given/when/then tests of erasing a client's personal data (issue 3): who may, what
// must hold, what the model forgets (details, duplicate keys) and what it keeps, the
// corrections refused afterwards; and merges that would chain.
#include "engine/domain/dedup/normalize.h"
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

// c3 is an individual of b1 (Петрова Анна Сергеевна, ИНН 500100732259, +7 916 000-11-22,
// anna@mail.example, an address); c4 was registered over c3 with force and shares its
// phone.
std::vector<Fact> WithIndividual() {
  ClientRegistered c3;
  c3.client_id = "c3";
  c3.kind = ClientKind::kIndividual;
  c3.name = Clear("Петрова Анна Сергеевна");
  c3.tax_id = "500100732259";
  c3.contact.phones = {Clear("+7 916 000-11-22")};
  c3.contact.emails = {Clear("anna@mail.example")};
  c3.contact.address = Clear("г. Москва, ул. Тверская, д. 1");
  c3.branch_id = "b1";
  c3.region_id = "r1";
  ClientRegistered c4;
  c4.client_id = "c4";
  c4.kind = ClientKind::kIndividual;
  c4.name = Clear("Анна Сергеевна Петрова");
  c4.contact.phones = {Clear("8 916 000 11 22")};
  c4.branch_id = "b1";
  c4.region_id = "r1";
  c4.forced_over_duplicate_of = "c3";
  return SmallBank() + std::vector<Fact>{c3, c4};
}

TEST_CASE("head office erases a client's personal data", "[domain][erase]") {
  WriteModel model = Given(WithIndividual());
  const EraseClientData erase{"c3", "the client asked to be forgotten"};
  Decision decision = Decided(model, erase, As("ho"));
  CHECK(decision.stream_id == "client-c3");
  CHECK(
      (decision.events == Events({PersonalDataErased{"c3", "the client asked to be forgotten"}})));
  CHECK(Decided(model, erase, As(std::string(kSystemActor))).events.size() == 1);
  // Not branch staff, not the branch head, not the auditor (who only reads).
  CHECK(Rejected(model, erase, As("head")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, erase, As("s1")).code() == StatusCode::kPermissionDenied);
}

TEST_CASE("an erasure needs a known, unmerged, not yet erased client and a reason",
          "[domain][erase]") {
  WriteModel model = Given(WithIndividual());
  Status unknown = Rejected(model, EraseClientData{"c404", "asked"}, As("ho"));
  CHECK(unknown.code() == StatusCode::kNotFound);
  CHECK(unknown.field() == "client_id");
  CHECK(Rejected(model, EraseClientData{"bad id", "asked"}, As("ho")).code() ==
        StatusCode::kInvalidArgument);
  Status no_reason = Rejected(model, EraseClientData{"c3", ""}, As("ho"));
  CHECK(no_reason.code() == StatusCode::kInvalidArgument);
  CHECK(no_reason.field() == "reason");

  model.Apply(ClientMergedAsDuplicate{"c4", "c3"}, kSetUp);
  Status merged = Rejected(model, EraseClientData{"c4", "asked"}, As("ho"));
  CHECK(merged.code() == StatusCode::kFailedPrecondition);
  CHECK(merged.field() == "client_id");
  CHECK(merged.message().find("c3") != std::string::npos);  // names the survivor

  ApplyDecision(model, Decided(model, EraseClientData{"c3", "asked"}, As("ho")));
  Status again = Rejected(model, EraseClientData{"c3", "asked"}, As("ho"));
  CHECK(again.code() == StatusCode::kFailedPrecondition);
  CHECK(again.field() == "client_id");
}

TEST_CASE("an erased individual leaves the duplicate keys; the next holder answers",
          "[domain][erase]") {
  WriteModel model = Given(WithIndividual());
  const std::string phone = dedup::NormalizePhone("+7 916 000-11-22");
  REQUIRE(model.ClientWithPhone(phone) != nullptr);
  CHECK(*model.ClientWithPhone(phone) == "c3");  // the first holder

  model.Apply(PersonalDataErased{"c3", "asked"}, kNow);
  const WriteModel::Client* c3 = model.FindClient("c3");
  REQUIRE(c3 != nullptr);
  CHECK(c3->personal_data_erased);
  CHECK(c3->name.empty());
  CHECK(c3->tax_id.empty());
  CHECK(c3->phones.empty());
  CHECK(c3->emails.empty());
  CHECK(c3->address.empty());
  CHECK(c3->branch_id == "b1");  // the record itself stays
  CHECK(model.ClientWithEmail(dedup::NormalizeEmail("anna@mail.example")) == nullptr);
  CHECK(model.ClientWithTaxId("500100732259") == nullptr);
  // c4 holds the phone too (forced over c3): it answers for it now.
  REQUIRE(model.ClientWithPhone(phone) != nullptr);
  CHECK(*model.ClientWithPhone(phone) == "c4");

  // A new registration with c3's e-mail and name is no duplicate any more.
  RegisterClient again;
  again.client_id = "c5";
  again.kind = ClientKind::kIndividual;
  again.name = "Петрова Анна Сергеевна";
  again.emails = {"anna@mail.example"};
  again.branch_id = "b3";
  CHECK(Decided(model, again, As("ho")).events.size() == 1);
  again.branch_id = "b1";
  Status by_name = Rejected(model, again, As("ho"));
  CHECK(by_name.field() == "name");  // c4's name is near-identical, and c4 is not erased
}

TEST_CASE("an erased legal entity keeps its name and tax id, not its contact data",
          "[domain][erase]") {
  WriteModel model = Given(SmallBank());
  model.Apply(PersonalDataErased{"c1", "the contact person asked"}, kNow);
  const WriteModel::Client* c1 = model.FindClient("c1");
  REQUIRE(c1 != nullptr);
  CHECK(c1->name == "ООО «Ромашка»");
  CHECK(c1->tax_id == "7707083893");
  CHECK(c1->phones.empty());
  CHECK(c1->emails.empty());
  REQUIRE(model.ClientWithTaxId("7707083893") != nullptr);
  CHECK(model.ClientWithPhone(dedup::NormalizePhone("+7 495 123-45-67")) == nullptr);
  CHECK(model.ClientWithSimilarName("r1", dedup::NormalizeName("ООО «Ромашка»")) != nullptr);
}

TEST_CASE("after an erasure, personal details are not recorded again", "[domain][erase]") {
  WriteModel individual = Given(WithIndividual());
  individual.Apply(PersonalDataErased{"c3", "asked"}, kNow);
  for (const char* field : {"name", "tax_id", "address", "phones", "emails"}) {
    INFO(field);
    CorrectClientDetails correction{"c3", field, "", "x"};
    Status refused = Rejected(individual, correction, As("s1"));
    CHECK(refused.code() == StatusCode::kFailedPrecondition);
    CHECK(refused.field() == "client_id");
    CHECK(refused.message().find("erased") != std::string::npos);
  }
  CHECK(Decided(individual, CorrectClientDetails{"c3", "industry", "", "retail"}, As("s1"))
            .events.size() == 1);

  WriteModel legal = Given(SmallBank());
  legal.Apply(PersonalDataErased{"c1", "asked"}, kNow);
  CHECK(Rejected(legal, CorrectClientDetails{"c1", "phones", "", "+7 495 000-00-01"}, As("s1"))
            .field() == "client_id");
  CHECK(Decided(legal, CorrectClientDetails{"c1", "name", "", "ООО «Ромашка-2»"}, As("s1"))
            .events.size() == 1);
}

TEST_CASE("merges do not chain", "[domain][merge]") {
  WriteModel model = Given(WithIndividual());
  model.Apply(ClientMergedAsDuplicate{"c4", "c3"}, kSetUp);

  // c3 is the survivor of c4: merging c3 into another client would chain c4 -> c3 -> c2.
  Status survivor_as_duplicate = Rejected(model, MergeDuplicateClient{"c3", "c2"}, As("ho"));
  CHECK(survivor_as_duplicate.code() == StatusCode::kFailedPrecondition);
  CHECK(survivor_as_duplicate.field() == "duplicate_id");
  CHECK(survivor_as_duplicate.message().find("c4") != std::string::npos);

  // c4 is merged: it cannot be the survivor of another merge either.
  Status merged_as_survivor = Rejected(model, MergeDuplicateClient{"c2", "c4"}, As("ho"));
  CHECK(merged_as_survivor.code() == StatusCode::kFailedPrecondition);
  CHECK(merged_as_survivor.field() == "survivor_id");
  CHECK(merged_as_survivor.message().find("c3") != std::string::npos);

  // Once c4 is un-merged, c3 survives nobody and may be merged.
  ApplyDecision(model, Decided(model, UnmergeClient{"c4"}, As("ho")));
  CHECK(model.FindClient("c3")->duplicates.empty());
  CHECK(Decided(model, MergeDuplicateClient{"c3", "c2"}, As("ho")).events.size() == 1);
}

}  // namespace
}  // namespace prospekt::domain::testing
