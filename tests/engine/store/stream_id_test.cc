// The rules for stream ids.
#include "engine/store/stream_id.h"

#include <catch2/catch.hpp>

#include <string>

#include "engine/store/limits.h"

namespace prospekt::store {
namespace {

TEST_CASE("valid stream ids", "[store][stream_id]") {
  for (const char* id : {"client-r01-000042", "branch-r01-b07", "employee-e.1:2_3",
                         "work_plan-r01-e002-2026W02", "x-1"}) {
    INFO(id);
    CHECK(ValidateStreamId(id).ok());
  }
  CHECK(ValidateStreamId("c-" + std::string(kMaxStreamIdBytes - 2, 'a')).ok());
}

TEST_CASE("invalid stream ids name the rule", "[store][stream_id]") {
  struct Case {
    std::string id;
    const char* rule;
  };
  const Case cases[] = {
      {"", "empty"},
      {"client", "<category>-<id>"},
      {"-42", "<category>-<id>"},
      {"client-", "<category>-<id>"},
      {"Client-1", "lower-case letter"},
      {"1client-1", "lower-case letter"},
      {"cli ent-1", "category may hold"},
      {"client-4 2", "id may hold"},
      {"client-42/7", "id may hold"},
      {std::string("client-4\0"
                   "2",
                   9),
       "id may hold"},
      {"client-Иванов", "id may hold"},
      {"c-" + std::string(kMaxStreamIdBytes, 'a'), "longer than"},
  };
  for (const Case& c : cases) {
    INFO("id \"" << c.id << "\"");
    Status status = ValidateStreamId(c.id);
    REQUIRE(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.field() == "stream_id");
    CHECK_THAT(status.message(), Catch::Contains(c.rule));
  }
}

}  // namespace
}  // namespace prospekt::store
