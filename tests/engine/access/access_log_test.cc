// The access log: its folder, appends and reads, and the read audit — every read is
// durable before it is acknowledged, "who viewed client X between two dates" reads one
// stream, and the log's chain verifies like the main log's.
#include "engine/access/access_log.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <future>

#include "replay/verify_chain.h"
#include "tests/test_support.h"

namespace prospekt::access {
namespace {

constexpr std::int64_t kStart = 1'772'442'000'000'000;  // 2026-03-02T09:00:00Z
constexpr std::int64_t kMinute = 60'000'000;

// A clock the test moves by hand.
struct FakeClock {
  std::shared_ptr<std::atomic<std::int64_t>> now =
      std::make_shared<std::atomic<std::int64_t>>(kStart);
  std::function<std::int64_t()> Function() const {
    return [now = now] { return now->load(); };
  }
  void Advance(std::int64_t micros) const { *now += micros; }
};

std::unique_ptr<AccessLog> OpenLog(const std::filesystem::path& path, const FakeClock& clock) {
  AccessLogOptions options;
  options.clock = clock.Function();
  Result<std::unique_ptr<AccessLog>> log = AccessLog::Open(path, options);
  INFO(log.status().ToString());
  REQUIRE(log.ok());
  return std::move(log).value();
}

Principal Viewer(std::string login, std::string employee_id) {
  Principal principal;
  principal.login = std::move(login);
  principal.employee_id = std::move(employee_id);
  principal.roles = {domain::Role::kAuditor};
  return principal;
}

// RecordView, waited for.
Status RecordAndWait(AccessLog& log, const Principal& viewer, ViewedSubject kind,
                     std::string_view subject, std::string_view route, std::uint64_t as_of = 0) {
  std::promise<Status> done;
  std::future<Status> result = done.get_future();
  log.RecordView(viewer, kind, subject, route, as_of,
                 [&done](Status status) { done.set_value(std::move(status)); });
  return result.get();
}

TEST_CASE("the access log lives beside the event log", "[access][log]") {
  CHECK(AccessLogFolder("/srv/bank/data") == std::filesystem::path("/srv/bank/data.access"));
  CHECK(AccessLogFolder("/srv/bank/data/") == std::filesystem::path("/srv/bank/data.access"));
  CHECK(AccessLogFolder("data") == std::filesystem::path("data.access"));
  CHECK(ViewedClientStream("r01-b01-c00007") == "viewed-client-r01-b01-c00007");
  CHECK(ViewedEmployeeStream("e3") == "viewed-employee-e3");
}

TEST_CASE("reads are recorded durably and answered per client and period", "[access][log]") {
  testing::TempDir dir;
  FakeClock clock;
  const Principal auditor = Viewer("zaitsev", "audit-001");
  const Principal head = Viewer("orlova", "head-1");
  {
    auto log = OpenLog(dir.path() / "data.access", clock);
    REQUIRE(
        RecordAndWait(*log, auditor, ViewedSubject::kCard, "c1", "/api/clients/{client_id}/card")
            .ok());
    clock.Advance(10 * kMinute);
    REQUIRE(
        RecordAndWait(*log, head, ViewedSubject::kTrail, "c1", "/api/clients/{client_id}/trail", 42)
            .ok());
    clock.Advance(10 * kMinute);
    REQUIRE(RecordAndWait(*log, head, ViewedSubject::kCard, "c2", "/api/clients/{client_id}/card")
                .ok());
    REQUIRE(RecordAndWait(*log, auditor, ViewedSubject::kHistory, "head-1",
                          "/api/employees/{employee_id}/history")
                .ok());
    clock.Advance(10 * kMinute);
    REQUIRE(
        RecordAndWait(*log, auditor, ViewedSubject::kCard, "c1", "/api/clients/{client_id}/card")
            .ok());
  }
  // Reopened: every acknowledged read is there.
  auto log = OpenLog(dir.path() / "data.access", clock);
  Result<std::vector<ViewRecord>> all = log->ViewersOf("c1", kStart, kStart + 60 * kMinute);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].viewed == RecordViewed{"zaitsev", "audit-001", ViewedSubject::kCard, "c1",
                                         "/api/clients/{client_id}/card", 0});
  CHECK((*all)[0].viewed_at_us == kStart);
  CHECK((*all)[1].viewed == RecordViewed{"orlova", "head-1", ViewedSubject::kTrail, "c1",
                                         "/api/clients/{client_id}/trail", 42});
  CHECK((*all)[1].viewed_at_us == kStart + 10 * kMinute);
  CHECK((*all)[2].viewed_at_us == kStart + 30 * kMinute);
  CHECK((*all)[0].seq < (*all)[1].seq);

