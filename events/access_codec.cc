// Each event has a Write (ours -> builder) and a Read (reader -> ours), side by side so a
// new field is added to both; reads use designated initializers, so -Wextra reports a
// field left out.
#include "events/access_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstdlib>
#include <stdexcept>
#include <utility>

#include "events/access.capnp.h"
#include "events/internal/flat_message.h"

namespace prospekt {
namespace {

using namespace access;  // NOLINT(google-build-using-namespace): the event vocabulary

// An access event is a few hundred bytes; the limits only keep a damaged pointer from
// making the reader walk far. The deepest path is AccessEvent > member > text: three.
constexpr std::size_t kMaxPayloadBytes = std::size_t{64} * 1024;
constexpr int kNestingLimit = 8;

// A union member or enumerant this build does not know (a newer writer, or damage).
class UnknownValue : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename E>
[[noreturn]] void ThrowUnknown(const char* type, E value) {
  throw UnknownValue(std::string("unknown ") + type + " (value " +
                     std::to_string(static_cast<unsigned>(value)) + ")");
}

kj::StringPtr Text(const std::string& s) { return {s.c_str(), s.size()}; }
std::string Str(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }
capnp::Data::Reader Bytes(const std::string& s) {
  return {reinterpret_cast<const kj::byte*>(s.data()), s.size()};
}
std::string Str(capnp::Data::Reader data) {
  return {reinterpret_cast<const char*>(data.begin()), data.size()};
}

// ---------------------------------------------------------------- enums
// clang-format off

schema::TokenKind ToSchema(TokenKind value) {
  switch (value) {
    case TokenKind::kSession: return schema::TokenKind::SESSION;
    case TokenKind::kApi: return schema::TokenKind::API;
  }
  std::abort();  // Invariant: our enums hold only their enumerators.
}

TokenKind FromSchema(schema::TokenKind value) {
  switch (value) {
    case schema::TokenKind::SESSION: return TokenKind::kSession;
    case schema::TokenKind::API: return TokenKind::kApi;
  }
  ThrowUnknown("TokenKind", value);
}

schema::ViewedSubject ToSchema(ViewedSubject value) {
  switch (value) {
    case ViewedSubject::kCard: return schema::ViewedSubject::CARD;
    case ViewedSubject::kTrail: return schema::ViewedSubject::TRAIL;
    case ViewedSubject::kHistory: return schema::ViewedSubject::HISTORY;
  }
  std::abort();  // Invariant: our enums hold only their enumerators.
}

ViewedSubject FromSchema(schema::ViewedSubject value) {
  switch (value) {
    case schema::ViewedSubject::CARD: return ViewedSubject::kCard;
    case schema::ViewedSubject::TRAIL: return ViewedSubject::kTrail;
    case schema::ViewedSubject::HISTORY: return ViewedSubject::kHistory;
  }
  ThrowUnknown("ViewedSubject", value);
}

// clang-format on
// ---------------------------------------------------------------- events

void Write(const UserAdded& e, schema::UserAdded::Builder b) {
  b.setLogin(Text(e.login));
  b.setEmployeeId(Text(e.employee_id));
  b.setPasswordHash(Text(e.password_hash));
}
UserAdded Read(schema::UserAdded::Reader r) {
  return {.login = Str(r.getLogin()),
          .employee_id = Str(r.getEmployeeId()),
          .password_hash = Str(r.getPasswordHash())};
}

void Write(const PasswordChanged& e, schema::PasswordChanged::Builder b) {
  b.setLogin(Text(e.login));
  b.setPasswordHash(Text(e.password_hash));
}
PasswordChanged Read(schema::PasswordChanged::Reader r) {
  return {.login = Str(r.getLogin()), .password_hash = Str(r.getPasswordHash())};
}

void Write(const UserDisabled& e, schema::UserDisabled::Builder b) {
  b.setLogin(Text(e.login));
  b.setReason(Text(e.reason));
}
UserDisabled Read(schema::UserDisabled::Reader r) {
  return {.login = Str(r.getLogin()), .reason = Str(r.getReason())};
}

void Write(const TokenIssued& e, schema::TokenIssued::Builder b) {
  b.setTokenHash(Bytes(e.token_hash));
  b.setLogin(Text(e.login));
  b.setKind(ToSchema(e.kind));
  b.setName(Text(e.name));
  b.setExpiresAtUs(e.expires_at_us);
}
TokenIssued Read(schema::TokenIssued::Reader r) {
  return {.token_hash = Str(r.getTokenHash()),
          .login = Str(r.getLogin()),
          .kind = FromSchema(r.getKind()),
          .name = Str(r.getName()),
          .expires_at_us = r.getExpiresAtUs()};
}

void Write(const TokenRevoked& e, schema::TokenRevoked::Builder b) {
  b.setTokenHash(Bytes(e.token_hash));
  b.setLogin(Text(e.login));
  b.setReason(Text(e.reason));
}
TokenRevoked Read(schema::TokenRevoked::Reader r) {
  return {.token_hash = Str(r.getTokenHash()),
          .login = Str(r.getLogin()),
          .reason = Str(r.getReason())};
}

void Write(const LoginFailed& e, schema::LoginFailed::Builder b) {
  b.setLogin(Text(e.login));
  b.setReason(Text(e.reason));
}
LoginFailed Read(schema::LoginFailed::Reader r) {
  return {.login = Str(r.getLogin()), .reason = Str(r.getReason())};
}

void Write(const RecordViewed& e, schema::RecordViewed::Builder b) {
  b.setViewerLogin(Text(e.viewer_login));
  b.setViewerEmployeeId(Text(e.viewer_employee_id));
  b.setSubjectKind(ToSchema(e.subject_kind));
  b.setSubjectId(Text(e.subject_id));
  b.setRoute(Text(e.route));
  b.setAsOfSeq(e.as_of_seq);
}
RecordViewed Read(schema::RecordViewed::Reader r) {
  return {.viewer_login = Str(r.getViewerLogin()),
          .viewer_employee_id = Str(r.getViewerEmployeeId()),
          .subject_kind = FromSchema(r.getSubjectKind()),
          .subject_id = Str(r.getSubjectId()),
          .route = Str(r.getRoute()),
          .as_of_seq = r.getAsOfSeq()};
}

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

void WriteEvent(const AccessEvent& event, schema::AccessEvent::Builder root) {
  std::visit(Overloaded{
                 [&](const UserAdded& e) { Write(e, root.initUserAdded()); },
                 [&](const PasswordChanged& e) { Write(e, root.initPasswordChanged()); },
                 [&](const UserDisabled& e) { Write(e, root.initUserDisabled()); },
                 [&](const TokenIssued& e) { Write(e, root.initTokenIssued()); },
                 [&](const TokenRevoked& e) { Write(e, root.initTokenRevoked()); },
                 [&](const LoginFailed& e) { Write(e, root.initLoginFailed()); },
                 [&](const RecordViewed& e) { Write(e, root.initRecordViewed()); },
             },
             event);
}

AccessEvent ReadEvent(schema::AccessEvent::Reader root) {
  switch (root.which()) {
    case schema::AccessEvent::USER_ADDED:
      return Read(root.getUserAdded());
    case schema::AccessEvent::PASSWORD_CHANGED:
      return Read(root.getPasswordChanged());
    case schema::AccessEvent::USER_DISABLED:
      return Read(root.getUserDisabled());
    case schema::AccessEvent::TOKEN_ISSUED:
      return Read(root.getTokenIssued());
    case schema::AccessEvent::TOKEN_REVOKED:
      return Read(root.getTokenRevoked());
    case schema::AccessEvent::LOGIN_FAILED:
      return Read(root.getLoginFailed());
    case schema::AccessEvent::RECORD_VIEWED:
      return Read(root.getRecordViewed());
  }
  throw UnknownValue("unknown event (ordinal " +
                     std::to_string(static_cast<unsigned>(root.which())) + ")");
}

Status Damaged(std::string_view event_type, std::string_view detail) {
  return Status::Corruption("payload of " + std::string(event_type) + " " + std::string(detail));
}

}  // namespace

std::string EncodeAccessEvent(const AccessEvent& event) {
  capnp::MallocMessageBuilder message(64);
  WriteEvent(event, message.initRoot<schema::AccessEvent>());
  return internal::FlatBytes(message);
}

Result<AccessEvent> DecodeAccessEvent(std::string_view event_type, std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Damaged(event_type, "has " + std::to_string(bytes.size()) +
                                   " bytes, not a whole number of 8-byte words");
  }
  thread_local internal::AlignedWords aligned;
  try {
    capnp::FlatArrayMessageReader message(aligned.Copy(bytes),
                                          internal::ReaderLimits(kMaxPayloadBytes, kNestingLimit));
    AccessEvent event = ReadEvent(message.getRoot<schema::AccessEvent>());
    if (AccessEventTypeName(event) != event_type) {
      return Damaged(event_type, "holds a " + std::string(AccessEventTypeName(event)));
    }
    return event;
  } catch (const UnknownValue& unknown) {
    return Damaged(event_type, std::string("holds an ") + unknown.what());
  } catch (const kj::Exception& exception) {
    return Damaged(event_type,
                   std::string("does not decode: ") + exception.getDescription().cStr());
  }
}

}  // namespace prospekt
