// The head mark beside the RocksDB files, and how Open and verify use it to catch a
// log that lost acknowledged events without RocksDB noticing.
#include "engine/store/internal/head_mark.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::store {
namespace {

using testing::MakeAppend;
using testing::OpenStore;
using testing::TempDir;

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TEST_CASE("the head mark round-trips and refuses damage", "[store][head_mark]") {
  TempDir dir;
  Result<std::optional<LogHead>> none = internal::ReadHeadMark(dir.path());
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());

  const LogHead head{4711, HashEnvelopeBytes("x"), 0};
  REQUIRE(internal::WriteHeadMark(dir.path(), head).ok());
  Result<std::optional<LogHead>> read = internal::ReadHeadMark(dir.path());
  REQUIRE(read.ok());
  REQUIRE(read->has_value());
  CHECK((*read)->last_seq == 4711);
  CHECK((*read)->hash == head.hash);

  const std::filesystem::path file = dir.path() / internal::kHeadMarkFile;
  for (const char* damaged :
       {"", "prospekt-head/1 12\n", "prospekt-head/2 1 00\n",
        "prospekt-head/1 x 0000000000000000000000000000000000000000000000000000000000000000\n",
        "prospekt-head/1 5 zz00000000000000000000000000000000000000000000000000000000000000\n",
        "prospekt-head/1 5 0000000000000000000000000000000000000000000000000000000000000000"}) {
    INFO("mark \"" << damaged << "\"");
    WriteFile(file, damaged);
    CHECK(internal::ReadHeadMark(dir.path()).status().code() == StatusCode::kCorruption);
  }
}

TEST_CASE("closing the store marks its head", "[store][head_mark]") {
  TempDir dir;
  LogHead head;
  {
    auto store = OpenStore(dir.path());
    for (int i = 0; i < 3; ++i) REQUIRE(store->Append(MakeAppend("client-m")).ok());
    head = store->Head();
  }
  Result<std::optional<LogHead>> mark = internal::ReadHeadMark(dir.path());
  REQUIRE(mark.ok());
  REQUIRE(mark->has_value());
  CHECK((*mark)->last_seq == 3);
  CHECK((*mark)->hash == head.hash);
}

TEST_CASE("a log that falls short of its head mark is refused and named", "[store][head_mark]") {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    for (int i = 0; i < 5; ++i) REQUIRE(store->Append(MakeAppend("client-m")).ok());
  }
  // As if seq 9 had been acknowledged and then lost with a file cut short.
  REQUIRE(internal::WriteHeadMark(dir.path(), LogHead{9, HashEnvelopeBytes("lost"), 0}).ok());

  Result<std::unique_ptr<EventStore>> writable = EventStore::Open(dir.path());
  REQUIRE(writable.status().code() == StatusCode::kCorruption);
  CHECK_THAT(writable.status().message(), Catch::Contains("seq 9 was acknowledged"));

  // The refused open left the evidence as it was; verify names where the log stops.
  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = OpenStore(dir.path(), read_only);
  Result<replay::ChainReport> report = replay::VerifyChain(*reader);
  REQUIRE(report.ok());
  CHECK_FALSE(report->intact);
  CHECK(report->first_broken_seq == 6);
}

TEST_CASE("an event that differs from the marked one is refused and named", "[store][head_mark]") {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    for (int i = 0; i < 5; ++i) REQUIRE(store->Append(MakeAppend("client-m")).ok());
  }
  REQUIRE(internal::WriteHeadMark(dir.path(), LogHead{3, HashEnvelopeBytes("other"), 0}).ok());
  CHECK(EventStore::Open(dir.path()).status().code() == StatusCode::kCorruption);

  StoreOptions read_only;
  read_only.read_only = true;
  auto reader = OpenStore(dir.path(), read_only);
  Result<replay::ChainReport> report = replay::VerifyChain(*reader);
  REQUIRE(report.ok());
  CHECK_FALSE(report->intact);
  CHECK(report->first_broken_seq == 3);
}

}  // namespace
}  // namespace prospekt::store
