// Export of the log for analysts: one row per event, as CSV (RFC 4180, loadable with
// PostgreSQL's COPY ... CSV) or as JSON lines.
//
// Every row holds the envelope's common fields as columns (kExportColumns) and the
// payload as one JSON document: a domain event as DomainEventToJson renders it (sealed
// personal data stays {"sealed": true}: erased personal data stays erased in every
// export), an operator's JSON payload as it is, any other payload as {"payload_hex": …}.
// Text that is not valid UTF-8 is exported with U+FFFD in place of the bad bytes, in
// both formats, so that every row loads into a UTF-8 database.
//
// Two layers: the row formatting functions are pure and thread-safe (and what the tests
// pin down); ExportEvents is the I/O loop, scanning the log in seq order and handing the
// text to a sink in batches of about ExportOptions::flush_bytes, so memory stays
// constant however long the log. On the way it checks each envelope's link to the one
// before (prev_hash), so an event altered in place is reported, not exported; the full
// audit (head record, head mark) stays `prospekt verify`'s. ExportToFile writes
// FILE.tmp and renames it to FILE only once every row is written and synced: a failed
// export leaves no file that looks complete. Reads only; safe beside a running writer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/store/event_store.h"
#include "events/envelope.h"
#include "events/status.h"

namespace prospekt::replay {

enum class ExportFormat : std::uint8_t { kJsonl, kCsv };

// "jsonl" or "csv"; InvalidArgument (field "format") for anything else.
Result<ExportFormat> ParseExportFormat(std::string_view name);

// The columns of every row, in order: the CSV header and the JSON lines' keys. Times are
// ISO-8601 UTC with microseconds ("2026-01-05T09:00:00.000000Z"), prev_hash is 64 hex
// digits, payload is a JSON document.
inline constexpr std::array<std::string_view, 14> kExportColumns = {
    "seq",          "recorded_at",     "occurred_at", "stream_id",    "stream_version",
    "event_type",   "schema_version",  "actor",       "on_behalf_of", "correlation_id",
    "causation_id", "idempotency_key", "prev_hash",   "payload"};

// ---------------------------------------------------------------- rows (pure)

// The payload column of `envelope`: compact JSON text, valid UTF-8.
std::string PayloadJson(const Envelope& envelope);

// Appends one CSV field to `out`, quoted only when it must be (it holds a comma, a
// double quote, CR or LF; quotes are doubled), so that an empty field loads as NULL in
// PostgreSQL. Invalid UTF-8 becomes U+FFFD.
void AppendCsvField(std::string_view value, std::string& out);

// "seq,recorded_at,…,payload\r\n" (RFC 4180 ends records with CRLF).
std::string CsvHeader();

// Appends the row of `envelope` to `out`: a CSV record ending in CRLF, or a JSON object
// on one line ending in LF with the payload nested under "payload" (the keys and values
// of EnvelopeToJson, in the columns' order).
void AppendCsvRow(const Envelope& envelope, std::string& out);
void AppendJsonlRow(const Envelope& envelope, std::string& out);
void AppendRow(ExportFormat format, const Envelope& envelope, std::string& out);

// ---------------------------------------------------------------- the export loop

struct ExportProgress {
  std::uint64_t rows = 0;        // written so far
  std::uint64_t last_seq = 0;    // the last seq written
  std::uint64_t total_rows = 0;  // rows the whole export will write
};

struct ExportOptions {
  ExportFormat format = ExportFormat::kJsonl;
  // The seqs to export, both inclusive. Seqs start at 1. Without `to_seq` the export
  // ends at the head as it is when the export starts (a live log does not make it
  // endless); it is empty when from_seq is past that head.
  std::uint64_t from_seq = 1;
  std::optional<std::uint64_t> to_seq;
  // Output text is handed to the sink once this much has gathered (and at the end).
  std::size_t flush_bytes = 1 << 20;
  // Called (if set) every `progress_every` rows and at the end.
  std::function<void(const ExportProgress&)> progress;
  std::uint64_t progress_every = 100'000;
};

struct ExportSummary {
  std::uint64_t rows = 0;
  std::uint64_t first_seq = 0;  // 0 when no row was written
  std::uint64_t last_seq = 0;
};

// Receives the export's text in order. A non-OK status stops the export with it.
using ExportSink = std::function<Status(std::string_view text)>;

// The checks of the range that need no log: InvalidArgument when from_seq is 0 or after
// to_seq. ExportEvents makes them too; a caller makes them first to refuse bad input
// before opening anything.
Status CheckExportRange(const ExportOptions& options);

// Writes the header (CSV) and one row per event of the range to `sink`. Errors:
// InvalidArgument for a bad range (from_seq 0, from_seq > to_seq, to_seq past the head:
// nothing written), Corruption naming the seq of an event that is missing, does not
// decode or does not link to the one before (the rows before it were handed to the
// sink), or the sink's error.
Result<ExportSummary> ExportEvents(const store::EventStore& store, const ExportOptions& options,
                                   const ExportSink& sink);

// ExportEvents into `path`: writes `path` + ".tmp", syncs it, renames it to `path` (so
// an existing file is replaced only by a complete export) and syncs the folder. On any
// error the temporary file is removed and `path` is left as it was. A folder that does
// not exist is InvalidArgument (field "out").
Result<ExportSummary> ExportToFile(const store::EventStore& store, const ExportOptions& options,
                                   const std::filesystem::path& path);

}  // namespace prospekt::replay
