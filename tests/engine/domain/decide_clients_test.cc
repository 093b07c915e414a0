// Given/when/then tests of client registration (duplicates) and assignment (authority,
// deputies, don't disturb).
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

RegisterClient NewClient(std::string id = "c9", std::string name = "ООО «Лютик»") {
  RegisterClient command;
  command.client_id = std::move(id);
  command.name = std::move(name);
  command.branch_id = "b1";
  return command;
}

TEST_CASE("a new client is registered in its branch's region", "[domain][clients]") {
  WriteModel model = Given(SmallBank());
  RegisterClient command = NewClient();
  command.tax_id = "7736 207543";
  command.phones = {"8 (812) 555-00-11"};
  command.emails = {"office@lutik.ru"};
  Decision decision = Decided(model, command, As("s1"));
  CHECK(decision.stream_id == "client-c9");
  REQUIRE(decision.events.size() == 1);
  const auto& event = std::get<ClientRegistered>(decision.events[0]);
  CHECK(event.region_id == "r1");
  CHECK(event.tax_id == "7736207543");
  CHECK(event.name == Clear("ООО «Лютик»"));
  CHECK(event.contact.phones == std::vector<PersonalText>{Clear("8 (812) 555-00-11")});
  CHECK(event.forced_over_duplicate_of.empty());
}

TEST_CASE("a duplicate registration is rejected naming the existing client", "[domain][clients]") {
  WriteModel model = Given(SmallBank());
  RegisterClient command = NewClient();
  std::string field;
  SECTION("same tax id") {
    command.tax_id = " 7707 083 893";
    field = "tax_id";
  }
  SECTION("same phone in another notation") {
    command.phones = {"8 (495) 123 45 67"};
    field = "phones";
  }
  SECTION("same e-mail in another case") {
    command.emails = {"INFO@Romashka.ru "};
    field = "emails";
  }
  SECTION("nearly the same name in the same region") {
    command.name = "Ромашка ООО";
    field = "name";
  }
  SECTION("a typo of the name") {
    command.name = "ООО Рамашка";
    field = "name";
  }
  Status status = Rejected(model, command, As("s1"));
  CHECK(status.code() == StatusCode::kFailedPrecondition);
  CHECK(status.field() == field);
  CHECK_THAT(status.message(), Catch::Contains("c1"));

  // The force flag registers anyway and records whom it duplicates.
  command.force = true;
  Decision decision = Decided(model, command, As("s1"));
  CHECK(std::get<ClientRegistered>(decision.events[0]).forced_over_duplicate_of == "c1");
}

TEST_CASE("the same name in another region is no duplicate", "[domain][clients]") {
  WriteModel model =
      Given(SmallBank() + std::vector<Fact>{EmployeeHired{
                              "s3", "Seller three", {Role::kSalesSpecialist}, "b3", ""}});
  RegisterClient command = NewClient("c9", "Ромашка");
  command.branch_id = "b3";
  CHECK(std::get<ClientRegistered>(Decided(model, command, As("s3")).events[0]).region_id == "r2");
}

TEST_CASE("registration input is checked", "[domain][clients]") {
  WriteModel model = Given(SmallBank());
  RegisterClient command = NewClient();
  std::string field;
  StatusCode code = StatusCode::kInvalidArgument;
  SECTION("bad ИНН checksum") {
    command.tax_id = "7707083894";
    field = "tax_id";
  }
  SECTION("an individual's ИНН on a legal entity") {
    command.tax_id = "500100732259";
    field = "tax_id";
  }
  SECTION("no name") {
    command.name = "ООО";
    field = "name";
  }
  SECTION("a bad id") {
    command.client_id = "c 9";
    field = "client_id";
  }
  SECTION("not a phone") {
    command.phones = {"12"};
    field = "phones";
  }
  SECTION("a known id") {
    command.client_id = "c1";
    field = "client_id";
    code = StatusCode::kFailedPrecondition;
  }
  SECTION("an unknown branch") {
    command.branch_id = "b404";
    field = "branch_id";
    code = StatusCode::kNotFound;
  }
  Status status = Rejected(model, command, As("s1"));
  CHECK(status.code() == code);
  CHECK(status.field() == field);
}

TEST_CASE("staff of another branch cannot register a branch's clients", "[domain][clients]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, NewClient(), As("head2")).code() == StatusCode::kPermissionDenied);
  CHECK(Decided(model, NewClient(), As("ho")).events.size() == 1);
}

TEST_CASE("only the branch head assigns clients", "[domain][clients][authority]") {
  WriteModel model = Given(SmallBank());
  const AssignClient assign{"c2", "s2", {"deposit"}};
  Decision decision = Decided(model, assign, As("head"));
  CHECK(decision.stream_id == "client-c2");
  CHECK((decision.events == Events({ClientAssigned{"c2", "s2", {"deposit"}}})));
  CHECK(decision.on_behalf_of.empty());

  CHECK(Rejected(model, assign, As("s1")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, assign, As("head2")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, assign, As("ho")).code() == StatusCode::kPermissionDenied);
}

TEST_CASE("the head's deputy assigns during the absence, on the head's behalf",
          "[domain][clients][authority]") {
  WriteModel model =
      Given(SmallBank() + std::vector<Fact>{AbsenceRecorded{"head", kMonday, kMonday + 5 * kDay,
                                                            "s2", "vacation"}});
  const AssignClient assign{"c2", "s1", {}};
  Decision decision = Decided(model, assign, As("s2"));
  CHECK(decision.on_behalf_of == "head");
  CHECK(Rejected(model, assign, As("s2", kMonday - kHour)).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, assign, As("s2", kMonday + 5 * kDay)).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, assign, As("s1")).code() == StatusCode::kPermissionDenied);
}

TEST_CASE("assigning an assigned client reassigns it", "[domain][clients]") {
  WriteModel model = Given(SmallBank());
  Decision decision = Decided(model, AssignClient{"c1", "s2", {"loan"}}, As("head"));
  CHECK((decision.events == Events({ClientReassigned{"c1", "s1", "s2", {"loan"}}})));
  CHECK(Rejected(model, AssignClient{"c1", "s1", {}}, As("head")).field() == "employee_id");
}

TEST_CASE("assignment input is checked", "[domain][clients]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, AssignClient{"c404", "s1", {}}, As("head")).code() ==
        StatusCode::kNotFound);
  CHECK(Rejected(model, AssignClient{"c2", "nobody", {}}, As("head")).code() ==
        StatusCode::kNotFound);
  CHECK(Rejected(model, AssignClient{"c2", "s1", {"gold"}}, As("head")).field() == "products");
  CHECK(Rejected(model, AssignClient{"c2", "k1", {}}, As("head")).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("assigning a client a colleague contacted recently warns",
          "[domain][clients][dont_disturb]") {
  ContactLogged contact;
  contact.client_id = "c2";
  contact.employee_id = "s1";
  const std::int64_t contacted_at = kNow - 2 * kDay;
  WriteModel model = Given(
      SmallBank() + std::vector<Fact>{ClientAssigned{"c2", "s1", {}}, Fact(contact, contacted_at)});
  Decision decision = Decided(model, AssignClient{"c2", "s2", {}}, As("head"));
  CHECK((decision.events ==
         Events({ClientReassigned{"c2", "s1", "s2", {}},
                 DontDisturbWarned{"c2", "s2", "s1", contacted_at, "assignment"}})));
}

}  // namespace
}  // namespace prospekt::domain::testing
