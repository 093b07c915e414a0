// The cache of rendered live answers: found by its exact key, first body kept, oldest out.
#include "engine/server/routes/internal/answer_cache.h"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "tests/engine/server/gunzip.h"

namespace prospekt::server::internal {
namespace {

std::shared_ptr<const CachedAnswer> Body(const char* text) {
  return std::make_shared<const CachedAnswer>(text);
}

TEST_CASE("the answer cache finds exact keys, keeps the first body and drops the oldest", "[e2e]") {
  AnswerCache cache(2);
  CHECK(cache.Find("dashboard@1") == nullptr);
  cache.Put("dashboard@1", Body("one"));
  cache.Put("dashboard@1", Body("other"));  // the same key is the same answer
  REQUIRE(cache.Find("dashboard@1") != nullptr);
  CHECK(cache.Find("dashboard@1")->body() == "one");
  cache.Put("dashboard@2", Body("two"));
  cache.Put("dashboard@3", Body("three"));
  CHECK(cache.size() == 2);
  CHECK(cache.Find("dashboard@1") == nullptr);
  CHECK(cache.Find("dashboard@2")->body() == "two");
  CHECK(cache.Find("dashboard@3")->body() == "three");

  AnswerCache none(0);
  none.Put("k", Body("v"));
  CHECK(none.Find("k") == nullptr);
}

TEST_CASE("a cached answer's gzip form is made once and inflates to its body", "[e2e][gzip]") {
  std::string json = "[";
  for (int i = 0; i < 200; ++i) json += "{\"employee\":\"b1-s" + std::to_string(i) + "\"},";
  json.back() = ']';
  const CachedAnswer answer(json);
  const std::string& gzipped = answer.Gzipped();
  CHECK(&answer.Gzipped() == &gzipped);  // the same bytes, not made again
  CHECK(gzipped.size() < json.size() / 3);
  CHECK(testing::Gunzip(gzipped) == json);
  // Too short to gain anything: no gzip form, the body is sent.
  CHECK(CachedAnswer("{}").Gzipped().empty());
}

}  // namespace
}  // namespace prospekt::server::internal
