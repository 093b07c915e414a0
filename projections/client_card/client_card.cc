#include "projections/client_card/client_card.h"

#include <type_traits>
#include <variant>

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

void Evolve(ClientCardsView& view, const Envelope& envelope, const DomainEvent& event) {
  // The card of a client an event names; registered cards only, so that an event about
  // an unknown id (which the rules never decide) cannot invent a card.
  auto card = [&](const std::string& client_id) -> ClientCard* {
    const std::uint32_t index = view.client_ids.Find(client_id);
    if (index == internal::IdTable::kNone) return nullptr;
    ClientCard& found = view.cards[index];
    found.last_seq = envelope.seq;
    return &found;
  };
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ClientRegistered>) {
          const std::uint32_t index = view.client_ids.Intern(e.client_id);
          if (index >= view.cards.size()) view.cards.resize(index + 1);
          ClientCard& c = view.cards[index];
          c = ClientCard{};
          c.client_id = e.client_id;
          c.kind = e.kind;
          c.name = e.name;
          c.tax_id = e.tax_id;
          c.industry = e.industry;
          c.branch_id = e.branch_id;
          c.region_id = e.region_id;
          c.source = e.source;
          c.status = e.status;
          c.registered_at_us = envelope.occurred_at_us;
          c.last_seq = envelope.seq;
        } else if constexpr (std::is_same_v<E, ClientDetailsCorrected>) {
          if (ClientCard* c = card(e.client_id)) {
            const bool clear = e.after.form == PersonalText::Form::kClear;
            if (e.field == "name") c->name = e.after;
            if (e.field == "tax_id" && clear) c->tax_id = e.after.bytes;
            if (e.field == "industry" && clear) c->industry = e.after.bytes;
          }
        } else if constexpr (std::is_same_v<E, ClientStatusChanged>) {
          if (ClientCard* c = card(e.client_id)) c->status = e.to;
        } else if constexpr (std::is_same_v<E, ClientsLinked>) {
          if (ClientCard* c = card(e.client_id)) c->links[e.other_client_id] = e.relation;
          if (ClientCard* c = card(e.other_client_id)) c->links[e.client_id] = e.relation;
        } else if constexpr (std::is_same_v<E, ClientsUnlinked>) {
          if (ClientCard* c = card(e.client_id)) c->links.erase(e.other_client_id);
          if (ClientCard* c = card(e.other_client_id)) c->links.erase(e.client_id);
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          if (ClientCard* c = card(e.duplicate_id)) c->merged_into = e.survivor_id;
          if (ClientCard* c = card(e.survivor_id)) c->merged_duplicates.insert(e.duplicate_id);
        } else if constexpr (std::is_same_v<E, ClientUnmerged>) {
          if (ClientCard* c = card(e.duplicate_id)) c->merged_into.clear();
          if (ClientCard* c = card(e.survivor_id)) c->merged_duplicates.erase(e.duplicate_id);
        } else if constexpr (std::is_same_v<E, PersonalDataErased>) {
          if (ClientCard* c = card(e.client_id)) c->personal_data_erased = true;
        } else if constexpr (std::is_same_v<E, ClientAssigned>) {
          if (ClientCard* c = card(e.client_id)) {
            c->assigned_employee_id = e.employee_id;
            c->products_offered = e.products;
          }
        } else if constexpr (std::is_same_v<E, ClientReassigned>) {
          if (ClientCard* c = card(e.client_id)) {
            c->assigned_employee_id = e.to_employee_id;
            c->products_offered = e.products;
          }
        } else if constexpr (std::is_same_v<E, ClientUnassigned>) {
          if (ClientCard* c = card(e.client_id)) {
            c->assigned_employee_id.clear();
            c->products_offered.clear();
          }
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          if (ClientCard* c = card(e.client_id)) {
            ++c->contacts;
            // Contacts may be logged late: the card keeps the latest by business time.
            if (envelope.occurred_at_us >= c->last_contact_at_us) {
              c->last_contact_at_us = envelope.occurred_at_us;
              c->last_contact_employee_id = e.employee_id;
              c->last_contact_type = e.type;
              c->last_outcome = e.outcome;
            }
            if (e.next_contact_at_us != 0) c->next_contact_due_us = e.next_contact_at_us;
            if (e.outcome == ContactOutcome::kProductSold) ++c->products_held[e.product_code];
            if (e.outcome == ContactOutcome::kContractTerminated) {
              auto held = c->products_held.find(e.product_code);
              if (held != c->products_held.end() && --held->second <= 0) {
                c->products_held.erase(held);
              }
            }
          }
        } else if constexpr (std::is_same_v<E, NextContactDone> ||
                             std::is_same_v<E, NextContactCancelled>) {
          if (ClientCard* c = card(e.client_id)) c->next_contact_due_us = 0;
        } else if constexpr (std::is_same_v<E, HandedOver>) {
          if (ClientCard* c = card(e.client_id)) c->waiting_hand_overs[e.department] = e.product_code;
        } else if constexpr (std::is_same_v<E, HandOverAccepted> ||
                             std::is_same_v<E, HandOverReturned>) {
          if (ClientCard* c = card(e.client_id)) c->waiting_hand_overs.erase(e.department);
        } else if constexpr (std::is_same_v<E, ClientEnrolled>) {
          if (ClientCard* c = card(e.client_id)) c->campaigns.insert(e.campaign_id);
        } else if constexpr (std::is_same_v<E, SatisfactionScored>) {
          if (ClientCard* c = card(e.client_id)) c->last_satisfaction = e.score;
        }
      },
      event);
}

const ClientCard* FindClientCard(const ClientCardsView& view, std::string_view client_id) {
  const std::uint32_t index = view.client_ids.Find(client_id);
  return index == internal::IdTable::kNone ? nullptr : &view.cards[index];
}

}  // namespace prospekt::projections
