// Corruption tests: flip and cut bytes in the files of a closed log, reopen, and check
// that nothing damaged is ever served as good data.
//
// After each damage one of these must hold (Examine() decides which):
//   refused  Open fails with Corruption or IOError;
//   read     Open succeeds, ReadAll fails with Corruption and VerifyChain reports a
//            broken chain naming a seq;
//   chain    ReadAll succeeds but VerifyChain reports the chain broken at a seq;
//   intact   the damage touched nothing that matters (e.g. padding): the log reads back
//            byte for byte as written;
//   prefix   the log reads back as an intact prefix of what was written. RocksDB opens
//            a WAL or MANIFEST cut short that way, since it cannot tell the cut from a
//            write torn by a crash (kTolerateCorruptedTailRecords). The store's head
//            mark (engine/store/internal/head_mark.h), written when the fixture's store
//            closed, turns every such case into a refusal, so no case here may end so.
// Every case works on a fresh copy of a pristine log, so the cases are independent and
// the damage is the same on every run. Plain RocksDB is used to flush the log into SST
// files and to tamper with single values, as an attacker with file access could.
#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/store/event_store.h"
#include "engine/store/internal/keys.h"
#include "engine/store/internal/rocks_options.h"
#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::store {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kEvents = 3000;
constexpr std::size_t kEventsPerAppend = 50;

