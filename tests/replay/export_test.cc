// The export (replay/export.h): rows as PostgreSQL's COPY ... CSV and nlohmann read them
// back (quoting, Cyrillic, sealed personal data), the range bounds, a demo log exported
// row for row, damaged events refused without a half-written file, and the CLI's exit
// codes for bad input, run against the built `prospekt` binary (PROSPEKT_CLI).
#include "replay/export.h"

#include <rocksdb/db.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "engine/app/demo_bank.h"
#include "engine/store/internal/keys.h"
#include "engine/store/internal/rocks_options.h"
#include "engine/store/log_folder.h"
#include "events/domain_codec.h"
#include "events/domain_json.h"
#include "events/envelope_json.h"
#include "tests/test_support.h"

namespace prospekt::replay {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::TempDir;

using Record = std::vector<std::string>;

// An RFC 4180 reader, as strict as the tests need: records end in CRLF, a quoted field
// may hold anything with its quotes doubled. Fails the test on malformed input.
std::vector<Record> ParseCsv(std::string_view text) {
  std::vector<Record> records;
  Record record;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      for (++i;; ++i) {
        REQUIRE(i < text.size());  // an unterminated quote
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          field.push_back(text[i]);
        }
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        REQUIRE(text[i] != '"');   // a quote inside an unquoted field
        REQUIRE(text[i] != '\n');  // a bare LF ends no record
        field.push_back(text[i++]);
      }
    }
    REQUIRE(i < text.size());  // every record ends in CRLF
    record.push_back(std::move(field));
    field.clear();
    if (text[i] == ',') {
      ++i;
    } else {
      REQUIRE(text.substr(i, 2) == "\r\n");
      i += 2;
      records.push_back(std::move(record));
      record.clear();
    }
  }
  return records;
}

std::string CsvField(std::string_view value) {
  std::string out;
  AppendCsvField(value, out);
  return out;
}

Envelope SampleEnvelope(std::string event_type, std::string payload) {
  Envelope e;
  e.seq = 42;
  e.stream_id = "client-r01-b01-00007";
  e.stream_version = 3;
  e.event_type = std::move(event_type);
  e.schema_version = 1;
  e.occurred_at_us = 1'767'603'600'000'000;  // 2026-01-05T09:00:00Z
  e.recorded_at_us = 1'767'603'600'123'456;
  e.actor = "e-r01-b01-002, \"acting\"\nfor Иванова";
  e.on_behalf_of = "";
  e.correlation_id = "corr-1";
  e.causation_id = "cause-1";
  e.idempotency_key = "key-1";
  for (std::size_t i = 0; i < e.prev_hash.size(); ++i) {
    e.prev_hash[i] = static_cast<std::uint8_t>(i * 7);
  }
  e.payload = std::move(payload);
  return e;
}

domain::ContactLogged Refusal() {
  domain::ContactLogged contact;
  contact.client_id = "client-r01-b01-00007";
  contact.employee_id = "e-r01-b01-002";
  contact.type = domain::ContactType::kPhone;
  contact.outcome = domain::ContactOutcome::kRefused;
  contact.refusal_reason = domain::RefusalReason::kRateTooHigh;
  contact.refusal_text = "Ставка выше, чем в \"Банке Б\", на 2,5%";
  contact.note = "перезвонить\r\nв марте, \\ после отчёта";
  return contact;
}

Envelope RefusalEnvelope() {
  return SampleEnvelope("ContactLogged", EncodeDomainEvent(domain::DomainEvent{Refusal()}));
}

