#include "engine/access/credentials.h"

#include <sodium.h>

#include <array>
#include <iterator>
#include <type_traits>
#include <utility>
#include <variant>

namespace prospekt::access {
namespace {

constexpr std::size_t kMaxLoginBytes = 64;
constexpr std::size_t kMinPasswordBytes = 8;
// Argon2id takes any length; the bound only keeps a request from hashing megabytes.
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kTokenBytes = 32;
// base64url of 32 bytes without padding.
constexpr std::size_t kTokenChars = 43;
constexpr std::size_t kTokenHashBytes = 32;
// Expired tokens are dropped from memory every this many tokens issued.
constexpr std::size_t kPruneEvery = 256;

const char kWrongLogin[] = "wrong login or password";
const char kUnknownToken[] = "unknown or expired token";

std::string TokenHash(std::string_view token) {
  std::array<unsigned char, kTokenHashBytes> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

std::string NewToken() {
  std::array<unsigned char, kTokenBytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(kTokenBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
      text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes.data(), bytes.size());
  return {text.data(), kTokenChars};
}

bool WellFormedToken(std::string_view token) {
  if (token.size() != kTokenChars) return false;
  for (char c : token) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// A login as typed, fit for the log: at most 64 bytes, control characters and bytes
// that are not UTF-8 as '?', so that a failed login with junk in it stays readable.
std::string Printable(std::string_view login) {
  // The length of the UTF-8 sequence starting at `i`, 0 when none starts there.
  auto sequence_at = [&login](std::size_t i) -> std::size_t {
    const auto lead = static_cast<unsigned char>(login[i]);
    std::size_t length = 0;
    if (lead < 0x80) {
      length = 1;
    } else if (lead >= 0xc2 && lead < 0xe0) {
      length = 2;
    } else if (lead >= 0xe0 && lead < 0xf0) {
      length = 3;
    } else if (lead >= 0xf0 && lead < 0xf5) {
      length = 4;
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= login.size() || (static_cast<unsigned char>(login[i + k]) & 0xc0) != 0x80) {
        return 0;
      }
    }
    return length;
  };
  std::string out;
  std::size_t i = 0;
  while (i < login.size() && out.size() < kMaxLoginBytes) {
    const std::size_t length = sequence_at(i);
    const auto byte = static_cast<unsigned char>(login[i]);
    const bool control = length == 1 && (byte < 0x20 || byte == 0x7f);
    if (length == 0 || control || out.size() + length > kMaxLoginBytes) {
      out.push_back('?');
      ++i;
    } else {
      out.append(login.substr(i, length));
      i += length;
    }
  }
  return out;
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return Status::InvalidArgument("password must hold " + std::to_string(kMinPasswordBytes) +
                                       " to " + std::to_string(kMaxPasswordBytes) + " bytes",
                                   "password");
  }
  return Status::Ok();
}

Status Damaged(const std::string& what) {
  return Status::Corruption("credentials stream: " + what);
}

}  // namespace

CredentialsOptions CredentialsOptions::FastHashingForTests() {
  CredentialsOptions options;
  options.hash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  options.hash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
  return options;
}

Status ValidateLogin(std::string_view login) {
  if (login.empty() || login.size() > kMaxLoginBytes) {
    return Status::InvalidArgument("login must hold 1 to 64 characters", "login");
  }
  for (char c : login) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return Status::InvalidArgument("login may hold only a-z, 0-9, '.', '_' and '-'", "login");
    }
  }
  const char first = login.front();
  if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) {
    return Status::InvalidArgument("login must start with a letter or a digit", "login");
  }
  return Status::Ok();
}

Credentials::Credentials(AccessLog& log, CredentialsOptions options)
    : log_(log), options_(std::move(options)) {}

Result<std::unique_ptr<Credentials>> Credentials::Open(AccessLog& log, CredentialsOptions options) {
  if (sodium_init() < 0) return Status::IOError("libsodium could not be initialised");
  if (options.hash_opslimit == 0) options.hash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  if (options.hash_memlimit == 0) options.hash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (options.session_ttl_us <= 0) {
    return Status::InvalidArgument("session_ttl_us must be positive", "session_ttl_us");
  }
  std::unique_ptr<Credentials> credentials(new Credentials(log, options));
  // Nobody knows this password: it only gives an unknown login its verification.
  Result<std::string> dummy = credentials->HashPassword(NewToken());
  if (!dummy.ok()) return dummy.status();
  credentials->dummy_hash_ = std::move(dummy).value();

  constexpr std::size_t kPage = 1024;
  for (;;) {
    Result<std::vector<AccessRecord>> page =
        log.ReadStream(kCredentialsStream, credentials->version_ + 1, kPage);
    if (!page.ok()) return page.status();
    for (const AccessRecord& record : *page) {
      PROSPEKT_RETURN_IF_ERROR(credentials->Apply(record.event));
      credentials->version_ = record.envelope.stream_version;
    }
    if (page->size() < kPage) break;
  }
  return credentials;
}

