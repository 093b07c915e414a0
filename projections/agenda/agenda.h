// Agenda projection: per employee, the agreed next contacts still open and the open
// tasks — what the employee's diary shows for a day (due today, overdue, tasks).
//
// A next contact belongs to the employee who agreed it (the contact's employee) until it
// is done, cancelled or replaced by a later agreement. "Today" and "overdue" depend on
// the reader's clock, so the view keeps due times and Agenda() takes `now`. Pure fold.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/internal/id_table.h"
#include "projections/projection.h"

namespace prospekt::projections {

struct OpenTask {
  std::string employee_id, client_id, text;
  domain::TaskKind kind = domain::TaskKind::kManual;
  std::int64_t due_at_us = 0;
  bool operator==(const OpenTask&) const = default;
  friend auto Fields(internal::FieldsOf<OpenTask> auto& self) {
    return std::tie(self.employee_id, self.client_id, self.text, self.kind, self.due_at_us);
  }
};

// One employee's diary, by the employee's index in AgendaView::employee_ids.
struct EmployeeAgenda {
  std::vector<std::uint32_t> next_contacts;   // client indexes, in no particular order
  std::map<std::string, OpenTask> open_tasks;  // task id -> task
  bool operator==(const EmployeeAgenda&) const = default;
  friend auto Fields(internal::FieldsOf<EmployeeAgenda> auto& self) {
    return std::tie(self.next_contacts, self.open_tasks);
  }
};

// A client's open agreed next contact, by the client's index in AgendaView::client_ids.
struct AgreedContact {
  std::uint32_t owner = internal::IdTable::kNone;  // employee index; kNone: none open
  std::uint32_t slot = 0;  // its place in the owner's next_contacts
  std::int64_t due_at_us = 0;
  bool operator==(const AgreedContact&) const = default;
  friend auto Fields(internal::FieldsOf<AgreedContact> auto& self) {
    return std::tie(self.owner, self.slot, self.due_at_us);
  }
};

// Ids are interned (internal/id_table.h), so a contact agreeing a next one costs a few
// vector writes, not map walks.
struct AgendaView {
  internal::IdTable employee_ids, client_ids;
  std::vector<EmployeeAgenda> by_employee;  // by employee index
  std::vector<AgreedContact> next_contact;  // by client index
  std::map<std::string, std::uint32_t> task_owner;  // open task id -> employee index
  bool operator==(const AgendaView&) const = default;
  friend auto Fields(internal::FieldsOf<AgendaView> auto& self) {
    return std::tie(self.employee_ids, self.client_ids, self.by_employee, self.next_contact,
                    self.task_owner);
  }
};

void Evolve(AgendaView& view, const Envelope& envelope, const domain::DomainEvent& event);

struct DueContact {
  std::string client_id;
  std::int64_t due_at_us = 0;
  bool operator==(const DueContact&) const = default;
};
struct Agenda {
  std::vector<DueContact> overdue;    // due before today (UTC), oldest first
  std::vector<DueContact> due_today;  // due today, earliest first
  std::vector<std::pair<std::string, OpenTask>> open_tasks;  // (task id, task)
};

// The employee's agenda for the UTC day holding `now_us`.
Agenda AgendaOf(const AgendaView& view, std::string_view employee_id, std::int64_t now_us);

// v2: interned ids, next contacts indexed by client.
inline constexpr ProjectionId kAgenda{"agenda", 2, SnapshotRetention::kAll};

}  // namespace prospekt::projections
