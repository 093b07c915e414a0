#include "projections/employee_history/employee_history.h"

#include <algorithm>
#include <array>
#include <utility>
#include <variant>

namespace prospekt::projections {
namespace {

std::vector<HistoryEntry>& EntriesOf(EmployeeHistoryView& view, std::string_view employee_id) {
  const std::uint32_t index = view.employee_ids.Intern(employee_id);
  if (index >= view.entries_by_employee.size()) view.entries_by_employee.resize(index + 1);
  return view.entries_by_employee[index];
}

}  // namespace

void Evolve(EmployeeHistoryView& view, const Envelope& envelope,
            const domain::DomainEvent& event) {
  HistoryEntry entry{envelope.seq, envelope.occurred_at_us,
                     static_cast<std::uint8_t>(event.index()), false};
  // The system actor's decisions (working days closed, set-up) are nobody's history.
  if (!envelope.actor.empty() && envelope.actor != "system") {
    EntriesOf(view, envelope.actor).push_back(entry);
  }
  if (!envelope.on_behalf_of.empty() && envelope.on_behalf_of != envelope.actor) {
    entry.on_behalf = true;
    EntriesOf(view, envelope.on_behalf_of).push_back(entry);
  }
}

std::string_view EventTypeOfIndex(std::uint8_t event_index) {
  static const auto kNames = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::string_view, sizeof...(I)>{
        domain::EventTypeName(domain::DomainEvent(std::in_place_index<I>))...};
  }(std::make_index_sequence<std::variant_size_v<domain::DomainEvent>>{});
  return event_index < kNames.size() ? kNames[event_index] : std::string_view("unknown");
}

std::vector<HistoryEntry> EmployeeHistory(const EmployeeHistoryView& view,
                                          const HistoryQuery& query) {
  std::vector<HistoryEntry> out;
  const std::uint32_t index = view.employee_ids.Find(query.employee_id);
  if (index == internal::IdTable::kNone) return out;
  for (const HistoryEntry& entry : view.entries_by_employee[index]) {
    if (entry.seq > query.as_of_seq || out.size() >= query.limit) break;
    if (entry.occurred_at_us < query.from_us || entry.occurred_at_us >= query.until_us) continue;
    if (!query.event_types.empty() &&
        !query.event_types.contains(EventTypeOfIndex(entry.event_index))) {
      continue;
    }
    out.push_back(entry);
  }
  return out;
}

}  // namespace prospekt::projections
