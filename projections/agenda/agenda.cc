#include "projections/agenda/agenda.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

void DropNextContact(AgendaView& view, const std::string& client_id) {
  auto owner = view.next_contact_owner.find(client_id);
  if (owner == view.next_contact_owner.end()) return;
  view.by_employee[owner->second].next_contacts.erase(client_id);
  view.next_contact_owner.erase(owner);
}

}  // namespace

void Evolve(AgendaView& view, const Envelope& /*envelope*/, const DomainEvent& event) {
  std::visit(
      [&view](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ContactLogged>) {
          if (e.next_contact_at_us != 0) {
            // A later agreement replaces the earlier one, whoever made it.
            DropNextContact(view, e.client_id);
            view.by_employee[e.employee_id].next_contacts[e.client_id] = e.next_contact_at_us;
            view.next_contact_owner[e.client_id] = e.employee_id;
          }
        } else if constexpr (std::is_same_v<E, NextContactDone> ||
                             std::is_same_v<E, NextContactCancelled>) {
          DropNextContact(view, e.client_id);
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          // Work goes on with the survivor; the duplicate's diary entry would be a ghost.
          DropNextContact(view, e.duplicate_id);
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          view.by_employee[e.employee_id].open_tasks[e.task_id] = {
              e.employee_id, e.client_id, e.text, e.kind, e.due_at_us};
          view.task_owner[e.task_id] = e.employee_id;
        } else if constexpr (std::is_same_v<E, TaskCompleted>) {
          auto owner = view.task_owner.find(e.task_id);
          if (owner != view.task_owner.end()) {
            view.by_employee[owner->second].open_tasks.erase(e.task_id);
            view.task_owner.erase(owner);
          }
        }
      },
      event);
}

Agenda AgendaOf(const AgendaView& view, std::string_view employee_id, std::int64_t now_us) {
  const std::int64_t day_start = now_us - ((now_us % kMicrosPerDay) + kMicrosPerDay) % kMicrosPerDay;
  const std::int64_t day_end = day_start + kMicrosPerDay;
  Agenda agenda;
  auto it = view.by_employee.find(employee_id);
  if (it == view.by_employee.end()) return agenda;
  for (const auto& [client_id, due_at_us] : it->second.next_contacts) {
    if (due_at_us < day_start) {
      agenda.overdue.push_back({client_id, due_at_us});
    } else if (due_at_us < day_end) {
      agenda.due_today.push_back({client_id, due_at_us});
    }
  }
  for (const auto& [task_id, task] : it->second.open_tasks) {
    agenda.open_tasks.emplace_back(task_id, task);
  }
  auto by_due = [](const DueContact& a, const DueContact& b) {
    return a.due_at_us != b.due_at_us ? a.due_at_us < b.due_at_us : a.client_id < b.client_id;
  };
  std::sort(agenda.overdue.begin(), agenda.overdue.end(), by_due);
  std::sort(agenda.due_today.begin(), agenda.due_today.end(), by_due);
  return agenda;
}

}  // namespace prospekt::projections
