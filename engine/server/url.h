// Request-target decoding for the HTTP server: splitting "/path?query" and
// percent-decoding the path's segments and the query's keys and values.
//
// Pure functions over strings (no I/O, no Beast), so that the router, the server and
// the fuzz target share one definition of what a well-formed target is. Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/status.h"

namespace prospekt::server {

// Name/value pairs in the order they came (headers, query parameters, path parameters).
using Fields = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes (hex digits in either case). With `plus_is_space` (the query's
// form encoding) '+' becomes ' '. InvalidArgument naming `field` for a '%' not followed
// by two hex digits, or for an escape that decodes to a NUL byte (no identifier or
// parameter of ours holds one, and C string APIs downstream would cut it).
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space,
                                  std::string_view field);

// The inverse for one path segment or query value: every byte outside the unreserved
// set (RFC 3986: ALPHA DIGIT - . _ ~) becomes %XX (upper-case hex).
std::string PercentEncode(std::string_view text);

struct ParsedTarget {
  std::string_view path;              // the raw path, before any '?', not decoded
  std::vector<std::string> segments;  // the path's segments, each decoded; "/" has none
  Fields query;                       // decoded, in order, repeated keys kept
};

// Parses an origin-form request target ("/a/b%20c?x=1&x=2&flag"). The path must start
// with '/'; it is split on '/' before decoding, so "%2F" stays inside its segment.
// Segments "." and ".." (raw or decoded) are refused rather than resolved: no route
// has them, and a parameter must never be able to name a parent. The query is split on
// '&', each piece on its first '=' ("flag" alone has the value ""); empty pieces are
// skipped. A '#' anywhere is refused (clients never send fragments). Errors are
// InvalidArgument with field "path" or "query".
Result<ParsedTarget> ParseTarget(std::string_view target);

}  // namespace prospekt::server