Result<std::string> Credentials::HashPassword(std::string_view password) const {
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  if (crypto_pwhash_str(hash.data(), password.data(), password.size(), options_.hash_opslimit,
                        options_.hash_memlimit) != 0) {
    return Status::IOError("could not hash the password (out of memory)");
  }
  return std::string(hash.data());
}

Status Credentials::Apply(const AccessEvent& event) {
  auto drop_tokens = [this](const std::string& login, bool sessions_only) {
    for (auto it = tokens_.begin(); it != tokens_.end();) {
      const bool drop =
          it->second.login == login && (!sessions_only || it->second.kind == TokenKind::kSession);
      if (drop && it->second.kind == TokenKind::kApi) api_token_names_.erase(it->second.name);
      it = drop ? tokens_.erase(it) : std::next(it);
    }
  };
  return std::visit(
      [&](const auto& e) -> Status {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, UserAdded>) {
          if (!users_.emplace(e.login, User{e.employee_id, e.password_hash, false}).second) {
            return Damaged("user " + e.login + " added twice");
          }
        } else if constexpr (std::is_same_v<E, PasswordChanged>) {
          auto user = users_.find(e.login);
          if (user == users_.end()) return Damaged("password of unknown user " + e.login);
          user->second.password_hash = e.password_hash;
          drop_tokens(e.login, /*sessions_only=*/true);
        } else if constexpr (std::is_same_v<E, UserDisabled>) {
          auto user = users_.find(e.login);
          if (user == users_.end()) return Damaged("unknown user " + e.login + " disabled");
          user->second.disabled = true;
          drop_tokens(e.login, /*sessions_only=*/false);
        } else if constexpr (std::is_same_v<E, TokenIssued>) {
          if (users_.find(e.login) == users_.end()) {
            return Damaged("token of unknown user " + e.login);
          }
          tokens_[e.token_hash] = Token{e.login, e.kind, e.name, e.expires_at_us};
          if (e.kind == TokenKind::kApi) api_token_names_[e.name] = e.token_hash;
        } else if constexpr (std::is_same_v<E, TokenRevoked>) {
          auto token = tokens_.find(e.token_hash);
          if (token != tokens_.end()) {  // an expired token may have been dropped already
            auto name = api_token_names_.find(token->second.name);
            if (token->second.kind == TokenKind::kApi && name != api_token_names_.end() &&
                name->second == e.token_hash) {
              api_token_names_.erase(name);
            }
            tokens_.erase(token);
          }
        } else {
          return Damaged(std::string("holds a ") + std::string(AccessEventTypeName(event)));
        }
        return Status::Ok();
      },
      event);
}

Status Credentials::AppendAndApply(const AccessEvent& event, std::string_view actor,
                                   std::int64_t now_us) {
  Result<store::AppendResult> appended = log_.Append(kCredentialsStream, event, actor, now_us,
                                                     store::ExpectedVersion::Exactly(version_));
  if (!appended.ok()) return appended.status();
  version_ = appended->last_version;
  std::unique_lock lock(mu_);
  return Apply(event);
}

Status Credentials::RecordFailedLogin(std::string_view login, std::string_view reason,
                                      std::int64_t now_us) {
  Result<store::AppendResult> appended = log_.Append(
      kFailedLoginsStream, LoginFailed{Printable(login), std::string(reason)}, "anonymous", now_us);
  return appended.status();
}

void Credentials::PruneExpired(std::int64_t now_us) {
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    if (it->second.expires_at_us > now_us) {
      ++it;
      continue;
    }
    auto name = api_token_names_.find(it->second.name);
    if (it->second.kind == TokenKind::kApi && name != api_token_names_.end() &&
        name->second == it->first) {
      api_token_names_.erase(name);
    }
    it = tokens_.erase(it);
  }
}

