# The access log's events: the payload of every envelope in a Prospekt access log
# (the EventStore in DATA.access, engine/access/access_log.h): users, their passwords,
# tokens issued and revoked, failed logins, and every read of a client card, audit trail
# or employee history by a person. The envelope's eventType is the union member's name
# with a capital first letter (e.g. "RecordViewed").
#
# Schemas only grow: new events and fields take new ordinals; never renumber, retype
# or reuse one. Times are microseconds since the Unix epoch, UTC.
@0xb408fb5885a09c82;

$import "/capnp/c++.capnp".namespace("prospekt::schema");

enum TokenKind {
  session @0;   # from a login; expires after hours
  api @1;       # for a program, named, with its own time to live
}

enum ViewedSubject {
  card @0;      # a client card (subject: a client id)
  trail @1;     # a client's audit trail (subject: a client id)
  history @2;   # an employee's history (subject: an employee id)
}

# A user is a login of an employee. The password is kept only as an Argon2id hash in
# libsodium's crypto_pwhash_str form ("$argon2id$v=19$m=...,t=...,p=1$salt$hash").
struct UserAdded { login @0 :Text; employeeId @1 :Text; passwordHash @2 :Text; }
struct PasswordChanged { login @0 :Text; passwordHash @1 :Text; }
struct UserDisabled { login @0 :Text; reason @1 :Text; }

# Tokens are never logged, only the BLAKE2b-256 hash of their text (32 bytes).
struct TokenIssued {
  tokenHash @0 :Data;
  login @1 :Text;
  kind @2 :TokenKind;
  name @3 :Text;           # an API token's name; "" for a session
  expiresAtUs @4 :Int64;
}
struct TokenRevoked { tokenHash @0 :Data; login @1 :Text; reason @2 :Text; }

# A login refused: an unknown (or malformed) login, a wrong password, a disabled user.
# The caller was told only "wrong login or password".
struct LoginFailed { login @0 :Text; reason @1 :Text; }

struct RecordViewed {
  viewerLogin @0 :Text;
  viewerEmployeeId @1 :Text;
  subjectKind @2 :ViewedSubject;
  subjectId @3 :Text;
  route @4 :Text;          # the route template, e.g. "/api/clients/{client_id}/card"
  asOfSeq @5 :UInt64;      # the log position the reader asked for; 0: the current view
}

struct AccessEvent {
  union {
    userAdded @0 :UserAdded;
    passwordChanged @1 :PasswordChanged;
    userDisabled @2 :UserDisabled;
    tokenIssued @3 :TokenIssued;
    tokenRevoked @4 :TokenRevoked;
    loginFailed @5 :LoginFailed;
    recordViewed @6 :RecordViewed;
  }
}
