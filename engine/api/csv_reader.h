// CsvReader: splits CSV text (RFC 4180) into records, for imports of client lists that
// come from spreadsheets and statistics databases.
//
// The dialect: fields separated by one delimiter character (',' by default; ';' is what
// a Russian spreadsheet writes); a field may be quoted with '"', a quote inside a quoted
// field is written twice, and a quoted field may hold delimiters and line breaks. Records
// end at LF or CRLF; the last record needs no line break. A UTF-8 byte order mark at the
// start is skipped, and so are empty lines (spreadsheets leave them at the end).
// Strict where sloppiness would silently change data: a quote inside an unquoted field,
// text after a closing quote, or a quoted field still open at the end of the text is
// InvalidArgument naming the line (field "line") — never a guess.
//
// Pure: no I/O; the text must outlive nothing (fields are copied). Any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "events/status.h"

namespace prospekt::api {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line of the text where the record starts
  std::vector<std::string> fields;
};

// All records of `text`, the header (if any) included, in order.
Result<std::vector<CsvRecord>> ReadCsv(std::string_view text, char delimiter = ',');

}  // namespace prospekt::api
