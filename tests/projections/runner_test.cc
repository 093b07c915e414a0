// The projection runner: checkpoints survive a crash, versions rebuild and switch,
// read-your-writes, and "as of" views from snapshots.
#include "projections/runner.h"

#include <catch2/catch.hpp>

#include "projections/agenda/agenda.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/catalogue.h"
#include "projections/client_card/client_card.h"
#include "tests/projections/projection_test_support.h"
#include "tests/test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Contact;
using testing::Logged;
using testing::UtcMicros;

// A branch at work: SmallBranch plus `contacts` contacts alternating between c1 and c2,
// each agreeing a next contact, spread over days.
std::vector<Logged> Workload(int contacts) {
  std::vector<Logged> events = testing::SmallBranch();
  for (int i = 0; i < contacts; ++i) {
    const std::int64_t at = UtcMicros(2026, 3, 2, 9) + std::int64_t{i} * 3'600'000'000;
    const ContactOutcome outcome =
        i % 3 == 0 ? ContactOutcome::kProductSold : ContactOutcome::kUnclearProspect;
    events.push_back({Contact(i % 2 == 0 ? "c1" : "c2", "sales-1", outcome, at + 86'400'000'000),
                      at, "sales-1"});
  }
  return events;
}

// The chain hash of the log's event at `seq`, as a snapshot of that log records it.
ChainHash LogHash(const store::EventStore& store, std::uint64_t seq) {
  ChainHash hash{};
  REQUIRE(store.ScanRaw(seq, [&](std::uint64_t, std::string_view bytes) {
    hash = HashEnvelopeBytes(bytes);
    return false;
  }).ok());
  return hash;
}

// Every projection folded directly over `events`: what the runner must arrive at.
std::vector<std::string> DirectFold(const std::vector<Logged>& events) {
  std::vector<std::string> encoded;
  for (auto& projection : AllProjections()) {
    testing::FoldAll(*projection, events);
    encoded.push_back(projection->Encode());
  }
  return encoded;
}

// The runner's views, in AllProjections' order.
std::vector<std::string> RunnerViews(const std::filesystem::path& log,
                                     const std::filesystem::path& views_dir) {
  store::StoreOptions read_only;
  read_only.read_only = true;
  auto store = testing::OpenStore(log, read_only);
  auto views = ViewStore::Open(views_dir);
  REQUIRE(views.ok());
  std::vector<std::string> encoded;
  for (auto& projection : AllProjections()) {
    Result<std::uint64_t> checkpoint = (*views)->Checkpoint(projection->name(), projection->version());
    REQUIRE(checkpoint.ok());
    REQUIRE(*checkpoint == store->Head().last_seq);
    auto snapshot = (*views)->SnapshotAtOrBefore(projection->name(), projection->version(), *checkpoint);
    REQUIRE(snapshot.ok());
    REQUIRE(snapshot->has_value());
    encoded.push_back((*snapshot)->bytes);
  }
  return encoded;
}

TEST_CASE("the runner's views equal a direct fold, also after a crash mid-way",
          "[projections][runner]") {
  testing::TempDir dir;
  const auto log = dir.path() / "log";
  const auto views_dir = dir.path() / "views";
  const std::vector<Logged> events = Workload(60);
  {
    auto store = testing::OpenStore(log);
    testing::AppendAll(*store, events);
    auto views = ViewStore::Open(views_dir);
    REQUIRE(views.ok());
    // A crash: the process dies after folding the whole log but before its final
    // snapshot — the views folder holds only the periodic checkpoints.
    auto runner = ProjectionRunner::Open(
        *store, **views, AllProjections(),
        {.snapshot_every = 16, .batch_events = 7, .final_snapshot = false});
    REQUIRE(runner.ok());
    REQUIRE((*runner)->CatchUp().ok());
  }
  {
    auto store = testing::OpenStore(log);
    auto views = ViewStore::Open(views_dir);
    REQUIRE(views.ok());
    auto runner = ProjectionRunner::Open(*store, **views, AllProjections(),
                                         {.snapshot_every = 16, .batch_events = 7});
    REQUIRE(runner.ok());
    for (auto& projection : AllProjections()) {
      // Each resumed from a checkpoint before the end of the log.
      CHECK((*runner)->Position(projection->name()) < store->Head().last_seq);
    }
    REQUIRE((*runner)->CatchUp().ok());
  }
  // Reversing the fold order in a direct fold would give another view; a doubled or
  // skipped event would too (contacts are counted).
  CHECK(RunnerViews(log, views_dir) == DirectFold(events));
}

TEST_CASE("the tail follows live appends; WaitFor gives read-your-writes",
          "[projections][runner]") {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.path() / "log");
  auto views = ViewStore::Open(dir.path() / "views");
  REQUIRE(views.ok());
  auto runner = ProjectionRunner::Open(*store, **views, AllProjections());
  REQUIRE(runner.ok());
  (*runner)->Start();
  testing::AppendAll(*store, Workload(3));
  const std::uint64_t head = store->Head().last_seq;
  REQUIRE((*runner)->WaitFor("client_cards", head, std::chrono::seconds(10)));
  Result<std::uint32_t> contacts = (*runner)->ReadView<ClientCardsView>(
      "client_cards", [](const ClientCardsView& view) { return FindClientCard(view, "c1")->contacts; });
  REQUIRE(contacts.ok());
  CHECK(*contacts == 2);
  CHECK_FALSE((*runner)->WaitFor("client_cards", head + 1, std::chrono::milliseconds(50)));
  CHECK_FALSE((*runner)->WaitFor("no_such_projection", 1, std::chrono::milliseconds(10)));
  CHECK((*runner)->ReadView<AgendaView>("client_cards", [](const AgendaView&) { return 0; })
            .status()
            .code() == StatusCode::kInvalidArgument);
  CHECK((*runner)->ReadView<AgendaView>("nope", [](const AgendaView&) { return 0; })
            .status()
            .code() == StatusCode::kNotFound);
  REQUIRE((*runner)->Stop().ok());
  CHECK((*runner)->failure().ok());
}

