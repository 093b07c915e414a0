// Import rows, CSV and JSON lines, read into RegisterClient commands through the API's
// strict mapping: columns by name, lists and booleans in cells, every unreadable row
// named with its line and field while the others are still read, and the file-wide
// problems (header, too many rows) refusing the whole read.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/api/client_import.h"

namespace prospekt::api {
namespace {

ImportRows Read(std::string_view text, ImportFormat format, char delimiter = ',') {
  Result<ImportRows> rows = ReadClientRows(text, format, delimiter);
  INFO(rows.status().ToString());
  REQUIRE(rows.ok());
  return std::move(rows).value();
}

TEST_CASE("import: a CSV row fills its RegisterClient, columns in any order", "[api][import]") {
  const ImportRows read = Read(
      "branch_id,name,client_id,kind,phones,emails,tax_id,source,status,force,industry,address\n"
      "b1,ООО «Лютик»,c9,legal_entity,+7 495 111-22-33; +7 495 111-22-34,,7736207543,"
      "exhibition,bank_client,true,retail,\"Москва, ул. Ленина, 1\"\n",
      ImportFormat::kCsv);
  REQUIRE(read.errors.empty());
  REQUIRE(read.rows.size() == 1);
  const domain::RegisterClient& client = read.rows[0].command;
  CHECK(read.rows[0].line == 2);
  CHECK(client.client_id == "c9");
  CHECK(client.kind == domain::ClientKind::kLegalEntity);
  CHECK(client.name == "ООО «Лютик»");
  CHECK(client.phones == std::vector<std::string>{"+7 495 111-22-33", "+7 495 111-22-34"});
  CHECK(client.emails.empty());  // an empty cell leaves the field out
  CHECK(client.tax_id == "7736207543");
  CHECK(client.source == domain::ClientSource::kExhibition);
  CHECK(client.status == domain::ClientStatus::kBankClient);
  CHECK(client.force);
  CHECK(client.industry == "retail");
  CHECK(client.address == "Москва, ул. Ленина, 1");
}

TEST_CASE("import: CSV and JSON lines of the same rows give the same commands", "[api][import]") {
  const ImportRows csv = Read(
      "client_id;kind;name;branch_id;emails\n"
      "c1;individual;Иванов Пётр;b1;\"a@x.ru;b@x.ru\"\n"
      "c2;legal_entity;\"АО \"\"Ветер\"\"\";b2;\n",
      ImportFormat::kCsv, ';');
  const ImportRows jsonl = Read(
      R"({"client_id":"c1","kind":"individual","name":"Иванов Пётр","branch_id":"b1","emails":["a@x.ru","b@x.ru"]})"
      "\n\n"
      R"({"client_id":"c2","kind":"legal_entity","name":"АО \"Ветер\"","branch_id":"b2"})"
      "\n",
      ImportFormat::kJsonLines);
  REQUIRE(csv.errors.empty());
  REQUIRE(jsonl.errors.empty());
  REQUIRE(csv.rows.size() == 2);
  REQUIRE(jsonl.rows.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) CHECK(csv.rows[i].command == jsonl.rows[i].command);
  CHECK(jsonl.rows[1].line == 3);  // the empty line counts
  CHECK(csv.rows[1].command.name == "АО \"Ветер\"");
}

TEST_CASE("import: every unreadable row is named with its line and field", "[api][import]") {
  const ImportRows read = Read(
      "client_id,kind,name,branch_id,force\n"
      "c1,legal_entity,Good,b1,\n"
      "c2,company,Bad kind,b1,\n"
      "c3,legal_entity,Bad force,b1,yes\n"
      "c4,legal_entity,Short row\n"
      ",legal_entity,No id,b1,\n"
      "c6,individual,Good too,b1,false\n",
      ImportFormat::kCsv);
  REQUIRE(read.rows.size() == 2);
  CHECK(read.rows[0].command.client_id == "c1");
  CHECK(read.rows[1].command.client_id == "c6");
  REQUIRE(read.errors.size() == 4);
  CHECK(read.errors[0].line == 3);
  CHECK(read.errors[0].status.field() == "kind");
  CHECK(read.errors[1].line == 4);
  CHECK(read.errors[1].status.field() == "force");
  CHECK(read.errors[2].line == 5);
  CHECK(read.errors[2].status.field() == "columns");
  CHECK(read.errors[3].line == 6);
  CHECK(read.errors[3].status.field() == "client_id");  // required: an empty cell leaves it out
}

