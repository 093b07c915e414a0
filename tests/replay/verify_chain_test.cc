// Chain verification of intact logs. Damaged logs are in
// tests/engine/store/corruption_test.cc.
#include "replay/verify_chain.h"

#include <catch2/catch.hpp>

#include "tests/test_support.h"

namespace prospekt::replay {
namespace {

using testing::MakeAppend;
using testing::OpenStore;
using testing::TempDir;

TEST_CASE("an empty log verifies", "[replay][verify]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  Result<ChainReport> report = VerifyChain(*store);
  REQUIRE(report.ok());
  CHECK(report->intact);
  CHECK(report->events_checked == 0);
  CHECK(report->head.hash == kGenesisHash);
}

TEST_CASE("an intact log verifies to the store's head, with progress", "[replay][verify]") {
  TempDir dir;
  auto store = OpenStore(dir.path());
  for (int i = 0; i < 25; ++i) {
    REQUIRE(store->Append(MakeAppend("client-v" + std::to_string(i % 4))).ok());
  }
  std::vector<std::uint64_t> progress;
  Result<ChainReport> report = VerifyChain(
      *store, [&](std::uint64_t seq) { progress.push_back(seq); }, 10);
  REQUIRE(report.ok());
  CHECK(report->intact);
  CHECK(report->events_checked == 25);
  CHECK(report->head.last_seq == 25);
  CHECK(report->head.hash == store->Head().hash);
  CHECK(progress == std::vector<std::uint64_t>{10, 20});
}

}  // namespace
}  // namespace prospekt::replay
