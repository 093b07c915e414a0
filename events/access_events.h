// The access log's events as plain C++ values: one struct per member of the AccessEvent
// union in events/access.capnp, same names, same fields, same order.
//
// engine/access folds and appends these; events/access_codec.h turns them into the Cap'n
// Proto payload of an envelope and back. Plain values: copyable, comparable,
// thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace prospekt::access {

enum class TokenKind : std::uint8_t { kSession, kApi };
enum class ViewedSubject : std::uint8_t { kCard, kTrail, kHistory };

struct UserAdded {
  std::string login, employee_id;
  std::string password_hash;  // crypto_pwhash_str form (Argon2id)
  bool operator==(const UserAdded&) const = default;
};
struct PasswordChanged {
  std::string login, password_hash;
  bool operator==(const PasswordChanged&) const = default;
};
struct UserDisabled {
  std::string login, reason;
  bool operator==(const UserDisabled&) const = default;
};
struct TokenIssued {
  std::string token_hash;  // BLAKE2b-256 of the token's text, 32 bytes
  std::string login;
  TokenKind kind = TokenKind::kSession;
  std::string name;  // an API token's name; "" for a session
  std::int64_t expires_at_us = 0;
  bool operator==(const TokenIssued&) const = default;
};
struct TokenRevoked {
  std::string token_hash, login, reason;
  bool operator==(const TokenRevoked&) const = default;
};
struct LoginFailed {
  std::string login, reason;
  bool operator==(const LoginFailed&) const = default;
};
struct RecordViewed {
  std::string viewer_login, viewer_employee_id;
  ViewedSubject subject_kind = ViewedSubject::kCard;
  std::string subject_id, route;
  std::uint64_t as_of_seq = 0;  // 0: the current view
  bool operator==(const RecordViewed&) const = default;
};

// In the order of the AccessEvent union's ordinals.
using AccessEvent = std::variant<UserAdded, PasswordChanged, UserDisabled, TokenIssued,
                                 TokenRevoked, LoginFailed, RecordViewed>;

// The envelope's event_type of an event: the struct's name, e.g. "RecordViewed".
std::string_view AccessEventTypeName(const AccessEvent& event);

// Whether `event_type` names an access-log event.
bool IsAccessEventType(std::string_view event_type);

// "session" / "api"; "card" / "trail" / "history" (the schema's enumerant names).
std::string_view EnumJsonName(TokenKind value);
std::string_view EnumJsonName(ViewedSubject value);

}  // namespace prospekt::access
