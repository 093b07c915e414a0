#include "replay/export.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <system_error>
#include <utility>

#include "engine/store/checked_scan.h"
#include "events/chain_hash.h"
#include "events/envelope_json.h"

namespace prospekt::replay {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed UTF-8 sequence at the start of `text` (Unicode table
// 3-7: no overlongs, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
std::size_t Utf8SequenceLength(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const auto in = [&](std::size_t i, unsigned char low, unsigned char high) {
    return i < text.size() && byte(i) >= low && byte(i) <= high;
  };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = lead == 0xED ? 0x9F : 0xBF;
    return in(1, low, high) && in(2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;
    const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;
    return in(1, low, high) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

// Calls `emit` with each well-formed piece of `text` and U+FFFD for each bad byte.
template <typename Emit>
void ForEachUtf8Piece(std::string_view text, Emit&& emit) {
  while (!text.empty()) {
    const std::size_t length = Utf8SequenceLength(text);
    if (length == 0) {
      emit(kReplacementCharacter);
      text.remove_prefix(1);
    } else {
      emit(text.substr(0, length));
      text.remove_prefix(length);
    }
  }
}

void AppendJsonString(std::string_view value, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  ForEachUtf8Piece(value, [&](std::string_view piece) {
    if (piece.size() > 1) {
      out.append(piece);
      return;
    }
    const char c = piece[0];
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out.append("\\u00");
          out.push_back(kHex[(c >> 4) & 0x0f]);
          out.push_back(kHex[c & 0x0f]);
        } else {
          out.push_back(c);
        }
    }
  });
  out.push_back('"');
}

template <typename Integer>
void AppendNumber(Integer value, std::string& out) {
  char digits[24];
  const std::to_chars_result done = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, done.ptr);
}

Status ErrnoStatus(const std::string& what, int error, const std::string& field = {}) {
  std::string message = what + ": " + std::generic_category().message(error);
  // A folder that is not there or not a folder is the caller's input to fix.
  if (error == ENOENT || error == ENOTDIR || error == EISDIR) {
    return Status::InvalidArgument(std::move(message), field);
  }
  return Status::IOError(std::move(message));
}

Status WriteAll(int fd, std::string_view text, const fs::path& path) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("writing " + path.string() + ": " +
                             std::generic_category().message(errno));
    }
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return Status::Ok();
}

}  // namespace

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "jsonl") return ExportFormat::kJsonl;
  if (name == "csv") return ExportFormat::kCsv;
  return Status::InvalidArgument(
      "unknown export format \"" + std::string(name) + "\"; use jsonl or csv", "format");
}

