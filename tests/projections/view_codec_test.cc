// The snapshot encoding of views round-trips every shape views use and refuses damage.
#include "projections/internal/view_codec.h"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace prospekt::projections {
namespace {

struct Inner {
  std::string name;
  domain::ContactOutcome outcome = domain::ContactOutcome::kRefused;
  bool flag = false;
  bool operator==(const Inner&) const = default;
  friend auto Fields(internal::FieldsOf<Inner> auto& self) { return std::tie(self.name, self.outcome, self.flag); }
};

struct Outer {
  std::int64_t signed_value = 0;
  std::uint8_t small = 0;
  std::vector<std::uint64_t> seqs;
  std::map<std::string, Inner, std::less<>> by_name;
  std::map<std::pair<std::string, std::int32_t>, std::set<std::string>> nested;
  domain::Money money;
  domain::PersonalText text;
  bool operator==(const Outer&) const = default;
  friend auto Fields(internal::FieldsOf<Outer> auto& self) {
    return std::tie(self.signed_value, self.small, self.seqs, self.by_name, self.nested,
                    self.money, self.text);
  }
};

Outer Sample() {
  Outer outer;
  outer.signed_value = -1234567890123;
  outer.small = 200;
  outer.seqs = {1, 2, 1ULL << 40};
  outer.by_name["Иванов"] = {"Иванов, ООО \"Ромашка\"\n", domain::ContactOutcome::kProductSold, true};
  outer.by_name["b"] = {};
  outer.nested[{"b1", 202610}] = {"x", "y"};
  outer.money = {-5, "RUB"};
  outer.text = {domain::PersonalText::Form::kSealed, std::string("\0\x01\xff", 3)};
  return outer;
}

TEST_CASE("a view round-trips through its snapshot encoding", "[projections][codec]") {
  const Outer original = Sample();
  Outer decoded;
  REQUIRE(internal::DecodeView(internal::EncodeView(original), decoded));
  CHECK(decoded == original);

  Outer empty;
  REQUIRE(internal::DecodeView(internal::EncodeView(Outer{}), empty));
  CHECK(empty == Outer{});
}

TEST_CASE("a damaged snapshot encoding is refused, never over-read", "[projections][codec]") {
  const std::string bytes = internal::EncodeView(Sample());
  Outer decoded;
  SECTION("every cut") {
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      CHECK_FALSE(internal::DecodeView(std::string_view(bytes).substr(0, size), decoded));
    }
  }
  SECTION("trailing bytes") { CHECK_FALSE(internal::DecodeView(bytes + "x", decoded)); }
  SECTION("a huge count") {
    std::string damaged = bytes;
    // The seqs count follows the i64 and the u8.
    damaged[9] = '\xff';
    damaged[10] = '\xff';
    CHECK_FALSE(internal::DecodeView(damaged, decoded));
  }
}

}  // namespace
}  // namespace prospekt::projections
