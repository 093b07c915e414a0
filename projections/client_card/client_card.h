// Client card projection: per client, what a branch head or specialist sees first —
// status, assignment and products offered, last and next contact, links, campaigns,
// hand-overs waiting, merges.
//
// Personal data stays as logged (PersonalText: clear or sealed); whoever renders the
// card opens it with the vault, so an erased client's data reads as erased there.
// Pure fold (projection.h); view values are plain and comparable.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/internal/id_table.h"
#include "projections/projection.h"

namespace prospekt::projections {

struct ClientCard {
  std::string client_id;
  domain::ClientKind kind = domain::ClientKind::kLegalEntity;
  domain::PersonalText name;
  std::string tax_id, industry, branch_id, region_id;
  domain::ClientSource source = domain::ClientSource::kStatisticsDatabase;
  domain::ClientStatus status = domain::ClientStatus::kNewClient;
  std::int64_t registered_at_us = 0;
  std::string assigned_employee_id;           // "" when unassigned
  std::vector<std::string> products_offered;  // with the current assignment
  std::map<std::string, std::int32_t> products_held;  // sold minus terminated, > 0
  // The latest contact by occurred_at (0 when none).
  std::int64_t last_contact_at_us = 0;
  std::string last_contact_employee_id;
  domain::ContactType last_contact_type = domain::ContactType::kPhone;
  domain::ContactOutcome last_outcome = domain::ContactOutcome::kUnclearProspect;
  std::uint32_t contacts = 0;
  std::int64_t next_contact_due_us = 0;  // the open agreed next contact; 0 when none
  std::map<std::string, domain::ClientRelation> links;  // other client -> relation
  std::set<std::string> campaigns;
  std::map<std::string, std::string> waiting_hand_overs;  // department -> product
  std::string merged_into;                   // survivor, when merged as a duplicate
  std::set<std::string> merged_duplicates;  // duplicates merged into this client
  bool personal_data_erased = false;
  std::uint8_t last_satisfaction = 0;  // 0: none scored
  std::uint64_t last_seq = 0;          // the last event that changed the card

  bool operator==(const ClientCard&) const = default;
  friend auto Fields(internal::FieldsOf<ClientCard> auto& self) {
    return std::tie(self.client_id, self.kind, self.name, self.tax_id, self.industry,
                    self.branch_id, self.region_id, self.source, self.status,
                    self.registered_at_us, self.assigned_employee_id, self.products_offered,
                    self.products_held, self.last_contact_at_us, self.last_contact_employee_id,
                    self.last_contact_type, self.last_outcome, self.contacts,
                    self.next_contact_due_us, self.links, self.campaigns,
                    self.waiting_hand_overs, self.merged_into, self.merged_duplicates,
                    self.personal_data_erased, self.last_satisfaction, self.last_seq);
  }
};

// Registered clients' ids are interned (internal/id_table.h); the cards are indexed by
// them, in the order the clients were registered.
struct ClientCardsView {
  internal::IdTable client_ids;
  std::vector<ClientCard> cards;  // by client index
  bool operator==(const ClientCardsView&) const = default;
  friend auto Fields(internal::FieldsOf<ClientCardsView> auto& self) {
    return std::tie(self.client_ids, self.cards);
  }
};

void Evolve(ClientCardsView& view, const Envelope& envelope, const domain::DomainEvent& event);

// Projection::Prefetch: a card's first line, and the line Evolve writes on every event.
inline void PrefetchClient(const ClientCardsView& view, std::uint32_t index) {
  if (index >= view.cards.size()) return;
  __builtin_prefetch(&view.cards[index]);
  __builtin_prefetch(&view.cards[index].last_seq);
}

// The card, or nullptr for a client the log does not know.
const ClientCard* FindClientCard(const ClientCardsView& view, std::string_view client_id);

// v2: interned client ids.
inline constexpr ProjectionId kClientCards{"client_cards", 2, SnapshotRetention::kAll};

}  // namespace prospekt::projections
