#include "engine/api/csv_reader.h"

#include <utility>

namespace prospekt::api {
namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

Status BadCsv(std::size_t line, const std::string& rule) {
  return Status::InvalidArgument("line " + std::to_string(line) + ": " + rule, "line");
}

// A record that is one empty field came from an empty line.
bool IsEmptyLine(const CsvRecord& record) {
  return record.fields.size() == 1 && record.fields.front().empty();
}

}  // namespace

Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, char delimiter) {
  if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
    return Status::InvalidArgument("the delimiter cannot be a quote or a line break", "delimiter");
  }
  if (text.starts_with(kUtf8ByteOrderMark)) text.remove_prefix(kUtf8ByteOrderMark.size());

  std::vector<CsvRecord> records;
  CsvRecord record{1, {}};
  std::string field;
  std::size_t line = 1;
  // Where the scanner is within the current field.
  enum class State {
    kFieldStart,
    kUnquoted,
    kQuoted,
    kAfterClosingQuote
  } state = State::kFieldStart;

  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
    state = State::kFieldStart;
  };
  const auto end_record = [&] {
    end_field();
    if (!IsEmptyLine(record)) records.push_back(std::move(record));
    record = CsvRecord{line + 1, {}};
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (state == State::kQuoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          state = State::kAfterClosingQuote;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    // A line break ends the record: LF, or CR followed by LF.
    if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
      if (c == '\r') ++i;
      end_record();
      ++line;
      continue;
    }
    if (c == delimiter) {
      end_field();
      continue;
    }
    switch (state) {
      case State::kFieldStart:
        if (c == '"') {
          state = State::kQuoted;
        } else {
          field += c;
          state = State::kUnquoted;
        }
        break;
      case State::kUnquoted:
        if (c == '"') return BadCsv(line, "a quote inside an unquoted field (quote the field)");
        field += c;
        break;
      case State::kAfterClosingQuote:
        return BadCsv(line, "text after a closing quote (a quote inside a field is written twice)");
      case State::kQuoted:
        break;  // handled above
    }
  }
  if (state == State::kQuoted) {
    return BadCsv(record.line, "a quoted field is not closed before the end of the text");
  }
  if (!(record.fields.empty() && field.empty() && state == State::kFieldStart)) end_record();
  return records;
}

}  // namespace prospekt::api
