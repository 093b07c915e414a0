// Client audit trail and employee history: given events, then the indexed seqs.
#include "projections/audit_trail/audit_trail.h"

#include <catch2/catch.hpp>

#include "projections/employee_history/employee_history.h"
#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

// seq 1..7 are SmallBranch's (c1 registered at 6, c2 at 7).
std::vector<Logged> TrailEvents() {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t t = UtcMicros(2026, 3, 3, 10);
  events.push_back({Contact("c1", "sales-1", ContactOutcome::kPositiveProspect), t, "sales-1"});  // 8
  events.push_back({Contact("c2", "sales-2", ContactOutcome::kRefused), t, "sales-2",
                    "sales-1"});                                                              // 9
  events.push_back({ClientsLinked{"c1", "c2", ClientRelation::kAffiliate}, t});                // 10
  events.push_back({ClientMergedAsDuplicate{"c2", "c1"}, t});                                   // 11
  events.push_back({Contact("c2", "sales-2", ContactOutcome::kUnclearProspect), t, "sales-2"}); // 12
  events.push_back({ClientUnmerged{"c2", "c1"}, t});                                            // 13
  events.push_back({Contact("c2", "sales-2", ContactOutcome::kUnclearProspect),
                    UtcMicros(2026, 3, 9), "sales-2"});                                         // 14
  return events;
}

TEST_CASE("the audit trail holds every event about a client, merges included",
          "[projections][trail]") {
  FoldProjection<AuditTrailView> trail(kClientAuditTrail);
  testing::FoldAll(trail, TrailEvents());
  using Seqs = std::vector<std::uint64_t>;
  CHECK(AuditTrailSeqs(trail.view(), "c1", UINT64_MAX) == Seqs{6, 8, 10, 11, 13});
  // While merged, the duplicate's events are part of the survivor's trail.
  CHECK(AuditTrailSeqs(trail.view(), "c1", 12) == Seqs{6, 7, 8, 9, 10, 11, 12});
  CHECK(AuditTrailSeqs(trail.view(), "c1", 9) == Seqs{6, 8});
  CHECK(AuditTrailSeqs(trail.view(), "c2", UINT64_MAX) == Seqs{7, 9, 10, 11, 12, 13, 14});
  CHECK(AuditTrailSeqs(trail.view(), "nobody", UINT64_MAX).empty());
}

TEST_CASE("the employee history lists what an employee did, by period and kind",
          "[projections][history]") {
  FoldProjection<EmployeeHistoryView> history(kEmployeeHistory);
  testing::FoldAll(history, TrailEvents());
  auto seqs = [&](HistoryQuery query) {
    std::vector<std::uint64_t> out;
    for (const HistoryEntry& entry : EmployeeHistory(history.view(), query)) out.push_back(entry.seq);
    return out;
  };
  using Seqs = std::vector<std::uint64_t>;
  CHECK(seqs({.employee_id = "sales-2"}) == Seqs{9, 12, 14});
  // sales-1 registered the clients, logged one contact and was deputised for once.
  CHECK(seqs({.employee_id = "sales-1"}) == Seqs{6, 7, 8, 9});
  const auto on_behalf = EmployeeHistory(history.view(), {.employee_id = "sales-1"});
  CHECK(on_behalf.back().on_behalf);
  CHECK(seqs({.employee_id = "sales-2", .until_us = UtcMicros(2026, 3, 9)}) == Seqs{9, 12});
  CHECK(seqs({.employee_id = "sales-1", .event_types = {"ContactLogged"}}) == Seqs{8, 9});
  CHECK(seqs({.employee_id = "sales-2", .as_of_seq = 12}) == Seqs{9, 12});
  CHECK(seqs({.employee_id = "sales-2", .limit = 1}) == Seqs{9});
  // The system's own decisions are nobody's history.
  CHECK(seqs({.employee_id = "system"}).empty());
  CHECK(EventTypeOfIndex(static_cast<std::uint8_t>(DomainEvent(ContactLogged{}).index())) ==
        "ContactLogged");
}

}  // namespace
}  // namespace prospekt::projections
