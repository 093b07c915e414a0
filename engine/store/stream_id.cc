#include "engine/store/stream_id.h"

#include <string>

#include "engine/store/limits.h"

namespace prospekt::store {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsCategoryChar(char c) { return IsLower(c) || IsDigit(c) || c == '_'; }
bool IsIdChar(char c) {
  return IsLower(c) || IsUpper(c) || IsDigit(c) || c == '.' || c == '_' || c == ':' || c == '-';
}

Status Invalid(std::string rule) {
  return Status::InvalidArgument("stream id " + std::move(rule), "stream_id");
}

}  // namespace

Status ValidateStreamId(std::string_view stream_id) {
  if (stream_id.empty()) return Invalid("must not be empty");
  if (stream_id.size() > kMaxStreamIdBytes) {
    return Invalid("is longer than " + std::to_string(kMaxStreamIdBytes) + " bytes");
  }
  const std::size_t dash = stream_id.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == stream_id.size()) {
    return Invalid("must have the form <category>-<id>, e.g. client-r01-000042");
  }
  if (!IsLower(stream_id[0])) return Invalid("category must start with a lower-case letter");
  for (std::size_t i = 0; i < dash; ++i) {
    if (!IsCategoryChar(stream_id[i])) {
      return Invalid("category may hold only a-z, 0-9 and '_'");
    }
  }
  for (std::size_t i = dash + 1; i < stream_id.size(); ++i) {
    if (!IsIdChar(stream_id[i])) {
      return Invalid("id may hold only letters, digits and . _ : -");
    }
  }
  return Status::Ok();
}

}  // namespace prospekt::store
