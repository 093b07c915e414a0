#include "engine/server/feed/feed_filter.h"

#include <algorithm>

#include "engine/server/feed/internal/quote.h"
#include "engine/store/limits.h"

namespace prospekt::feed {
namespace {

using internal::Quoted;

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The category rule of engine/store/stream_id.cc.
bool IsStreamKind(std::string_view text) {
  if (text.empty() || text.size() > store::kMaxStreamIdBytes || !IsLower(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}

// The event type rule of the store's append validation.
bool IsEventType(std::string_view text) {
  if (text.empty() || text.size() > store::kMaxEventTypeBytes || !IsAlpha(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return IsAlpha(c) || IsDigit(c) || c == '_' || c == '.'; });
}

}  // namespace

std::string_view StreamKind(std::string_view stream_id) {
  return stream_id.substr(0, stream_id.find('-'));
}

Result<FeedFilter> FeedFilter::Make(const std::vector<std::string>& kinds,
                                    const std::vector<std::string>& types) {
  if (kinds.size() > kMaxFilterKinds) {
    return Status::InvalidArgument(
        "at most " + std::to_string(kMaxFilterKinds) + " stream kinds may be given", "kinds");
  }
  if (types.size() > kMaxFilterTypes) {
    return Status::InvalidArgument(
        "at most " + std::to_string(kMaxFilterTypes) + " event types may be given", "types");
  }
  FeedFilter filter;
  for (const std::string& kind : kinds) {
    if (!IsStreamKind(kind)) {
      return Status::InvalidArgument(
          Quoted(kind) +
              " is not a stream kind: a lower-case letter, then a-z, 0-9 and '_' "
              "(the part of a stream id before its first '-', e.g. client)",
          "kinds");
    }
    filter.kinds_.insert(kind);
  }
  for (const std::string& type : types) {
    if (!IsEventType(type)) {
      return Status::InvalidArgument(
          Quoted(type) +
              " is not an event type: a letter, then letters, digits, '_' and '.' "
              "(e.g. ContactLogged)",
          "types");
    }
    filter.types_.insert(type);
  }
  return filter;
}

bool FeedFilter::Matches(std::string_view stream_id, std::string_view event_type) const {
  if (!kinds_.empty() && kinds_.find(StreamKind(stream_id)) == kinds_.end()) return false;
  if (!types_.empty() && types_.find(event_type) == types_.end()) return false;
  return true;
}

}  // namespace prospekt::feed
