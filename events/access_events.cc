#include "events/access_events.h"

#include <algorithm>
#include <array>
#include <utility>

namespace prospekt::access {
namespace {

// One name per event type, as in events/domain_events.cc: a missing name is a compile
// error, and tests/events/access_codec_test.cc checks each against the schema.
constexpr std::string_view NameOf(const UserAdded&) { return "UserAdded"; }
constexpr std::string_view NameOf(const PasswordChanged&) { return "PasswordChanged"; }
constexpr std::string_view NameOf(const UserDisabled&) { return "UserDisabled"; }
constexpr std::string_view NameOf(const TokenIssued&) { return "TokenIssued"; }
constexpr std::string_view NameOf(const TokenRevoked&) { return "TokenRevoked"; }
constexpr std::string_view NameOf(const LoginFailed&) { return "LoginFailed"; }
constexpr std::string_view NameOf(const RecordViewed&) { return "RecordViewed"; }

static_assert(std::variant_size_v<AccessEvent> == 7);

}  // namespace

std::string_view AccessEventTypeName(const AccessEvent& event) {
  return std::visit([](const auto& e) { return NameOf(e); }, event);
}

bool IsAccessEventType(std::string_view event_type) {
  static const auto kNames = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::string_view, sizeof...(I)>{
        NameOf(std::variant_alternative_t<I, AccessEvent>{})...};
  }
  (std::make_index_sequence<std::variant_size_v<AccessEvent>>{});
  return std::find(kNames.begin(), kNames.end(), event_type) != kNames.end();
}

// Display only: a value outside the enumerators renders as "unknown".
std::string_view EnumJsonName(TokenKind value) {
  switch (value) {
    case TokenKind::kSession:
      return "session";
    case TokenKind::kApi:
      return "api";
  }
  return "unknown";
}

std::string_view EnumJsonName(ViewedSubject value) {
  switch (value) {
    case ViewedSubject::kCard:
      return "card";
    case ViewedSubject::kTrail:
      return "trail";
    case ViewedSubject::kHistory:
      return "history";
  }
  return "unknown";
}

}  // namespace prospekt::access