TEST_CASE("import: a JSON line is held to the API's body rules", "[api][import]") {
  const ImportRows read = Read(
      "{\"client_id\":\"c1\",\"kind\":\"legal_entity\",\"name\":\"A\",\"branch_id\":\"b1\","
      "\"colour\":\"red\"}\n"
      "not json\n"
      "{\"client_id\":\"c3\",\"kind\":\"legal_entity\",\"name\":\"C\",\"branch_id\":\"b1\","
      "\"phones\":\"+7 495 111-22-33\"}\n",
      ImportFormat::kJsonLines);
  CHECK(read.rows.empty());
  REQUIRE(read.errors.size() == 3);
  CHECK(read.errors[0].status.field() == "colour");
  CHECK(read.errors[1].line == 2);
  CHECK(read.errors[2].status.field() == "phones");
}

TEST_CASE("import: a cell that is not UTF-8 (a Windows-1251 export) is a row error",
          "[api][import]") {
  // "ООО" in Windows-1251 is CE CE CE; an overlong '/' and a lone surrogate are refused too.
  const ImportRows read = Read(
      "client_id,kind,name,branch_id\n"
      "c1,legal_entity,\xCE\xCE\xCE Romashka,b1\n"
      "c2,legal_entity,\xC0\xAF,b1\n"
      "c3,legal_entity,\xED\xA0\x80,b1\n"
      "c4,legal_entity,ООО «Ромашка» \xF0\x9F\x8C\xBC,b1\n",
      ImportFormat::kCsv);
  REQUIRE(read.errors.size() == 3);
  for (const RowError& error : read.errors) {
    CHECK(error.status.field() == "name");
    CHECK(error.status.message() == "name is not valid UTF-8 (save the file as UTF-8)");
  }
  REQUIRE(read.rows.size() == 1);  // four-byte UTF-8 (an emoji) is fine
  CHECK(read.rows[0].command.client_id == "c4");
}

TEST_CASE("import: rows of bare delimiters are skipped; an oversized row is a row error",
          "[api][import]") {
  const std::string phones(17 * 1024, '7');
  const ImportRows read = Read(
      "client_id;kind;name;branch_id;phones\n"
      "c1;legal_entity;A;b1;\n"
      ";;;;\n"
      " ; ;;;\n"
      "c2;legal_entity;B;b1;" +
          phones + "\n",
      ImportFormat::kCsv, ';');
  REQUIRE(read.rows.size() == 1);
  REQUIRE(read.errors.size() == 1);
  CHECK(read.errors[0].line == 5);
  CHECK(read.errors[0].status.field() == "row");
  CHECK(read.errors[0].status.message() ==
        "the row is over 16 KiB (a client's details are far less)");
}

TEST_CASE("import: a bad header refuses the whole file", "[api][import]") {
  std::string text;
  std::string rule;
  SECTION("an unknown column") {
    text = "client_id,kind,name,branch_id,colour\n";
    rule = "line 1: unknown column 'colour'";
  }
  SECTION("a column twice") {
    text = "client_id,kind,name,branch_id,name\n";
    rule = "line 1: column 'name' is given twice";
  }
  SECTION("a required column missing") {
    text = "client_id,kind,name\nc1,legal_entity,A\n";
    rule = "line 1: the required column 'branch_id' is missing";
  }
  SECTION("no header at all") {
    text = "\n";
    rule = "the file has no header row";
  }
  Result<ImportRows> read = ReadClientRows(text, ImportFormat::kCsv);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == StatusCode::kInvalidArgument);
  CHECK_THAT(read.status().message(), Catch::Matchers::StartsWith(rule));
}

TEST_CASE("import: the format by name", "[api][import]") {
  CHECK(ParseImportFormat("csv").value() == ImportFormat::kCsv);
  CHECK(ParseImportFormat("jsonl").value() == ImportFormat::kJsonLines);
  CHECK(ParseImportFormat("ndjson").value() == ImportFormat::kJsonLines);
  CHECK(ParseImportFormat("xlsx").status().field() == "format");
}

}  // namespace
}  // namespace prospekt::api
