// The shared text helpers: trimming, UTF-8 validity, and cutting UTF-8 short between
// characters.
#include "events/text.h"

#include <catch2/catch.hpp>

namespace prospekt {
namespace {

TEST_CASE("TrimAsciiSpace drops spaces, tabs and line breaks at both ends", "[events][text]") {
  CHECK(TrimAsciiSpace("  a b\t\r\n") == "a b");
  CHECK(TrimAsciiSpace(" \t ").empty());
  CHECK(TrimAsciiSpace("x") == "x");
}

TEST_CASE("IsValidUtf8 takes RFC 3629 UTF-8 only", "[events][text]") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("ООО «Ромашка» \xF0\x9F\x8C\xBC"));
  CHECK_FALSE(IsValidUtf8("\xCE\xCE\xCE"));      // Windows-1251
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));      // a surrogate
  CHECK_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(IsValidUtf8("\xD0"));              // truncated
}

TEST_CASE("Utf8CutPoint never splits a character", "[events][text]") {
  const std::string_view text = "аб";  // two 2-byte letters
  CHECK(Utf8CutPoint(text, 10) == 4);
  CHECK(Utf8CutPoint(text, 4) == 4);
  CHECK(Utf8CutPoint(text, 3) == 2);
  CHECK(Utf8CutPoint(text, 1) == 0);
  CHECK(Utf8CutPoint("abc", 2) == 2);
}

}  // namespace
}  // namespace prospekt
