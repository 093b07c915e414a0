// Small text helpers every layer needs the same way: trimming ASCII white space, checking
// UTF-8, and cutting UTF-8 text short without splitting a character (messages, ids and
// close reasons with a byte limit).
//
// Pure functions; any thread.
#pragma once

#include <cstddef>
#include <string_view>

namespace prospekt {

// `text` without leading and trailing spaces, tabs, CRs and LFs.
std::string_view TrimAsciiSpace(std::string_view text);

// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF, no truncated sequence).
bool IsValidUtf8(std::string_view text);

// The longest prefix length of UTF-8 `text` that is at most `max_bytes` and does not end
// inside a multi-byte character (text.size() when it fits).
std::size_t Utf8CutPoint(std::string_view text, std::size_t max_bytes);

}  // namespace prospekt