  // [from, until): the first bound is in, the second out.
  Result<std::vector<ViewRecord>> window =
      log->ViewersOf("c1", kStart + 10 * kMinute, kStart + 30 * kMinute);
  REQUIRE(window.ok());
  REQUIRE(window->size() == 1);
  CHECK(window->front().viewed.viewer_login == "orlova");

  Result<std::vector<ViewRecord>> c2 = log->ViewersOf("c2", kStart, kStart + 60 * kMinute);
  REQUIRE(c2.ok());
  CHECK(c2->size() == 1);
  Result<std::vector<ViewRecord>> none = log->ViewersOf("c9", kStart, kStart + 60 * kMinute);
  REQUIRE(none.ok());
  CHECK(none->empty());
  Result<std::vector<ViewRecord>> history =
      log->ViewersOfEmployee("head-1", kStart, kStart + 60 * kMinute);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 1);
  CHECK(history->front().viewed.subject_kind == ViewedSubject::kHistory);

  // The envelope names the viewer as actor; the chain verifies.
  Result<std::vector<AccessRecord>> stream = log->ReadStream(ViewedClientStream("c1"), 1, 10);
  REQUIRE(stream.ok());
  REQUIRE(stream->size() == 3);
  CHECK(stream->front().envelope.actor == "zaitsev");
  CHECK(stream->front().envelope.event_type == "RecordViewed");
  Result<replay::ChainReport> chain = replay::VerifyChain(log->store());
  REQUIRE(chain.ok());
  CHECK(chain->intact);
  CHECK(chain->events_checked == 5);
}

TEST_CASE("bad read-audit input is refused before anything is written", "[access][log]") {
  testing::TempDir dir;
  FakeClock clock;
  auto log = OpenLog(dir.path() / "data.access", clock);
  const Principal auditor = Viewer("zaitsev", "audit-001");
  // `done` runs at once on the caller's thread for bad input.
  Status status;
  log->RecordView(auditor, ViewedSubject::kCard, "c 1", "/api/clients/{client_id}/card", 0,
                  [&status](Status s) { status = std::move(s); });
  CHECK(status.code() == StatusCode::kInvalidArgument);
  CHECK(status.field() == "subject_id");
  log->RecordView(auditor, ViewedSubject::kCard, std::string(101, 'c'), "/r", 0,
                  [&status](Status s) { status = std::move(s); });
  CHECK(status.field() == "subject_id");
  log->RecordView(auditor, ViewedSubject::kCard, "c1", "", 0,
                  [&status](Status s) { status = std::move(s); });
  CHECK(status.field() == "route");
  log->RecordView(auditor, ViewedSubject::kCard, "c1", std::string(257, '/'), 0,
                  [&status](Status s) { status = std::move(s); });
  CHECK(status.field() == "route");
  CHECK(log->store().Head().last_seq == 0);

  CHECK(log->ViewersOf("c/1", kStart, kStart + 1).status().field() == "client_id");
  CHECK(log->ViewersOf("c1", kStart, kStart).status().code() == StatusCode::kInvalidArgument);
  CHECK(log->ViewersOfEmployee("", kStart, kStart + 1).status().field() == "employee_id");
}

TEST_CASE("a read-only access log records nothing and says so", "[access][log]") {
  testing::TempDir dir;
  FakeClock clock;
  { OpenLog(dir.path() / "data.access", clock); }
  AccessLogOptions options;
  options.read_only = true;
  Result<std::unique_ptr<AccessLog>> log = AccessLog::Open(dir.path() / "data.access", options);
  REQUIRE(log.ok());
  const Status status = RecordAndWait(**log, Viewer("zaitsev", "audit-001"), ViewedSubject::kCard,
                                      "c1", "/api/clients/{client_id}/card");
  CHECK(status.code() == StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace prospekt::access