TEST_CASE("export: CSV fields are quoted only when they must be", "[replay][export]") {
  CHECK(CsvField("plain") == "plain");
  CHECK(CsvField("") == "");  // loads as NULL
  CHECK(CsvField("a,b") == "\"a,b\"");
  CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(CsvField("\"") == "\"\"\"\"");
  CHECK(CsvField("line 1\nline 2") == "\"line 1\nline 2\"");
  CHECK(CsvField("cr\r") == "\"cr\r\"");
  CHECK(CsvField(" spaces kept ") == " spaces kept ");
  // UTF-8 passes unchanged: Cyrillic, and a comma makes it quoted like any text.
  CHECK(CsvField("Иванов Пётр") == "Иванов Пётр");
  CHECK(CsvField("Отказ, дорого") == "\"Отказ, дорого\"");
  CHECK(CsvField("€ 𝄞") == "€ 𝄞");
  // Bytes that are not UTF-8 become U+FFFD, so a UTF-8 database accepts the row.
  CHECK(CsvField("a\xff"
                 "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(CsvField("cut \xD0") == "cut \xEF\xBF\xBD");
  CHECK(CsvField("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  CHECK(CsvField("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
}

TEST_CASE("export: the CSV header names the columns", "[replay][export]") {
  const std::vector<Record> header = ParseCsv(CsvHeader());
  REQUIRE(header.size() == 1);
  CHECK(header[0] == Record(kExportColumns.begin(), kExportColumns.end()));
}

TEST_CASE("export: a CSV row reads back column by column", "[replay][export]") {
  const Envelope e = RefusalEnvelope();
  std::string text;
  AppendCsvRow(e, text);
  const std::vector<Record> records = ParseCsv(text);
  REQUIRE(records.size() == 1);
  const Record& row = records[0];
  REQUIRE(row.size() == kExportColumns.size());
  CHECK(row[0] == "42");
  CHECK(row[1] == "2026-01-05T09:00:00.123456Z");
  CHECK(row[2] == "2026-01-05T09:00:00.000000Z");
  CHECK(row[3] == e.stream_id);
  CHECK(row[4] == "3");
  CHECK(row[5] == "ContactLogged");
  CHECK(row[6] == "1");
  CHECK(row[7] == e.actor);  // comma, quotes, newline and Cyrillic, all intact
  CHECK(row[8] == "");
  CHECK(row[9] == "corr-1");
  CHECK(row[10] == "cause-1");
  CHECK(row[11] == "key-1");
  CHECK(row[12] == ToHex(e.prev_hash));
  const json payload = json::parse(row[13]);
  CHECK(payload == DomainEventToJson(domain::DomainEvent{Refusal()}));
  CHECK(payload["refusal_reason"] == "rate_too_high");
  CHECK(payload["refusal_text"] == Refusal().refusal_text);
  CHECK(payload["note"] == Refusal().note);
}

TEST_CASE("export: a JSON line round-trips through nlohmann", "[replay][export]") {
  const Envelope e = RefusalEnvelope();
  std::string text;
  AppendJsonlRow(e, text);
  REQUIRE(text.back() == '\n');
  CHECK(text.find('\n') == text.size() - 1);  // one line, whatever the texts hold

  const nlohmann::ordered_json row = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& item : row.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>(kExportColumns.begin(), kExportColumns.end()));
  CHECK(row["seq"] == 42);
  CHECK(row["recorded_at"] == "2026-01-05T09:00:00.123456Z");
  CHECK(row["occurred_at"] == "2026-01-05T09:00:00.000000Z");
  CHECK(row["stream_id"] == e.stream_id);
  CHECK(row["stream_version"] == 3);
  CHECK(row["event_type"] == "ContactLogged");
  CHECK(row["schema_version"] == 1);
  CHECK(row["actor"] == e.actor);
  CHECK(row["on_behalf_of"] == "");
  CHECK(row["correlation_id"] == "corr-1");
  CHECK(row["causation_id"] == "cause-1");
  CHECK(row["idempotency_key"] == "key-1");
  CHECK(row["prev_hash"] == ToHex(e.prev_hash));
  CHECK(json::parse(row["payload"].dump()) == DomainEventToJson(domain::DomainEvent{Refusal()}));

  // The whole row is the envelope as EnvelopeToJson renders it, key for key.
  CHECK(json::parse(text) == EnvelopeToJson(e));
}

TEST_CASE("export: control characters and bad UTF-8 in a JSON line", "[replay][export]") {
  Envelope e = SampleEnvelope("NoteAdded", "{\"note\":\"x\"}");
  e.actor = std::string("tab\tnul") + '\0' + "bell\x07 bad\xff end";
  std::string text;
  AppendJsonlRow(e, text);
  const json row = json::parse(text);
  CHECK(row["actor"] == std::string("tab\tnul") + '\0' + "bell\x07 bad\xEF\xBF\xBD end");
  CHECK(row["payload"] == json{{"note", "x"}});
}

TEST_CASE("export: sealed personal data stays sealed", "[replay][export]") {
  domain::ClientRegistered client;
  client.client_id = "client-r01-b01-00007";
  client.kind = domain::ClientKind::kIndividual;
  client.name = {domain::PersonalText::Form::kSealed, "SEALED-NAME-BYTES"};
  client.contact.phones = {{domain::PersonalText::Form::kSealed, "SEALED-PHONE-BYTES"}};
  client.tax_id = "500100732259";
  const Envelope e =
      SampleEnvelope("ClientRegistered", EncodeDomainEvent(domain::DomainEvent{client}));
  for (ExportFormat format : {ExportFormat::kCsv, ExportFormat::kJsonl}) {
    std::string text;
    AppendRow(format, e, text);
    CHECK(text.find("SEALED-") == std::string::npos);
    CHECK(text.find("5345414c4544") == std::string::npos);  // "SEALED" in hex
  }
  const json payload = json::parse(PayloadJson(e));
  CHECK(payload["name"] == json{{"sealed", true}});
  CHECK(payload["contact"]["phones"][0] == json{{"sealed", true}});
}

TEST_CASE("export: payloads that are no domain event", "[replay][export]") {
  // An operator's JSON as it is; other bytes as hex under "payload_hex".
  CHECK(json::parse(PayloadJson(SampleEnvelope("NoteAdded", "{\"note\":\"перезвонить\"}"))) ==
        json{{"note", "перезвонить"}});
  CHECK(json::parse(PayloadJson(SampleEnvelope("NoteAdded", "[1,2]"))) == json{1, 2});
  CHECK(json::parse(PayloadJson(SampleEnvelope("Opaque", std::string("\x01\xff", 2)))) ==
        json{{"payload_hex", "01ff"}});
}

// ---------------------------------------------------------------- the export loop

struct Collected {
  std::string text;
  std::size_t calls = 0;
};

ExportSink Into(Collected& collected) {
  return [&collected](std::string_view text) {
    collected.text.append(text);
    ++collected.calls;
    return Status::Ok();
  };
}

std::vector<std::uint64_t> JsonlSeqs(const std::string& text) {
  std::vector<std::uint64_t> seqs;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    seqs.push_back(json::parse(line)["seq"].get<std::uint64_t>());
  }
  return seqs;
}

std::vector<std::uint64_t> Range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = first; seq <= last; ++seq) seqs.push_back(seq);
  return seqs;
}

