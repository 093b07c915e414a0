// The demo bank: a deterministic generator of a bank branch network at work, driven
// only through domain::Executor::Execute, so every generated event passed the rules.
//
// It opens regions, branches (departments sales, loans, deposits, cards), products with
// their owning departments, hires per branch one head, one credit specialist and sales
// specialists, registers clients (legal entities and individuals with valid ИНН, phones,
// e-mails, industries, sources, statuses, and a few deliberate near-duplicates
// registered with force), and has the heads assign them. Then, working day by working
// day from Monday 2026-01-05: heads set weekly plans on Mondays and (re)assign clients,
// sales specialists log 10–30 contacts each with a realistic outcome mix (hand-overs
// follow from the rules), employees are sometimes absent and their deputy logs on their
// behalf, and the scheduler closes each branch's working day (plan-deviation tasks
// follow). At the end head office erases the personal data of two individuals (in the
// first two branches) after their head took them off the specialist's list. Business
// time is simulated: CommandContext::now_us advances with it.
//
// The same options give the same commands in the same order. A rejected command is a
// bug of the generator: it is counted (DemoSummary::rejections) and the run goes on.
// Not thread-safe; runs on the calling thread, one Execute at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/domain/executor.h"
#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::app {

struct DemoOptions {
  std::uint64_t seed = 42;
  int regions = 3;
  int branches_per_region = 3;
  // One head, one credit specialist and the rest sales specialists; at least 3.
  int employees_per_branch = 8;
  int clients_per_branch = 200;
  int days = 20;  // working days (Monday..Friday) after the set-up; 0: set-up only
  // Stop once this many events are appended (0: no limit). Checked after each command.
  std::uint64_t target_events = 0;
  // Pre-checks generated names against the model's near-identical-name rule and picks
  // another on a hit (a generated duplicate would be rejected). Costs a scan of the
  // region per client; off only for banks of numbered names (benchmarks).
  bool realistic_names = true;
  // When set, holds the business time of the command being executed. `prospekt demo`
  // makes it the store's clock, so that recorded_at follows the simulated days and "as
  // of a date" means the same in the demo as in a bank that lived through them.
  std::atomic<std::int64_t>* business_clock = nullptr;
};

struct DemoSummary {
  std::uint64_t commands = 0;
  std::uint64_t events = 0;
  std::uint64_t rejections = 0;
  std::vector<std::string> first_rejections;  // up to 10, "command: status"
  std::uint64_t clients = 0;
  std::uint64_t forced_duplicates = 0;
  std::uint64_t contacts = 0;
  std::uint64_t contacts_by_deputy = 0;
  std::uint64_t absences = 0;
  std::uint64_t erasures = 0;  // clients whose personal data head office erased
  std::uint64_t working_days = 0;
  std::int64_t end_time_us = 0;  // business time of the last command
  // Each assigned client and its employee at the end of the run (for benchmarks).
  std::vector<std::pair<std::string, std::string>> assignments;
};

// Monday 2026-01-05 00:00 UTC: the demo's first working day.
inline constexpr std::int64_t kDemoStartUs = 1'767'571'200'000'000;

// A valid Russian taxpayer id (ИНН) with its control digits: 10 digits for a legal entity,
// 12 for an individual. `region` (1..99) gives the first two digits, `serial` the rest
// (below 10^7 for a legal entity, 10^8 for an individual), so distinct serials give
// distinct ids.
std::string MakeTaxId(int region, std::uint64_t serial, bool individual);

// Generates the bank through `executor`, whose log should be empty (ids would clash).
// `progress` gets the events so far after each working day. Fails only when the
// executor does (I/O, corruption); rejections are counted in the summary.
Result<DemoSummary> BuildDemoBank(domain::Executor& executor, const DemoOptions& options,
                                  const std::function<void(const DemoSummary&)>& progress = {});

// The number of events of each type in the log (for summaries and tests).
Result<std::map<std::string, std::uint64_t>> CountEventTypes(const store::EventStore& store);

}  // namespace prospekt::app
