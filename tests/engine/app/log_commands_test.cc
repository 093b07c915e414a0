// `prospekt head`, `verify` and `read`, run as the built binary (PROSPEKT_CLI): what they
// print on a small log, and one readable line (exit 2) for a folder that is not there
// (for every command that needs a log), which they must never create, or one that holds
// no log.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/test_support.h"

namespace prospekt::app {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::RunProspekt;

TEST_CASE("prospekt verify walks a small log's chain and names its head", "[cli][verify]") {
  testing::TempDir dir;
  const std::string data = "--data '" + (dir.path() / "data").string() + "'";
  const CliRun sample = RunProspekt(dir, "sample " + data + " --events 40");
  INFO(sample.err);
  REQUIRE(sample.exit_code == 0);
  // The sample stops after the append that reaches the count, so it may write a few more
  // (41 for 40); it says how many.
  REQUIRE_THAT(sample.out, Catch::StartsWith("appended "));
  const std::string count = sample.out.substr(9, sample.out.find(' ', 9) - 9);
  CHECK(std::stoul(count) >= 40);

  const CliRun verify = RunProspekt(dir, "verify " + data);
  INFO(verify.err);
  CHECK(verify.exit_code == 0);
  CHECK_THAT(verify.out, Catch::StartsWith("chain intact: " + count + " events verified in "));
  const CliRun head = RunProspekt(dir, "head " + data);
  CHECK(head.exit_code == 0);
  CHECK_THAT(head.out, Catch::StartsWith("head: seq " + count + ", hash "));
  // The head hash verify prints is the one head prints.
  const std::string hash = head.out.substr(head.out.find("hash ") + 5, 64);
  CHECK_THAT(verify.out, Catch::Contains("head hash " + hash));
}

TEST_CASE("every command that needs a log, given a missing folder, exits 2 and creates nothing",
          "[cli][verify]") {
  testing::TempDir dir;
  const fs::path missing = dir.path() / "no-such-bank";
  const std::string command =
      GENERATE(as<std::string>{}, "head", "verify", "read", "open", "export --format csv",
               "replay --rebuild all", "query card --client c1", "user list");
  INFO(command);
  const CliRun run = RunProspekt(dir, command + " --data '" + missing.string() + "'");
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "prospekt: invalid_argument: no log folder at " + missing.string() + " (field: data)\n");
  CHECK(run.out.empty());
  CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("prospekt serve and sample refuse a file or a folder of other files as --data",
          "[cli][verify]") {
  testing::TempDir dir;
  const fs::path notes = dir.path() / "notes.txt";
  std::ofstream(notes) << "not a log\n";
  const CliRun on_file = RunProspekt(dir, "serve --port 0 --data '" + notes.string() + "'");
  CHECK(on_file.exit_code == 2);
  CHECK_THAT(on_file.err, Catch::EndsWith(": invalid_argument: " + notes.string() +
                                          " is not a folder (field: data)\n"));
  const CliRun among = RunProspekt(dir, "sample --data '" + dir.path().string() + "'");
  CHECK(among.exit_code == 2);
  CHECK(among.err == "prospekt: invalid_argument: " + dir.path().string() +
                         " holds files but no Prospekt log (field: data)\n");
  CHECK_FALSE(fs::exists(dir.path() / "CURRENT"));
}

TEST_CASE("prospekt verify of an empty folder says it holds no log", "[cli][verify]") {
  testing::TempDir dir;
  const fs::path empty = dir.path() / "empty";
  fs::create_directory(empty);
  const CliRun run = RunProspekt(dir, "verify --data '" + empty.string() + "'");
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "prospekt: invalid_argument: " + empty.string() + " holds no Prospekt log (field: data)\n");
  CHECK(fs::is_empty(empty));
}

}  // namespace
}  // namespace prospekt::app