void Fill(store::EventStore& store, int events) {
  for (int i = 0; i < events; ++i) {
    REQUIRE(store.Append(testing::MakeAppend("client-x" + std::to_string(i % 4))).ok());
  }
}

Result<std::vector<std::uint64_t>> ExportSeqs(const store::EventStore& store, std::uint64_t from,
                                              std::optional<std::uint64_t> to) {
  ExportOptions options;
  options.from_seq = from;
  options.to_seq = to;
  Collected out;
  Result<ExportSummary> summary = ExportEvents(store, options, Into(out));
  if (!summary.ok()) return summary.status();
  std::vector<std::uint64_t> seqs = JsonlSeqs(out.text);
  CHECK(summary->rows == seqs.size());
  if (!seqs.empty()) {
    CHECK(summary->first_seq == seqs.front());
    CHECK(summary->last_seq == seqs.back());
  }
  return seqs;
}

TEST_CASE("export: range bounds are inclusive and checked", "[replay][export]") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  Fill(*store, 25);
  const auto seqs = [&](std::uint64_t from, std::optional<std::uint64_t> to) {
    Result<std::vector<std::uint64_t>> got = ExportSeqs(*store, from, to);
    INFO(got.status().ToString());
    REQUIRE(got.ok());
    return *got;
  };
  CHECK(seqs(1, std::nullopt) == Range(1, 25));
  CHECK(seqs(5, 9) == Range(5, 9));
  CHECK(seqs(7, 7) == Range(7, 7));
  CHECK(seqs(1, 1) == Range(1, 1));
  CHECK(seqs(25, 25) == Range(25, 25));
  CHECK(seqs(20, std::nullopt) == Range(20, 25));
  CHECK(seqs(26, std::nullopt).empty());  // nothing new since the last export
  CHECK(seqs(1000, std::nullopt).empty());

  const auto refused = [&](std::uint64_t from, std::optional<std::uint64_t> to) {
    Result<std::vector<std::uint64_t>> got = ExportSeqs(*store, from, to);
    REQUIRE_FALSE(got.ok());
    CHECK(got.status().code() == StatusCode::kInvalidArgument);
    return got.status().field();
  };
  CHECK(refused(10, 9) == "from");
  CHECK(refused(0, std::nullopt) == "from");
  CHECK(refused(1, 26) == "to");
  CHECK(refused(26, 30) == "to");
}

