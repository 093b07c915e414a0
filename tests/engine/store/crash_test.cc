// The crash test: a writer process is killed with SIGKILL at random moments while 16
// threads append, and after every kill the log must hold every acknowledged event at
// its position, stay gapless with an intact chain, and let every in-flight append be
// retried with its idempotency key without a duplicate.
//
// The victim is store_crash_child (crash_child.cc, its protocol is described there),
// started with posix_spawn; its stdout is a pipe this test reads while it runs. The kill
// delays come from a seeded RNG; where exactly the kill lands still depends on timing,
// but every outcome is checked, so a run can only pass or find a real loss.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "engine/store/event_store.h"
#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::store {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kRounds = 24;
constexpr int kWriterThreads = 16;

// Must match MakeCrashEvent in crash_child.cc.
NewEvent MakeCrashEvent(const std::string& key, std::size_t index) {
  NewEvent event;
  event.event_type = "ContactLogged";
  event.occurred_at_us = 1'767'603'600'000'000;
  event.actor = "e-r01-b01-002";
  event.payload = "{\"key\":\"" + key + "\",\"i\":" + std::to_string(index) + "}";
  return event;
}

struct Tried {
  std::string stream;
  std::string expected;  // ExpectedVersion's wire form
  std::size_t count = 0;
};

struct Acked {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  std::uint64_t first_version = 0;
  std::uint64_t last_version = 0;
  bool duplicate = false;
};

// What one child reported before it died.
struct RoundLog {
  bool opened = false;
  Clock::duration time_to_open{};
  std::map<std::string, Tried> tried;
  std::map<std::string, Acked> acked;
  std::vector<std::string> errors;  // ERR lines and lines that do not parse
  std::size_t partial_bytes = 0;    // an unterminated last line (never expected)
  int wait_status = 0;
};

void ParseLine(const std::string& line, Clock::time_point spawned, RoundLog& log) {
  std::istringstream in(line);
  std::string tag;
  in >> tag;
  if (tag == "OPEN") {
    log.opened = true;
    log.time_to_open = Clock::now() - spawned;
  } else if (tag == "TRY") {
    std::string key;
    Tried tried;
    if (in >> key >> tried.stream >> tried.expected >> tried.count) {
      if (!log.tried.emplace(key, tried).second) log.errors.push_back("key tried twice: " + line);
      return;
    }
    log.errors.push_back("bad line: " + line);
  } else if (tag == "ACK") {
    std::string key;
    Acked acked;
    int duplicate = 0;
    if (in >> key >> acked.first_seq >> acked.last_seq >> acked.first_version >>
        acked.last_version >> duplicate) {
      acked.duplicate = duplicate != 0;
      if (!log.acked.emplace(key, acked).second) log.errors.push_back("acked twice: " + line);
      return;
    }
    log.errors.push_back("bad line: " + line);
  } else if (tag != "DONE") {
    log.errors.push_back(line);
  }
}

