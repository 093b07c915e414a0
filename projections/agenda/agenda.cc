#include "projections/agenda/agenda.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

constexpr std::uint32_t kNone = internal::IdTable::kNone;

EmployeeAgenda& AgendaAt(AgendaView& view, std::uint32_t employee) {
  if (employee >= view.by_employee.size()) view.by_employee.resize(employee + 1);
  return view.by_employee[employee];
}

// Ends the client's (by index) open agreed next contact, if any.
void DropNextContact(AgendaView& view, std::uint32_t client) {
  AgreedContact& agreed = view.next_contact[client];
  if (agreed.owner == kNone) return;
  // Swap-remove from the owner's list, keeping the moved client's slot right.
  std::vector<std::uint32_t>& list = view.by_employee[agreed.owner].next_contacts;
  const std::uint32_t moved = list.back();
  list[agreed.slot] = moved;
  view.next_contact[moved].slot = agreed.slot;
  list.pop_back();
  agreed = AgreedContact{};
}

void DropNextContact(AgendaView& view, std::string_view client_id) {
  const std::uint32_t client = view.client_ids.Find(client_id);
  if (client != kNone) DropNextContact(view, client);
}

}  // namespace

void Evolve(AgendaView& view, const Envelope& /*envelope*/, const DomainEvent& event) {
  std::visit(
      [&view](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ContactLogged>) {
          if (e.next_contact_at_us != 0) {
            const std::uint32_t client = view.client_ids.Intern(e.client_id);
            if (client >= view.next_contact.size()) view.next_contact.resize(client + 1);
            // A later agreement replaces the earlier one, whoever made it.
            DropNextContact(view, client);
            const std::uint32_t employee = view.employee_ids.Intern(e.employee_id);
            std::vector<std::uint32_t>& list = AgendaAt(view, employee).next_contacts;
            view.next_contact[client] = {employee, static_cast<std::uint32_t>(list.size()),
                                         e.next_contact_at_us};
            list.push_back(client);
          }
        } else if constexpr (std::is_same_v<E, NextContactDone> ||
                             std::is_same_v<E, NextContactCancelled>) {
          DropNextContact(view, e.client_id);
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          // Work goes on with the survivor; the duplicate's diary entry would be a ghost.
          DropNextContact(view, e.duplicate_id);
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          const std::uint32_t employee = view.employee_ids.Intern(e.employee_id);
          AgendaAt(view, employee).open_tasks[e.task_id] = {e.employee_id, e.client_id, e.text,
                                                             e.kind, e.due_at_us};
          view.task_owner[e.task_id] = employee;
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
  const std::uint32_t employee = view.employee_ids.Find(employee_id);
  if (employee == kNone || employee >= view.by_employee.size()) return agenda;
  const EmployeeAgenda& diary = view.by_employee[employee];
  for (const std::uint32_t client : diary.next_contacts) {
    const std::int64_t due_at_us = view.next_contact[client].due_at_us;
    if (due_at_us < day_start) {
      agenda.overdue.push_back({view.client_ids[client], due_at_us});
    } else if (due_at_us < day_end) {
      agenda.due_today.push_back({view.client_ids[client], due_at_us});
    }
  }
  for (const auto& [task_id, task] : diary.open_tasks) {
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
