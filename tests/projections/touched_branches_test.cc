// The dashboard's change rule (projections/branch_dashboard/touched_branches.h): folding a
// log event by event, every branch whose part of the dashboard view moved must be among
// the branches the event touches (judged with the directory after the event), and an
// event of a type the dashboard does not fold touches none. Run over a demo bank's log
// and over a hand-made one with what the demo does not do (transfers, merges, cross-branch
// contacts, automatic tasks).
#include "projections/branch_dashboard/touched_branches.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/app/demo_bank.h"
#include "engine/domain/executor.h"
#include "events/domain_codec.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "tests/projections/projection_test_support.h"
#include "tests/test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary
using testing::Logged;

// Everything DashboardOf reads for one branch: its state, its clients' entries and its
// current employees.
struct BranchSlice {
  BranchState state;
  std::vector<DashboardClient> clients;
  std::vector<std::string> employees;
  bool operator==(const BranchSlice&) const = default;
};

std::map<std::string, BranchSlice> Slices(const BranchDashboardsView& view) {
  std::map<std::string, BranchSlice> slices;
  for (std::uint32_t b = 0; b < view.branches.size(); ++b) {
    BranchSlice& slice = slices[std::string(view.branch_ids[b])];
    slice.state = view.branches[b];
    for (std::uint32_t client : slice.state.clients) slice.clients.push_back(view.clients[client]);
    for (std::uint32_t e = 0; e < view.employee_branch.size(); ++e) {
      if (view.employee_branch[e] == b) slice.employees.emplace_back(view.employee_ids[e]);
    }
  }
  return slices;
}

struct Tally {
  std::size_t events = 0, changes = 0, touched_all = 0, needless = 0;
};

// Folds `log` into a dashboard and a directory, checking the rule at every event.
Tally CheckEveryChangeIsAnnounced(const std::vector<Envelope>& log) {
  BranchDashboardsView dashboards;
  DirectoryView directory;
  const std::vector<std::string>& folded = DashboardEventTypes();
  Tally tally;
  for (const Envelope& envelope : log) {
    Result<DomainEvent> event = DecodeDomainEvent(envelope.event_type, envelope.payload);
    REQUIRE(event.ok());
    const std::map<std::string, BranchSlice> before = Slices(dashboards);
    Evolve(dashboards, envelope, *event);
    Evolve(directory, envelope, *event);
    const std::map<std::string, BranchSlice> after = Slices(dashboards);
    const TouchedBranches touched = BranchesTouchedBy(*event, directory);
    const bool dashboard_type =
        std::binary_search(folded.begin(), folded.end(), envelope.event_type);
    INFO("seq " << envelope.seq << " " << envelope.event_type);
    if (!dashboard_type) CHECK(touched.none());
    ++tally.events;
    tally.touched_all += touched.all ? 1 : 0;
    std::set<std::string> changed;
    for (const auto& [branch, slice] : after) {
      auto was = before.find(branch);
      if (was == before.end() || !(was->second == slice)) changed.insert(branch);
    }
    for (const std::string& branch : changed) {
      INFO("branch " << branch << " changed");
      CHECK(touched.Touches(branch));
    }
    tally.changes += changed.size();
    for (const std::string& branch : touched.branches)
      tally.needless += changed.count(branch) == 0 ? 1U : 0U;
  }
  return tally;
}

std::vector<Envelope> EnvelopesOf(const std::vector<Logged>& events) {
  return testing::ToEnvelopes(events);
}

TEST_CASE("a demo bank's every dashboard change is announced to its branch", "[touched_branches]") {
  testing::TempDir dir;
  store::StoreOptions store_options;
  store_options.sync = false;
  Result<std::unique_ptr<Executor>> executor =
      Executor::Open(dir.path() / "log", store_options, {}, SeededRandomBytes(7));
  REQUIRE(executor.ok());
  app::DemoOptions options;
  options.regions = 2;
  options.branches_per_region = 2;
  options.employees_per_branch = 4;
  options.clients_per_branch = 25;
  options.days = 6;
  Result<app::DemoSummary> summary = app::BuildDemoBank(**executor, options);
  REQUIRE(summary.ok());
  REQUIRE(summary->rejections == 0);
  Result<std::vector<Envelope>> log = (*executor)->store().ReadAll(1, SIZE_MAX);
  REQUIRE(log.ok());

  const Tally tally = CheckEveryChangeIsAnnounced(*log);
  CHECK(tally.events == log->size());
  CHECK(tally.changes > 500);  // the check had something to check
  // Precise: only task completions (none in this demo's week... or a few) touch every
  // branch, and a named branch is seldom told of a change that did not happen.
  CHECK(tally.touched_all * 20 < tally.events);
  CHECK(tally.needless * 5 < tally.changes);
}

