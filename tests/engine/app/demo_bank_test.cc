// The demo bank generator on a tiny bank for a few days: every generated command passes
// the rules, the same seed gives the same log (down to the head hash, with the store's
// clock fixed), the rules' automatic consequences (hand-overs, plan-deviation tasks,
// forced duplicates, deputies) occur, and the hash chain verifies.
#include "engine/app/demo_bank.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/domain/dedup/tax_id.h"
#include "events/domain_codec.h"
#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::app {
namespace {

using prospekt::testing::TempDir;

DemoOptions TinyBank() {
  DemoOptions options;
  options.seed = 7;
  options.regions = 1;
  options.branches_per_region = 2;
  options.employees_per_branch = 5;
  options.clients_per_branch = 40;
  options.days = 8;  // Monday to the next week's Wednesday
  return options;
}

struct Run {
  DemoSummary summary;
  std::vector<std::string> sequence;  // "stream/type" of every event, in seq order
  store::LogHead head;
  std::map<std::string, std::uint64_t> types;
  std::uint64_t plan_deviation_tasks = 0;
};

Run Generate(const std::filesystem::path& path, const DemoOptions& options) {
  store::StoreOptions store_options;
  store_options.sync = false;  // throwaway data; the chain does not depend on it
  store_options.clock = [] { return std::int64_t{1'800'000'000'000'000}; };
  // Seeded keys and nonces: the same seed gives the same sealed bytes, so the same hash.
  Result<std::unique_ptr<domain::Executor>> opened =
      domain::Executor::Open(path, store_options, {}, domain::SeededRandomBytes(options.seed));
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  domain::Executor& executor = **opened;

  Run run;
  Result<DemoSummary> summary = BuildDemoBank(executor, options);
  INFO(summary.status().ToString());
  REQUIRE(summary.ok());
  run.summary = std::move(summary).value();
  run.head = executor.store().Head();
  for (std::uint64_t next = 1;;) {
    Result<std::vector<Envelope>> batch = executor.store().ReadAll(next, 4096);
    REQUIRE(batch.ok());
    for (const Envelope& envelope : *batch) {
      run.sequence.push_back(envelope.stream_id + "/" + envelope.event_type);
      if (envelope.event_type == "TaskAssigned") {
        Result<domain::DomainEvent> event =
            DecodeDomainEvent(envelope.event_type, envelope.payload);
        REQUIRE(event.ok());
        const auto* task = std::get_if<domain::TaskAssigned>(&*event);
        REQUIRE(task != nullptr);
        if (task->kind == domain::TaskKind::kPlanDeviation) ++run.plan_deviation_tasks;
      }
      next = envelope.seq + 1;
    }
    if (batch->size() < 4096) break;
  }
  Result<std::map<std::string, std::uint64_t>> types = CountEventTypes(executor.store());
  REQUIRE(types.ok());
  run.types = *types;

  Result<replay::ChainReport> chain = replay::VerifyChain(executor.store());
  REQUIRE(chain.ok());
  CHECK(chain->intact);
  CHECK(chain->events_checked == run.head.last_seq);
  return run;
}

TEST_CASE("MakeTaxId gives valid, distinct ИНН", "[demo]") {
  for (std::uint64_t serial : {0ULL, 1ULL, 42ULL, 9'999'999ULL}) {
    const std::string legal = MakeTaxId(77, serial, false);
    const std::string person = MakeTaxId(50, serial, true);
    CHECK(legal.size() == 10);
    CHECK(person.size() == 12);
    CHECK(domain::dedup::ValidateTaxId(legal).ok());
    CHECK(domain::dedup::ValidateTaxId(person).ok());
  }
  CHECK(MakeTaxId(77, 1, false) != MakeTaxId(77, 2, false));
  CHECK(MakeTaxId(77, 1, true) != MakeTaxId(77, 2, true));
}

TEST_CASE("a tiny demo bank passes every rule and is deterministic", "[demo]") {
  TempDir first_dir, second_dir;
  const Run first = Generate(first_dir.path(), TinyBank());

  INFO((first.summary.first_rejections.empty() ? std::string("no rejection")
                                               : first.summary.first_rejections.front()));
  CHECK(first.summary.rejections == 0);
  CHECK(first.summary.events == first.head.last_seq);
  CHECK(first.summary.working_days == 8);
  CHECK(first.summary.contacts > 300);
  CHECK(first.summary.forced_duplicates > 0);

  CHECK(first.types.at("ContactLogged") == first.summary.contacts);
  CHECK(first.types.count("HandedOver") == 1);
  CHECK(first.plan_deviation_tasks > 0);
  CHECK(first.types.count("WorkingDayClosed") == 1);
  CHECK(first.types.at("WorkingDayClosed") == 2 * 8);
  CHECK(first.types.count("WeeklyPlanSet") == 1);
  CHECK(first.types.count("ClientAssigned") == 1);
  CHECK(first.types.count("AbsenceRecorded") == 1);
  CHECK(first.summary.erasures == 2);  // at the end, in the first two branches
  CHECK(first.types.at("PersonalDataErased") == first.summary.erasures);

  const Run second = Generate(second_dir.path(), TinyBank());
  CHECK(second.sequence == first.sequence);
  CHECK(second.head.hash == first.head.hash);

  DemoOptions other_seed = TinyBank();
  other_seed.seed = 8;
  TempDir third_dir;
  const Run third = Generate(third_dir.path(), other_seed);
  CHECK(third.summary.rejections == 0);
  CHECK(third.head.hash != first.head.hash);
}

TEST_CASE("the demo bank stops at its target event count", "[demo]") {
  TempDir dir;
  DemoOptions options = TinyBank();
  options.target_events = 700;
  const Run run = Generate(dir.path(), options);
  CHECK(run.summary.rejections == 0);
  CHECK(run.head.last_seq >= 700);
  CHECK(run.head.last_seq < 710);  // one command's events at most beyond the target
}

}  // namespace
}  // namespace prospekt::app