std::string PayloadJson(const Envelope& envelope) {
  // EnvelopeToJson is the one rendering of payloads (and of sealed personal data); the
  // export takes its payload part rather than rendering a second way.
  nlohmann::json rendered = EnvelopeToJson(envelope);
  nlohmann::json payload;
  if (auto it = rendered.find("payload"); it != rendered.end()) {
    payload = std::move(*it);
  } else {
    payload = {{"payload_hex", std::move(rendered["payload_hex"])}};
  }
  return payload.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

void AppendCsvField(std::string_view value, std::string& out) {
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out.push_back('"');
  ForEachUtf8Piece(value, [&](std::string_view piece) {
    if (piece == "\"") {
      out.append("\"\"");
    } else {
      out.append(piece);
    }
  });
  if (quote) out.push_back('"');
}

std::string CsvHeader() {
  std::string header;
  for (std::string_view column : kExportColumns) {
    if (!header.empty()) header.push_back(',');
    header.append(column);
  }
  header.append("\r\n");
  return header;
}

void AppendCsvRow(const Envelope& e, std::string& out) {
  AppendNumber(e.seq, out);
  out.push_back(',');
  out.append(FormatUtcMicros(e.recorded_at_us));
  out.push_back(',');
  out.append(FormatUtcMicros(e.occurred_at_us));
  out.push_back(',');
  AppendCsvField(e.stream_id, out);
  out.push_back(',');
  AppendNumber(e.stream_version, out);
  out.push_back(',');
  AppendCsvField(e.event_type, out);
  out.push_back(',');
  AppendNumber(e.schema_version, out);
  for (const std::string* text :
       {&e.actor, &e.on_behalf_of, &e.correlation_id, &e.causation_id, &e.idempotency_key}) {
    out.push_back(',');
    AppendCsvField(*text, out);
  }
  out.push_back(',');
  out.append(ToHex(e.prev_hash));
  out.push_back(',');
  AppendCsvField(PayloadJson(e), out);
  out.append("\r\n");
}

void AppendJsonlRow(const Envelope& e, std::string& out) {
  // Written by hand rather than through nlohmann::json so the keys keep the columns'
  // order (nlohmann's objects sort them) and no document is built per row.
  bool first = true;
  const auto key = [&](std::string_view name) {
    out.append(first ? "{\"" : ",\"");
    first = false;
    out.append(name);
    out.append("\":");
  };
  key("seq");
  AppendNumber(e.seq, out);
  key("recorded_at");
  AppendJsonString(FormatUtcMicros(e.recorded_at_us), out);
  key("occurred_at");
  AppendJsonString(FormatUtcMicros(e.occurred_at_us), out);
  key("stream_id");
  AppendJsonString(e.stream_id, out);
  key("stream_version");
  AppendNumber(e.stream_version, out);
  key("event_type");
  AppendJsonString(e.event_type, out);
  key("schema_version");
  AppendNumber(e.schema_version, out);
  key("actor");
  AppendJsonString(e.actor, out);
  key("on_behalf_of");
  AppendJsonString(e.on_behalf_of, out);
  key("correlation_id");
  AppendJsonString(e.correlation_id, out);
  key("causation_id");
  AppendJsonString(e.causation_id, out);
  key("idempotency_key");
  AppendJsonString(e.idempotency_key, out);
  key("prev_hash");
  AppendJsonString(ToHex(e.prev_hash), out);
  key("payload");
  out.append(PayloadJson(e));
  out.append("}\n");
}

void AppendRow(ExportFormat format, const Envelope& envelope, std::string& out) {
  if (format == ExportFormat::kCsv) {
    AppendCsvRow(envelope, out);
  } else {
    AppendJsonlRow(envelope, out);
  }
}

Status CheckExportRange(const ExportOptions& options) {
  if (options.from_seq == 0) {
    return Status::InvalidArgument("seqs start at 1; from 0 names no event", "from");
  }
  if (options.to_seq.has_value() && options.from_seq > *options.to_seq) {
    return Status::InvalidArgument("from " + std::to_string(options.from_seq) + " is after to " +
                                       std::to_string(*options.to_seq),
                                   "from");
  }
  return Status::Ok();
}

Result<ExportSummary> ExportEvents(const store::EventStore& store, const ExportOptions& options,
                                   const ExportSink& sink) {
  PROSPEKT_RETURN_IF_ERROR(CheckExportRange(options));
  const std::uint64_t from = options.from_seq;
  const std::uint64_t head = store.Head().last_seq;
  if (options.to_seq.has_value() && *options.to_seq > head) {
    return Status::InvalidArgument("to " + std::to_string(*options.to_seq) +
                                       " is past the log's head, seq " + std::to_string(head),
                                   "to");
  }
  const std::uint64_t last = options.to_seq.value_or(head);
  const std::uint64_t total = from > last ? 0 : last - from + 1;

  ExportSummary summary;
  std::string buffer;
  buffer.reserve(options.flush_bytes + 64 * 1024);
  if (options.format == ExportFormat::kCsv) buffer = CsvHeader();
  Status failure;
  std::optional<std::uint64_t> reported_rows;  // never the same count twice
  const auto report = [&] {
    if (!options.progress || reported_rows == summary.rows) return;
    options.progress({summary.rows, summary.last_seq, total});
    reported_rows = summary.rows;
  };

  if (total != 0) {
    // The scan starts one event early (when there is one) for the hash the first row
    // must link to, and ends one event late (when there is one) to check that the last
    // row is the one the next event was chained to.
    const std::uint64_t scan_from = from == 1 ? 1 : from - 1;
    const std::uint64_t scan_to = last < head ? last + 1 : last;
    std::optional<ChainHash> previous_hash;
    if (from == 1) previous_hash = kGenesisHash;
    std::uint64_t expected = scan_from;  // the next seq to visit (ScanChecked visits in order)
    Status scanned =
        store::ScanChecked(store, scan_from, [&](Envelope&& envelope, std::string_view bytes) {
          const std::uint64_t seq = envelope.seq;
          if (previous_hash.has_value() && envelope.prev_hash != *previous_hash) {
            // As VerifyChain words it: the earlier of the two is the first that no longer fits.
            failure = Status::Corruption(
                seq == 1 ? std::string("seq 1: the first envelope does not start the chain")
                         : "seq " + std::to_string(seq - 1) +
                               " does not hash to the prev_hash stored in seq " +
                               std::to_string(seq) + " (one of them was altered)");
            return false;
          }
          previous_hash = HashEnvelopeBytes(bytes);
          ++expected;
          if (seq < from || seq > last) return seq < scan_to;  // a link event, not a row

          AppendRow(options.format, envelope, buffer);
          if (summary.rows++ == 0) summary.first_seq = seq;
          summary.last_seq = seq;
          if (buffer.size() >= options.flush_bytes) {
            failure = sink(buffer);
            buffer.clear();
            if (!failure.ok()) return false;
          }
          if (options.progress_every != 0 && summary.rows % options.progress_every == 0) report();
          return seq < scan_to;
        });
    PROSPEKT_RETURN_IF_ERROR(scanned);
    PROSPEKT_RETURN_IF_ERROR(failure);
    if (expected <= scan_to) {
      return Status::Corruption("seq " + std::to_string(expected) +
                                " is missing: the log ends at seq " + std::to_string(expected - 1) +
                                ", its head is seq " + std::to_string(head));
    }
    // The last event of the log has no successor to vouch for it; the head record,
    // written with every group, does. (Read-only, the two are one consistent state.)
    if (last == head) {
      Result<store::LogHead> recorded = store.RecordedHead();
      if (recorded.ok() && recorded->last_seq == last && recorded->hash != *previous_hash) {
        return Status::Corruption("seq " + std::to_string(last) +
                                  " does not hash to the log's head record (it was altered)");
      }
    }
  }
  if (!buffer.empty()) PROSPEKT_RETURN_IF_ERROR(sink(buffer));
  report();
  return summary;
}

Result<ExportSummary> ExportToFile(const store::EventStore& store, const ExportOptions& options,
                                   const fs::path& path) {
  fs::path temporary = path;
  temporary += ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("cannot create " + temporary.string(), errno, "out");

  // Everything after the open ends here: on failure the partial file goes.
  const auto finish = [&](Result<ExportSummary> result) -> Result<ExportSummary> {
    Status closing;
    if (result.ok() && ::fsync(fd) != 0)
      closing = ErrnoStatus("syncing " + temporary.string(), errno);
    if (::close(fd) != 0 && closing.ok() && result.ok()) {
      closing = ErrnoStatus("closing " + temporary.string(), errno);
    }
    if (result.ok() && closing.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) {
      closing = ErrnoStatus("renaming " + temporary.string() + " to " + path.string(), errno);
    }
    if (!result.ok() || !closing.ok()) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return result.ok() ? Result<ExportSummary>(closing) : result;
    }
    // The rename is durable once the folder is synced; an export that cannot sync its
    // folder is still complete and readable, so that failure is not reported.
    fs::path folder = path.parent_path();
    if (folder.empty()) folder = ".";
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
      ::fsync(dir);
      ::close(dir);
    }
    return result;
  };
  return finish(ExportEvents(store, options,
                             [&](std::string_view text) { return WriteAll(fd, text, temporary); }));
}

}  // namespace prospekt::replay
