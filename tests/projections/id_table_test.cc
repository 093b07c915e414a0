// IdTable: dense indexes in first-appearance order, look-ups that survive growth, and a
// snapshot round trip that rebuilds the index (and refuses a table that repeats an id).
#include "projections/internal/id_table.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "projections/internal/view_codec.h"

namespace prospekt::projections {
namespace {

using internal::IdTable;

TEST_CASE("ids get dense indexes in the order they first appear", "[projections][id_table]") {
  IdTable table;
  CHECK(table.Find("c1") == IdTable::kNone);
  CHECK(table.Intern("c1") == 0);
  CHECK(table.Intern("c2") == 1);
  CHECK(table.Intern("c1") == 0);  // known: same index, nothing added
  CHECK(table.Intern("") == 2);    // the empty id is an id like any other
  CHECK(table.size() == 3);
  CHECK(table.Find("c2") == 1);
  CHECK(table.Find("") == 2);
  CHECK(table.Find("c3") == IdTable::kNone);
  CHECK(table[0] == "c1");
  CHECK(table[2].empty());
  // Bytes that only differ late, or by an embedded NUL, are different ids.
  const std::string with_nul("c1\0x", 4);
  CHECK(table.Find(with_nul) == IdTable::kNone);
  CHECK(table.Intern(with_nul) == 3);
  CHECK(table.Find("c1") == 0);
}

TEST_CASE("a prefetch is only a hint: on an empty table, known and unknown ids",
          "[projections][id_table]") {
  IdTable table;
  table.Prefetch("c1");  // no slots yet
  CHECK(table.size() == 0);
  const std::string long_id(100, 'x');  // kept outside its slot
  for (const std::string& id : {std::string("c1"), long_id, std::string()}) table.Intern(id);
  const IdTable before = table;
  for (const std::string& id : {std::string("c1"), long_id, std::string(), std::string("c9")}) {
    table.Prefetch(id);
  }
  CHECK(table == before);
  CHECK(table.Find("c1") == 0);
  CHECK(table.Find(long_id) == 1);
  CHECK(table.Find("") == 2);
  CHECK(table.Find("c9") == IdTable::kNone);
}

TEST_CASE("look-ups stay right while the table grows", "[projections][id_table]") {
  IdTable table;
  std::vector<std::string> ids;
  for (int i = 0; i < 20'000; ++i) {
    ids.push_back("r0" + std::to_string(i % 5) + "-b0" + std::to_string(i % 10) + "-c" +
                  std::to_string(i));
    REQUIRE(table.Intern(ids.back()) == static_cast<std::uint32_t>(i));
  }
  for (std::uint32_t i = 0; i < ids.size(); ++i) {
    REQUIRE(table.Find(ids[i]) == i);
    REQUIRE(table[i] == ids[i]);
  }
  CHECK(table.Find("r00-b00-c20000") == IdTable::kNone);
  CHECK(table.size() == 20'000);
}

struct WithTable {
  IdTable ids;
  std::vector<std::uint32_t> values;
  bool operator==(const WithTable&) const = default;
  friend auto Fields(internal::FieldsOf<WithTable> auto& self) {
    return std::tie(self.ids, self.values);
  }
};

TEST_CASE("a table round-trips through a snapshot and answers look-ups after it",
          "[projections][id_table]") {
  WithTable original;
  for (const char* id : {"e1", "e2", "e3", "head-1"}) {
    original.values.push_back(original.ids.Intern(id) * 10);
  }
  const std::string bytes = internal::EncodeView(original);
  WithTable decoded;
  REQUIRE(internal::DecodeView(bytes, decoded));
  CHECK(decoded == original);
  CHECK(decoded.ids.Find("e3") == 2);
  CHECK(decoded.ids.Find("head-1") == 3);
  CHECK(decoded.ids.Find("e4") == IdTable::kNone);
  CHECK(decoded.ids.Intern("e4") == 4);  // and keeps interning after the ids it had
  // The same ids interned in the same order encode to the same bytes.
  WithTable again;
  for (const char* id : {"e1", "e2", "e3", "head-1"}) again.values.push_back(again.ids.Intern(id) * 10);
  CHECK(internal::EncodeView(again) == bytes);
}

TEST_CASE("a snapshot whose table repeats an id is refused", "[projections][id_table]") {
  // Written by hand: count 2, then "ab" twice, then an empty vector of values.
  std::string bytes;
  auto put_u32 = [&bytes](std::uint32_t n) { bytes.append(reinterpret_cast<const char*>(&n), 4); };
  put_u32(2);
  put_u32(2);
  bytes += "ab";
  put_u32(2);
  bytes += "ab";
  put_u32(0);
  WithTable decoded;
  CHECK_FALSE(internal::DecodeView(bytes, decoded));
  // The same bytes with distinct ids decode.
  bytes[bytes.size() - 5] = 'c';
  WithTable fine;
  REQUIRE(internal::DecodeView(bytes, fine));
  CHECK(fine.ids.Find("ac") == 1);
}

}  // namespace
}  // namespace prospekt::projections