Status Credentials::AddUser(std::string_view actor, std::string_view login,
                            std::string_view employee_id, std::string_view password,
                            std::int64_t now_us) {
  PROSPEKT_RETURN_IF_ERROR(ValidateLogin(login));
  PROSPEKT_RETURN_IF_ERROR(ValidateSubjectId(employee_id, "employee_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidatePassword(password));
  Result<std::string> hash = HashPassword(password);  // slow: before taking any lock
  if (!hash.ok()) return hash.status();
  std::lock_guard write(write_mu_);
  {
    std::shared_lock lock(mu_);
    if (users_.find(login) != users_.end()) {
      return Status::FailedPrecondition("login " + std::string(login) + " is taken", "login");
    }
    for (const auto& [other, user] : users_) {
      if (user.employee_id == employee_id && !user.disabled) {
        return Status::FailedPrecondition(
            "employee " + std::string(employee_id) + " has a user already: " + other,
            "employee_id");
      }
    }
  }
  return AppendAndApply(
      UserAdded{std::string(login), std::string(employee_id), std::move(hash).value()}, actor,
      now_us);
}

Status Credentials::ChangePassword(std::string_view actor, std::string_view login,
                                   std::string_view new_password, std::int64_t now_us) {
  PROSPEKT_RETURN_IF_ERROR(ValidateLogin(login));
  PROSPEKT_RETURN_IF_ERROR(ValidatePassword(new_password));
  Result<std::string> hash = HashPassword(new_password);
  if (!hash.ok()) return hash.status();
  std::lock_guard write(write_mu_);
  {
    std::shared_lock lock(mu_);
    auto user = users_.find(login);
    if (user == users_.end()) {
      return Status::NotFound("no user " + std::string(login), "login");
    }
    if (user->second.disabled) {
      return Status::FailedPrecondition("user " + std::string(login) + " is disabled", "login");
    }
  }
  return AppendAndApply(PasswordChanged{std::string(login), std::move(hash).value()}, actor,
                        now_us);
}

Status Credentials::DisableUser(std::string_view actor, std::string_view login,
                                std::string_view reason, std::int64_t now_us) {
  PROSPEKT_RETURN_IF_ERROR(ValidateLogin(login));
  std::lock_guard write(write_mu_);
  {
    std::shared_lock lock(mu_);
    auto user = users_.find(login);
    if (user == users_.end()) {
      return Status::NotFound("no user " + std::string(login), "login");
    }
    if (user->second.disabled) {
      return Status::FailedPrecondition("user " + std::string(login) + " is disabled already",
                                        "login");
    }
  }
  return AppendAndApply(UserDisabled{std::string(login), std::string(reason)}, actor, now_us);
}

Result<IssuedToken> Credentials::Login(std::string_view login, std::string_view password,
                                       std::int64_t now_us) {
  const bool well_formed = ValidateLogin(login).ok();
  std::string hash;
  bool known = false;
  bool disabled = false;
  if (well_formed) {
    std::shared_lock lock(mu_);
    auto user = users_.find(login);
    if (user != users_.end()) {
      known = true;
      hash = user->second.password_hash;
      disabled = user->second.disabled;
    }
  }
  // Always one verification, against the dummy hash when there is no user, so that the
  // answer's timing does not tell an unknown login from a wrong password.
  const std::string& against = known ? hash : dummy_hash_;
  const bool verified =
      password.size() <= kMaxPasswordBytes &&
      crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0;
  const char* refusal = !well_formed ? "malformed login"
                        : !known     ? "unknown login"
                        : !verified  ? "wrong password"
                        : disabled   ? "user disabled"
                                     : nullptr;
  if (refusal == nullptr) {
    std::lock_guard write(write_mu_);
    {
      // The user may have changed while the password was verified without a lock.
      std::shared_lock lock(mu_);
      auto user = users_.find(login);
      if (user == users_.end() || user->second.password_hash != hash || user->second.disabled) {
        refusal = "user changed during the login";
      }
    }
    if (refusal == nullptr) {
      const std::string token = NewToken();
      const std::int64_t expires_at_us = now_us + options_.session_ttl_us;
      PROSPEKT_RETURN_IF_ERROR(AppendAndApply(
          TokenIssued{TokenHash(token), std::string(login), TokenKind::kSession, "", expires_at_us},
          login, now_us));
      if (++issued_since_prune_ >= kPruneEvery) {
        issued_since_prune_ = 0;
        std::unique_lock lock(mu_);
        PruneExpired(now_us);
      }
      return IssuedToken{token, expires_at_us};
    }
  }
  PROSPEKT_RETURN_IF_ERROR(RecordFailedLogin(login, refusal, now_us));
  return Status::PermissionDenied(kWrongLogin);
}

Result<IssuedToken> Credentials::CreateApiToken(std::string_view actor, std::string_view login,
                                                std::string_view name, std::int64_t ttl_us,
                                                std::int64_t now_us) {
  PROSPEKT_RETURN_IF_ERROR(ValidateLogin(login));
  Status name_ok = ValidateLogin(name);
  if (!name_ok.ok()) {
    std::string message = name_ok.message();
    message.replace(0, 5, "a token name");  // "login ..." -> "a token name ..."
    return Status::InvalidArgument(std::move(message), "name");
  }
  if (ttl_us < kMinApiTokenTtlUs || ttl_us > kMaxApiTokenTtlUs) {
    return Status::InvalidArgument("an API token lives from a minute to three years", "ttl");
  }
  std::lock_guard write(write_mu_);
  {
    std::shared_lock lock(mu_);
    auto user = users_.find(login);
    if (user == users_.end()) return Status::NotFound("no user " + std::string(login), "login");
    if (user->second.disabled) {
      return Status::FailedPrecondition("user " + std::string(login) + " is disabled", "login");
    }
    auto named = api_token_names_.find(name);
    if (named != api_token_names_.end()) {
      auto token = tokens_.find(named->second);
      if (token != tokens_.end() && token->second.expires_at_us > now_us) {
        return Status::FailedPrecondition(
            "a live API token is named " + std::string(name) + " already", "name");
      }
    }
  }
  const std::string token = NewToken();
  const std::int64_t expires_at_us = now_us + ttl_us;
  PROSPEKT_RETURN_IF_ERROR(
      AppendAndApply(TokenIssued{TokenHash(token), std::string(login), TokenKind::kApi,
                                 std::string(name), expires_at_us},
                     actor, now_us));
  return IssuedToken{token, expires_at_us};
}

Status Credentials::Revoke(std::string_view actor, std::string_view token, std::int64_t now_us) {
  if (!WellFormedToken(token)) return Status::NotFound(kUnknownToken);
  const std::string hash = TokenHash(token);
  std::lock_guard write(write_mu_);
  std::string login;
  {
    std::shared_lock lock(mu_);
    auto found = tokens_.find(hash);
    if (found == tokens_.end() || found->second.expires_at_us <= now_us) {
      return Status::NotFound(kUnknownToken);
    }
    login = found->second.login;
  }
  return AppendAndApply(TokenRevoked{hash, login, "revoked"}, actor, now_us);
}

Status Credentials::RevokeApiToken(std::string_view actor, std::string_view name,
                                   std::int64_t now_us) {
  std::lock_guard write(write_mu_);
  std::string hash, login;
  {
    std::shared_lock lock(mu_);
    auto named = api_token_names_.find(name);
    auto token = named == api_token_names_.end() ? tokens_.end() : tokens_.find(named->second);
    if (token == tokens_.end() || token->second.expires_at_us <= now_us) {
      return Status::NotFound("no live API token named " + std::string(name), "name");
    }
    hash = token->first;
    login = token->second.login;
  }
  return AppendAndApply(TokenRevoked{hash, login, "revoked by " + std::string(actor)}, actor,
                        now_us);
}

Result<AuthenticatedUser> Credentials::Authenticate(std::string_view bearer,
                                                    std::int64_t now_us) const {
  if (!WellFormedToken(bearer)) return Status::PermissionDenied(kUnknownToken);
  const std::string hash = TokenHash(bearer);
  std::shared_lock lock(mu_);
  auto token = tokens_.find(hash);
  if (token == tokens_.end() || token->second.expires_at_us <= now_us) {
    return Status::PermissionDenied(kUnknownToken);
  }
  auto user = users_.find(token->second.login);
  if (user == users_.end() || user->second.disabled) {
    return Status::PermissionDenied(kUnknownToken);
  }
  return AuthenticatedUser{token->second.login, user->second.employee_id, token->second.kind,
                           token->second.name, token->second.expires_at_us};
}

std::vector<UserInfo> Credentials::Users() const {
  std::shared_lock lock(mu_);
  std::vector<UserInfo> users;
  users.reserve(users_.size());
  for (const auto& [login, user] : users_) {
    users.push_back(UserInfo{login, user.employee_id, user.disabled});
  }
  return users;
}

}  // namespace prospekt::access
