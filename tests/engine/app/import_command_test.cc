// `prospekt import`, run as the built binary (PROSPEKT_CLI) against a tiny demo bank:
// all or nothing (a refused row or a dry run writes nothing), a re-run imports nothing
// twice, duplicates refused or skipped as asked, and one-line errors.
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/test_support.h"

namespace prospekt::app {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::RunProspekt;

// A valid ИНН of a legal entity (10 digits, the control digit right).
constexpr const char* kTaxId = "7707083893";

struct Bank {
  testing::TempDir dir;
  std::string data;  // "--data '<dir>' "

  Bank() {
    const std::string folder = (dir.path() / "data").string();
    const CliRun demo = RunProspekt(dir, "demo --no-serve --data '" + folder +
                                             "' --regions 1 --branches 2 --employees 4 "
                                             "--clients 10 --days 1");
    INFO(demo.err);
    REQUIRE(demo.exit_code == 0);
    data = "--data '" + folder + "' ";
  }

  std::string File(const std::string& name, const std::string& text) const {
    const fs::path path = dir.path() / name;
    std::ofstream(path) << text;
    return "--file '" + path.string() + "' ";
  }

  CliRun Run(const std::string& arguments) const { return RunProspekt(dir, arguments); }

  std::uint64_t Head() const {
    const CliRun head = Run("head " + data);
    REQUIRE(head.exit_code == 0);
    return std::stoull(head.out.substr(head.out.find("seq ") + 4));
  }
};

const std::string kClients =
    "client_id,kind,name,tax_id,phones,branch_id,source\n"
    "imp-1,legal_entity,ООО «Импорт Первый»," +
    std::string(kTaxId) +
    ",+7 495 111-22-33,r01-b01,exhibition\n"
    "imp-2,individual,Петров Пётр Петрович,,,r01-b01,referral\n"
    "imp-3,legal_entity,\"АО \"\"Импорт Третий\"\"\",,,r01-b02,internet\n";

TEST_CASE("prospekt import registers a file's clients once, as the employee given",
          "[cli][import]") {
  const Bank bank;
  const std::string file = bank.File("clients.csv", kClients);
  const std::uint64_t before = bank.Head();

  CliRun run = bank.Run("import " + bank.data + file + "--as ho-001 --dry-run");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out ==
        "dry run: 3 of 3 rows would be registered, 0 already registered, 0 duplicates "
        "skipped; nothing written\n");
  CHECK(bank.Head() == before);

  run = bank.Run("import " + bank.data + file + "--as ho-001");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Matchers::StartsWith("imported 3 clients in "));
  CHECK_THAT(run.out, Catch::Matchers::Contains("(seq " + std::to_string(before + 1) + ".." +
                                                std::to_string(before + 3) + ")"));
  CHECK(bank.Head() == before + 3);

  const CliRun stream = bank.Run("read " + bank.data + "--stream client-imp-3");
  REQUIRE(stream.exit_code == 0);
  CHECK_THAT(stream.out, Catch::Matchers::Contains("\"actor\":\"ho-001\""));
  CHECK_THAT(stream.out, Catch::Matchers::Contains("\"correlation_id\":\"import:clients.csv:"));
  CHECK_THAT(stream.out, Catch::Matchers::Contains("\"source\":\"internet\""));
  CHECK_THAT(stream.out, Catch::Matchers::Contains(R"(АО \"Импорт Третий\")"));

  // The same file again: every row is there already.
  run = bank.Run("import " + bank.data + file + "--as ho-001");
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Matchers::Contains("imported 0 clients"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("3 already registered"));
  CHECK(bank.Head() == before + 3);
}

TEST_CASE("prospekt import writes nothing when any row is refused or unreadable", "[cli][import]") {
  const Bank bank;
  const std::uint64_t before = bank.Head();

  // A branch employee may register only their own branch's clients (imp-3 is in b02).
  CliRun run =
      bank.Run("import " + bank.data + bank.File("clients.csv", kClients) + "--as r01-b01-e01");
  CHECK(run.exit_code == 2);
  CHECK(run.out.empty());
  CHECK(run.err ==
        "prospekt: line 4: only staff of branch r01-b02 register its clients\n"
        "prospekt: failed_precondition: 1 of 3 rows refused; nothing imported (field: file)\n");
  CHECK(bank.Head() == before);

  run = bank.Run("import " + bank.data +
                 bank.File("bad.csv",
                           "client_id,kind,name,branch_id\n"
                           "x-1,legal_entity,Fine,r01-b01\n"
                           "x-2,company,Bad,r01-b01\n") +
                 "--as ho-001");
  CHECK(run.exit_code == 2);
  CHECK(run.err ==
        "prospekt: line 3: kind: kind must be one of legal_entity, individual, not 'company'\n"
        "prospekt: invalid_argument: 1 of 2 rows cannot be read; nothing imported (field: "
        "file)\n");
  CHECK(bank.Head() == before);
}

