// Which branches' dashboards an event may change: the pure rule behind the dashboard's
// change notices (GET /api/branches/{branch_id}/changes), so that a branch head's
// screen refreshes when, and only when, something of their branch moved.
//
// The answer is judged with the directory (projections/directory) at or after the
// event's seq; the server waits for the directory to reach the event before it asks.
// A directory *ahead* of the event is safe: the only later change that moves an
// employee's or a client's branch is a transfer (or a re-registration), and those
// touch every branch, so each branch that misses an earlier event because of it gets a
// notice at a later seq that covers the earlier one. Where the answer cannot be told
// (an id the directory does not know, a task whose employee may have moved since), the
// event touches every branch: a needless refresh costs little, a missed one shows a
// stale dashboard.
//
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "events/domain_events.h"
#include "projections/directory/directory.h"

namespace prospekt::projections {

struct TouchedBranches {
  bool all = false;                   // every branch (or cannot tell)
  std::vector<std::string> branches;  // otherwise these, sorted, each once

  bool Touches(std::string_view branch_id) const;
  bool none() const { return !all && branches.empty(); }
  bool operator==(const TouchedBranches&) const = default;
};

// The event types the branch dashboard folds (Evolve in branch_dashboard.h), by name;
// every other type touches no branch. Sorted.
const std::vector<std::string>& DashboardEventTypes();

TouchedBranches BranchesTouchedBy(const domain::DomainEvent& event, const DirectoryView& directory);

}  // namespace prospekt::projections
