// `prospekt replay` and `prospekt query`, run as the built binary (PROSPEKT_CLI) against
// a tiny demo bank: answers as JSON, as-of answers from the past, one-line errors.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "tests/test_support.h"

namespace prospekt::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliRun;
using testing::RunProspekt;

// A tiny demo bank in `dir`/data, made once per test case through the CLI.
std::string TinyBank(const testing::TempDir& dir) {
  const std::string data = (dir.path() / "data").string();
  const CliRun demo = RunProspekt(dir, "demo --no-serve --data '" + data +
                                      "' --regions 1 --branches 2 --employees 4 --clients 20 --days 3");
  INFO(demo.err);
  REQUIRE(demo.exit_code == 0);
  return "--data '" + data + "' ";
}

json Answer(const testing::TempDir& dir, const std::string& arguments) {
  const CliRun run = RunProspekt(dir, arguments);
  INFO(arguments << "\n" << run.err);
  REQUIRE(run.exit_code == 0);
  return json::parse(run.out);
}

TEST_CASE("prospekt query answers from the projections, now and as of a seq",
          "[cli][projections]") {
  testing::TempDir dir;
  const std::string data = TinyBank(dir);

  const json card = Answer(dir, "query card " + data + "--client r01-b01-c00001");
  const std::uint64_t head = card["head_seq"];
  CHECK(card["as_of_seq"] == head);
  CHECK(card["result"]["client_id"] == "r01-b01-c00001");
  CHECK(card["result"]["branch_id"] == "r01-b01");
  CHECK(card["result"]["contacts"].get<int>() > 0);

  // Before any contact the card shows none; the registration is old enough.
  const std::uint64_t registered = card["result"]["last_seq"].get<std::uint64_t>();
  const json trail = Answer(dir, "query trail " + data + "--client r01-b01-c00001");
  REQUIRE(trail["result"].size() >= 2);
  CHECK(trail["result"][0]["event_type"] == "ClientRegistered");
  const std::uint64_t registered_at = trail["result"][0]["seq"];
  const json early = Answer(dir, "query card " + data + "--client r01-b01-c00001 --as-of-seq " +
                                     std::to_string(registered_at));
  CHECK(early["as_of_seq"] == registered_at);
  CHECK(early["result"]["contacts"] == 0);
  CHECK(early["result"]["last_seq"] == registered_at);
  CHECK(registered >= registered_at);

  const json dashboard =
      Answer(dir, "query dashboard " + data + "--branch r01-b01 --week 2026-W02");
  CHECK(dashboard["result"]["employees"].size() == 4);
  CHECK(dashboard["result"]["pipeline"]["clients"].get<int>() > 0);

  const json before_registration = Answer(
      dir, "query dashboard " + data + "--branch r01-b01 --week 2026-W02 --as-of-seq 3");
  CHECK(before_registration["result"]["pipeline"]["clients"] == 0);

  for (const char* what : {"head-office", "industry", "compliance"}) {
    const json answer = Answer(dir, std::string("query ") + what + " " + data);
    CHECK_FALSE(answer["result"].is_null());
  }
  const json history = Answer(dir, "query history " + data +
                                       "--employee r01-b01-e03 --type ContactLogged --limit 5");
  CHECK(history["result"].size() == 5);
  CHECK(history["result"][0]["event_type"] == "ContactLogged");
  const json agenda =
      Answer(dir, "query agenda " + data + "--employee r01-b01-e03 --now 2026-01-07");
  CHECK(agenda["result"].contains("overdue"));
}

TEST_CASE("prospekt replay rebuilds to the same answers", "[cli][projections]") {
  testing::TempDir dir;
  const std::string data = TinyBank(dir);
  const json before = Answer(dir, "query head-office " + data);
  const CliRun replay = RunProspekt(dir, "replay " + data + "--rebuild all");
  INFO(replay.err);
  REQUIRE(replay.exit_code == 0);
  CHECK_THAT(replay.out, Catch::Contains("events/s"));
  CHECK(Answer(dir, "query head-office " + data) == before);
  CHECK(fs::exists(dir.path() / "data.views"));
}

TEST_CASE("prospekt query and replay refuse bad input with one line, exit 2",
          "[cli][projections]") {
  testing::TempDir dir;
  const std::string data = TinyBank(dir);
  // GENERATE runs once and keeps its values across the runs of this case, while each
  // run has its own folder: the values hold "DATA" and "MISSING" for the run's paths.
  std::string arguments = GENERATE(as<std::string>{},
      "replay DATA --rebuild nothing_like_it",
      "query dashboard DATA --branch r01-b01 --week 2026-W99",
      "query dashboard DATA --week 2026-W02",
      "query card DATA",
      "query card DATA --client x --as-of yesterday",
      "query card DATA --client x --as-of 2026-01-01 --as-of-seq 4",
      "query weather DATA",
      "query card MISSING --client x");
  const std::string missing = "--data '" + (dir.path() / "missing").string() + "'";
  for (const auto& [marker, value] : {std::pair<std::string, std::string>{"DATA", data},
                                      {"MISSING", missing}}) {
    if (auto at = arguments.find(marker); at != std::string::npos) {
      arguments.replace(at, marker.size(), value);
    }
  }
  INFO(arguments);
  const CliRun run = RunProspekt(dir, arguments);
  CHECK(run.exit_code == 2);
  INFO(run.err);
  CHECK(run.err.rfind("prospekt: invalid_argument: ", 0) == 0);
  CHECK(run.err.find('\n') == run.err.size() - 1);
  CHECK_FALSE(fs::exists(dir.path() / "missing"));
}

TEST_CASE("prospekt query of an unknown client exits 2 naming it", "[cli][projections]") {
  testing::TempDir dir;
  const std::string data = TinyBank(dir);
  const CliRun run = RunProspekt(dir, "query card " + data + "--client nobody");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("no client nobody"));
}

}  // namespace
}  // namespace prospekt::app
