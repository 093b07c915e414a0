// Which normalised names count as nearly identical: typos, look-alike letters and word
// order do; different words and different numbers do not.
#include "engine/domain/dedup/name_similarity.h"

#include <catch2/catch.hpp>

#include <string>

#include "engine/domain/dedup/normalize.h"

namespace prospekt::domain::dedup {
namespace {

struct Pair {
  std::string a;
  std::string b;
};

TEST_CASE("equal, typo'd and reordered names are nearly identical", "[domain][dedup][name]") {
  const Pair pairs[] = {
      {"ромашка", "ромашка"},
      {"ромашка", "ромашкa"},   // Latin 'a' at the end: one code point, two bytes apart.
      {"ромашка", "рoмашка"},   // Latin 'o'.
      {"ромашка", "рамашка"},   // A wrong letter.
      {"ромашка", "ромашк"},    // A missing letter.
      {"ромашка", "ромашшка"},  // An extra letter.
      {"иванов иван", "иван иванов"},
      {"иванов иван петрович", "петрович иван иванов"},
      {"петров", "петрова"},
      {"romashka", "romaska"},
      {"абвгдежзий", "абвгдежзиx"},               // 10 code points, one edit.
      {"северстальинвест", "северсталь инвест"},  // Long: one edit.
      {"северстальинвест", "сиверстальинвесд"},   // Long: two edits.
      {"абвгдежзийк", "абвгдежзиxy"},             // 11 code points, two edits.
      {"строй 1", "строи 1"},                     // Digits untouched.
      {"ромашка 2000", "ромашко 2000"},
  };
  for (const Pair& p : pairs) {
    INFO(p.a << " / " << p.b);
    CHECK(NamesNearlyIdentical(p.a, p.b));
    CHECK(NamesNearlyIdentical(p.b, p.a));
  }
}

TEST_CASE("different names are not nearly identical", "[domain][dedup][name]") {
  const Pair pairs[] = {
      {"ромашка", "лютик"},
      {"ромашка", "рамашко"},  // Two edits in a short name.
      {"козлов", "орлов"},
      {"абвгдежзий", "абвгдежзxy"},        // 10 code points, two edits.
      {"абвгдежзийк", "абвгдеxyzйк"},      // 11 code points, three edits.
      {"северстальинвест", "северсталь"},  // A short name inside a longer one.
      {"ромашка", "ромашка плюс"},
      {"строй 1", "строй 2"},  // Different numbers.
      {"филиал 12", "филиал 13"},
      {"ромашка 2000", "ромашка 200"},
      {"ромашка", "ромашка 1"},
      {"иванов иван", "иванов иван иван"},  // Word multisets differ.
      {"иван", "иванов иван"},
  };
  for (const Pair& p : pairs) {
    INFO(p.a << " / " << p.b);
    CHECK_FALSE(NamesNearlyIdentical(p.a, p.b));
    CHECK_FALSE(NamesNearlyIdentical(p.b, p.a));
  }
}

TEST_CASE("an empty name matches nothing, not even another empty one", "[domain][dedup][name]") {
  CHECK_FALSE(NamesNearlyIdentical("", ""));
  CHECK_FALSE(NamesNearlyIdentical("", "а"));
  CHECK_FALSE(NamesNearlyIdentical("я", ""));
}

TEST_CASE("distance is counted in code points, not bytes", "[domain][dedup][name]") {
  // Three two-byte letters against three one-byte ones: three edits, not six, and one
  // letter swapped is one edit, whatever its width.
  CHECK(NamesNearlyIdentical("абв", "абz"));
  CHECK_FALSE(NamesNearlyIdentical("абв", "abc"));
  CHECK(NamesNearlyIdentical("ab", "a\xF0\x9F\x98\x80"));  // A 4-byte code point.
  // Bad bytes compare as distinct stand-ins: one each, one edit.
  CHECK(NamesNearlyIdentical("ромашка\xFF", "ромашка\xFE"));
}

TEST_CASE("long names are compared without limits on length", "[domain][dedup][name]") {
  // Past the inline buffers: 200 two-byte letters each.
  std::string a;
  for (int i = 0; i < 200; ++i) a += "ж";
  std::string b = a;
  b.replace(0, 2, "ш");
  std::string c = b;
  c.replace(2, 2, "ш");
  std::string d = c;
  d.replace(4, 2, "ш");
  CHECK(NamesNearlyIdentical(a, b));            // One changed.
  CHECK(NamesNearlyIdentical(a, b.substr(2)));  // One deleted.
  CHECK(NamesNearlyIdentical(a, c));            // Two changed.
  CHECK_FALSE(NamesNearlyIdentical(a, d));      // Three changed.
}

TEST_CASE("normalised names of one client entered twice are nearly identical",
          "[domain][dedup][name]") {
  const Pair pairs[] = {
      {"ООО «Ромашка»", "Ромашкa ООО"},  // Latin 'a'.
      {"ИП Иванов Иван", "Иван Иванов, ИП"},
      {"ЗАО \"Рамашка\"", "ромашка"},
      {"Ёлочка", "ЕЛОЧКА"},
  };
  for (const Pair& p : pairs) {
    INFO(p.a << " / " << p.b);
    CHECK(NamesNearlyIdentical(NormalizeName(p.a), NormalizeName(p.b)));
  }
}

}  // namespace
}  // namespace prospekt::domain::dedup