// The log's RocksDB opened directly, with the store's options and column families.
class RawDb {
 public:
  explicit RawDb(const fs::path& path, bool read_only = false) {
    const std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = internal::LogColumnFamilies();
    const rocksdb::DBOptions options = internal::LogDbOptions(read_only);
    rocksdb::DB* db = nullptr;
    rocksdb::Status opened =
        read_only
            ? rocksdb::DB::OpenForReadOnly(options, path.string(), descriptors, &handles_, &db)
            : rocksdb::DB::Open(options, path.string(), descriptors, &handles_, &db);
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

  rocksdb::DB& db() { return *db_; }
  const std::vector<rocksdb::ColumnFamilyHandle*>& handles() const { return handles_; }
  rocksdb::ColumnFamilyHandle* events() const { return handles_[internal::kEventsCfIndex]; }

 private:
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// Appends kEvents events with hard-to-compress payloads (so the events CF spans many
// data blocks) and a fixed clock, then closes the store. The data is then only in the
// WAL: RocksDB does not flush memtables on close when the WAL is on.
void WriteLog(const fs::path& path) {
  StoreOptions options;
  options.clock = [now = std::int64_t{1'767'600'000'000'000}]() mutable { return now += 1000; };
  auto store = testing::OpenStore(path, options);
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> letter('a', 'z');
  for (std::size_t append = 0; append < kEvents / kEventsPerAppend; ++append) {
    AppendRequest request;
    request.stream_id = "client-r01-" + std::to_string(append % 20);
    request.idempotency_key = "fill-" + std::to_string(append);
    for (std::size_t i = 0; i < kEventsPerAppend; ++i) {
      std::string note(300, ' ');
      for (char& c : note) c = static_cast<char>(letter(rng));
      request.events.push_back(testing::MakeEvent("ContactLogged", "{\"note\":\"" + note + "\"}"));
    }
    Result<AppendResult> appended = store->Append(std::move(request));
    REQUIRE(appended.ok());
  }
}

// Moves everything into SST files: flushes every column family and compacts the events.
void FlushToSst(const fs::path& path) {
  RawDb raw(path);
  rocksdb::FlushOptions flush;
  flush.wait = true;
  REQUIRE(raw.db().Flush(flush, raw.handles()).ok());
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  REQUIRE(raw.db().CompactRange(compact, raw.events(), nullptr, nullptr).ok());
}

// Every stored envelope's bytes in seq order, from a read-only store.
std::vector<std::string> RawLog(const fs::path& path) {
  StoreOptions options;
  options.read_only = true;
  auto store = testing::OpenStore(path, options);
  std::vector<std::string> log;
  Status scanned = store->ScanRaw(1, [&](std::uint64_t, std::string_view bytes) {
    log.emplace_back(bytes);
    return true;
  });
  REQUIRE(scanned.ok());
  return log;
}

std::vector<fs::path> EventsSstFiles(const fs::path& path) {
  RawDb raw(path, /*read_only=*/true);
  std::vector<rocksdb::LiveFileMetaData> files;
  raw.db().GetLiveFilesMetaData(&files);
  std::vector<fs::path> events;
  for (const rocksdb::LiveFileMetaData& file : files) {
    if (file.column_family_name == internal::kEventsCf) {
      events.push_back(path / file.relative_filename);
    }
  }
  return events;
}

std::vector<fs::path> FilesEndingWith(const fs::path& path, const std::string& suffix) {
  std::vector<fs::path> found;
  for (const fs::directory_entry& entry : fs::directory_iterator(path)) {
    const std::string name = entry.path().filename().string();
    if (name.size() >= suffix.size() && name.ends_with(suffix) && entry.file_size() > 0) {
      found.push_back(entry.path());
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

fs::path CurrentManifest(const fs::path& path) {
  std::ifstream current(path / "CURRENT");
  std::string name;
  std::getline(current, name);
  REQUIRE(!name.empty());
  return path / name;
}

void FlipByte(const fs::path& file, std::uint64_t offset) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  REQUIRE(stream);
  stream.seekg(static_cast<std::streamoff>(offset));
  char byte = 0;
  REQUIRE(stream.get(byte));
  stream.seekp(static_cast<std::streamoff>(offset));
  stream.put(static_cast<char>(byte ^ 0x5a));
  REQUIRE(stream.flush());
}

// The offsets of the physical record headers of a RocksDB/LevelDB log file (WAL or
// MANIFEST: 32 KiB blocks of records, each behind a 7-byte header of crc32c, length and
// type; a block's tail of under 7 bytes is zero padding).
std::vector<std::uint64_t> LogRecordHeaders(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  constexpr std::uint64_t kBlock = 32768;
  constexpr std::uint64_t kHeader = 7;
  std::vector<std::uint64_t> headers;
  std::uint64_t offset = 0;
  while (offset + kHeader <= bytes.size()) {
    if (kBlock - offset % kBlock < kHeader) {
      offset += kBlock - offset % kBlock;
      continue;
    }
    const auto length = static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes[offset + 4])) |
                        static_cast<std::uint64_t>(static_cast<std::uint8_t>(bytes[offset + 5]))
                            << 8;
    if (length == 0 && bytes[offset + 6] == 0) break;  // preallocated zeros
    headers.push_back(offset);
    offset += kHeader + length;
  }
  return headers;
}

enum class Outcome { kRefused, kRead, kChain, kIntact, kPrefix };

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kRefused:
      return "refused at open";
    case Outcome::kRead:
      return "caught at read";
    case Outcome::kChain:
      return "caught by chain verify";
    case Outcome::kIntact:
      return "harmless";
    case Outcome::kPrefix:
      return "tail dropped";
  }
  return "?";
}

// Reopens the damaged log as a server would (writable) and sorts out what it serves.
Outcome Examine(const fs::path& path, const std::vector<std::string>& original) {
  Result<std::unique_ptr<EventStore>> opened = EventStore::Open(path);
  if (!opened.ok()) {
    INFO(opened.status().ToString());
    CHECK((opened.status().code() == StatusCode::kCorruption ||
           opened.status().code() == StatusCode::kIOError));
    return Outcome::kRefused;
  }
  const EventStore& store = **opened;
  Result<std::vector<Envelope>> all = store.ReadAll(1, std::numeric_limits<std::size_t>::max());
  Result<replay::ChainReport> chain = replay::VerifyChain(store);
  INFO(all.status().ToString());
  REQUIRE(chain.ok());
  INFO(chain->problem);
  if (!all.ok()) {
    CHECK(all.status().code() == StatusCode::kCorruption);
    CHECK_FALSE(chain->intact);
    CHECK(chain->first_broken_seq >= 1);
    CHECK(chain->first_broken_seq <= original.size() + 1);
    return Outcome::kRead;
  }
  if (!chain->intact) {
    CHECK(chain->first_broken_seq >= 1);
    CHECK(chain->first_broken_seq <= original.size() + 1);
    return Outcome::kChain;
  }
  // An intact chain: what is served must be what was written, or a prefix of it.
  std::vector<std::string> served;
  Status scanned = store.ScanRaw(1, [&](std::uint64_t, std::string_view bytes) {
    served.emplace_back(bytes);
    return true;
  });
  REQUIRE(scanned.ok());
  REQUIRE(served.size() <= original.size());
  for (std::size_t i = 0; i < served.size(); ++i) REQUIRE(served[i] == original[i]);
  REQUIRE(all->size() == served.size());
  return served.size() == original.size() ? Outcome::kIntact : Outcome::kPrefix;
}

// A pristine log, and a scratch folder each damage case starts from a copy of it.
class Fixture {
 public:
  explicit Fixture(bool flushed)
      : pristine_(dir_.path() / "pristine"), work_(dir_.path() / "work") {
    WriteLog(pristine_);
    if (flushed) FlushToSst(pristine_);
    original_ = RawLog(pristine_);
    REQUIRE(original_.size() == kEvents);
  }
  const fs::path& pristine() const { return pristine_; }
  const std::vector<std::string>& original() const { return original_; }

  // Damages a fresh copy of the pristine log with `damage(file in the copy)` for the
  // pristine file `file`, then examines it; tallies the outcome under `label`, noting
  // `where` (for the summary a failing or `-s` run prints).
  template <typename Damage>
  Outcome Run(const std::string& label, std::uint64_t where, const fs::path& file, Damage damage) {
    fs::remove_all(work_);
    fs::copy(pristine_, work_, fs::copy_options::recursive);
    damage(work_ / file.filename());
    Outcome outcome = Examine(work_, original_);
    tally_[label][outcome].push_back(where);
    return outcome;
  }

  std::string Summary() const {
    std::string text;
    for (const auto& [label, counts] : tally_) {
      text += label + ":";
      for (const auto& [outcome, places] : counts) {
        text +=
            " " + std::string(OutcomeName(outcome)) + " " + std::to_string(places.size()) + " (at";
        for (std::uint64_t place : places) text += " " + std::to_string(place);
        text += ")";
      }
      text += "\n";
    }
    return text;
  }

 private:
  testing::TempDir dir_;
  fs::path pristine_;
  fs::path work_;
  std::vector<std::string> original_;
  std::map<std::string, std::map<Outcome, std::vector<std::uint64_t>>> tally_;
};

// Offsets into a file of `size` bytes: `steps` evenly spaced ones, then `size - back`
// for each of `from_end`.
std::vector<std::uint64_t> SpreadOffsets(std::uint64_t size, std::uint64_t steps,
                                         const std::vector<std::uint64_t>& from_end) {
  std::vector<std::uint64_t> offsets;
  for (std::uint64_t i = 0; i < steps; ++i) offsets.push_back(size * i / steps);
  for (std::uint64_t back : from_end) {
    if (back <= size) offsets.push_back(size - back);
  }
  return offsets;
}

TEST_CASE("flipped and cut bytes in the events' SST files are never served",
          "[store][corruption]") {
  Fixture fixture(/*flushed=*/true);
  const std::vector<fs::path> ssts = EventsSstFiles(fixture.pristine());
  REQUIRE(!ssts.empty());
  for (const fs::path& sst : ssts) {
    const std::uint64_t size = fs::file_size(sst);
    INFO(sst.filename().string() << " of " << size << " bytes");
    // Through the data blocks, then into the index, properties and 53-byte footer.
    for (std::uint64_t offset : SpreadOffsets(size, 24, {1, 8, 12, 40, 53, 60, 200, 1000})) {
      INFO("flip at " << offset);
      const Outcome outcome = fixture.Run("sst flip", offset, sst,
                                          [&](const fs::path& file) { FlipByte(file, offset); });
      // The middle of the file is data blocks, whose checksums a full scan checks.
      if (offset == size / 2) CHECK((outcome == Outcome::kRefused || outcome == Outcome::kRead));
      CHECK(outcome != Outcome::kPrefix);
    }
    for (std::uint64_t keep : {std::uint64_t{0}, size / 3, size / 2, size - 1}) {
      INFO("cut to " << keep);
      const Outcome outcome = fixture.Run(
          "sst cut", keep, sst, [&](const fs::path& file) { fs::resize_file(file, keep); });
      CHECK(outcome == Outcome::kRefused);
    }
    INFO("deleted");
    const Outcome deleted =
        fixture.Run("sst deleted", 0, sst, [](const fs::path& file) { fs::remove(file); });
    CHECK(deleted == Outcome::kRefused);
  }
  INFO(fixture.Summary());
  SUCCEED();
}

TEST_CASE("flipped and cut bytes in the MANIFEST are never served", "[store][corruption]") {
  Fixture fixture(/*flushed=*/true);
  const fs::path manifest = CurrentManifest(fixture.pristine());
  const std::uint64_t size = fs::file_size(manifest);
  INFO(manifest.filename().string() << " of " << size << " bytes");
  for (std::uint64_t offset : SpreadOffsets(size, 16, {1, 7})) {
    INFO("flip at " << offset);
    const Outcome outcome = fixture.Run("manifest flip", offset, manifest,
                                        [&](const fs::path& file) { FlipByte(file, offset); });
    CHECK(outcome != Outcome::kPrefix);
  }
  for (std::uint64_t keep : {size / 4, size / 2, size - 1}) {
    INFO("cut to " << keep);
    const Outcome outcome = fixture.Run("manifest cut", keep, manifest,
                                        [&](const fs::path& file) { fs::resize_file(file, keep); });
    CHECK(outcome != Outcome::kPrefix);
  }
  INFO(fixture.Summary());
  SUCCEED();
}

TEST_CASE("flipped and cut bytes in the WAL are refused", "[store][corruption]") {
  Fixture fixture(/*flushed=*/false);
  const std::vector<fs::path> wals = FilesEndingWith(fixture.pristine(), ".log");
  REQUIRE(wals.size() == 1);
  const fs::path& wal = wals.front();
  const std::uint64_t size = fs::file_size(wal);
  const std::vector<std::uint64_t> headers = LogRecordHeaders(wal);
  REQUIRE(headers.size() > 2);
  INFO(wal.filename().string() << " of " << size << " bytes, " << headers.size() << " records");

  // A flipped byte inside a record fails its crc32c wherever it is, the last record
  // included: RocksDB tolerates only a record cut short at the end.
  for (std::uint64_t offset : SpreadOffsets(size, 16, {1, 100})) {
    INFO("flip at " << offset);
    const Outcome outcome =
        fixture.Run("wal flip", offset, wal, [&](const fs::path& file) { FlipByte(file, offset); });
    CHECK(outcome == Outcome::kRefused);
  }
  {
    // The length of the last record made longer than the file: a torn write to RocksDB.
    INFO("flip in the last record's length");
    const Outcome outcome =
        fixture.Run("wal last length", headers.back() + 5, wal,
                    [&](const fs::path& file) { FlipByte(file, headers.back() + 5); });
    CHECK(outcome == Outcome::kRefused);
  }
  for (std::uint64_t keep : {size / 2, size - 1, headers.back() + 3}) {
    INFO("cut to " << keep);
    const Outcome outcome = fixture.Run("wal cut", keep, wal,
                                        [&](const fs::path& file) { fs::resize_file(file, keep); });
    CHECK(outcome == Outcome::kRefused);
  }
  INFO(fixture.Summary());
  SUCCEED();
}

// Rewrites the envelope at `seq` with another payload, keeping its prev_hash, as an
// attacker with access to the files (but not to the hashes after it) could.
void RewritePayload(const fs::path& path, std::uint64_t seq) {
  RawDb raw(path);
  std::string value;
  REQUIRE(raw.db().Get(rocksdb::ReadOptions(), raw.events(), internal::EventKey(seq), &value).ok());
  Result<Envelope> envelope = DecodeEnvelope(value);
  REQUIRE(envelope.ok());
  envelope->payload = "{\"note\":\"nothing happened\"}";
  rocksdb::WriteOptions sync;
  sync.sync = true;
  REQUIRE(
      raw.db().Put(sync, raw.events(), internal::EventKey(seq), EncodeEnvelope(*envelope)).ok());
}

void DeleteEvent(const fs::path& path, std::uint64_t seq) {
  RawDb raw(path);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  REQUIRE(raw.db().Delete(sync, raw.events(), internal::EventKey(seq)).ok());
}

// Overwrites the event at `to` with the stored bytes of the event at `from`.
void CopyEvent(const fs::path& path, std::uint64_t from, std::uint64_t to) {
  RawDb raw(path);
  std::string value;
  REQUIRE(
      raw.db().Get(rocksdb::ReadOptions(), raw.events(), internal::EventKey(from), &value).ok());
  rocksdb::WriteOptions sync;
  sync.sync = true;
  REQUIRE(raw.db().Put(sync, raw.events(), internal::EventKey(to), value).ok());
}

replay::ChainReport VerifyReadOnly(const fs::path& path) {
  StoreOptions options;
  options.read_only = true;
  auto store = testing::OpenStore(path, options);
  Result<replay::ChainReport> report = replay::VerifyChain(*store);
  REQUIRE(report.ok());
  return *report;
}

TEST_CASE("an envelope rewritten through RocksDB breaks the chain at its seq",
          "[store][corruption]") {
  testing::TempDir dir;
  WriteLog(dir.path());
  REQUIRE(VerifyReadOnly(dir.path()).intact);
  const std::uint64_t seq = GENERATE(std::uint64_t{1}, std::uint64_t{1234}, std::uint64_t{kEvents});
  INFO("rewritten seq " << seq);
  RewritePayload(dir.path(), seq);

  const replay::ChainReport report = VerifyReadOnly(dir.path());
  INFO(report.problem);
  CHECK_FALSE(report.intact);
  CHECK(report.first_broken_seq == seq);

  // A writer refuses a log whose last event no longer matches its head record.
  Result<std::unique_ptr<EventStore>> writable = EventStore::Open(dir.path());
  if (seq == kEvents) {
    REQUIRE_FALSE(writable.ok());
    CHECK(writable.status().code() == StatusCode::kCorruption);
  }
}

TEST_CASE("an event deleted through RocksDB is named by the chain verify", "[store][corruption]") {
  testing::TempDir dir;
  WriteLog(dir.path());
  const std::uint64_t seq = GENERATE(std::uint64_t{1}, std::uint64_t{777}, std::uint64_t{kEvents});
  INFO("deleted seq " << seq);
  DeleteEvent(dir.path(), seq);

  const replay::ChainReport report = VerifyReadOnly(dir.path());
  INFO(report.problem);
  CHECK_FALSE(report.intact);
  CHECK(report.first_broken_seq == seq);

  Result<std::unique_ptr<EventStore>> writable = EventStore::Open(dir.path());
  if (seq == kEvents) {
    REQUIRE_FALSE(writable.ok());
    CHECK(writable.status().code() == StatusCode::kCorruption);
  }
}

TEST_CASE("an envelope stored under another seq is served by no read", "[store][corruption]") {
  testing::TempDir dir;
  WriteLog(dir.path());
  CopyEvent(dir.path(), 10, 11);  // seq 11's key now holds the envelope of seq 10
  StoreOptions options;
  options.read_only = true;
  auto store = testing::OpenStore(dir.path(), options);

  Result<std::vector<Envelope>> by_seq = store->ReadEvents({9, 11});  // an index's read
  REQUIRE_FALSE(by_seq.ok());
  CHECK(by_seq.status().code() == StatusCode::kCorruption);
  CHECK_THAT(by_seq.status().message(), Catch::Contains("seq 11: the envelope claims seq 10"));
  Result<std::vector<Envelope>> scanned = store->ReadAll(11, 1);
  CHECK(scanned.status().code() == StatusCode::kCorruption);
  CHECK(store->ReadEvents({9, 10, 12}).ok());  // the others still read
}

}  // namespace
}  // namespace prospekt::store