TEST_CASE("export: an empty log exports a CSV header and nothing else", "[replay][export]") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  ExportOptions options;
  options.format = ExportFormat::kCsv;
  Collected out;
  Result<ExportSummary> summary = ExportEvents(*store, options, Into(out));
  REQUIRE(summary.ok());
  CHECK(summary->rows == 0);
  CHECK(out.text == CsvHeader());
}

TEST_CASE("export: the text is the same however it is flushed, with progress", "[replay][export]") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  Fill(*store, 25);
  ExportOptions options;
  options.format = ExportFormat::kCsv;
  Collected whole;
  REQUIRE(ExportEvents(*store, options, Into(whole)).ok());
  CHECK(whole.calls == 1);

  options.flush_bytes = 1;  // one sink call per row, after the header
  options.progress_every = 10;
  std::vector<std::uint64_t> progress;
  options.progress = [&](const ExportProgress& at) {
    CHECK(at.total_rows == 25);
    progress.push_back(at.last_seq);
  };
  Collected rowwise;
  REQUIRE(ExportEvents(*store, options, Into(rowwise)).ok());
  CHECK(rowwise.calls == 25);
  CHECK(rowwise.text == whole.text);
  CHECK(progress == std::vector<std::uint64_t>{10, 20, 25});
}

TEST_CASE("export: a sink's error stops the export", "[replay][export]") {
  TempDir dir;
  auto store = testing::OpenStore(dir.path());
  Fill(*store, 5);
  ExportOptions options;
  options.flush_bytes = 1;
  std::size_t calls = 0;
  Result<ExportSummary> summary = ExportEvents(*store, options, [&](std::string_view) {
    return ++calls == 2 ? Status::IOError("disk full") : Status::Ok();
  });
  REQUIRE_FALSE(summary.ok());
  CHECK(summary.status().message() == "disk full");
  CHECK(calls == 2);
}