TEST_CASE("prospekt import refuses duplicates, or skips them when asked", "[cli][import]") {
  const Bank bank;
  REQUIRE(bank.Run("import " + bank.data + bank.File("clients.csv", kClients) + "--as ho-001")
              .exit_code == 0);
  const std::uint64_t before = bank.Head();
  const std::string again = bank.File(
      "more.jsonl",
      R"({"client_id":"new-1","kind":"legal_entity","name":"ООО «Совсем Новый»","branch_id":"r01-b01"})"
      "\n"
      R"({"client_id":"new-2","kind":"legal_entity","name":"Другое имя","tax_id":")" +
          std::string(kTaxId) +
          R"(","branch_id":"r01-b01"})"
          "\n");

  CliRun run = bank.Run("import " + bank.data + again + "--as ho-001");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Matchers::StartsWith(
                          "prospekt: line 2: tax_id: duplicate of client imp-1 (same tax_id)\n"));
  CHECK(bank.Head() == before);

  run = bank.Run("import " + bank.data + again + "--as ho-001 --on-duplicate skip");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.err, Catch::Matchers::Contains(
                          "prospekt: skipped line 2: tax_id: duplicate of client imp-1"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("imported 1 clients"));
  CHECK_THAT(run.out, Catch::Matchers::Contains("1 duplicates skipped"));
  CHECK(bank.Head() == before + 1);
}

TEST_CASE("prospekt import takes a long Cyrillic file name and an upper-case extension",
          "[cli][import]") {
  const Bank bank;
  // 136 bytes of name: the correlation id is shortened to the store's 128-byte limit.
  const std::string name =
      "Список_потенциальных_клиентов_выставка_Иннопром_2026_отдел_продаж_Самара.CSV";
  REQUIRE(name.size() > 128);
  const CliRun run = bank.Run("import " + bank.data + bank.File(name, kClients) + "--as ho-001");
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Matchers::StartsWith("imported 3 clients in "));
  const CliRun stream = bank.Run("read " + bank.data + "--stream client-imp-1");
  REQUIRE(stream.exit_code == 0);
  const std::size_t at = stream.out.find("\"correlation_id\":\"import:Список_");
  REQUIRE(at != std::string::npos);
  const std::size_t end = stream.out.find('"', at + 18);
  CHECK(end - (at + 18) <= 128);
}

TEST_CASE("prospekt import: bad arguments are one line and exit 2", "[cli][import]") {
  const Bank bank;
  const std::string file = bank.File("clients.csv", kClients);
  const std::pair<std::string, std::string> cases[] = {
      {"--as nobody", "prospekt: not_found: no employee nobody in the bank's staff (field: as)"},
      {"--as ho-001 --on-duplicate merge",
       "prospekt: invalid_argument: on-duplicate must be refuse, skip or force (field: "
       "on_duplicate)"},
      {"--as ho-001 --format xlsx",
       "prospekt: invalid_argument: format must be csv or jsonl (field: format)"},
      {"--as ho-001 --delimiter ';;'",
       "prospekt: invalid_argument: the delimiter is one character other than '\"' (or tab) "
       "(field: delimiter)"},
  };
  for (const auto& [arguments, line] : cases) {
    const CliRun run = bank.Run("import " + bank.data + file + arguments);
    INFO(arguments);
    CHECK(run.exit_code == 2);
    CHECK(run.err == line + "\n");
  }
  const CliRun missing = bank.Run("import --data '" + (bank.dir.path() / "nothing").string() +
                                  "' " + file + "--as ho-001");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Matchers::StartsWith("prospekt: invalid_argument: no log folder"));
}

}  // namespace
}  // namespace prospekt::app