TEST_CASE("as of a seq, a view is what a fold up to that seq gives", "[projections][runner]") {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.path() / "log");
  const std::vector<Logged> events = Workload(50);
  testing::AppendAll(*store, events);
  auto views = ViewStore::Open(dir.path() / "views");
  REQUIRE(views.ok());
  auto runner = ProjectionRunner::Open(*store, **views, AllProjections(),
                                       {.snapshot_every = 10, .batch_events = 4});
  REQUIRE(runner.ok());
  REQUIRE((*runner)->CatchUp().ok());
  auto seqs = (*views)->SnapshotSeqs("branch_dashboards", kBranchDashboards.version);
  REQUIRE(seqs.ok());
  CHECK(seqs->size() >= 4);  // every 10 events and every new day

  for (std::uint64_t seq : {std::uint64_t{1}, std::uint64_t{7}, std::uint64_t{23},
                            std::uint64_t{40}, std::uint64_t{57}}) {
    auto as_of = (*runner)->AsOf("branch_dashboards", seq);
    REQUIRE(as_of.ok());
    FoldProjection<BranchDashboardsView> expected(kBranchDashboards);
    testing::FoldAll(expected, std::vector<Logged>(events.begin(),
                                                    events.begin() + static_cast<long>(seq)));
    CHECK((*as_of)->Encode() == expected.Encode());
  }
  CHECK((*runner)->AsOf("nope", 3).status().code() == StatusCode::kNotFound);
}

// A projection whose view is a count, in two versions that count different things.
struct CountView {
  std::uint64_t count = 0;
  friend auto Fields(internal::FieldsOf<CountView> auto& self) { return std::tie(self.count); }
};
void Evolve(CountView& view, const Envelope& envelope, const DomainEvent& event) {
  (void)envelope;
  if (std::holds_alternative<ContactLogged>(event)) ++view.count;
}
struct CountViewV2 {
  std::uint64_t count = 0;
  friend auto Fields(internal::FieldsOf<CountViewV2> auto& self) { return std::tie(self.count); }
};
void Evolve(CountViewV2& view, const Envelope& envelope, const DomainEvent& event) {
  (void)envelope;
  (void)event;
  view.count += 10;  // counts every event, tenfold: clearly not v1
}

