// Given/when/then tests of logging a contact: who may, what each outcome needs, business
// time, the don't-disturb warning and the automatic hand-over.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

LogContact Contact(ContactOutcome outcome = ContactOutcome::kUnclearProspect,
                   std::string product = {}) {
  LogContact command;
  command.client_id = "c1";
  command.type = ContactType::kPhone;
  command.outcome = outcome;
  command.occurred_at_us = kNow - kHour;
  command.product_code = std::move(product);
  return command;
}

ContactLogged Logged(std::string employee,
                     ContactOutcome outcome = ContactOutcome::kUnclearProspect,
                     std::string product = {}, std::string client = "c1") {
  ContactLogged event;
  event.client_id = std::move(client);
  event.employee_id = std::move(employee);
  event.type = ContactType::kPhone;
  event.outcome = outcome;
  event.product_code = std::move(product);
  return event;
}

TEST_CASE("the assigned specialist logs a contact", "[domain][contacts]") {
  WriteModel model = Given(SmallBank());
  Decision decision = Decided(model, Contact(), As("s1"));
  CHECK(decision.stream_id == "client-c1");
  CHECK((decision.events == Events({Logged("s1")})));
  CHECK(decision.on_behalf_of.empty());
  CHECK(decision.occurred_at_us == kNow - kHour);
}

TEST_CASE("only the assignee or their deputy logs contacts", "[domain][contacts][authority]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, Contact(), As("s2")).code() == StatusCode::kPermissionDenied);
  CHECK(Rejected(model, Contact(), As("head")).code() == StatusCode::kPermissionDenied);
  LogContact unassigned = Contact();
  unassigned.client_id = "c2";
  CHECK(Rejected(model, unassigned, As("s1")).code() == StatusCode::kPermissionDenied);

  model.Apply(AbsenceRecorded{"s1", kMonday, kMonday + 7 * kDay, "s2", "illness"}, kSetUp);
  Decision decision = Decided(model, Contact(), As("s2"));
  CHECK(decision.on_behalf_of == "s1");
  CHECK((decision.events == Events({Logged("s1")})));  // it counts for the absent employee
  CHECK(Rejected(model, Contact(), As("s2", kMonday + 7 * kDay)).code() ==
        StatusCode::kPermissionDenied);
}

TEST_CASE("each outcome needs its details", "[domain][contacts]") {
  WriteModel model = Given(SmallBank());
  LogContact command = Contact(ContactOutcome::kRefused);
  std::string field;
  StatusCode code = StatusCode::kInvalidArgument;
  SECTION("a refusal without a reason") { field = "refusal_reason"; }
  SECTION("a refusal for another reason without its text") {
    command.refusal_reason = RefusalReason::kOther;
    field = "refusal_text";
  }
  SECTION("a sale without a product") {
    command.outcome = ContactOutcome::kProductSold;
    command.amount = Money{100'000, "RUB"};
    field = "product_code";
  }
  SECTION("a sale without an amount") {
    command = Contact(ContactOutcome::kProductSold, "deposit");
    field = "amount";
  }
  SECTION("a sale of an unknown product") {
    command = Contact(ContactOutcome::kProductSold, "gold");
    command.amount = Money{100'000, "RUB"};
    field = "product_code";
    code = StatusCode::kNotFound;
  }
  SECTION("a termination of a product the client does not hold") {
    command = Contact(ContactOutcome::kContractTerminated, "deposit");
    field = "product_code";
    code = StatusCode::kFailedPrecondition;
  }
  SECTION("a contact in the future") {
    command = Contact();
    command.occurred_at_us = kNow + 1;
    field = "occurred_at_us";
  }
  SECTION("a contact before the client was registered") {
    command = Contact();
    command.occurred_at_us = kSetUp - 1;
    field = "occurred_at_us";
    code = StatusCode::kFailedPrecondition;
  }
  Status status = Rejected(model, command, As("s1"));
  CHECK(status.code() == code);
  CHECK(status.field() == field);
}

TEST_CASE("complete outcomes are logged", "[domain][contacts]") {
  WriteModel model = Given(SmallBank());
  LogContact refusal = Contact(ContactOutcome::kRefused);
  refusal.refusal_reason = RefusalReason::kOther;
  refusal.refusal_text = "moving abroad";
  ContactLogged refused = Logged("s1", ContactOutcome::kRefused);
  refused.refusal_reason = RefusalReason::kOther;
  refused.refusal_text = "moving abroad";
  CHECK((Decided(model, refusal, As("s1")).events == Events({refused})));

  // A product sold can be terminated later, and only as often as it was sold.
  LogContact sale = Contact(ContactOutcome::kProductSold, "deposit");
  sale.amount = Money{5'000'000, "RUB"};
  ApplyDecision(model, Decided(model, sale, As("s1")));
  const LogContact termination = Contact(ContactOutcome::kContractTerminated, "deposit");
  ApplyDecision(model, Decided(model, termination, As("s1")));
  CHECK(Rejected(model, termination, As("s1")).field() == "product_code");
}

TEST_CASE("a contact with a client a colleague contacted recently warns",
          "[domain][contacts][dont_disturb]") {
  const std::int64_t colleague_at = kNow - 3 * kDay;
  WriteModel model = Given(SmallBank() + std::vector<Fact>{Fact(Logged("s2"), colleague_at)});
  Decision decision = Decided(model, Contact(), As("s1"));
  CHECK((decision.events ==
         Events({Logged("s1"), DontDisturbWarned{"c1", "s1", "s2", colleague_at, "contact"}})));

  // The employee's own earlier contact is no reason to warn.
  WriteModel own = Given(SmallBank() + std::vector<Fact>{Fact(Logged("s1"), colleague_at)});
  CHECK(Decided(own, Contact(), As("s1")).events.size() == 1);
}

TEST_CASE("the don't-disturb period is the branch's setting", "[domain][contacts][dont_disturb]") {
  const std::int64_t colleague_at = kNow - kHour - 8 * kDay;  // 8 days before the contact
  WriteModel model = Given(SmallBank() + std::vector<Fact>{Fact(Logged("s2"), colleague_at)});
  CHECK(Decided(model, Contact(), As("s1")).events.size() == 1);  // default: 7 days

  model.Apply(BranchSettingsChanged{"b1", 10, 30}, kSetUp);
  Decision decision = Decided(model, Contact(), As("s1"));
  REQUIRE(decision.events.size() == 2);
  CHECK(std::get<DontDisturbWarned>(decision.events[1]).colleague_contact_at_us == colleague_at);
}

TEST_CASE("interest in another department's product hands the client over",
          "[domain][contacts][hand_over]") {
  WriteModel model = Given(SmallBank());
  for (ContactOutcome outcome :
       {ContactOutcome::kPositiveProspect, ContactOutcome::kAgreementInPrinciple}) {
    Decision decision = Decided(model, Contact(outcome, "loan"), As("s1"));
    CHECK((decision.events ==
           Events({Logged("s1", outcome, "loan"), HandedOver{"c1", "loans", "loan", "s1", true}})));
  }
  // No hand-over for an unclear prospect, nor for the employee's own department's product.
  CHECK(Decided(model, Contact(ContactOutcome::kUnclearProspect, "loan"), As("s1")).events.size() ==
        1);
  CHECK(Decided(model, Contact(ContactOutcome::kPositiveProspect, "deposit"), As("s1"))
            .events.size() == 1);
}

}  // namespace
}  // namespace prospekt::domain::testing
