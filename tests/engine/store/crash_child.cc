// store_crash_child: the process tests/engine/store/crash_test.cc kills with SIGKILL.
//
// Usage: store_crash_child <log folder> <round> <writer threads>
//
// Opens the event store in the folder and appends from many writer threads at once,
// each append carrying an idempotency key and an expected version the parent can
// reproduce. On stdout (a pipe the parent reads) it reports, one line per write(2) so
// that lines of different threads never interleave (a pipe write of under PIPE_BUF
// bytes is atomic) and nothing sits in a stdio buffer when the kill comes:
//   OPEN <head seq>                                   the store is open
//   TRY <key> <stream> <expected> <count>             before an append
//   ACK <key> <first_seq> <last_seq> <first_version> <last_version> <duplicate>
//                                                     after a durable append
//   ERR <key> <status>                                an append failed (the test fails)
//   DONE                                              the time limit ran out
// The requests are a pure function of (round, thread, n): see CrashRequest below and
// its twin in crash_test.cc, which rebuilds them to retry in-flight appends.
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "engine/store/event_store.h"

namespace {

using prospekt::store::AppendRequest;
using prospekt::store::ExpectedVersion;

// Writes one whole line with a single write(2), retrying only on EINTR.
void Say(const std::string& line) {
  const std::string text = line + "\n";
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t written = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) std::_Exit(4);  // the parent is gone; nobody is listening
    done += static_cast<std::size_t>(written);
  }
}

// Must match MakeCrashEvent in crash_test.cc: the parent checks and retries with it.
prospekt::store::NewEvent MakeCrashEvent(const std::string& key, std::size_t index) {
  prospekt::store::NewEvent event;
  event.event_type = "ContactLogged";
  event.occurred_at_us = 1'767'603'600'000'000;
  event.actor = "e-r01-b01-002";
  event.payload = "{\"key\":\"" + key + "\",\"i\":" + std::to_string(index) + "}";
  return event;
}

// Even appends go to the thread's own stream with an exact expected version (the
// thread is its only writer, so it knows the version); odd ones to one of four shared
// streams with "any", racing the other threads. 1-3 events each.
struct CrashRequest {
  std::string key;
  std::string stream;
  ExpectedVersion expected = ExpectedVersion::Any();
  std::size_t count = 1;
};

CrashRequest NextRequest(int round, int thread, std::uint64_t n, std::uint64_t own_version) {
  char key[64];
  std::snprintf(key, sizeof key, "r%03d-t%02d-%06llu", round, thread,
                static_cast<unsigned long long>(n));
  CrashRequest request;
  request.key = key;
  if (n % 2 == 0) {
    request.stream = "client-r" + std::to_string(round) + "-t" + std::to_string(thread);
    request.expected = ExpectedVersion::Exactly(own_version);
  } else {
    request.stream = "branch-r" + std::to_string(round) + "-s" + std::to_string(n % 8 / 2);
  }
  request.count = 1 + static_cast<std::size_t>((n + static_cast<std::uint64_t>(thread)) % 3);
  return request;
}

void RunWriter(prospekt::store::EventStore& store, int round, int thread,
               std::chrono::steady_clock::time_point deadline) {
  std::uint64_t own_version = 0;
  for (std::uint64_t n = 0; std::chrono::steady_clock::now() < deadline; ++n) {
    const CrashRequest next = NextRequest(round, thread, n, own_version);
    AppendRequest request;
    request.stream_id = next.stream;
    request.expected_version = next.expected;
    request.idempotency_key = next.key;
    for (std::size_t i = 0; i < next.count; ++i) {
      request.events.push_back(MakeCrashEvent(next.key, i));
    }
    Say("TRY " + next.key + " " + next.stream + " " + next.expected.ToString() + " " +
        std::to_string(next.count));
    auto result = store.Append(std::move(request));
    if (!result.ok()) {
      Say("ERR " + next.key + " " + result.status().ToString());
      std::_Exit(3);
    }
    if (n % 2 == 0) own_version = result->last_version;
    Say("ACK " + next.key + " " + std::to_string(result->first_seq) + " " +
        std::to_string(result->last_seq) + " " + std::to_string(result->first_version) + " " +
        std::to_string(result->last_version) + " " + (result->duplicate ? "1" : "0"));
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: store_crash_child <log folder> <round> <writer threads>\n");
    return 2;
  }
  const int round = std::atoi(argv[2]);
  const int threads = std::atoi(argv[3]);
  auto opened = prospekt::store::EventStore::Open(argv[1]);
  if (!opened.ok()) {
    Say("ERR open " + opened.status().ToString());
    return 3;
  }
  std::unique_ptr<prospekt::store::EventStore> store = std::move(opened).value();
  Say("OPEN " + std::to_string(store->Head().last_seq));

  // The parent kills long before this; the limit only stops a child left behind.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::vector<std::thread> writers;
  writers.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&store, round, t, deadline] { RunWriter(*store, round, t, deadline); });
  }
  for (std::thread& writer : writers) writer.join();
  Say("DONE");
  return 0;
}
