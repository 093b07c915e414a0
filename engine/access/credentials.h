// Credentials: users (logins of employees), their passwords and their tokens — the
// in-memory fold of the access log's credentials stream (access_log.h), and the
// operations that append to it.
//
// Passwords are kept only as Argon2id hashes (libsodium crypto_pwhash_str). A token is
// 32 random bytes in base64url (43 characters, no padding), shown once; only its
// BLAKE2b-256 hash is logged and held. Session tokens come from Login and expire (12 h
// by default); API tokens are for programs, named and with a time to live of their own.
// A password change ends the user's sessions (not their API tokens); disabling a user
// ends every token of theirs. Open folds the stream again, so users and tokens survive
// a restart.
//
// Login answers an unknown login, a wrong password and a disabled user alike, with one
// PermissionDenied("wrong login or password"), after the same work (one Argon2id
// verification), and records each as LoginFailed with the true reason.
//
// Times are passed in (`now_us`, microseconds since the epoch, UTC); nothing here reads
// a clock. Thread-safe: Authenticate and Users take a shared lock and never wait for a
// disk; the changing operations are serialised among themselves, append durably, then
// update the fold. The AccessLog must outlive the Credentials.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/access/access_log.h"
#include "events/access_events.h"
#include "events/status.h"

namespace prospekt::access {

inline constexpr std::int64_t kDefaultSessionTtlUs = std::int64_t{12} * 3600 * 1'000'000;
// API tokens live from a minute to three years.
inline constexpr std::int64_t kMinApiTokenTtlUs = std::int64_t{60} * 1'000'000;
inline constexpr std::int64_t kMaxApiTokenTtlUs = std::int64_t{3} * 366 * 86400 * 1'000'000;

struct CredentialsOptions {
  // Argon2id cost of new password hashes (verification follows the cost stored in the
  // hash). The defaults are libsodium's interactive limits (2 passes, 64 MiB).
  unsigned long long hash_opslimit = 0;  // 0: crypto_pwhash_OPSLIMIT_INTERACTIVE
  std::size_t hash_memlimit = 0;         // 0: crypto_pwhash_MEMLIMIT_INTERACTIVE
  std::int64_t session_ttl_us = kDefaultSessionTtlUs;

  // libsodium's minimum cost (1 pass, 8 KiB): for tests only, where hundreds of
  // hashes must take milliseconds. Never for real passwords.
  static CredentialsOptions FastHashingForTests();
};

// A token as its holder gets it, once.
struct IssuedToken {
  std::string token;  // 43 characters of base64url
  std::int64_t expires_at_us = 0;
};

// Who a bearer token belongs to.
struct AuthenticatedUser {
  std::string login, employee_id;
  TokenKind kind = TokenKind::kSession;
  std::string token_name;  // an API token's name; "" for a session
  std::int64_t expires_at_us = 0;
};

struct UserInfo {
  std::string login, employee_id;
  bool disabled = false;
  bool operator==(const UserInfo&) const = default;
};

// OK, or InvalidArgument (field "login"): 1 to 64 characters of a-z, 0-9, '.', '_'
// and '-', starting with a letter or digit.
Status ValidateLogin(std::string_view login);

class Credentials {
 public:
  // Folds the credentials stream of `log`. Corruption when the stream holds something
  // it cannot be (an event of another stream, an unknown user's token).
  static Result<std::unique_ptr<Credentials>> Open(AccessLog& log, CredentialsOptions options = {});
  Credentials(const Credentials&) = delete;
  Credentials& operator=(const Credentials&) = delete;

  // `actor` is whoever asks (an admin's login, "cli"); it goes into the envelope.
  // AddUser: InvalidArgument for a bad login, employee id ("employee_id") or password
  // ("password": 8 to 1024 bytes); FailedPrecondition when the login is taken (also by
  // a disabled user) or the employee has an enabled user already. Whether the employee
  // exists is the caller's check (the directory).
  Status AddUser(std::string_view actor, std::string_view login, std::string_view employee_id,
                 std::string_view password, std::int64_t now_us);
  // NotFound (field "login") for an unknown login; FailedPrecondition for a disabled one.
  Status ChangePassword(std::string_view actor, std::string_view login,
                        std::string_view new_password, std::int64_t now_us);
  Status DisableUser(std::string_view actor, std::string_view login, std::string_view reason,
                     std::int64_t now_us);

  // A session token for a right login and password; PermissionDenied("wrong login or
  // password") for anything else.
  Result<IssuedToken> Login(std::string_view login, std::string_view password, std::int64_t now_us);

  // An API token for `login`, named `name` (the login rule, field "name"), living
  // `ttl_us` (kMinApiTokenTtlUs..kMaxApiTokenTtlUs, field "ttl"). NotFound for an
  // unknown login, FailedPrecondition for a disabled one or a name held by a live API
  // token.
  Result<IssuedToken> CreateApiToken(std::string_view actor, std::string_view login,
                                     std::string_view name, std::int64_t ttl_us,
                                     std::int64_t now_us);

  // Revokes the token itself (logout). NotFound for an unknown or expired token.
  Status Revoke(std::string_view actor, std::string_view token, std::int64_t now_us);
  // Revokes the live API token named `name`. NotFound (field "name") if there is none.
  Status RevokeApiToken(std::string_view actor, std::string_view name, std::int64_t now_us);

  // The user a bearer token belongs to. PermissionDenied("unknown or expired token")
  // for a malformed, unknown, revoked or expired token, or one of a disabled user: the
  // server answers 401 for any error here.
  Result<AuthenticatedUser> Authenticate(std::string_view bearer, std::int64_t now_us) const;

  // Every user, by login.
  std::vector<UserInfo> Users() const;

 private:
  struct User {
    std::string employee_id, password_hash;
    bool disabled = false;
  };
  struct Token {
    std::string login;
    TokenKind kind = TokenKind::kSession;
    std::string name;
    std::int64_t expires_at_us = 0;
  };

  Credentials(AccessLog& log, CredentialsOptions options);

  // Folds one event of the credentials stream. Mu_ held exclusively (or not yet shared).
  Status Apply(const AccessEvent& event);
  // Appends `event` to the credentials stream at the next version, then folds it.
  // Write_mu_ held.
  Status AppendAndApply(const AccessEvent& event, std::string_view actor, std::int64_t now_us);
  // Appends a LoginFailed; its error is reported over the login's answer.
  Status RecordFailedLogin(std::string_view login, std::string_view reason, std::int64_t now_us);
  Result<std::string> HashPassword(std::string_view password) const;
  // Drops tokens expired before `now_us` from memory. Mu_ held exclusively.
  void PruneExpired(std::int64_t now_us);

  AccessLog& log_;
  const CredentialsOptions options_;
  // A hash of a random password, verified against when the login is unknown, so that
  // an unknown login costs what a wrong password does.
  std::string dummy_hash_;

  // Serialises the operations that append, so that the fold follows the stream's order.
  std::mutex write_mu_;
  std::uint64_t version_ = 0;           // the credentials stream's version. Guarded by write_mu_.
  std::size_t issued_since_prune_ = 0;  // Guarded by write_mu_.

  mutable std::shared_mutex mu_;
  std::map<std::string, User, std::less<>> users_;  // Guarded by mu_.
  std::unordered_map<std::string, Token> tokens_;   // by hash. Guarded by mu_.
  std::map<std::string, std::string, std::less<>>
      api_token_names_;  // name -> hash. Guarded by mu_.
};

}  // namespace prospekt::access
