// Client card: given events, then the card.
#include "projections/client_card/client_card.h"

#include <catch2/catch.hpp>

#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

const ClientCard& CardOf(const FoldProjection<ClientCardsView>& projection, const char* id) {
  const ClientCard* card = FindClientCard(projection.view(), id);
  REQUIRE(card != nullptr);
  return *card;
}

TEST_CASE("the client card follows assignment, contacts and hand-overs", "[projections][card]") {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t tue = UtcMicros(2026, 3, 3, 10);
  events.push_back({ClientAssigned{"c1", "sales-1", {"deposit", "loan"}}, tue});
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kProductSold), tue, "sales-1"});
  events.push_back(
      {Contact("c1", "sales-1", ContactOutcome::kPositiveProspect, UtcMicros(2026, 3, 10)),
       tue + 3600'000'000, "sales-1"});
  // Logged late: an earlier contact does not replace the last outcome.
  events.push_back({Contact("c1", "sales-2", ContactOutcome::kRefused), tue - 86400'000'000, "sales-2"});
  events.push_back({HandedOver{"c1", "loans", "loan", "sales-1", true}, tue});
  events.push_back({ClientStatusChanged{"c1", ClientStatus::kNewClient, ClientStatus::kBankClient}, tue});
  events.push_back({ClientsLinked{"c1", "c2", ClientRelation::kSubsidiary}, tue});
  events.push_back({ClientEnrolled{"spring", "c1"}, tue});
  events.push_back({SatisfactionScored{"c1", 9, ""}, tue});

  FoldProjection<ClientCardsView> cards(kClientCards);
  testing::FoldAll(cards, events);
  const ClientCard& c1 = CardOf(cards, "c1");
  CHECK(c1.assigned_employee_id == "sales-1");
  CHECK(c1.products_offered == std::vector<std::string>{"deposit", "loan"});
  CHECK(c1.products_held == std::map<std::string, std::int32_t>{{"deposit", 1}});
  CHECK(c1.contacts == 3);
  CHECK(c1.last_outcome == ContactOutcome::kPositiveProspect);
  CHECK(c1.last_contact_at_us == tue + 3600'000'000);
  CHECK(c1.next_contact_due_us == UtcMicros(2026, 3, 10));
  CHECK(c1.waiting_hand_overs == std::map<std::string, std::string>{{"loans", "loan"}});
  CHECK(c1.status == ClientStatus::kBankClient);
  CHECK(c1.links.at("c2") == ClientRelation::kSubsidiary);
  CHECK(CardOf(cards, "c2").links.at("c1") == ClientRelation::kSubsidiary);
  CHECK(c1.campaigns.contains("spring"));
  CHECK(c1.last_satisfaction == 9);
  CHECK(c1.last_seq == events.size());
  CHECK(c1.name.bytes == "Client c1");
}

TEST_CASE("the client card records termination, merges, erasure and unassignment",
          "[projections][card]") {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t t = UtcMicros(2026, 3, 3, 10);
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kProductSold, t + 1), t, "sales-1"});
  ContactLogged terminated = Contact("c1", "sales-1", ContactOutcome::kContractTerminated);
  terminated.product_code = "deposit";
  events.push_back({terminated, t + 10, "sales-1"});
  events.push_back({NextContactDone{"c1", t + 1}, t});
  events.push_back({ClientAssigned{"c1", "sales-1", {"deposit"}}, t});
  events.push_back({ClientUnassigned{"c1", "sales-1"}, t});
  events.push_back({ClientMergedAsDuplicate{"c2", "c1"}, t});
  events.push_back({PersonalDataErased{"c2", "request"}, t});

  FoldProjection<ClientCardsView> cards(kClientCards);
  testing::FoldAll(cards, events);
  const ClientCard& c1 = CardOf(cards, "c1");
  CHECK(c1.products_held.empty());
  CHECK(c1.next_contact_due_us == 0);
  CHECK(c1.assigned_employee_id.empty());
  CHECK(c1.products_offered.empty());
  CHECK(c1.merged_duplicates == std::set<std::string>{"c2"});
  CHECK(CardOf(cards, "c2").merged_into == "c1");
  CHECK(CardOf(cards, "c2").personal_data_erased);

  events.push_back({ClientUnmerged{"c2", "c1"}, t});
  FoldProjection<ClientCardsView> after(kClientCards);
  testing::FoldAll(after, events);
  CHECK(CardOf(after, "c1").merged_duplicates.empty());
  CHECK(CardOf(after, "c2").merged_into.empty());
  CHECK(FindClientCard(after.view(), "nobody") == nullptr);
}

}  // namespace
}  // namespace prospekt::projections
