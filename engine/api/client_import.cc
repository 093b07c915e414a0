#include "engine/api/client_import.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "engine/api/command_json.h"
#include "engine/api/csv_reader.h"
#include "events/text.h"

namespace prospekt::api {
namespace {

using nlohmann::json;

constexpr std::string_view kCommand = "RegisterClient";
constexpr char kListSeparator = ';';

// At most `max_bytes` of `text` for a message, cut before a UTF-8 sequence, not in it.
std::string Shortened(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  return std::string(text.substr(0, Utf8CutPoint(text, max_bytes))) + "...";
}

Status TooManyRows() {
  return Status::InvalidArgument(
      "more than " + std::to_string(kMaxImportRows) + " rows: split the file", "rows");
}

// Parses one RegisterClient body; the row's error otherwise.
std::variant<ImportRow, RowError> ParseRow(std::size_t line, std::string_view body) {
  if (body.size() > kMaxImportRowBytes) {
    return RowError{line, Status::InvalidArgument("the row is over " +
                                                      std::to_string(kMaxImportRowBytes / 1024) +
                                                      " KiB (a client's details are far less)",
                                                  "row")};
  }
  Result<domain::Command> command = ParseCommand(kCommand, body);
  if (!command.ok()) return RowError{line, command.status()};
  return ImportRow{line, std::get<domain::RegisterClient>(std::move(command).value())};
}

void Add(ImportRows& rows, std::variant<ImportRow, RowError> row) {
  if (auto* read = std::get_if<ImportRow>(&row)) {
    rows.rows.push_back(std::move(*read));
  } else {
    rows.errors.push_back(std::get<RowError>(std::move(row)));
  }
}

Result<ImportRows> ReadJsonLines(std::string_view text) {
  ImportRows rows;
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view body = TrimAsciiSpace(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    if (body.empty()) continue;
    if (rows.rows.size() + rows.errors.size() == kMaxImportRows) return TooManyRows();
    Add(rows, ParseRow(line, body));
  }
  return rows;
}

// One CSV column: the RegisterClient field it fills.
struct Column {
  std::string name;
  FieldKind kind = FieldKind::kString;
};

Result<std::vector<Column>> ReadHeader(const CsvRecord& header) {
  const CommandSpec* spec = FindCommandSpec(kCommand);
  std::vector<Column> columns;
  for (const std::string& cell : header.fields) {
    const std::string name(TrimAsciiSpace(cell));
    if (!IsValidUtf8(name)) {
      return Status::InvalidArgument(
          "line " + std::to_string(header.line) + ": a column name is not valid UTF-8", "header");
    }
    const auto field = std::find_if(spec->fields.begin(), spec->fields.end(),
                                    [&](const CommandField& f) { return f.name == name; });
    if (field == spec->fields.end()) {
      return Status::InvalidArgument("line " + std::to_string(header.line) + ": unknown column '" +
                                         Shortened(name, 60) +
                                         "' (the columns are RegisterClient's fields)",
                                     "header");
    }
    if (std::any_of(columns.begin(), columns.end(),
                    [&](const Column& c) { return c.name == name; })) {
      return Status::InvalidArgument(
          "line " + std::to_string(header.line) + ": column '" + name + "' is given twice",
          "header");
    }
    columns.push_back(Column{name, field->kind});
  }
  for (const CommandField& field : spec->fields) {
    if (!field.required) continue;
    if (std::none_of(columns.begin(), columns.end(),
                     [&](const Column& c) { return c.name == field.name; })) {
      return Status::InvalidArgument("line " + std::to_string(header.line) +
                                         ": the required column '" + std::string(field.name) +
                                         "' is missing",
                                     "header");
    }
  }
  return columns;
}

// The cell as its JSON value; nullopt for an empty cell (the field is left out).
Result<std::optional<json>> CellValue(const Column& column, std::string_view cell) {
  cell = TrimAsciiSpace(cell);
  if (cell.empty()) return std::optional<json>{};
  if (!IsValidUtf8(cell)) {
    return Status::InvalidArgument(column.name + " is not valid UTF-8 (save the file as UTF-8)",
                                   column.name);
  }
  switch (column.kind) {
    case FieldKind::kString:
    case FieldKind::kEnum:
      return std::optional<json>{json(std::string(cell))};
    case FieldKind::kStringList:
    case FieldKind::kEnumList: {
      json list = json::array();
      while (!cell.empty()) {
        const std::size_t end = std::min(cell.find(kListSeparator), cell.size());
        const std::string_view item = TrimAsciiSpace(cell.substr(0, end));
        if (!item.empty()) list.push_back(std::string(item));
        cell.remove_prefix(std::min(end + 1, cell.size()));
      }
      return std::optional<json>{std::move(list)};
    }
    case FieldKind::kBoolean:
      if (cell == "true") return std::optional<json>{json(true)};
      if (cell == "false") return std::optional<json>{json(false)};
      return Status::InvalidArgument(column.name + " must be true or false", column.name);
    default:
      return Status::InvalidArgument(column.name + " cannot be read from CSV", column.name);
  }
}

std::variant<ImportRow, RowError> CsvRow(const std::vector<Column>& columns,
                                         const CsvRecord& record) {
  if (record.fields.size() != columns.size()) {
    return RowError{record.line, Status::InvalidArgument(
                                     "the row has " + std::to_string(record.fields.size()) +
                                         " fields, the header " + std::to_string(columns.size()),
                                     "columns")};
  }
  json body = json::object();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    Result<std::optional<json>> value = CellValue(columns[i], record.fields[i]);
    if (!value.ok()) return RowError{record.line, value.status()};
    if (value->has_value()) body[columns[i].name] = std::move(**value);
  }
  return ParseRow(record.line, body.dump());
}

Result<ImportRows> ReadCsvRows(std::string_view text, char delimiter) {
  Result<std::vector<CsvRecord>> records = ReadCsv(text, delimiter);
  if (!records.ok()) return records.status();
  if (records->empty()) return Status::InvalidArgument("the file has no header row", "header");
  if (records->size() - 1 > kMaxImportRows) return TooManyRows();
  Result<std::vector<Column>> columns = ReadHeader(records->front());
  if (!columns.ok()) return columns.status();
  ImportRows rows;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& record = (*records)[i];
    // Spreadsheets leave rows of bare delimiters (";;;;") below the data.
    const bool blank =
        std::all_of(record.fields.begin(), record.fields.end(),
                    [](const std::string& cell) { return TrimAsciiSpace(cell).empty(); });
    if (!blank) Add(rows, CsvRow(*columns, record));
  }
  return rows;
}

}  // namespace

Result<ImportFormat> ParseImportFormat(std::string_view name) {
  if (name == "csv") return ImportFormat::kCsv;
  if (name == "jsonl" || name == "ndjson") return ImportFormat::kJsonLines;
  return Status::InvalidArgument("format must be csv or jsonl", "format");
}

Result<ImportRows> ReadClientRows(std::string_view text, ImportFormat format, char delimiter) {
  return format == ImportFormat::kCsv ? ReadCsvRows(text, delimiter) : ReadJsonLines(text);
}

}  // namespace prospekt::api
