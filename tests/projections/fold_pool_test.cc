// FoldPool: every task of a round runs exactly once, on any number of helpers, round
// after round.
#include "projections/internal/fold_pool.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cstddef>
#include <vector>

namespace prospekt::projections {
namespace {

TEST_CASE("each task of each round runs once, whatever the helpers", "[projections][fold_pool]") {
  for (std::size_t helpers : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
    internal::FoldPool pool(helpers);
    CHECK(pool.helpers() == helpers);
    for (std::size_t round = 0; round < 200; ++round) {
      const std::size_t count = round % 9;  // 0 and 1 included
      std::vector<std::atomic<int>> runs(count);
      const std::function<void(std::size_t)> task = [&runs](std::size_t i) { runs[i].fetch_add(1); };
      pool.Run(count, task);
      for (std::size_t i = 0; i < count; ++i) REQUIRE(runs[i].load() == 1);
    }
  }
}

}  // namespace
}  // namespace prospekt::projections
