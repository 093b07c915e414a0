// UTF-8 decoding and encoding for the duplicate-detection rules. Names and phone numbers
// arrive as text typed by people or imported from other systems, so malformed bytes are
// expected input, not a bug: they decode to a stand-in code point and never stop a rule.
// Plain functions over string views; no state, safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace prospekt::domain::dedup::internal {

// One step of decoding: the code point at the front of a string and the bytes it took.
struct Decoded {
  char32_t code_point;
  std::size_t length;  // >= 1, so a loop over a string always advances.
  bool valid;
};

// Decodes the code point at the front of `text`. Precondition: !text.empty().
// A byte that does not start a well-formed sequence (stray continuation byte, truncated
// or overlong sequence, surrogate, above U+10FFFF) takes one byte and decodes, invalid,
// as U+DC00 + byte (Python's "surrogateescape"), so two different bad bytes stay
// different when strings are compared code point by code point.
Decoded DecodeUtf8(std::string_view text);

// Appends `code_point` encoded as UTF-8. Precondition: a Unicode scalar value.
void AppendUtf8(char32_t code_point, std::string& out);

}  // namespace prospekt::domain::dedup::internal
