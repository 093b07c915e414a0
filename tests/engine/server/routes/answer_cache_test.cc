// The cache of rendered live answers: found by its exact key, first body kept, oldest out.
#include "engine/server/routes/internal/answer_cache.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

namespace prospekt::server::internal {
namespace {

std::shared_ptr<const std::string> Body(const char* text) {
  return std::make_shared<const std::string>(text);
}

TEST_CASE("the answer cache finds exact keys, keeps the first body and drops the oldest", "[e2e]") {
  AnswerCache cache(2);
  CHECK(cache.Find("dashboard@1") == nullptr);
  cache.Put("dashboard@1", Body("one"));
  cache.Put("dashboard@1", Body("other"));  // the same key is the same answer
  REQUIRE(cache.Find("dashboard@1") != nullptr);
  CHECK(*cache.Find("dashboard@1") == "one");
  cache.Put("dashboard@2", Body("two"));
  cache.Put("dashboard@3", Body("three"));
  CHECK(cache.size() == 2);
  CHECK(cache.Find("dashboard@1") == nullptr);
  CHECK(*cache.Find("dashboard@2") == "two");
  CHECK(*cache.Find("dashboard@3") == "three");

  AnswerCache none(0);
  none.Put("k", Body("v"));
  CHECK(none.Find("k") == nullptr);
}

}  // namespace
}  // namespace prospekt::server::internal
