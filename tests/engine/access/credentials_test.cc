// Credentials: users, Argon2id passwords, session and API tokens over the access log —
// what is stored (hashes only), what a login may learn (nothing about which logins
// exist), expiry and revocation, and that a restart keeps it all.
#include "engine/access/credentials.h"

#include <sodium.h>
#include <catch2/catch.hpp>

#include <array>
#include <thread>
#include <variant>

#include "tests/test_support.h"

namespace prospekt::access {
namespace {

constexpr std::int64_t kNow = 1'772'442'000'000'000;  // 2026-03-02T09:00:00Z
constexpr std::int64_t kHour = 3'600'000'000;
constexpr std::int64_t kDay = 24 * kHour;

struct Opened {
  std::unique_ptr<AccessLog> log;
  std::unique_ptr<Credentials> credentials;
};

Opened OpenAll(const std::filesystem::path& path, bool sync = true) {
  Opened opened;
  AccessLogOptions options;
  options.sync = sync;
  options.clock = [] { return kNow; };
  Result<std::unique_ptr<AccessLog>> log = AccessLog::Open(path, options);
  REQUIRE(log.ok());
  opened.log = std::move(log).value();
  Result<std::unique_ptr<Credentials>> credentials =
      Credentials::Open(*opened.log, CredentialsOptions::FastHashingForTests());
  INFO(credentials.status().ToString());
  REQUIRE(credentials.ok());
  opened.credentials = std::move(credentials).value();
  return opened;
}

std::string Blake2b(const std::string& text) {
  std::array<unsigned char, 32> hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

// Every raw envelope of the access log, concatenated: what an attacker with the folder's
// files would read (uncompressed; RocksDB may compress, which hides nothing here).
std::string RawLog(const AccessLog& log) {
  std::string bytes;
  REQUIRE(log.store()
              .ScanRaw(1,
                       [&bytes](std::uint64_t, std::string_view raw) {
                         bytes.append(raw);
                         return true;
                       })
              .ok());
  return bytes;
}

std::vector<LoginFailed> FailedLogins(const AccessLog& log) {
  Result<std::vector<AccessRecord>> records = log.ReadStream(kFailedLoginsStream, 1, 100);
  REQUIRE(records.ok());
  std::vector<LoginFailed> failed;
  for (const AccessRecord& record : *records) failed.push_back(std::get<LoginFailed>(record.event));
  return failed;
}

TEST_CASE("a user logs in and the token authenticates until it expires", "[access][credentials]") {
  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *opened.credentials;
  REQUIRE(credentials.AddUser("cli", "orlova.nv", "ho-001", "correct horse", kNow).ok());

  Result<IssuedToken> token = credentials.Login("orlova.nv", "correct horse", kNow);
  INFO(token.status().ToString());
  REQUIRE(token.ok());
  CHECK(token->token.size() == 43);
  CHECK(token->token.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(token->expires_at_us == kNow + kDefaultSessionTtlUs);

  Result<AuthenticatedUser> user = credentials.Authenticate(token->token, kNow + kHour);
  REQUIRE(user.ok());
  CHECK(user->login == "orlova.nv");
  CHECK(user->employee_id == "ho-001");
  CHECK(user->kind == TokenKind::kSession);
  CHECK(user->expires_at_us == token->expires_at_us);

  // Expired: refused like any unknown token.
  Result<AuthenticatedUser> late = credentials.Authenticate(token->token, token->expires_at_us);
  REQUIRE_FALSE(late.ok());
  CHECK(late.status().code() == StatusCode::kPermissionDenied);
  CHECK(late.status().message() == "unknown or expired token");
  for (const std::string& bad : {std::string(), std::string("x"), std::string(43, '!'),
                                 token->token.substr(1), std::string(43, 'A')}) {
    CHECK(credentials.Authenticate(bad, kNow).status().message() == "unknown or expired token");
  }
  // Two logins, two different tokens.
  Result<IssuedToken> again = credentials.Login("orlova.nv", "correct horse", kNow);
  REQUIRE(again.ok());
  CHECK(again->token != token->token);
}

TEST_CASE("an unknown login and a wrong password are indistinguishable, and both logged",
          "[access][credentials]") {
  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *opened.credentials;
  REQUIRE(credentials.AddUser("cli", "orlova.nv", "ho-001", "correct horse", kNow).ok());
  REQUIRE(credentials.AddUser("cli", "petrov", "e-2", "battery staple", kNow).ok());
  REQUIRE(credentials.DisableUser("cli", "petrov", "left the bank", kNow).ok());

  const Status unknown = credentials.Login("nobody", "correct horse", kNow).status();
  const Status wrong = credentials.Login("orlova.nv", "wrong horse", kNow).status();
  const Status disabled = credentials.Login("petrov", "battery staple", kNow).status();
  const Status malformed = credentials.Login("Петров\n", "correct horse", kNow).status();
  const Status huge = credentials.Login("orlova.nv", std::string(5000, 'x'), kNow).status();
  for (const Status& status : {unknown, wrong, disabled, malformed, huge}) {
    CHECK(status.code() == StatusCode::kPermissionDenied);
    CHECK(status.message() == "wrong login or password");
    CHECK(status.field().empty());
  }
  const std::vector<LoginFailed> failed = FailedLogins(*opened.log);
  REQUIRE(failed.size() == 5);
  CHECK(failed[0] == LoginFailed{"nobody", "unknown login"});
  CHECK(failed[1] == LoginFailed{"orlova.nv", "wrong password"});
  CHECK(failed[2] == LoginFailed{"petrov", "user disabled"});
  CHECK(failed[3] == LoginFailed{"Петров?", "malformed login"});
  CHECK(failed[4] == LoginFailed{"orlova.nv", "wrong password"});
  // A failed login issues nothing.
  Result<std::vector<AccessRecord>> stream = opened.log->ReadStream(kCredentialsStream, 1, 100);
  REQUIRE(stream.ok());
  for (const AccessRecord& record : *stream) {
    CHECK_FALSE(std::holds_alternative<TokenIssued>(record.event));
  }
}

TEST_CASE("only hashes reach the log: Argon2id for passwords, BLAKE2b for tokens",
          "[access][credentials]") {
  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *opened.credentials;
  REQUIRE(credentials.AddUser("cli", "orlova.nv", "ho-001", "correct horse", kNow).ok());
  Result<IssuedToken> session = credentials.Login("orlova.nv", "correct horse", kNow);
  REQUIRE(session.ok());
  Result<IssuedToken> api =
      credentials.CreateApiToken("admin", "orlova.nv", "warehouse", 30 * kDay, kNow);
  REQUIRE(api.ok());

  const std::string raw = RawLog(*opened.log);
  CHECK(raw.find("correct horse") == std::string::npos);
  CHECK(raw.find(session->token) == std::string::npos);
  CHECK(raw.find(api->token) == std::string::npos);
  CHECK(raw.find(Blake2b(session->token)) != std::string::npos);
  CHECK(raw.find(Blake2b(api->token)) != std::string::npos);

  Result<std::vector<AccessRecord>> stream = opened.log->ReadStream(kCredentialsStream, 1, 10);
  REQUIRE(stream.ok());
  REQUIRE(stream->size() == 3);
  const auto& added = std::get<UserAdded>((*stream)[0].event);
  CHECK(added.password_hash.rfind("$argon2id$", 0) == 0);
  CHECK(crypto_pwhash_str_verify(added.password_hash.c_str(), "correct horse", 13) == 0);
  CHECK((*stream)[0].envelope.actor == "cli");
  const auto& issued = std::get<TokenIssued>((*stream)[2].event);
  CHECK(issued.kind == TokenKind::kApi);
  CHECK(issued.name == "warehouse");
  CHECK(issued.token_hash == Blake2b(api->token));
  CHECK((*stream)[2].envelope.actor == "admin");
}

TEST_CASE("a restart keeps users and tokens, and revocations", "[access][credentials]") {
  testing::TempDir dir;
  std::string kept, revoked, api;
  {
    Opened opened = OpenAll(dir.path() / "data.access");
    Credentials& credentials = *opened.credentials;
    REQUIRE(credentials.AddUser("cli", "orlova.nv", "ho-001", "correct horse", kNow).ok());
    REQUIRE(credentials.AddUser("cli", "zaitsev", "audit-001", "battery staple", kNow).ok());
    kept = credentials.Login("orlova.nv", "correct horse", kNow)->token;
    revoked = credentials.Login("zaitsev", "battery staple", kNow)->token;
    api = credentials.CreateApiToken("admin", "zaitsev", "feed", 30 * kDay, kNow)->token;
    REQUIRE(credentials.Revoke("zaitsev", revoked, kNow).ok());
    CHECK(credentials.Revoke("zaitsev", revoked, kNow).code() == StatusCode::kNotFound);
  }
  Opened reopened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *reopened.credentials;
  CHECK(credentials.Users() ==
        std::vector<UserInfo>{{"orlova.nv", "ho-001", false}, {"zaitsev", "audit-001", false}});
  Result<AuthenticatedUser> user = credentials.Authenticate(kept, kNow + kHour);
  REQUIRE(user.ok());
  CHECK(user->employee_id == "ho-001");
  CHECK_FALSE(credentials.Authenticate(revoked, kNow + kHour).ok());
  Result<AuthenticatedUser> program = credentials.Authenticate(api, kNow + 29 * kDay);
  REQUIRE(program.ok());
  CHECK(program->kind == TokenKind::kApi);
  CHECK(program->token_name == "feed");
  CHECK_FALSE(credentials.Authenticate(api, kNow + 30 * kDay).ok());
  CHECK(credentials.Login("zaitsev", "battery staple", kNow).ok());
  // Taken logins stay taken.
  CHECK(credentials.AddUser("cli", "zaitsev", "e-9", "another pass", kNow).code() ==
        StatusCode::kFailedPrecondition);
}

TEST_CASE("a new password ends the sessions; disabling a user ends every token",
          "[access][credentials]") {
  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *opened.credentials;
  REQUIRE(credentials.AddUser("cli", "orlova.nv", "ho-001", "correct horse", kNow).ok());
  const std::string session = credentials.Login("orlova.nv", "correct horse", kNow)->token;
  const std::string api =
      credentials.CreateApiToken("admin", "orlova.nv", "loader", 7 * kDay, kNow)->token;

  REQUIRE(credentials.ChangePassword("admin", "orlova.nv", "new horse!", kNow).ok());
  CHECK_FALSE(credentials.Authenticate(session, kNow).ok());
  CHECK(credentials.Authenticate(api, kNow).ok());
  CHECK_FALSE(credentials.Login("orlova.nv", "correct horse", kNow).ok());
  const std::string fresh = credentials.Login("orlova.nv", "new horse!", kNow)->token;
  CHECK(credentials.Authenticate(fresh, kNow).ok());

  REQUIRE(credentials.DisableUser("admin", "orlova.nv", "left the bank", kNow).ok());
  CHECK_FALSE(credentials.Authenticate(fresh, kNow).ok());
  CHECK_FALSE(credentials.Authenticate(api, kNow).ok());
  CHECK(credentials.Users() == std::vector<UserInfo>{{"orlova.nv", "ho-001", true}});
  CHECK(credentials.DisableUser("admin", "orlova.nv", "again", kNow).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(credentials.ChangePassword("admin", "orlova.nv", "newer horse", kNow).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(credentials.CreateApiToken("admin", "orlova.nv", "x", kDay, kNow).status().code() ==
        StatusCode::kFailedPrecondition);
  // The employee may get a user again, under another login.
  CHECK(credentials.AddUser("cli", "orlova.nv2", "ho-001", "correct horse", kNow).ok());
}

TEST_CASE("API tokens are named, live their ttl and are revoked by name", "[access][credentials]") {
  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *opened.credentials;
  REQUIRE(credentials.AddUser("cli", "feed", "audit-001", "correct horse", kNow).ok());

  Result<IssuedToken> token = credentials.CreateApiToken("admin", "feed", "kafka", kDay, kNow);
  REQUIRE(token.ok());
  CHECK(token->expires_at_us == kNow + kDay);
  CHECK(credentials.CreateApiToken("admin", "feed", "kafka", kDay, kNow).status().code() ==
        StatusCode::kFailedPrecondition);
  // Once expired, its name is free again.
  CHECK(credentials.CreateApiToken("admin", "feed", "kafka", kDay, kNow + kDay).ok());

  Result<IssuedToken> other = credentials.CreateApiToken("admin", "feed", "warehouse", kDay, kNow);
  REQUIRE(other.ok());
  REQUIRE(credentials.RevokeApiToken("admin", "warehouse", kNow).ok());
  CHECK_FALSE(credentials.Authenticate(other->token, kNow).ok());
  Status again = credentials.RevokeApiToken("admin", "warehouse", kNow);
  CHECK(again.code() == StatusCode::kNotFound);
  CHECK(again.field() == "name");
  CHECK(credentials.CreateApiToken("admin", "feed", "warehouse", kDay, kNow).ok());

  auto field_of = [&](std::string_view login, std::string_view name, std::int64_t ttl) {
    return credentials.CreateApiToken("admin", login, name, ttl, kNow).status();
  };
  CHECK(field_of("feed", "Bad Name", kDay).field() == "name");
  CHECK_THAT(field_of("feed", "Bad Name", kDay).message(), Catch::StartsWith("a token name"));
  CHECK(field_of("feed", "", kDay).field() == "name");
  CHECK(field_of("feed", "ok", kMinApiTokenTtlUs - 1).field() == "ttl");
  CHECK(field_of("feed", "ok", kMaxApiTokenTtlUs + 1).field() == "ttl");
  CHECK(field_of("feed", "ok", 0).field() == "ttl");
  CHECK(field_of("nobody", "ok", kDay).code() == StatusCode::kNotFound);
  CHECK(field_of("feed", "ok", kMaxApiTokenTtlUs).ok());
}

TEST_CASE("logins, employees and passwords are checked, naming the field",
          "[access][credentials]") {
  for (const std::string& good :
       {std::string("a"), std::string("orlova.nv"), std::string("e-r01-b01_003"),
        std::string("0day"), std::string(64, 'x')}) {
    INFO(good);
    CHECK(ValidateLogin(good).ok());
  }
  for (const std::string& bad :
       {std::string(), std::string(65, 'x'), std::string("Orlova"), std::string("orlova nv"),
        std::string("орлова"), std::string(".hidden"), std::string("-x"), std::string("a/b")}) {
    INFO(bad);
    const Status status = ValidateLogin(bad);
    CHECK(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.field() == "login");
  }

  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  Credentials& credentials = *opened.credentials;
  CHECK(credentials.AddUser("cli", "Bad", "e1", "correct horse", kNow).field() == "login");
  CHECK(credentials.AddUser("cli", "good", "e 1", "correct horse", kNow).field() == "employee_id");
  CHECK(credentials.AddUser("cli", "good", "", "correct horse", kNow).field() == "employee_id");
  CHECK(credentials.AddUser("cli", "good", "e1", "short", kNow).field() == "password");
  CHECK(credentials.AddUser("cli", "good", "e1", std::string(1025, 'p'), kNow).field() ==
        "password");
  REQUIRE(credentials.AddUser("cli", "good", "e1", "correct horse", kNow).ok());
  const Status twice = credentials.AddUser("cli", "other", "e1", "correct horse", kNow);
  CHECK(twice.code() == StatusCode::kFailedPrecondition);
  CHECK(twice.field() == "employee_id");
  CHECK(credentials.ChangePassword("cli", "nobody", "correct horse", kNow).code() ==
        StatusCode::kNotFound);
  CHECK(credentials.ChangePassword("cli", "good", "short", kNow).field() == "password");
  CHECK(credentials.DisableUser("cli", "nobody", "", kNow).code() == StatusCode::kNotFound);
  // Nothing refused was written: one user added.
  Result<std::vector<AccessRecord>> stream = opened.log->ReadStream(kCredentialsStream, 1, 100);
  REQUIRE(stream.ok());
  CHECK(stream->size() == 1);
}

TEST_CASE("logins from many threads each get a token, in one consistent stream",
          "[access][credentials]") {
  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access", /*sync=*/false);
  Credentials& credentials = *opened.credentials;
  constexpr int kThreads = 4;
  constexpr int kLogins = 16;
  for (int t = 0; t < kThreads; ++t) {
    REQUIRE(credentials
                .AddUser("cli", "user" + std::to_string(t), "e" + std::to_string(t),
                         "password " + std::to_string(t), kNow)
                .ok());
  }
  std::vector<std::vector<std::string>> tokens(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&credentials, &tokens, t] {
      const std::string login = "user" + std::to_string(t);
      for (int i = 0; i < kLogins; ++i) {
        Result<IssuedToken> token =
            credentials.Login(login, "password " + std::to_string(t), kNow);
        if (token.ok()) tokens[static_cast<std::size_t>(t)].push_back(token->token);
        // Readers run beside the writers.
        credentials.Authenticate(token.ok() ? token->token : "", kNow).status().IgnoreError();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    const auto& issued = tokens[static_cast<std::size_t>(t)];
    REQUIRE(issued.size() == kLogins);
    for (const std::string& token : issued) {
      Result<AuthenticatedUser> user = credentials.Authenticate(token, kNow);
      REQUIRE(user.ok());
      CHECK(user->login == "user" + std::to_string(t));
    }
  }
  // Every token is in the stream once, and a restart finds them all.
  Result<std::vector<AccessRecord>> stream = opened.log->ReadStream(kCredentialsStream, 1, 1000);
  REQUIRE(stream.ok());
  CHECK(stream->size() == kThreads + kThreads * kLogins);
  opened.credentials.reset();
  opened.log.reset();
  Opened reopened = OpenAll(dir.path() / "data.access");
  for (const auto& issued : tokens) {
    for (const std::string& token : issued) {
      CHECK(reopened.credentials->Authenticate(token, kNow).ok());
    }
  }
}

TEST_CASE("the test cost of hashing is libsodium's minimum; the default is interactive",
          "[access][credentials]") {
  const CredentialsOptions fast = CredentialsOptions::FastHashingForTests();
  CHECK(fast.hash_opslimit == crypto_pwhash_OPSLIMIT_MIN);
  CHECK(fast.hash_memlimit == crypto_pwhash_MEMLIMIT_MIN);
  const CredentialsOptions defaults;
  CHECK(defaults.hash_opslimit == 0);  // resolved to the interactive limits at Open
  CHECK(defaults.session_ttl_us == 12 * kHour);

  testing::TempDir dir;
  Opened opened = OpenAll(dir.path() / "data.access");
  REQUIRE(opened.credentials->AddUser("cli", "orlova.nv", "ho-001", "correct horse", kNow).ok());
  Result<std::vector<AccessRecord>> stream = opened.log->ReadStream(kCredentialsStream, 1, 1);
  REQUIRE(stream.ok());
  CHECK_THAT(std::get<UserAdded>(stream->front().event).password_hash,
             Catch::StartsWith("$argon2id$v=19$m=8,t=1,p=1$"));
}

}  // namespace
}  // namespace prospekt::access