// Runs one child on `folder` and SIGKILLs it `kill_after` after it reported OPEN (or,
// when `from_spawn`, after it was started, so the kill may land inside Open's recovery).
RoundLog RunChild(const std::filesystem::path& folder, int round, milliseconds kill_after,
                  bool from_spawn) {
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 clears close-on-exec on the copy, so the child keeps only its stdout end.
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  std::string child = PROSPEKT_CRASH_CHILD;
  std::string folder_arg = folder.string();
  std::string round_arg = std::to_string(round);
  std::string threads_arg = std::to_string(kWriterThreads);
  char* argv[] = {child.data(), folder_arg.data(), round_arg.data(), threads_arg.data(), nullptr};
  pid_t pid = 0;
  const Clock::time_point spawned = Clock::now();
  const int spawn_error = ::posix_spawn(&pid, child.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);  // the parent's copy, or the pipe never reports end of file
  if (spawn_error != 0) {
    ::close(fds[0]);
    FAIL("cannot start " << child << ": error " << spawn_error);
  }

  RoundLog log;
  std::string pending;  // bytes after the last newline
  auto consume = [&](const char* data, std::size_t size) {
    pending.append(data, size);
    std::size_t start = 0;
    for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      ParseLine(pending.substr(start, end - start), spawned, log);
    }
    pending.erase(0, start);
  };

  // A child that never opens is killed after 10 s; the missing OPEN fails the round.
  Clock::time_point deadline = spawned + (from_spawn ? kill_after : milliseconds(10'000));
  bool deadline_from_open = from_spawn;
  char buffer[4096];
  bool eof = false;
  while (!eof) {
    if (!deadline_from_open && log.opened) {
      deadline = spawned + log.time_to_open + kill_after;
      deadline_from_open = true;
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    pollfd poll_fd{fds[0], POLLIN, 0};
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(left.count()) + 1);
    if (ready < 0 && errno != EINTR) {
      // No REQUIRE here: the child must be killed first, or it would outlive the test.
      log.errors.push_back("poll failed with errno " + std::to_string(errno));
      break;
    }
    if (ready <= 0) continue;
    const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) eof = true;  // the child ended on its own: waitpid says how
    if (got > 0) consume(buffer, static_cast<std::size_t>(got));
  }
  ::kill(pid, SIGKILL);
  // What the child wrote before it died is still in the pipe: read it all.
  for (;;) {
    const ssize_t got = ::read(fds[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    consume(buffer, static_cast<std::size_t>(got));
  }
  ::close(fds[0]);
  log.partial_bytes = pending.size();
  while (::waitpid(pid, &log.wait_status, 0) < 0 && errno == EINTR) {
  }
  return log;
}

struct Landed {
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
};

struct Totals {
  std::size_t acked = 0;
  std::size_t inflight_landed = 0;      // killed after the write, before the ACK
  std::size_t inflight_not_landed = 0;  // killed before the write
  std::size_t rounds_killed_before_open = 0;
};

AppendRequest RebuildRequest(const std::string& key, const Tried& tried) {
  Result<ExpectedVersion> expected = ExpectedVersion::Parse(tried.expected);
  REQUIRE(expected.ok());
  AppendRequest request;
  request.stream_id = tried.stream;
  request.expected_version = *expected;
  request.idempotency_key = key;
  for (std::size_t i = 0; i < tried.count; ++i) request.events.push_back(MakeCrashEvent(key, i));
  return request;
}

// The checks after one kill. `previous` is the head the last round left (after its
// retries), which this round's log must extend unchanged.
void CheckRound(const std::filesystem::path& folder, int round, const RoundLog& log,
                LogHead& previous, Totals& totals) {
  INFO("round " << round);
  for (const std::string& error : log.errors) FAIL_CHECK(error);
  REQUIRE(log.errors.empty());
  CHECK(log.partial_bytes == 0);
  REQUIRE(WIFSIGNALED(log.wait_status));
  REQUIRE(WTERMSIG(log.wait_status) == SIGKILL);

  auto store = testing::OpenStore(folder);
  const LogHead head = store->Head();
  REQUIRE(head.last_seq >= previous.last_seq);

  // Gapless from 1 to the head, and the earlier rounds' log untouched: with the chain
  // intact (below), the old head's envelope hashing the same proves the whole prefix.
  Result<std::vector<Envelope>> all = store->ReadAll(1, std::numeric_limits<std::size_t>::max());
  INFO(all.status().ToString());
  REQUIRE(all.ok());
  REQUIRE(all->size() == head.last_seq);
  // One assertion for the whole log: a Catch2 assertion per event costs seconds here.
  std::uint64_t gapless_to = 0;
  while (gapless_to < all->size() && (*all)[gapless_to].seq == gapless_to + 1) ++gapless_to;
  REQUIRE(gapless_to == head.last_seq);
  if (previous.last_seq > 0) {
    bool same = false;
    Status scanned = store->ScanRaw(previous.last_seq, [&](std::uint64_t, std::string_view bytes) {
      same = HashEnvelopeBytes(bytes) == previous.hash;
      return false;
    });
    REQUIRE(scanned.ok());
    REQUIRE(same);
  }

  // Every event this round wrote belongs to one of its tries, whole and in one piece.
  std::map<std::string, Landed> landed;
  for (std::uint64_t seq = previous.last_seq + 1; seq <= head.last_seq;) {
    const Envelope& first = (*all)[seq - 1];
    INFO("seq " << seq << " key " << first.idempotency_key);
    auto tried = log.tried.find(first.idempotency_key);
    REQUIRE(tried != log.tried.end());
    REQUIRE(landed.count(first.idempotency_key) == 0);
    REQUIRE(seq + tried->second.count - 1 <= head.last_seq);
    for (std::size_t i = 0; i < tried->second.count; ++i) {
      const Envelope& event = (*all)[seq - 1 + i];
      REQUIRE(event.idempotency_key == first.idempotency_key);
      REQUIRE(event.stream_id == tried->second.stream);
      REQUIRE(event.stream_version == first.stream_version + i);
      REQUIRE(event.payload == MakeCrashEvent(first.idempotency_key, i).payload);
    }
    landed[first.idempotency_key] = {seq, seq + tried->second.count - 1};
    seq += tried->second.count;
  }

  // Every acknowledged append is there, at the positions it was acknowledged with.
  for (const auto& [key, acked] : log.acked) {
    INFO("acked key " << key);
    REQUIRE(log.tried.count(key) == 1);
    CHECK_FALSE(acked.duplicate);
    auto found = landed.find(key);
    REQUIRE(found != landed.end());
    CHECK(found->second.first_seq == acked.first_seq);
    CHECK(found->second.last_seq == acked.last_seq);
    CHECK((*all)[acked.first_seq - 1].stream_version == acked.first_version);
    CHECK((*all)[acked.last_seq - 1].stream_version == acked.last_version);
  }
  totals.acked += log.acked.size();

  Result<replay::ChainReport> chain = replay::VerifyChain(*store);
  REQUIRE(chain.ok());
  INFO(chain->problem);
  REQUIRE(chain->intact);
  REQUIRE(chain->events_checked == head.last_seq);
  REQUIRE(chain->head.hash == head.hash);

  // Retrying an in-flight append creates nothing new if it had landed, and lands it
  // exactly once if it had not; a second retry is always a duplicate.
  for (const auto& [key, tried] : log.tried) {
    if (log.acked.count(key) != 0) continue;
    INFO("in-flight key " << key << " on " << tried.stream << " expecting " << tried.expected);
    Result<AppendResult> retried = store->Append(RebuildRequest(key, tried));
    INFO(retried.status().ToString());
    REQUIRE(retried.ok());
    if (auto found = landed.find(key); found != landed.end()) {
      ++totals.inflight_landed;
      CHECK(retried->duplicate);
      CHECK(retried->first_seq == found->second.first_seq);
      CHECK(retried->last_seq == found->second.last_seq);
    } else {
      ++totals.inflight_not_landed;
      CHECK_FALSE(retried->duplicate);
      CHECK(retried->last_seq - retried->first_seq + 1 == tried.count);
    }
    Result<AppendResult> again = store->Append(RebuildRequest(key, tried));
    REQUIRE(again.ok());
    CHECK(again->duplicate);
    CHECK(again->first_seq == retried->first_seq);
    CHECK(again->last_seq == retried->last_seq);
    Result<std::vector<Envelope>> events = store->ReadAll(retried->first_seq, tried.count);
    REQUIRE(events.ok());
    REQUIRE(events->size() == tried.count);
    for (const Envelope& event : *events) CHECK(event.idempotency_key == key);
  }

  Result<replay::ChainReport> after = replay::VerifyChain(*store);
  REQUIRE(after.ok());
  REQUIRE(after->intact);
  previous = store->Head();
  REQUIRE(after->events_checked == previous.last_seq);
}

TEST_CASE("a writer killed mid-append loses no acknowledged event and duplicates none",
          "[store][crash]") {
  testing::TempDir dir;
  std::mt19937_64 rng(0x5eed'c0de);
  std::uniform_int_distribution<int> kill_delay_ms(20, 150);
  std::uniform_real_distribution<double> open_fraction(0.3, 1.0);
  LogHead previous;
  Totals totals;
  Clock::duration time_to_open = milliseconds(100);

  for (int round = 1; round <= kRounds; ++round) {
    // Every sixth round the kill is timed from the spawn, to land in Open's WAL
    // recovery (and its flush) or before it; the others kill while appending.
    const bool during_open = round % 6 == 0;
    const milliseconds delay =
        during_open ? std::chrono::duration_cast<milliseconds>(time_to_open * open_fraction(rng))
                    : milliseconds(kill_delay_ms(rng));
    RoundLog log = RunChild(dir.path(), round, delay, during_open);
    if (log.opened && !during_open) time_to_open = log.time_to_open;
    if (!log.opened) ++totals.rounds_killed_before_open;
    if (!during_open) REQUIRE(log.opened);
    CheckRound(dir.path(), round, log, previous, totals);
  }

  INFO("acked " << totals.acked << ", in flight and landed " << totals.inflight_landed
                << ", in flight and not landed " << totals.inflight_not_landed
                << ", killed before OPEN " << totals.rounds_killed_before_open << ", final head "
                << previous.last_seq);
  CHECK(totals.acked > 0);
  // With 16 writers and group commit both kinds of in-flight append come up in every
  // few rounds; none in 24 rounds would mean the kills never land mid-write.
  CHECK(totals.inflight_landed > 0);
  CHECK(totals.inflight_not_landed > 0);
}

}  // namespace
}  // namespace prospekt::store