TEST_CASE("export: a demo log exports one row per event, seqs contiguous",
          "[replay][export][demo]") {
  TempDir dir;
  {
    store::StoreOptions store_options;
    store_options.sync = false;  // throwaway data
    Result<std::unique_ptr<domain::Executor>> executor =
        domain::Executor::Open(dir.path() / "log", store_options);
    REQUIRE(executor.ok());
    app::DemoOptions demo;
    demo.seed = 7;
    demo.regions = 1;
    demo.branches_per_region = 2;
    demo.employees_per_branch = 5;
    demo.clients_per_branch = 40;
    demo.days = 5;
    Result<app::DemoSummary> built = app::BuildDemoBank(**executor, demo);
    REQUIRE(built.ok());
    REQUIRE(built->rejections == 0);
  }
  Result<std::unique_ptr<store::EventStore>> opened = store::OpenLogToRead(dir.path() / "log");
  REQUIRE(opened.ok());
  const store::EventStore& log = **opened;
  const std::uint64_t events = log.Head().last_seq;
  REQUIRE(events > 300);

  ExportOptions options;
  options.flush_bytes = 64 * 1024;
  Collected jsonl;
  REQUIRE(ExportEvents(log, options, Into(jsonl)).ok());
  CHECK(JsonlSeqs(jsonl.text) == Range(1, events));

  options.format = ExportFormat::kCsv;
  Collected csv;
  REQUIRE(ExportEvents(log, options, Into(csv)).ok());
  const std::vector<Record> records = ParseCsv(csv.text);
  REQUIRE(records.size() == events + 1);  // and the header
  bool refusal_seen = false;
  for (std::uint64_t seq = 1; seq <= events; ++seq) {
    const Record& row = records[seq];
    REQUIRE(row.size() == kExportColumns.size());
    REQUIRE(row[0] == std::to_string(seq));
    const json payload = json::parse(row[13]);
    REQUIRE(payload["type"] == row[5]);
    if (row[5] == "ContactLogged" && payload["outcome"] == "refused") {
      refusal_seen = true;
      CHECK(payload["refusal_reason"].is_string());
    }
  }
  CHECK(refusal_seen);
}

// ---------------------------------------------------------------- damage and files

