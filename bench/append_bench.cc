#include "bench/append_bench.h"

#include <rocksdb/write_batch.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <latch>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/bare_rocks.h"
#include "bench/sample_event.h"
#include "engine/store/event_store.h"
#include "engine/store/internal/keys.h"

namespace prospekt::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Streams per producer: enough that consecutive appends of one producer alternate
// streams, few enough that the store's stream-version cache stays hot, as in a branch
// where an advisor works on a handful of clients at a time.
constexpr std::size_t kStreamsPerProducer = 4;

// One append of producer `producer`, its `n`-th; returns what the append returned.
using AppendOnce = std::function<Status(std::size_t producer, std::uint64_t n)>;

// Runs `workload.producers` threads calling `append_once` until the deadline or the
// budget, and times them from the common start to the last one's end.
Result<Throughput> DriveProducers(const AppendWorkload& workload, const RunLimits& limits,
                                  const AppendOnce& append_once) {
  const std::size_t producers = workload.producers;
  const std::uint64_t per_append = workload.events_per_append;
  // At least one append per producer, so that every thread takes part even in --smoke.
  constexpr std::uint64_t kUnlimited = std::numeric_limits<std::int64_t>::max();
  const std::uint64_t budget_appends =
      std::clamp<std::uint64_t>(limits.max_events / per_append, producers, kUnlimited);
  std::atomic<std::int64_t> budget{static_cast<std::int64_t>(budget_appends)};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  Status first_error;  // Guarded by error_mu.
  std::vector<std::uint64_t> appends(producers, 0);

  std::latch start(1);
  Clock::time_point deadline;  // written before start opens
  std::vector<std::thread> threads;
  threads.reserve(producers);
  for (std::size_t p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      start.wait();
      for (std::uint64_t n = 0;; ++n) {
        if (failed.load(std::memory_order_relaxed) || Clock::now() >= deadline ||
            budget.fetch_sub(1, std::memory_order_relaxed) <= 0) {
          return;
        }
        Status status = append_once(p, n);
        if (!status.ok()) {
          std::lock_guard lock(error_mu);
          if (first_error.ok()) first_error = std::move(status);
          failed.store(true);
          return;
        }
        ++appends[p];
      }
    });
  }
  const Clock::time_point started = Clock::now();
  deadline = started + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(limits.seconds));
  start.count_down();
  for (std::thread& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  if (!first_error.ok()) return first_error;
  if (std::all_of(appends.begin(), appends.end(), [](std::uint64_t n) { return n == 0; })) {
    return Status::IOError(workload.name + ": no append completed within the limits");
  }

  Throughput throughput;
  for (std::uint64_t count : appends) throughput.appends += count;
  throughput.events = throughput.appends * per_append;
  throughput.seconds = seconds;
  return throughput;
}

// Builds the `n`-th append of `producer`, stamped with fresh event counters.
store::AppendRequest MakeRequest(std::size_t producer, std::uint64_t n, std::size_t per_append,
                                 std::atomic<std::uint64_t>& counter) {
  static const std::size_t counter_at = PayloadCounterOffset();
  store::AppendRequest request;
  request.stream_id = StreamName(producer, n % kStreamsPerProducer);
  request.events.reserve(per_append);
  const std::uint64_t first = counter.fetch_add(per_append, std::memory_order_relaxed);
  for (std::size_t i = 0; i < per_append; ++i) {
    request.events.push_back(SampleEvent());
    StampCounter(request.events.back().payload, counter_at, first + i);
  }
  return request;
}