TEST_CASE("a new projection version rebuilds while the old one serves, then takes over",
          "[projections][runner]") {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.path() / "log");
  testing::AppendAll(*store, Workload(20));
  const std::uint64_t head = store->Head().last_seq;
  auto views = ViewStore::Open(dir.path() / "views");
  REQUIRE(views.ok());
  {
    std::vector<std::unique_ptr<Projection>> v1;
    v1.push_back(std::make_unique<FoldProjection<CountView>>(ProjectionId{"count", 1}));
    auto runner = ProjectionRunner::Open(*store, **views, std::move(v1));
    REQUIRE(runner.ok());
    REQUIRE((*runner)->CatchUp().ok());
  }
  std::vector<std::unique_ptr<Projection>> both;
  both.push_back(std::make_unique<FoldProjection<CountView>>(ProjectionId{"count", 1}));
  both.push_back(std::make_unique<FoldProjection<CountViewV2>>(ProjectionId{"count", 2}));
  auto runner = ProjectionRunner::Open(*store, **views, std::move(both), {.batch_events = 5});
  REQUIRE(runner.ok());
  // v1 serves at once, from its checkpoint.
  CHECK((*runner)->ReadView<CountView>("count", [](const CountView& v) { return v.count; }).value() == 20);
  REQUIRE((*runner)->CatchUp().ok());
  // v2 caught up and took over; v1's snapshots are gone.
  CHECK((*runner)->ReadView<CountViewV2>("count", [](const CountViewV2& v) { return v.count; }).value() ==
        head * 10);
  CHECK((*views)->Versions("count").value() == std::vector<std::uint32_t>{2});
}

TEST_CASE("a damaged checkpoint is refused with Corruption", "[projections][runner]") {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.path() / "log");
  testing::AppendAll(*store, Workload(2));
  auto views = ViewStore::Open(dir.path() / "views");
  REQUIRE(views.ok());
  REQUIRE((*views)
              ->PutSnapshot("client_cards", kClientCards.version, {3, LogHash(*store, 3), "not a view"},
                            true)
              .ok());
  auto runner = ProjectionRunner::Open(*store, **views, AllProjections());
  REQUIRE_FALSE(runner.ok());
  CHECK(runner.status().code() == StatusCode::kCorruption);
  CHECK_THAT(runner.status().message(),
             Catch::Contains("client_cards v" + std::to_string(kClientCards.version) + " at seq 3"));
}

}  // namespace
}  // namespace prospekt::projections

namespace prospekt::projections {
namespace {

TEST_CASE("views of a replaced log are rebuilt, never trusted", "[projections][runner]") {
  testing::TempDir dir;
  const auto views_dir = dir.path() / "views";
  const std::vector<Logged> longer = Workload(30);
  {
    auto store = testing::OpenStore(dir.path() / "first");
    testing::AppendAll(*store, longer);
    auto views = ViewStore::Open(views_dir);
    REQUIRE(views.ok());
    auto runner = ProjectionRunner::Open(*store, **views, AllProjections());
    REQUIRE(runner.ok());
    REQUIRE((*runner)->CatchUp().ok());
  }
  // Another log beside the same views: as long (other contents) or shorter.
  for (int contacts : {30, 10}) {
    std::vector<Logged> other = Workload(contacts);
    other.push_back({Contact("c2", "sales-2", ContactOutcome::kRefused), UtcMicros(2026, 4, 1),
                     "sales-2"});
    const auto log = dir.path() / ("other-" + std::to_string(contacts));
    {
      auto store = testing::OpenStore(log);
      testing::AppendAll(*store, other);
      auto views = ViewStore::Open(views_dir);
      REQUIRE(views.ok());
      auto runner = ProjectionRunner::Open(*store, **views, AllProjections());
      REQUIRE(runner.ok());
      CHECK((*runner)->Position("client_cards") == 0);
      REQUIRE((*runner)->CatchUp().ok());
    }
    CHECK(RunnerViews(log, views_dir) == DirectFold(other));
  }
}

}  // namespace
}  // namespace prospekt::projections

