// Executor::Open from write-model snapshots: it starts from the newest usable snapshot
// and folds only the events after it, and the result equals a fold of the whole log;
// a snapshot that is damaged, of another format or copied from another log is ignored
// (the whole log is folded instead), never trusted. The demo bank ends with erasures,
// so every comparison with a full fold covers erased clients too; an erasure deletes
// the snapshots, and one cut short by a crash is finished even when a snapshot holds it.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/app/demo_bank.h"
#include "engine/domain/executor.h"
#include "engine/domain/personal_data.h"
#include "engine/domain/write_model_snapshot.h"
#include "engine/store/internal/keys.h"
#include "engine/store/internal/rocks_options.h"
#include "tests/test_support.h"

namespace prospekt::domain {
namespace {

namespace fs = std::filesystem;
using prospekt::testing::TempDir;

app::DemoOptions SmallBank(std::uint64_t seed = 11) {
  app::DemoOptions demo;
  demo.seed = seed;
  demo.regions = 1;
  demo.branches_per_region = 1;
  demo.employees_per_branch = 4;
  demo.clients_per_branch = 20;
  demo.days = 3;
  return demo;
}

store::StoreOptions Fast() {
  store::StoreOptions options;
  options.sync = false;
  return options;
}

std::unique_ptr<Executor> OpenOrFail(const fs::path& path, ExecutorOptions options) {
  Result<std::unique_ptr<Executor>> opened = Executor::Open(path, Fast(), options);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

app::DemoSummary Generate(const fs::path& path, ExecutorOptions options,
                          const app::DemoOptions& demo = SmallBank()) {
  std::unique_ptr<Executor> executor = OpenOrFail(path, options);
  Result<app::DemoSummary> built = app::BuildDemoBank(*executor, demo);
  REQUIRE(built.ok());
  REQUIRE(built->rejections == 0);
  REQUIRE(built->erasures > 0);
  REQUIRE(executor->Close().ok());
  return std::move(built).value();
}

// Registers `count` legal entities after the demo's end (after its erasures, which
// deleted every snapshot taken before them).
void RegisterMore(Executor& executor, const app::DemoSummary& summary, int count) {
  for (int i = 0; i < count; ++i) {
    const std::string number = std::to_string(80000 + i);
    RegisterClient command;
    command.client_id = "r01-b01-c" + number;
    command.branch_id = "r01-b01";
    command.name = "ООО «Заря Плюс " + number + "»";
    command.phones = {"+7 999 00" + number.substr(0, 1) + "-" + number.substr(1, 2) + "-" +
                      number.substr(3, 2)};
    const CommandContext context{Actor{"r01-b01-e01"},
                                 summary.end_time_us + 3'600'000'000 + std::int64_t{i} * 60'000'000,
                                 "more-" + number};
    Result<store::AppendResult> appended = executor.Execute(command, context);
    INFO(appended.status().ToString());
    REQUIRE(appended.ok());
  }
}

std::size_t ErasedClients(const WriteModel& model) {
  std::size_t erased = 0;
  for (const auto& [id, client] : model.clients()) erased += client.personal_data_erased;
  return erased;
}

// The model of a whole-log fold of `path`, ignoring snapshots.
WriteModel FullFold(const fs::path& path) {
  ExecutorOptions options;
  options.load_snapshot = false;
  options.snapshot_at_close = false;
  options.snapshot_every_events = 0;
  std::unique_ptr<Executor> executor = OpenOrFail(path, options);
  CHECK(executor->stats().loaded_snapshot_seq == 0);
  return executor->model();
}

// What an Open built, taken before the executor closes (a folder opens once at a time).
struct Opened {
  WriteModel model;
  ExecutorStats stats;
  std::uint64_t head = 0;
};
Opened OpenAndClose(const fs::path& path, ExecutorOptions options) {
  std::unique_ptr<Executor> executor = OpenOrFail(path, options);
  return Opened{executor->model(), executor->stats(), executor->store().Head().last_seq};
}

ExecutorOptions ReadOnlySnapshots() {
  ExecutorOptions options;
  options.snapshot_at_close = false;
  options.snapshot_every_events = 0;
  return options;
}

// The log's RocksDB opened directly (as tests/engine/store/corruption_test.cc does).
class RawDb {
 public:
  explicit RawDb(const fs::path& path) {
    rocksdb::DB* db = nullptr;
    rocksdb::Status opened =
        rocksdb::DB::Open(store::internal::LogDbOptions(false), path.string(),
                          store::internal::LogColumnFamilies(), &handles_, &db);
    INFO(opened.ToString());
    REQUIRE(opened.ok());
    db_.reset(db);
  }
  ~RawDb() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  std::string Get(const std::string& key) {
    std::string value;
    REQUIRE(db_->Get(rocksdb::ReadOptions(), snapshots(), key, &value).ok());
    return value;
  }
  void Put(const std::string& key, const std::string& value) {
    REQUIRE(db_->Put(rocksdb::WriteOptions(), snapshots(), key, value).ok());
  }

 private:
  rocksdb::ColumnFamilyHandle* snapshots() const {
    return handles_[store::internal::kSnapshotsCfIndex];
  }
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

TEST_CASE("Open starts from the newest snapshot and folds only what follows",
          "[domain][snapshot][executor]") {
  TempDir dir;
  ExecutorOptions every_100;
  every_100.snapshot_every_events = 100;
  every_100.snapshot_at_close = false;
  const app::DemoSummary summary = Generate(dir.path(), every_100);
  {
    // The demo's erasures at its end deleted the snapshots taken before them.
    std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), every_100);
    RegisterMore(*executor, summary, 250);
  }

  std::uint64_t newest = 0;
  {
    std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
    Result<std::vector<std::uint64_t>> seqs = executor->store().SnapshotSeqs();
    REQUIRE(seqs.ok());
    // At most the newest kKeptSnapshots stay. How many were stored depends on timing: a
    // snapshot still waiting for its event to be durable is replaced by a newer one.
    REQUIRE(!seqs->empty());
    REQUIRE(seqs->size() <= store::EventStore::kKeptSnapshots);
    newest = seqs->front();
  }
  const Opened opened = OpenAndClose(dir.path(), ReadOnlySnapshots());
  CHECK(opened.head - newest < 200);  // taken every 100 events
  CHECK(opened.stats.loaded_snapshot_seq == newest);
  CHECK(opened.stats.folded_at_open == opened.head - newest);
  CHECK(opened.stats.skipped_snapshots.empty());
  CHECK(ErasedClients(opened.model) == summary.erasures);
  CHECK(opened.model == FullFold(dir.path()));
}

TEST_CASE("a clean close snapshots the head; later events are folded on top",
          "[domain][snapshot][executor]") {
  TempDir dir;
  ExecutorOptions at_close;
  at_close.snapshot_every_events = 0;
  const app::DemoSummary summary = Generate(dir.path(), at_close);

  std::uint64_t closed_at = 0;
  {
    std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
    closed_at = executor->store().Head().last_seq;
    CHECK(executor->stats().loaded_snapshot_seq == closed_at);
    CHECK(executor->stats().folded_at_open == 0);
    // More events after the snapshot, and no snapshot of them.
    RegisterClient command;
    command.client_id = "r01-b01-c90001";
    command.branch_id = "r01-b01";
    command.name = "ООО «Заря Плюс 90001»";
    command.phones = {"+7 999 000-90-01"};
    const CommandContext context{Actor{"r01-b01-e01"}, summary.end_time_us + 3'600'000'000,
                                 "after-snapshot"};
    Result<store::AppendResult> appended = executor->Execute(command, context);
    INFO(appended.status().ToString());
    REQUIRE(appended.ok());
  }
  const Opened reopened = OpenAndClose(dir.path(), ReadOnlySnapshots());
  CHECK(reopened.stats.loaded_snapshot_seq == closed_at);
  CHECK(reopened.stats.folded_at_open == reopened.head - closed_at);
  CHECK(reopened.stats.folded_at_open > 0);
  CHECK(reopened.model.FindClient("r01-b01-c90001") != nullptr);
  CHECK(ErasedClients(reopened.model) == summary.erasures);
  CHECK(reopened.model == FullFold(dir.path()));
}

TEST_CASE("an erasure deletes the snapshots; one a crash cut short is finished from a snapshot",
          "[domain][snapshot][executor][vault]") {
  TempDir dir;
  ExecutorOptions at_close;
  at_close.snapshot_every_events = 0;
  const app::DemoSummary summary = Generate(dir.path(), at_close);

  // A registered individual to erase, after a snapshot that knows them in clear.
  const std::string id = "r01-b01-c90003";
  std::uint64_t erased_at = 0;
  std::string key_bytes;
  {
    std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
    RegisterClient person;
    person.client_id = id;
    person.kind = ClientKind::kIndividual;
    person.branch_id = "r01-b01";
    person.name = "Кравцова Ольга Игоревна";
    person.phones = {"+7 999 000-90-03"};
    const CommandContext context{Actor{"r01-b01-e01"}, summary.end_time_us + 3'600'000'000,
                                 "person"};
    Result<store::AppendResult> registered = executor->Execute(person, context);
    INFO(registered.status().ToString());
    REQUIRE(registered.ok());
    REQUIRE(executor->store().PutSnapshot(registered->last_seq, EncodeWriteModel(executor->model()))
                .ok());
    REQUIRE(!executor->store().SnapshotSeqs()->empty());
    key_bytes = **executor->store().GetKey("client/" + id);

    const CommandContext erase_context{Actor{"ho-001"}, summary.end_time_us + 7'200'000'000,
                                       "erase"};
    Result<store::AppendResult> erased =
        executor->Execute(EraseClientData{id, "withdrew consent"}, erase_context);
    INFO(erased.status().ToString());
    REQUIRE(erased.ok());
    erased_at = erased->last_seq;
    // The shred deleted every snapshot: the one above knew the person in clear.
    CHECK(executor->store().SnapshotSeqs()->empty());
    CHECK(PersonalDataVault::ErasureComplete(executor->store(), id).value());

    // As if the process died after the erasure was durable and a snapshot holding it
    // was stored, before the vault's mark and shred: the key is back, the mark gone.
    REQUIRE(executor->store().PutKey("client/" + id, key_bytes).ok());
    REQUIRE(executor->store().ShredKey("erased/" + id).ok());
    REQUIRE(executor->store().PutSnapshot(erased_at, EncodeWriteModel(executor->model())).ok());
  }
  std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
  // The erasure came with the snapshot, not from a fold of its event; it is finished.
  CHECK(executor->stats().loaded_snapshot_seq == erased_at);
  CHECK(executor->stats().folded_at_open == 0);
  CHECK(executor->model().FindClient(id)->personal_data_erased);
  CHECK(PersonalDataVault::ErasureComplete(executor->store(), id).value());
  CHECK_FALSE(executor->store().GetKey("client/" + id)->has_value());
  CHECK(executor->store().SnapshotSeqs()->empty());
  CHECK(ErasedClients(executor->model()) == summary.erasures + 1);
  const WriteModel model = executor->model();
  executor.reset();
  CHECK(model == FullFold(dir.path()));
}

TEST_CASE("damaged snapshots and snapshots of another format are ignored",
          "[domain][snapshot][executor]") {
  TempDir dir;
  ExecutorOptions at_close;
  at_close.snapshot_every_events = 0;
  Generate(dir.path(), at_close);
  const WriteModel full = FullFold(dir.path());
  std::uint64_t head = 0;
  std::string good;
  {
    std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
    head = executor->store().Head().last_seq;
    REQUIRE(executor->stats().loaded_snapshot_seq == head);
    Result<std::string> stored = executor->store().GetSnapshot(head);
    REQUIRE(stored.ok());
    good = *stored;
  }

  std::string newer_format = good;
  newer_format[0] = static_cast<char>(kWriteModelSnapshotVersion + 1);
  const std::vector<std::pair<const char*, std::string>> bad = {
      {"not a model", "garbage"},
      {"cut short", good.substr(0, good.size() / 2)},
      {"a newer format", newer_format},
  };
  for (const auto& [what, bytes] : bad) {
    INFO(what);
    {
      std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
      // Stored through the API: its digest and chain hash are right, the model is not.
      REQUIRE(executor->store().PutSnapshot(head, bytes).ok());
    }
    const Opened opened = OpenAndClose(dir.path(), ReadOnlySnapshots());
    CHECK(opened.stats.loaded_snapshot_seq == 0);
    CHECK(opened.stats.skipped_snapshots.size() == 1);
    CHECK(opened.model == full);
  }

  SECTION("a flipped byte fails the digest") {
    {
      std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
      REQUIRE(executor->store().PutSnapshot(head, good).ok());
    }
    {
      RawDb raw(dir.path());
      const std::string key = store::internal::SnapshotKey(head);
      std::string value = raw.Get(key);
      value[value.size() / 2] = static_cast<char>(value[value.size() / 2] ^ 0x01);
      raw.Put(key, value);
    }
    const Opened opened = OpenAndClose(dir.path(), ReadOnlySnapshots());
    CHECK(opened.stats.loaded_snapshot_seq == 0);
    REQUIRE(opened.stats.skipped_snapshots.size() == 1);
    CHECK_THAT(opened.stats.skipped_snapshots[0], Catch::Contains("digest"));
    CHECK(opened.model == full);
  }

  SECTION("an older good snapshot is used when the newest is bad") {
    // A good snapshot at the head, one more event, a bad snapshot of that.
    std::uint64_t later = 0;
    {
      std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
      REQUIRE(executor->store().PutSnapshot(head, good).ok());
      RegisterClient command;
      command.client_id = "r01-b01-c90002";
      command.branch_id = "r01-b01";
      command.name = "ООО «Заря Плюс 90002»";
      command.phones = {"+7 999 000-90-02"};
      const CommandContext context{Actor{"r01-b01-e01"}, 1'900'000'000'000'000, "later"};
      Result<store::AppendResult> appended = executor->Execute(command, context);
      INFO(appended.status().ToString());
      REQUIRE(appended.ok());
      later = appended->last_seq;
      REQUIRE(executor->store().PutSnapshot(later, "garbage").ok());
    }
    const Opened opened = OpenAndClose(dir.path(), ReadOnlySnapshots());
    CHECK(opened.stats.loaded_snapshot_seq == head);
    CHECK(opened.stats.skipped_snapshots.size() == 1);
    CHECK(opened.stats.folded_at_open == later - head);
    CHECK(opened.model == FullFold(dir.path()));
  }
}

TEST_CASE("a snapshot copied from another log is refused", "[domain][snapshot][executor]") {
  TempDir a;
  TempDir b;
  ExecutorOptions at_close;
  at_close.snapshot_every_events = 0;
  app::DemoOptions shorter = SmallBank(1);
  shorter.days = 1;
  Generate(a.path(), at_close, shorter);
  ExecutorOptions none;
  none.snapshot_every_events = 0;
  none.snapshot_at_close = false;
  Generate(b.path(), none, SmallBank(2));

  std::uint64_t a_head = 0;
  std::string record;
  {
    std::unique_ptr<Executor> executor = OpenOrFail(a.path(), ReadOnlySnapshots());
    a_head = executor->store().Head().last_seq;
    REQUIRE(executor->stats().loaded_snapshot_seq == a_head);
  }
  {
    RawDb raw(a.path());
    record = raw.Get(store::internal::SnapshotKey(a_head));
  }
  {
    RawDb raw(b.path());
    raw.Put(store::internal::SnapshotKey(a_head), record);
  }
  const Opened opened = OpenAndClose(b.path(), ReadOnlySnapshots());
  REQUIRE(opened.head > a_head);
  CHECK(opened.stats.loaded_snapshot_seq == 0);
  REQUIRE(opened.stats.skipped_snapshots.size() == 1);
  CHECK_THAT(opened.stats.skipped_snapshots[0], Catch::Contains("another event"));
  CHECK(opened.model == FullFold(b.path()));
}

TEST_CASE("the store keeps snapshots of committed seqs only, and shredding deletes them",
          "[store][snapshot]") {
  TempDir dir;
  ExecutorOptions none;
  none.snapshot_every_events = 0;
  none.snapshot_at_close = false;
  Generate(dir.path(), none);
  std::unique_ptr<Executor> executor = OpenOrFail(dir.path(), ReadOnlySnapshots());
  store::EventStore& log = executor->store();
  const std::uint64_t head = log.Head().last_seq;

  CHECK(log.PutSnapshot(head + 1, "x").code() == StatusCode::kFailedPrecondition);
  CHECK(log.PutSnapshot(0, "x").code() == StatusCode::kFailedPrecondition);
  CHECK(log.GetSnapshot(head).status().code() == StatusCode::kNotFound);
  REQUIRE(log.PutSnapshot(10, "ten").ok());
  REQUIRE(log.PutSnapshot(30, "thirty").ok());
  REQUIRE(log.PutSnapshot(20, "twenty").ok());  // older than the newest: kept, 10 goes
  CHECK(*log.SnapshotSeqs() == std::vector<std::uint64_t>{30, 20});
  REQUIRE(log.PutSnapshot(5, "five").ok());  // older than both kept: itself dropped
  CHECK(*log.SnapshotSeqs() == std::vector<std::uint64_t>{30, 20});
  CHECK(*log.GetSnapshot(30) == "thirty");

  REQUIRE(log.PutKey("client/x", std::string(32, 'k')).ok());
  REQUIRE(log.ShredKey("client/x").ok());
  CHECK(log.SnapshotSeqs()->empty());
  // A snapshot encoded before the erasure cannot land after it.
  CHECK(log.PutSnapshot(head - 1, "old").code() == StatusCode::kFailedPrecondition);
  CHECK(log.PutSnapshot(head, "now").ok());
}

}  // namespace
}  // namespace prospekt::domain