// Logical producers on AppendAsync. A completion callback (on the store's sequencer
// thread) only hands the producer back to one client thread, which builds and sends its
// next append -- as a server's completion handler posts to its Asio thread, so that the
// sequencer never does the client's work. Runs until the deadline or the budget.
Result<Throughput> DriveAsyncProducers(store::EventStore& log, const AppendWorkload& workload,
                                       const RunLimits& limits) {
  const std::uint64_t per_append = workload.events_per_append;
  constexpr std::uint64_t kUnlimited = std::numeric_limits<std::int64_t>::max();
  std::int64_t budget = static_cast<std::int64_t>(
      std::clamp<std::uint64_t>(limits.max_events / per_append, workload.producers, kUnlimited));
  std::atomic<std::uint64_t> counter{0};

  std::mutex mu;
  std::condition_variable ready_cv;
  std::vector<std::pair<std::size_t, std::uint64_t>> ready;  // Guarded by mu.
  std::uint64_t appends = 0;                                 // Guarded by mu.
  Status first_error;                                        // Guarded by mu.

  const Clock::time_point started = Clock::now();
  const Clock::time_point deadline = started + std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(limits.seconds));
  for (std::size_t p = 0; p < workload.producers; ++p) ready.emplace_back(p, 0);
  std::size_t in_flight = 0;  // only the client thread (this one) touches it
  std::vector<std::pair<std::size_t, std::uint64_t>> batch;
  for (;;) {
    {
      std::unique_lock lock(mu);
      ready_cv.wait(lock, [&] { return !ready.empty(); });
      batch.swap(ready);
    }
    const bool stop = !first_error.ok() || Clock::now() >= deadline;
    for (auto [producer, n] : batch) {
      if (n > 0) --in_flight;  // producer came back from an append
      if (stop || budget-- <= 0) continue;
      ++in_flight;
      log.AppendAsync(MakeRequest(producer, n, per_append, counter),
                      [&, producer, n](Result<store::AppendResult> appended) {
                        std::lock_guard lock(mu);
                        if (appended.ok()) {
                          ++appends;
                        } else if (first_error.ok()) {
                          first_error = appended.status();
                        }
                        ready.emplace_back(producer, n + 1);
                        ready_cv.notify_one();
                      });
    }
    batch.clear();
    if (in_flight == 0) break;
  }
  Throughput throughput;
  throughput.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  std::lock_guard lock(mu);
  if (!first_error.ok()) return first_error;
  throughput.appends = appends;
  throughput.events = throughput.appends * per_append;
  return throughput;
}

}  // namespace

Result<Throughput> RunStoreAppends(const std::filesystem::path& dir, const AppendWorkload& workload,
                                   const RunLimits& limits) {
  store::StoreOptions options;
  options.sync = true;
  Result<std::unique_ptr<store::EventStore>> opened = store::EventStore::Open(dir, options);
  if (!opened.ok()) return opened.status();
  store::EventStore& log = **opened;

  if (workload.async) return DriveAsyncProducers(log, workload, limits);
  std::atomic<std::uint64_t> counter{0};
  return DriveProducers(workload, limits, [&](std::size_t producer, std::uint64_t n) {
    Result<store::AppendResult> appended =
        log.Append(MakeRequest(producer, n, workload.events_per_append, counter));
    return appended.ok() ? Status::Ok() : appended.status();
  });
}

Result<Throughput> RunBareAppends(const std::filesystem::path& dir, const AppendWorkload& workload,
                                  const RunLimits& limits, bool sync) {
  Result<std::unique_ptr<BareDb>> opened = BareDb::Open(dir);
  if (!opened.ok()) return opened.status();
  BareDb& bare = **opened;

  std::size_t counter_at = 0;
  const std::string envelope = SampleEncodedEnvelope(counter_at);
  // A head record of the store's size: seq, a 32-byte hash, recorded_at.
  const std::string head_record =
      store::internal::EncodeHeadRecord({1, std::string(32, '\x5a'), 1718000000000000});
  // Each producer's stream versions; a thread touches only its own row.
  std::vector<std::vector<std::uint64_t>> versions(
      workload.producers, std::vector<std::uint64_t>(kStreamsPerProducer, 0));
  std::atomic<std::uint64_t> last_seq{0};
  rocksdb::WriteOptions write_options;
  write_options.sync = sync;

  const std::size_t per_append = workload.events_per_append;
  return DriveProducers(workload, limits, [&](std::size_t producer, std::uint64_t n) {
    const std::size_t stream_index = n % kStreamsPerProducer;
    const std::string stream = StreamName(producer, stream_index);
    std::uint64_t& version = versions[producer][stream_index];
    const std::uint64_t first = last_seq.fetch_add(per_append, std::memory_order_relaxed) + 1;
    rocksdb::WriteBatch batch;
    std::string value = envelope;
    for (std::size_t i = 0; i < per_append; ++i) {
      const std::string event_key = store::internal::EventKey(first + i);
      StampCounter(value, counter_at, first + i);
      batch.Put(bare.events(), event_key, value);
      batch.Put(bare.streams(), store::internal::StreamKey(stream, ++version), event_key);
    }
    batch.Put(bare.meta(), store::internal::kMetaHeadKey, head_record);
    const rocksdb::Status written = bare.db().Write(write_options, &batch);
    return written.ok() ? Status::Ok() : Status::IOError(written.ToString());
  });
}

}  // namespace prospekt::bench
