#include "engine/server/url.h"

namespace prospekt::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsUnreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

bool IsDotSegment(std::string_view segment) { return segment == "." || segment == ".."; }

}  // namespace

Result<std::string> PercentDecode(std::string_view text, bool plus_is_space,
                                  std::string_view field) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      decoded.push_back(' ');
    } else if (c != '%') {
      decoded.push_back(c);
    } else {
      const int high = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Status::InvalidArgument("a '%' must be followed by two hex digits",
                                       std::string(field));
      }
      const int byte = high * 16 + low;
      if (byte == 0) return Status::InvalidArgument("%00 is not allowed", std::string(field));
      decoded.push_back(static_cast<char>(byte));
      i += 2;
    }
  }
  return decoded;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char c : text) {
    if (IsUnreserved(c)) {
      encoded.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      encoded.push_back('%');
      encoded.push_back(kHex[byte >> 4]);
      encoded.push_back(kHex[byte & 0xF]);
    }
  }
  return encoded;
}

Result<ParsedTarget> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return Status::InvalidArgument("the request target must be a path starting with '/'", "path");
  }
  if (target.find('#') != std::string_view::npos) {
    return Status::InvalidArgument("the request target must not carry a fragment ('#')", "path");
  }
  ParsedTarget parsed;
  const std::size_t question = target.find('?');
  parsed.path = target.substr(0, question);
  std::string_view query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  // "/" has no segments; "/a/" has the segments "a" and "" (no route matches the latter).
  if (parsed.path.size() > 1) {
    std::string_view rest = parsed.path.substr(1);
    for (;;) {
      const std::size_t slash = rest.find('/');
      const std::string_view raw = rest.substr(0, slash);
      Result<std::string> segment = PercentDecode(raw, /*plus_is_space=*/false, "path");
      if (!segment.ok()) return segment.status();
      if (IsDotSegment(raw) || IsDotSegment(*segment)) {
        return Status::InvalidArgument("the path must not contain '.' or '..' segments", "path");
      }
      parsed.segments.push_back(std::move(*segment));
      if (slash == std::string_view::npos) break;
      rest = rest.substr(slash + 1);
    }
  }

  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    if (!piece.empty()) {
      const std::size_t equals = piece.find('=');
      Result<std::string> key = PercentDecode(piece.substr(0, equals), true, "query");
      if (!key.ok()) return key.status();
      Result<std::string> value = PercentDecode(
          equals == std::string_view::npos ? std::string_view() : piece.substr(equals + 1), true,
          "query");
      if (!value.ok()) return value.status();
      parsed.query.emplace_back(std::move(*key), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return parsed;
}

}  // namespace prospekt::server
