// The rows of a client import (`prospekt import`): a list of prospects from a statistics
// database, an exhibition, a partner, ... given as CSV or JSON lines, read into the
// RegisterClient commands the domain decides. One mapping for both formats and the HTTP
// API: every row goes through the strict body parser of RegisterClient (command_json.h),
// so a row is accepted exactly when the same JSON would be accepted by
// POST /api/commands/RegisterClient.
//
//   JSON lines: one RegisterClient body per line (empty lines are skipped).
//   CSV: a header row naming the columns, each a RegisterClient field (client_id, kind,
//        name, tax_id, phones, emails, address, industry, branch_id, source, status,
//        force), in any order; the required ones (client_id, kind, name, branch_id) must
//        be there. An empty cell leaves the field out (its default applies). phones and
//        emails hold several values separated by ';' (quote the cell when ';' is also
//        the delimiter); force is true or false; enums are their JSON names
//        ("legal_entity", "statistics_database", ...).
//
// A row that cannot be read is reported with its line and the field (column) and rule,
// and the others are still read, so an operator sees every problem of a file at once.
// A problem with the file as a whole (a bad header, an unclosed quote, too many rows) is
// an error of the whole read. Pure: no I/O. Any thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/domain/commands.h"
#include "events/status.h"

namespace prospekt::api {

enum class ImportFormat { kCsv, kJsonLines };

// More rows than this is refused as a whole: split the file (an import is checked
// against a copy of the write model, in memory, before anything is written).
inline constexpr std::size_t kMaxImportRows = 1'000'000;
// A row (as its RegisterClient body) over this is a row error: a client's details are a
// few hundred bytes, and the sealed event must stay within the store's payload limit
// (sealing adds about 40 bytes per phone, e-mail and address), so that no row the
// reading accepted can fail when it is written.
inline constexpr std::size_t kMaxImportRowBytes = 16 * 1024;

struct ImportRow {
  std::size_t line = 0;  // 1-based line of the file where the row starts
  domain::RegisterClient command;
};

struct RowError {
  std::size_t line = 0;
  Status status;  // field(): the column / JSON path; message: the rule
};

struct ImportRows {
  std::vector<ImportRow> rows;   // the rows read, in file order
  std::vector<RowError> errors;  // the rows that could not be read, in file order
};

// "csv" or "jsonl" (also "ndjson"); InvalidArgument (field "format") otherwise.
Result<ImportFormat> ParseImportFormat(std::string_view name);

// Reads every row of `text`. `delimiter` is the CSV field delimiter (ignored for JSON
// lines).
Result<ImportRows> ReadClientRows(std::string_view text, ImportFormat format, char delimiter = ',');

}  // namespace prospekt::api
