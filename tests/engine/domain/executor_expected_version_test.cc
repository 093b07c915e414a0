// CommandContext::expected_stream_version on a real store (HTTP If-Match): a command
// decided on a stale view of its stream is refused with Aborted carrying the current
// version and writes nothing; the right version, or none, goes through.
#include <catch2/catch.hpp>

#include "engine/domain/executor.h"
#include "tests/engine/domain/executor_test_support.h"
#include "tests/test_support.h"

namespace prospekt::domain::testing {
namespace {

using prospekt::testing::TempDir;

CommandContext Expecting(std::string actor, std::uint64_t version) {
  CommandContext context = As(std::move(actor));
  context.expected_stream_version = version;
  return context;
}

TEST_CASE("an expected stream version guards the decided append", "[api][domain][executor]") {
  TempDir dir;
  std::unique_ptr<Executor> opened = OpenExecutorAt(dir.path());
  Executor& executor = *opened;
  OpenSalesBranch(executor);
  RegisterClient client;
  client.client_id = "c1";
  client.name = "ООО «Ромашка»";
  client.branch_id = "b1";
  // A new stream: version 0 is "no events yet".
  Executed(executor, client, Expecting("head", 0));

  const std::uint64_t head_before = executor.store().Head().last_seq;
  Result<store::AppendResult> stale =
      executor.Execute(AssignClient{"c1", "s1", {}}, Expecting("head", 0));
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.status().code() == StatusCode::kAborted);
  CHECK(stale.status().current_version() == 1u);
  CHECK(executor.store().Head().last_seq == head_before);

  // The model did not see the refused events: the same assignment now goes through.
  Result<store::AppendResult> fresh =
      executor.Execute(AssignClient{"c1", "s1", {}}, Expecting("head", 1), "assign-1");
  INFO(fresh.status().ToString());
  REQUIRE(fresh.ok());
  CHECK(fresh->first_version == 2);

  // A retry with the same key answers the first append, whatever the version now.
  Result<store::AppendResult> retried =
      executor.Execute(AssignClient{"c1", "s1", {}}, Expecting("head", 1), "assign-1");
  REQUIRE(retried.ok());
  CHECK(retried->duplicate);
  CHECK(retried->first_seq == fresh->first_seq);

  // Without a version the command is decided against whatever the log holds.
  Executed(executor, UnassignClient{"c1"}, As("head"));
  CHECK(executor.store().Head().last_seq == fresh->last_seq + 1);
}

}  // namespace
}  // namespace prospekt::domain::testing
