// Sessions: the authentication hook that turns a bearer token into a Principal, and the
// login, logout and "who am I" routes.
#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include "engine/api/access_json.h"
#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"
#include "projections/directory/directory.h"

namespace prospekt::server {
namespace {

using access::Permission;
using internal::JsonResponse;
using internal::OnBlockingPool;

constexpr std::string_view kBearer = "Bearer ";
// How long a login waits for the directory to fold a hire it does not know yet.
constexpr std::chrono::milliseconds kDirectoryCatchUp{2000};

// The token of an "Authorization: Bearer <token>" header; nullopt when there is none
// or it is malformed.
std::optional<std::string_view> BearerToken(const Request& request) {
  std::optional<std::string_view> header = request.Header("Authorization");
  if (!header || header->size() <= kBearer.size() ||
      !EqualsIgnoreCase(header->substr(0, kBearer.size()), kBearer)) {
    return std::nullopt;
  }
  std::string_view token = header->substr(kBearer.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

// The principal of an authenticated user as the directory knows them now.
Result<access::Principal> Resolve(BankService& bank, const access::AuthenticatedUser& user) {
  Result<access::Principal> principal = Status::PermissionDenied("no directory");
  Result<bool> read = bank.runner().ReadView<projections::DirectoryView>(
      projections::kDirectory.name, [&](const projections::DirectoryView& directory) {
        principal = access::ResolvePrincipal(user.login, user.employee_id,
                                             user.kind == access::TokenKind::kApi, directory);
        return true;
      });
  if (!read.ok()) return read.status();
  return principal;
}

// {principal, start_page, name}: what the UI shows of the signed-in user.
nlohmann::json PrincipalAnswer(BankService& bank, const access::Principal& principal) {
  std::string name;
  bank.runner()
      .ReadView<projections::DirectoryView>(projections::kDirectory.name,
                                            [&](const projections::DirectoryView& directory) {
                                              if (const auto* employee = projections::FindEmployee(
                                                      directory, principal.employee_id)) {
                                                name = employee->name;
                                              }
                                              return true;
                                            })
      .status()
      .IgnoreError();  // the name is a courtesy; the principal is what counts
  return {{"principal", api::ToJson(principal)},
          {"name", name},
          {"start_page", api::StartPage(principal)}};
}

void Login(BankService& bank, Request request, Respond respond) {
  Result<api::LoginRequest> body = api::ParseLoginRequest(request.body);
  if (!body.ok()) return respond(internal::RequestError(body.status()));
  // Argon2id takes tens of milliseconds and 64 MiB: never on a worker thread.
  OnBlockingPool(bank, [&bank, body = std::move(body).value(), respond]() {
    Result<access::IssuedToken> token =
        bank.credentials().Login(body.login, body.password, bank.Now());
    if (!token.ok()) {
      if (token.status().code() == StatusCode::kPermissionDenied) {
        return respond(UnauthenticatedResponse(token.status().message()));
      }
      return respond(internal::RequestError(token.status()));
    }
    // The fresh token names the user's employee, whom the directory knows (or not:
    // someone who has left may not sign in).
    Result<access::AuthenticatedUser> user =
        bank.credentials().Authenticate(token->token, bank.Now());
    if (!user.ok()) return respond(UnauthenticatedResponse(user.status().message()));
    Result<access::Principal> principal = Resolve(bank, *user);
    if (!principal.ok()) {
      // Read your writes: an employee hired (or a user added) a moment ago may sign in
      // before the directory projection has folded the hire. Wait for it to reach the
      // log's head (bounded; this is the blocking pool) and look again.
      if (bank.runner().WaitFor(projections::kDirectory.name, bank.log().Head().last_seq,
                                kDirectoryCatchUp)) {
        principal = Resolve(bank, *user);
      }
    }
    if (!principal.ok()) return respond(UnauthenticatedResponse(principal.status().message()));
    nlohmann::json answer = PrincipalAnswer(bank, *principal);
    answer.update(api::ToJson(*token));
    respond(JsonResponse(200, answer));
  });
}

void Logout(BankService& bank, Request request, Respond respond) {
  std::optional<std::string_view> token = BearerToken(request);
  // Invariant: the hook authenticated this very token.
  if (!token) return respond(UnauthenticatedResponse("no bearer token"));
  OnBlockingPool(bank, [&bank, token = std::string(*token), login = request.user, respond]() {
    Status revoked = bank.credentials().Revoke(login, token, bank.Now());
    if (!revoked.ok()) return respond(internal::RequestError(revoked));
    Response answer = Response::Json(204, "");
    answer.content_type.clear();
    respond(std::move(answer));
  });
}

void Me(BankService& bank, const Request& request, const Respond& respond) {
  const access::Principal* principal = internal::PrincipalOf(request);
  if (principal == nullptr) return respond(UnauthenticatedResponse("not signed in"));
  respond(JsonResponse(200, PrincipalAnswer(bank, *principal)));
}

}  // namespace

Result<access::Principal> AuthenticateBearer(BankService& bank, std::string_view token) {
  Result<access::AuthenticatedUser> user = bank.credentials().Authenticate(token, bank.Now());
  if (!user.ok()) return user.status();
  return Resolve(bank, *user);
}

PreDispatchHook MakeAuthenticationHook(BankService& bank) {
  return [&bank](Request& request) -> std::optional<Response> {
    if (!access::NeedsAuthentication(internal::PermissionOf(request))) return std::nullopt;
    std::optional<std::string_view> token = BearerToken(request);
    if (!token) {
      return UnauthenticatedResponse(
          "send 'Authorization: Bearer <token>'; POST /api/login gives a token");
    }
    Result<access::Principal> principal = AuthenticateBearer(bank, *token);
    if (!principal.ok()) return UnauthenticatedResponse(principal.status().message());
    request.user = principal->login;
    request.principal = std::move(principal).value();
    return std::nullopt;
  };
}

Status AddSessionRoutes(Router& router, BankService& bank) {
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "POST", "/api/login", Permission::kLogin,
      [&bank](Request request, Respond respond) { Login(bank, std::move(request), respond); }));
  PROSPEKT_RETURN_IF_ERROR(internal::AddRoute(
      router, "POST", "/api/logout", Permission::kLogout,
      [&bank](Request request, Respond respond) { Logout(bank, std::move(request), respond); }));
  return internal::AddRoute(
      router, "GET", "/api/me", Permission::kMe,
      [&bank](Request request, Respond respond) { Me(bank, request, respond); });
}

}  // namespace prospekt::server
