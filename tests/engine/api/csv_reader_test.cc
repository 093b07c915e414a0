// CSV records as spreadsheets write them: quotes, doubled quotes, line breaks inside
// fields (with the line each record starts on), CRLF, a byte order mark, ';' as the
// delimiter; and the sloppy inputs that must be refused rather than guessed.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/api/csv_reader.h"

namespace prospekt::api {
namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> Read(std::string_view text, char delimiter = ',') {
  Result<std::vector<CsvRecord>> records = ReadCsv(text, delimiter);
  INFO(records.status().ToString());
  REQUIRE(records.ok());
  return std::move(records).value();
}

TEST_CASE("csv: plain and quoted fields, doubled quotes, empty fields", "[api][csv]") {
  const std::vector<CsvRecord> records = Read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n,,\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == Fields{"a", "b", "c"});
  CHECK(records[1].fields == Fields{"x, y", "say \"hi\"", ""});
  CHECK(records[2].fields == Fields{"", "", ""});
  CHECK(records[2].line == 3);
}

TEST_CASE("csv: a quoted line break stays in the field; records keep their first line",
          "[api][csv]") {
  const std::vector<CsvRecord> records =
      Read("\xEF\xBB\xBFid,address\r\n1,\"Moscow,\r\nLenina 1\"\r\n\r\n2,Kazan");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == Fields{"id", "address"});  // the byte order mark is skipped
  CHECK(records[1].fields == Fields{"1", "Moscow,\r\nLenina 1"});
  CHECK(records[1].line == 2);
  CHECK(records[2].fields == Fields{"2", "Kazan"});  // no line break at the end
  CHECK(records[2].line == 5);                       // after the skipped empty line
}

TEST_CASE("csv: ';' as the delimiter leaves commas in fields", "[api][csv]") {
  const std::vector<CsvRecord> records = Read("name;city\nИванов, П.;Тверь\n", ';');
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == Fields{"Иванов, П.", "Тверь"});
}

TEST_CASE("csv: an empty text has no records", "[api][csv]") {
  CHECK(Read("").empty());
  CHECK(Read("\n\n").empty());
}

TEST_CASE("csv: sloppy quoting is refused naming the line", "[api][csv]") {
  std::string text;
  std::string rule;
  SECTION("a quote inside an unquoted field") {
    text = "a,b\nx,5\" screen\n";
    rule = "line 2: a quote inside an unquoted field";
  }
  SECTION("text after a closing quote") {
    text = "a,b\n\"x\"y,z\n";
    rule = "line 2: text after a closing quote";
  }
  SECTION("a quoted field still open at the end") {
    text = "a,b\nz,\"open\n\nand on\n";
    rule = "line 2: a quoted field is not closed";
  }
  Result<std::vector<CsvRecord>> records = ReadCsv(text);
  REQUIRE_FALSE(records.ok());
  CHECK(records.status().code() == StatusCode::kInvalidArgument);
  CHECK(records.status().field() == "line");
  CHECK_THAT(records.status().message(), Catch::Matchers::StartsWith(rule));
}

TEST_CASE("csv: a quote or a line break cannot be the delimiter", "[api][csv]") {
  CHECK(ReadCsv("a", '"').status().field() == "delimiter");
  CHECK(ReadCsv("a", '\n').status().field() == "delimiter");
}

}  // namespace
}  // namespace prospekt::api