TEST_CASE("transfers, merges, cross-branch contacts and tasks are announced",
          "[touched_branches]") {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t t = testing::UtcMicros(2026, 3, 3, 10);
  events.push_back({BranchOpened{"b2", "r1", "South"}, t, "system"});
  events.push_back(
      {EmployeeHired{"sales-9", "Vera", {Role::kSalesSpecialist}, "b2", "sales"}, t, "system"});
  events.push_back({ClientAssigned{"c1", "sales-1", {"deposit"}}, t});
  // A colleague of another branch calls b1's client: both branches move.
  events.push_back(
      {testing::Contact("c1", "sales-9", ContactOutcome::kPositiveProspect), t, "sales-9"});
  events.push_back({ClientMergedAsDuplicate{"c2", "c1"}, t, "office"});
  events.push_back({ClientUnmerged{"c2", "c1"}, t, "office"});
  TaskAssigned task;
  task.task_id = "task-1";
  task.employee_id = "sales-1";
  task.kind = TaskKind::kPlanDeviation;
  task.client_id = "c1";
  task.due_at_us = t + 86'400'000'000;
  events.push_back({task, t, "system"});
  // Moved to b2 with the task open; completing it changes b1's dashboard.
  events.push_back({EmployeeTransferred{"sales-1", "b2", "sales"}, t, "office"});
  events.push_back({TaskCompleted{"task-1", "sales-1", "done"}, t, "sales-1"});
  events.push_back({testing::Contact("c2", "sales-1", ContactOutcome::kRefused), t, "sales-1"});
  events.push_back({HandedOver{"c1", "loans", "loan", "sales-9", true}, t, "sales-9"});
  events.push_back({HandOverReturned{"c1", "loans", "no collateral"}, t, "credit-1"});
  events.push_back({EmployeeLeft{"sales-9"}, t, "office"});

  const Tally tally = CheckEveryChangeIsAnnounced(EnvelopesOf(events));
  CHECK(tally.changes >= events.size() - 1);
}

TEST_CASE("which branches an event touches", "[touched_branches]") {
  std::vector<Logged> events = testing::SmallBranch();
  const std::int64_t t = testing::UtcMicros(2026, 3, 3, 10);
  events.push_back({BranchOpened{"b2", "r1", "South"}, t, "system"});
  events.push_back(
      {EmployeeHired{"sales-9", "Vera", {Role::kSalesSpecialist}, "b2", "sales"}, t, "system"});
  events.push_back({EmployeeHired{"ho-1", "Olga", {Role::kHeadOffice}, "", ""}, t, "system"});
  DirectoryView directory;
  for (const Envelope& envelope : EnvelopesOf(events)) {
    Evolve(directory, envelope, *DecodeDomainEvent(envelope.event_type, envelope.payload));
  }
  using Branches = std::vector<std::string>;
  auto touched = [&](const DomainEvent& event) { return BranchesTouchedBy(event, directory); };

  CHECK(touched(testing::Contact("c1", "sales-9", ContactOutcome::kPositiveProspect)).branches ==
        Branches{"b1", "b2"});
  CHECK(touched(testing::Contact("c1", "sales-1", ContactOutcome::kPositiveProspect)).branches ==
        Branches{"b1"});
  // Head office staff count under the client's branch.
  CHECK(touched(testing::Contact("c1", "ho-1", ContactOutcome::kPositiveProspect)).branches ==
        Branches{"b1"});
  CHECK(touched(ClientStatusChanged{"c2", ClientStatus::kNewClient, ClientStatus::kBankClient})
            .branches == Branches{"b1"});
  CHECK(touched(WeeklyPlanSet{"sales-9", "b2", {2026, 10}, 5, {}, {}}).branches == Branches{"b2"});
  // Unknown ids, transfers and task completions: every branch.
  CHECK(touched(testing::Contact("c404", "sales-1", ContactOutcome::kPositiveProspect)).all);
  CHECK(touched(ClientAssigned{"c1", "nobody", {}}).branches == Branches{"b1"});
  CHECK(touched(EmployeeTransferred{"sales-9", "b1", "sales"}).all);
  CHECK(touched(TaskCompleted{"task-1", "sales-1", ""}).all);
  CHECK(touched(EmployeeLeft{"ghost"}).all);
  // A manual task is no dashboard's business; the others are nobody else's.
  TaskAssigned manual;
  manual.employee_id = "sales-1";
  manual.kind = TaskKind::kManual;
  CHECK(touched(manual).none());
  CHECK(touched(AbsenceRecorded{}).none());
  CHECK(touched(SatisfactionScored{"c1", 9, ""}).none());
  CHECK(!touched(ClientStatusChanged{"c2", {}, {}}).Touches("b2"));
}

}  // namespace
}  // namespace prospekt::projections