// Replaces the stored bytes of `seq` in the log's RocksDB, beside the store.
void Damage(const fs::path& path, std::uint64_t seq, bool decodable) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  REQUIRE(rocksdb::DB::Open(store::internal::LogDbOptions(false), path.string(),
                            store::internal::LogColumnFamilies(), &handles, &raw)
              .ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* events = handles[store::internal::kEventsCfIndex];
  std::string value;
  REQUIRE(db->Get(rocksdb::ReadOptions(), events, store::internal::EventKey(seq), &value).ok());
  if (decodable) {
    Result<Envelope> envelope = DecodeEnvelope(value);
    REQUIRE(envelope.ok());
    envelope->payload = "{\"note\":\"nothing happened\"}";
    value = EncodeEnvelope(*envelope);
  } else {
    value = "not an envelope";
  }
  rocksdb::WriteOptions sync;
  sync.sync = true;
  REQUIRE(db->Put(sync, events, store::internal::EventKey(seq), value).ok());
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_CASE("export: a file is written whole, or not at all", "[replay][export]") {
  TempDir dir;
  const fs::path log_path = dir.path() / "log";
  {
    auto writer = testing::OpenStore(log_path);
    Fill(*writer, 30);
  }
  const fs::path out = dir.path() / "events.csv";
  ExportOptions options;
  options.format = ExportFormat::kCsv;
  {
    Result<std::unique_ptr<store::EventStore>> log = store::OpenLogToRead(log_path);
    REQUIRE(log.ok());
    Result<ExportSummary> summary = ExportToFile(**log, options, out);
    REQUIRE(summary.ok());
    CHECK(summary->rows == 30);
    CHECK(ParseCsv(ReadText(out)).size() == 31);
    CHECK_FALSE(fs::exists(dir.path() / "events.csv.tmp"));
  }
  const std::string complete = ReadText(out);

  // Each kind of damage, inside the range, at its edges and just outside them.
  struct Case {
    std::uint64_t damaged;
    bool decodable;
    std::uint64_t from;
    std::optional<std::uint64_t> to;
    std::string named;
  };
  const Case c = GENERATE(Case{12, false, 1, std::nullopt, "seq 12: "},
                          Case{12, true, 1, std::nullopt, "seq 12 does not hash"},
                          Case{10, true, 11, 20, "seq 10 does not hash"},  // before the range
                          Case{20, true, 11, 20, "seq 20 does not hash"},  // its last row
                          Case{30, true, 1, std::nullopt, "seq 30 does not hash"});  // the head
  INFO("damaged seq " << c.damaged << (c.decodable ? " (rewritten)" : " (garbage)"));
  TempDir copy;
  fs::copy(log_path, copy.path() / "log", fs::copy_options::recursive);
  Damage(copy.path() / "log", c.damaged, c.decodable);
  Result<std::unique_ptr<store::EventStore>> log = store::OpenLogToRead(copy.path() / "log");
  REQUIRE(log.ok());
  options.from_seq = c.from;
  options.to_seq = c.to;
  options.flush_bytes = 1;  // rows reach the file before the damage is met
  Result<ExportSummary> summary = ExportToFile(**log, options, out);
  REQUIRE_FALSE(summary.ok());
  INFO(summary.status().ToString());
  CHECK(summary.status().code() == StatusCode::kCorruption);
  CHECK(summary.status().message().find(c.named) == 0);
  CHECK(ReadText(out) == complete);  // the earlier export, untouched
  CHECK_FALSE(fs::exists(dir.path() / "events.csv.tmp"));
}

// ---------------------------------------------------------------- the CLI

// Exactly one line on stderr, "prospekt: <code>: …".
void CheckOneLine(const testing::CliRun& run, const std::string& code) {
  INFO(run.err);
  CHECK(run.err.rfind("prospekt: " + code + ": ", 0) == 0);
  CHECK(run.err.find('\n') == run.err.size() - 1);
}

TEST_CASE("export CLI: bad input exits 2 with one line", "[replay][export][cli]") {
  TempDir dir;
  const std::string log = (dir.path() / "log").string();
  {
    auto writer = testing::OpenStore(log);
    Fill(*writer, 10);
  }
  fs::create_directories(dir.path() / "empty");
  std::ofstream(dir.path() / "file.txt") << "x\n";
  // GENERATE keeps its values across the runs of this case while each run has its own
  // folder, so the values name it "DIR" and each run puts in its own path.
  std::string arguments = GENERATE(as<std::string>{},
      "--data 'DIR/log' --from 5 --to 4", "--data 'DIR/log' --to 11",
      "--data 'DIR/log' --from 0", "--data 'DIR/log' --format xml",
      "--data 'DIR/log' --from minus-one", "--data 'DIR/log' --bogus", "--data 'DIR/missing'",
      "--data 'DIR/empty'", "--data 'DIR/file.txt'",
      "--data 'DIR/log' --out 'DIR/no-such-folder/x.csv'");
  for (std::size_t at; (at = arguments.find("DIR")) != std::string::npos;) {
    arguments.replace(at, 3, dir.path().string());
  }
  INFO(arguments);
  const testing::CliRun run = testing::RunProspekt(dir, "export " + arguments);
  CHECK(run.exit_code == 2);
  CheckOneLine(run, "invalid_argument");
  CHECK(run.out.empty());
  CHECK_FALSE(fs::exists(dir.path() / "missing"));  // never created by a look
}

TEST_CASE("export CLI: writes a file, or exits 3 naming the damaged seq", "[replay][export][cli]") {
  TempDir dir;
  const fs::path log = dir.path() / "log";
  {
    auto writer = testing::OpenStore(log);
    Fill(*writer, 10);
  }
  const fs::path out = dir.path() / "events.csv";
  const std::string export_csv =
      "export --data '" + log.string() + "' --format csv --out '" + out.string() + "'";
  testing::CliRun run = testing::RunProspekt(dir, export_csv);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.err.empty());  // no progress unless on a terminal or asked for
  CHECK(ParseCsv(ReadText(out)).size() == 11);

  run = testing::RunProspekt(dir, "export --data '" + log.string() + "' --from 3 --to 4 --progress");
  REQUIRE(run.exit_code == 0);
  CHECK(JsonlSeqs(run.out) == Range(3, 4));
  CHECK(run.err == "exported 2 of 2 events (up to seq 4)\n");

  fs::remove(out);
  Damage(log, 6, /*decodable=*/false);
  run = testing::RunProspekt(dir, export_csv);
  CHECK(run.exit_code == 3);
  CheckOneLine(run, "corruption");
  CHECK(run.err.find("seq 6") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(dir.path() / "events.csv.tmp"));
}

}  // namespace
}  // namespace prospekt::replay
