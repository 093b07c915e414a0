// Employee history projection: everything an employee did, in log order — the events
// they decided as actor, and those a deputy decided on their behalf — queryable by
// period (business time, occurred_at) and kind (event type), now or as of a seq.
//
// An append-only index, so it keeps only its latest snapshot (SnapshotRetention::kLatest)
// and "as of" filters by seq. Pure fold (projection.h).
#pragma once

#include <cstdint>
#include <limits>
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

struct HistoryEntry {
  std::uint64_t seq = 0;
  std::int64_t occurred_at_us = 0;
  std::uint8_t event_index = 0;  // the DomainEvent alternative
  bool on_behalf = false;        // decided by a deputy on the employee's behalf
  bool operator==(const HistoryEntry&) const = default;
  friend auto Fields(internal::FieldsOf<HistoryEntry> auto& self) {
    return std::tie(self.seq, self.occurred_at_us, self.event_index, self.on_behalf);
  }
};

// Employee ids are interned (internal/id_table.h); the histories are indexed by them.
struct EmployeeHistoryView {
  internal::IdTable employee_ids;
  std::vector<std::vector<HistoryEntry>> entries_by_employee;  // by employee index
  bool operator==(const EmployeeHistoryView&) const = default;
  friend auto Fields(internal::FieldsOf<EmployeeHistoryView> auto& self) {
    return std::tie(self.employee_ids, self.entries_by_employee);
  }
};

void Evolve(EmployeeHistoryView& view, const Envelope& envelope,
            const domain::DomainEvent& event);

struct HistoryQuery {
  std::string employee_id{};
  std::int64_t from_us = 0;  // occurred_at, inclusive
  std::int64_t until_us = std::numeric_limits<std::int64_t>::max();  // exclusive
  std::set<std::string, std::less<>> event_types{};  // empty: every kind
  std::uint64_t as_of_seq = std::numeric_limits<std::uint64_t>::max();
  std::size_t limit = 1000;
};

// The matching entries in log order, at most `limit`.
std::vector<HistoryEntry> EmployeeHistory(const EmployeeHistoryView& view,
                                          const HistoryQuery& query);

// The event type name of an entry's event_index.
std::string_view EventTypeOfIndex(std::uint8_t event_index);

// v2: interned employee ids.
inline constexpr ProjectionId kEmployeeHistory{"employee_history", 2,
                                               SnapshotRetention::kLatest};

}  // namespace prospekt::projections
