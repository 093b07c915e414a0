#include "engine/server/feed/feed_query.h"

#include <limits>
#include <set>
#include <vector>

#include "engine/server/feed/internal/quote.h"

namespace prospekt::feed {
namespace {

using internal::Quoted;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding: %XX and '+' for a space.
Result<std::string> PercentDecode(std::string_view text, const std::string& field) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Status::InvalidArgument("a '%' must be followed by two hex digits", field);
      }
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// "a,b,c" -> {"a", "b", "c"}; an empty item is an error.
Result<std::vector<std::string>> SplitList(const std::string& value, const std::string& field) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = value.find(',', start);
    const std::size_t end = comma == std::string::npos ? value.size() : comma;
    if (end == start) {
      return Status::InvalidArgument(
          field + " must be a comma-separated list of names, without empty items", field);
    }
    items.push_back(value.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

}  // namespace

Result<std::uint64_t> ParseSeq(std::string_view text, const std::string& field) {
  const std::string rule = field + " must be a seq: a whole number from 0 to " +
                           std::to_string(std::numeric_limits<std::uint64_t>::max());
  if (text.empty() || text.size() > 20) return Status::InvalidArgument(rule, field);
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Status::InvalidArgument(rule, field);
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      return Status::InvalidArgument(rule, field);
    }
    value = value * 10 + digit;
  }
  return value;
}

Result<FeedQuery> ParseFeedQuery(std::string_view target, std::string_view last_event_id) {
  const std::size_t question = target.find('?');
  if (question != std::string_view::npos) {
    target.remove_prefix(question + 1);
  } else if (!target.empty() && target.front() == '/') {
    target = {};  // a path without a query
  }

  FeedQuery query;
  std::vector<std::string> kinds;
  std::vector<std::string> types;
  std::set<std::string> seen;
  std::size_t start = 0;
  while (start < target.size()) {
    const std::size_t amp = target.find('&', start);
    const std::size_t end = amp == std::string_view::npos ? target.size() : amp;
    const std::string_view pair = target.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;  // "a=1&&b=2"
    const std::size_t equals = pair.find('=');
    Result<std::string> name = PercentDecode(pair.substr(0, equals), "query");
    if (!name.ok()) return name.status();
    Result<std::string> value = PercentDecode(
        equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1), *name);
    if (!value.ok()) return value.status();
    if (*name != "from" && *name != "kinds" && *name != "types") {
      return Status::InvalidArgument(
          "unknown parameter " + Quoted(*name) + "; the feed takes from, kinds and types", *name);
    }
    if (!seen.insert(*name).second) {
      return Status::InvalidArgument(*name + " is given twice", *name);
    }
    if (*name == "from") {
      Result<std::uint64_t> from = ParseSeq(*value, "from");
      if (!from.ok()) return from.status();
      query.from_seq = *from;
    } else {
      Result<std::vector<std::string>> items = SplitList(*value, *name);
      if (!items.ok()) return items.status();
      (*name == "kinds" ? kinds : types) = std::move(items).value();
    }
  }

  if (!last_event_id.empty()) {
    Result<std::uint64_t> id = ParseSeq(last_event_id, "Last-Event-ID");
    if (!id.ok()) return id.status();
    if (*id == std::numeric_limits<std::uint64_t>::max()) {
      return Status::InvalidArgument("Last-Event-ID is past the largest seq", "Last-Event-ID");
    }
    query.from_seq = *id + 1;
  }

  Result<FeedFilter> filter = FeedFilter::Make(kinds, types);
  if (!filter.ok()) return filter.status();
  query.filter = std::move(filter).value();
  return query;
}

}  // namespace prospekt::feed
