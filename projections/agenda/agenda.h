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

// Indexed by employee, so that one diary is read without scanning the bank.
struct EmployeeAgenda {
  std::map<std::string, std::int64_t> next_contacts;  // client -> due
  std::map<std::string, OpenTask> open_tasks;          // task id -> task
  bool operator==(const EmployeeAgenda&) const = default;
  friend auto Fields(internal::FieldsOf<EmployeeAgenda> auto& self) { return std::tie(self.next_contacts, self.open_tasks); }
};

struct AgendaView {
  std::map<std::string, EmployeeAgenda, std::less<>> by_employee;
  std::map<std::string, std::string> next_contact_owner;  // client -> employee
  std::map<std::string, std::string> task_owner;          // task id -> employee
  bool operator==(const AgendaView&) const = default;
  friend auto Fields(internal::FieldsOf<AgendaView> auto& self) {
    return std::tie(self.by_employee, self.next_contact_owner, self.task_owner);
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

inline constexpr ProjectionId kAgenda{"agenda", 1, SnapshotRetention::kAll};

}  // namespace prospekt::projections