namespace prospekt::projections {
namespace {

// A view of about 8 KB whatever it has folded, to see the snapshot cadence by size.
struct BulkyView {
  std::vector<std::uint64_t> padding = std::vector<std::uint64_t>(1000, 7);
  std::uint64_t count = 0;
  friend auto Fields(internal::FieldsOf<BulkyView> auto& self) {
    return std::tie(self.padding, self.count);
  }
};
void Evolve(BulkyView& view, const Envelope& /*envelope*/, const DomainEvent& /*event*/) {
  ++view.count;
}

TEST_CASE("big views snapshot less often unless their cadence is every N events",
          "[projections][runner]") {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.path() / "log");
  testing::AppendAll(*store, Workload(93));  // 100 events
  auto views = ViewStore::Open(dir.path() / "views");
  REQUIRE(views.ok());
  std::vector<std::unique_ptr<Projection>> projections;
  projections.push_back(std::make_unique<FoldProjection<BulkyView>>(ProjectionId{"bulky", 1}));
  projections.push_back(std::make_unique<FoldProjection<BulkyView>>(
      ProjectionId{"bulky_every_n", 1, SnapshotRetention::kAll, SnapshotCadence::kEveryN}));
  // 8 KB at 400 bytes/event: at most one snapshot every 20 events.
  auto runner = ProjectionRunner::Open(
      *store, **views, std::move(projections),
      {.snapshot_every = 5, .snapshot_bytes_per_event = 400, .batch_events = 5});
  REQUIRE(runner.ok());
  REQUIRE((*runner)->CatchUp().ok());
  const auto sized = (*views)->SnapshotSeqs("bulky", 1);
  const auto every_n = (*views)->SnapshotSeqs("bulky_every_n", 1);
  REQUIRE(sized.ok());
  REQUIRE(every_n.ok());
  // Every 5 events (and the final one at 100).
  CHECK(every_n->size() == 20);
  // The first after 5 events (nothing written yet), then every 20: 5, 25, 45, 65, 85, 100.
  CHECK(*sized == std::vector<std::uint64_t>{5, 25, 45, 65, 85, 100});
  for (const ProjectionStats& stats : (*runner)->Stats()) {
    CHECK(stats.events == 100);
    CHECK(stats.last_snapshot_bytes > 8000);
  }
  // Fewer snapshots, same view: "as of" folds more events on the nearest one.
  auto as_of = (*runner)->AsOf("bulky", 44);
  REQUIRE(as_of.ok());
  CHECK(dynamic_cast<const FoldProjection<BulkyView>&>(**as_of).view().count == 44);
}

}  // namespace
}  // namespace prospekt::projections

namespace prospekt::projections {
namespace {

TEST_CASE("indexes that keep only their latest snapshot checkpoint by their own size bound",
          "[projections][runner]") {
  testing::TempDir dir;
  auto store = testing::OpenStore(dir.path() / "log");
  testing::AppendAll(*store, Workload(93));  // 100 events
  auto views = ViewStore::Open(dir.path() / "views");
  REQUIRE(views.ok());
  std::vector<std::unique_ptr<Projection>> projections;
  projections.push_back(std::make_unique<FoldProjection<BulkyView>>(
      ProjectionId{"bulky_all", 1, SnapshotRetention::kAll}));
  projections.push_back(std::make_unique<FoldProjection<BulkyView>>(
      ProjectionId{"bulky_latest", 1, SnapshotRetention::kLatest}));
  // kAll: 8 KB at 800 bytes/event, every 10 events at least (snapshot_every 2);
  // kLatest: at least every 20 (ten times snapshot_every), and 8 KB at 100 bytes/event,
  // every 80 events.
  auto runner = ProjectionRunner::Open(*store, **views, std::move(projections),
                                       {.snapshot_every = 2,
                                        .snapshot_bytes_per_event = 800,
                                        .checkpoint_bytes_per_event = 100,
                                        .batch_events = 5});
  REQUIRE(runner.ok());
  REQUIRE((*runner)->CatchUp().ok());
  const auto all = (*views)->SnapshotSeqs("bulky_all", 1);
  const auto latest = (*views)->SnapshotSeqs("bulky_latest", 1);
  REQUIRE(all.ok());
  REQUIRE(latest.ok());
  // The first after 5 events (a batch; nothing written yet), then every 10 (batches of 5).
  CHECK(*all == std::vector<std::uint64_t>{5, 15, 25, 35, 45, 55, 65, 75, 85, 95, 100});
  CHECK(*latest == std::vector<std::uint64_t>{100});
  for (const ProjectionStats& stats : (*runner)->Stats()) {
    CHECK(stats.events == 100);
    // kLatest: after 20 events (at 20), then 80 later, past the end: the final one.
    if (stats.name == "bulky_latest") CHECK(stats.snapshots == 2);
  }
}

}  // namespace
}  // namespace prospekt::projections
