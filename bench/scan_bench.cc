#include "bench/scan_bench.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "bench/bare_rocks.h"
#include "bench/sample_event.h"
#include "engine/store/limits.h"
#include "events/envelope.h"

namespace prospekt::bench {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

Status CheckCount(const char* scan, std::uint64_t seen, std::uint64_t expected) {
  if (seen == expected) return Status::Ok();
  return Status::Corruption(std::string(scan) + " saw " + std::to_string(seen) +
                            " events, the log holds " + std::to_string(expected));
}

// Folds a value into a checksum, so that the compiler cannot skip reading it.
void Touch(std::uint64_t& sink, std::string_view bytes) {
  sink += bytes.size();
  if (!bytes.empty()) sink ^= static_cast<std::uint8_t>(bytes[bytes.size() / 2]);
}

// Makes the checksum count as used (Google Benchmark's DoNotOptimize, in one line).
void KeepAlive(std::uint64_t sink) { asm volatile("" : : "r"(sink) : "memory"); }

}  // namespace

Status FillLog(const std::filesystem::path& dir, std::uint64_t events) {
  Result<std::unique_ptr<store::EventStore>> opened = store::EventStore::Open(dir);
  if (!opened.ok()) return opened.status();
  store::EventStore& log = **opened;
  const std::size_t counter_at = PayloadCounterOffset();

  // Two writers so that one builds its request while the other's group is written.
  constexpr std::size_t kWriters = 2;
  std::atomic<std::uint64_t> next{0};
  std::vector<Status> errors(kWriters);
  std::vector<std::thread> writers;
  for (std::size_t w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (std::uint64_t n = 0;; ++n) {
        const std::uint64_t first = next.fetch_add(store::kMaxEventsPerAppend);
        if (first >= events) return;
        const std::uint64_t count =
            std::min<std::uint64_t>(store::kMaxEventsPerAppend, events - first);
        store::AppendRequest request;
        request.stream_id = StreamName(w, n % 4);
        request.events.reserve(count);
        for (std::uint64_t i = 0; i < count; ++i) {
          request.events.push_back(SampleEvent());
          StampCounter(request.events.back().payload, counter_at, first + i);
        }
        Result<store::AppendResult> appended = log.Append(std::move(request));
        if (!appended.ok()) {
          errors[w] = appended.status();
          return;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  for (Status& error : errors) PROSPEKT_RETURN_IF_ERROR(error);
  return Status::Ok();
}

Result<Throughput> ScanReadAll(const store::EventStore& log, std::size_t batch,
                               std::uint64_t expected_events) {
  const Clock::time_point started = Clock::now();
  std::uint64_t seen = 0;
  std::uint64_t calls = 0;
  std::uint64_t sink = 0;
  for (std::uint64_t from = 1;; ++calls) {
    Result<std::vector<Envelope>> events = log.ReadAll(from, batch);
    if (!events.ok()) return events.status();
    if (events->empty()) break;
    for (const Envelope& envelope : *events) Touch(sink, envelope.payload);
    seen += events->size();
    from = events->back().seq + 1;
  }
  const double seconds = SecondsSince(started);
  PROSPEKT_RETURN_IF_ERROR(CheckCount("ReadAll", seen, expected_events));
  KeepAlive(sink);
  return Throughput{seen, calls, seconds};
}

Result<Throughput> ScanRawEvents(const store::EventStore& log, bool decode,
                                 std::uint64_t expected_events) {
  const Clock::time_point started = Clock::now();
  std::uint64_t seen = 0;
  std::uint64_t sink = 0;
  Status failure;
  Status scanned = log.ScanRaw(1, [&](std::uint64_t seq, std::string_view bytes) {
    if (!decode) {
      Touch(sink, bytes);
      ++seen;
      return true;
    }
    Result<Envelope> envelope = DecodeEnvelope(bytes);
    if (!envelope.ok() || envelope->seq != seq) {
      failure = Status::Corruption("seq " + std::to_string(seq) + " does not decode");
      return false;
    }
    Touch(sink, envelope->payload);
    ++seen;
    return true;
  });
  const double seconds = SecondsSince(started);
  PROSPEKT_RETURN_IF_ERROR(scanned);
  PROSPEKT_RETURN_IF_ERROR(failure);
  PROSPEKT_RETURN_IF_ERROR(CheckCount("ScanRaw", seen, expected_events));
  KeepAlive(sink);
  return Throughput{seen, 1, seconds};
}

Result<Throughput> ScanBare(const std::filesystem::path& dir, std::uint64_t expected_events) {
  Result<std::unique_ptr<BareDb>> opened = BareDb::OpenReadOnly(dir);
  if (!opened.ok()) return opened.status();
  BareDb& bare = **opened;
  // The store's scan options (EventStore::ScanRaw), so only decoding differs.
  rocksdb::ReadOptions read_options;
  read_options.readahead_size = 4 * 1024 * 1024;
  read_options.fill_cache = false;

  const Clock::time_point started = Clock::now();
  std::uint64_t seen = 0;
  std::uint64_t sink = 0;
  std::unique_ptr<rocksdb::Iterator> it(bare.db().NewIterator(read_options, bare.events()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    Touch(sink, {it->key().data(), it->key().size()});
    Touch(sink, {it->value().data(), it->value().size()});
    ++seen;
  }
  const double seconds = SecondsSince(started);
  if (!it->status().ok()) return Status::IOError("bare scan: " + it->status().ToString());
  PROSPEKT_RETURN_IF_ERROR(CheckCount("the bare iterator", seen, expected_events));
  KeepAlive(sink);
  return Throughput{seen, 1, seconds};
}

}  // namespace prospekt::bench
