// The snapshot codec's fast paths: vectors of integers and enums written and read as one
// block (the same bytes as element by element), and the growing ViewWriter.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "projections/internal/view_codec.h"

namespace prospekt::projections {
namespace {

struct Blocks {
  std::vector<std::uint8_t> bytes;
  std::vector<std::int32_t> counts;
  std::vector<std::uint64_t> seqs;
  std::vector<domain::ContactOutcome> outcomes;
  std::vector<bool> flags;  // not a block: bools decode checked, one by one
  bool operator==(const Blocks&) const = default;
  friend auto Fields(internal::FieldsOf<Blocks> auto& self) {
    return std::tie(self.bytes, self.counts, self.seqs, self.outcomes, self.flags);
  }
};

static_assert(internal::BulkSequence<std::vector<std::uint64_t>>);
static_assert(internal::BulkSequence<std::vector<domain::ContactOutcome>>);
static_assert(!internal::BulkSequence<std::vector<bool>>);
static_assert(!internal::BulkSequence<std::vector<std::string>>);
static_assert(!internal::BulkSequence<std::string>);

Blocks Sample() {
  Blocks blocks;
  blocks.bytes = {0, 1, 255};
  blocks.counts = {-7, 0, 1 << 30};
  blocks.seqs = {1, 1ULL << 40, ~0ULL};
  blocks.outcomes = {domain::ContactOutcome::kRefused, domain::ContactOutcome::kProductSold};
  blocks.flags = {true, false, true};
  return blocks;
}

// What the element-by-element encoding wrote: a u32 count, then each element's
// little-endian bytes.
template <class T>
void AppendOneByOne(std::string& out, const std::vector<T>& values) {
  const auto count = static_cast<std::uint32_t>(values.size());
  out.append(reinterpret_cast<const char*>(&count), sizeof count);
  for (const T& value : values) {
    if constexpr (std::same_as<T, bool>) {
      out.push_back(value ? '\x01' : '\x00');
    } else {
      out.append(reinterpret_cast<const char*>(&value), sizeof value);
    }
  }
}

TEST_CASE("vectors of scalars encode as one block, in the element-by-element bytes",
          "[projections][codec]") {
  const Blocks original = Sample();
  std::string expected;
  AppendOneByOne(expected, original.bytes);
  AppendOneByOne(expected, original.counts);
  AppendOneByOne(expected, original.seqs);
  AppendOneByOne(expected, original.outcomes);
  AppendOneByOne(expected, original.flags);
  const std::string bytes = internal::EncodeView(original);
  CHECK(bytes == expected);

  Blocks decoded;
  REQUIRE(internal::DecodeView(bytes, decoded));
  CHECK(decoded == original);

  Blocks empty;
  REQUIRE(internal::DecodeView(internal::EncodeView(Blocks{}), empty));
  CHECK(empty == Blocks{});
}

TEST_CASE("a damaged block is refused, never over-read", "[projections][codec]") {
  const std::string bytes = internal::EncodeView(Sample());
  Blocks decoded;
  SECTION("every cut") {
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      CHECK_FALSE(internal::DecodeView(std::string_view(bytes).substr(0, size), decoded));
    }
  }
  SECTION("a count that fits the bytes left but not the elements") {
    // The seqs count sits after bytes (4 + 3) and counts (4 + 12). It becomes the number
    // of bytes left after it, which elements of 8 bytes cannot fill.
    constexpr std::size_t kSeqsCount = 4 + 3 + 4 + 12;
    const auto left = static_cast<std::uint32_t>(bytes.size() - kSeqsCount - 4);
    std::string damaged = bytes;
    std::memcpy(damaged.data() + kSeqsCount, &left, sizeof left);
    CHECK_FALSE(internal::DecodeView(damaged, decoded));
  }
  SECTION("a count one element too many") {
    constexpr std::size_t kCountsCount = 4 + 3;
    std::string damaged = bytes;
    const std::uint32_t four = 4;
    std::memcpy(damaged.data() + kCountsCount, &four, sizeof four);
    // Four i32 read one element of seqs' block as counts: what follows no longer parses
    // as the rest of the view (or leaves bytes over), so the view is refused.
    CHECK_FALSE(internal::DecodeView(damaged, decoded));
  }
}

TEST_CASE("ViewWriter grows from nothing and from a hint, and hands over exactly what was written",
          "[projections][codec]") {
  for (const std::size_t hint : {std::size_t{0}, std::size_t{3}, std::size_t{1} << 16}) {
    internal::ViewWriter out;
    out.Reserve(hint);
    std::string expected;
    for (std::uint32_t i = 0; i < 10'000; ++i) {
      out.Raw(&i, sizeof i);
      expected.append(reinterpret_cast<const char*>(&i), sizeof i);
    }
    CHECK(out.Take() == expected);
    // Taken: the writer starts over, empty.
    const char byte = 'x';
    out.Raw(&byte, 1);
    CHECK(out.Take() == "x");
  }
}

}  // namespace
}  // namespace prospekt::projections
