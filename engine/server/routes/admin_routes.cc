// Users and API tokens (admins): list and add users, change a password, disable a user,
// create and revoke API tokens for programs. Every change is an event of the access log
// (engine/access/credentials.h) with the admin's login as its actor. Password hashing
// (Argon2id) and the durable appends run on the blocking pool.
#include <string>
#include <utility>

#include "engine/api/access_json.h"
#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"
#include "projections/directory/directory.h"

namespace prospekt::server {
namespace {

using access::Permission;
using internal::JsonResponse;

constexpr std::int64_t kMicrosPerDay = std::int64_t{86400} * 1'000'000;

Response NoContent() {
  Response response = Response::Json(204, "");
  response.content_type.clear();
  return response;
}

// Answers 403 unless the principal may use the route. First thing in every handler, as
// for commands: who may not administer learns nothing about the body's rules.
bool Refused(BankService& bank, const Request& request, const Respond& respond) {
  Status allowed = internal::Authorize(bank, request, {});
  if (allowed.ok()) return false;
  respond(internal::DomainError(allowed));
  return true;
}

// Runs `change` (returning the answer) on the blocking pool.
template <class Change>
void Administer(BankService& bank, const Respond& respond, Change change) {
  internal::OnBlockingPool(bank, [respond, change = std::move(change)]() { respond(change()); });
}

// An answer for a Status from the credentials: 204 when Ok.
Response Answer(const Status& status) {
  return status.ok() ? NoContent() : internal::RequestError(status);
}

bool EmployeeKnown(BankService& bank, const std::string& employee_id) {
  bool known = false;
  bank.runner()
      .ReadView<projections::DirectoryView>(projections::kDirectory.name,
                                            [&](const projections::DirectoryView& directory) {
                                              known = projections::FindEmployee(
                                                          directory, employee_id) != nullptr;
                                              return true;
                                            })
      .status()
      .IgnoreError();  // an unreadable directory knows nobody: the request is refused
  return known;
}

void ListUsers(BankService& bank, const Request& request, const Respond& respond) {
  if (Refused(bank, request, respond)) return;
  const std::uint64_t head = bank.access_log().store().Head().last_seq;
  respond(JsonResponse(200, {{"as_of_seq", head},
                             {"head_seq", head},
                             {"result", api::ToJson(bank.credentials().Users())}}));
}

void AddUser(BankService& bank, const Request& request, const Respond& respond) {
  if (Refused(bank, request, respond)) return;
  Result<api::AddUserRequest> body = api::ParseAddUserRequest(request.body);
  if (!body.ok()) return respond(internal::RequestError(body.status()));
  Administer(bank, respond, [&bank, actor = request.user, body = std::move(body).value()]() {
    if (!EmployeeKnown(bank, body.employee_id)) {
      return internal::RequestError(
          Status::NotFound("no employee " + body.employee_id + " in the directory", "employee_id"));
    }
    Status added =
        bank.credentials().AddUser(actor, body.login, body.employee_id, body.password, bank.Now());
    if (!added.ok()) return internal::RequestError(added);
    return JsonResponse(201, {{"login", body.login}, {"employee_id", body.employee_id}});
  });
}

void ChangePassword(BankService& bank, const Request& request, const Respond& respond) {
  if (Refused(bank, request, respond)) return;
  Result<api::ChangePasswordRequest> body = api::ParseChangePasswordRequest(request.body);
  if (!body.ok()) return respond(internal::RequestError(body.status()));
  Administer(
      bank, respond,
      [&bank, actor = request.user, login = std::string(request.PathParam("login").value_or("")),
       body = std::move(body).value()]() {
        return Answer(bank.credentials().ChangePassword(actor, login, body.password, bank.Now()));
      });
}

void DisableUser(BankService& bank, const Request& request, const Respond& respond) {
  if (Refused(bank, request, respond)) return;
  Result<api::DisableUserRequest> body = api::ParseDisableUserRequest(request.body);
  if (!body.ok()) return respond(internal::RequestError(body.status()));
  Administer(
      bank, respond,
      [&bank, actor = request.user, login = std::string(request.PathParam("login").value_or("")),
       body = std::move(body).value()]() {
        return Answer(bank.credentials().DisableUser(actor, login, body.reason, bank.Now()));
      });
}

void CreateToken(BankService& bank, const Request& request, const Respond& respond) {
  if (Refused(bank, request, respond)) return;
  Result<api::CreateTokenRequest> body = api::ParseCreateTokenRequest(request.body);
  if (!body.ok()) return respond(internal::RequestError(body.status()));
  Administer(bank, respond, [&bank, actor = request.user, body = std::move(body).value()]() {
    Result<access::IssuedToken> token = bank.credentials().CreateApiToken(
        actor, body.login, body.name, std::int64_t{body.ttl_days} * kMicrosPerDay, bank.Now());
    if (!token.ok()) return internal::RequestError(token.status());
    nlohmann::json answer = api::ToJson(*token);
    answer["login"] = body.login;
    answer["name"] = body.name;
    return JsonResponse(201, answer);
  });
}

void RevokeToken(BankService& bank, const Request& request, const Respond& respond) {
  if (Refused(bank, request, respond)) return;
  Administer(
      bank, respond,
      [&bank, actor = request.user, name = std::string(request.PathParam("name").value_or(""))]() {
        return Answer(bank.credentials().RevokeApiToken(actor, name, bank.Now()));
      });
}

}  // namespace

Status AddAdminRoutes(Router& router, BankService& bank) {
  struct Row {
    const char* method;
    const char* path;
    Permission permission;
    void (*handle)(BankService&, const Request&, const Respond&);
  };
  const Row rows[] = {
      {"GET", "/api/users", Permission::kListUsers, &ListUsers},
      {"POST", "/api/users", Permission::kAddUser, &AddUser},
      {"POST", "/api/users/{login}/password", Permission::kChangePassword, &ChangePassword},
      {"POST", "/api/users/{login}/disable", Permission::kDisableUser, &DisableUser},
      {"POST", "/api/tokens", Permission::kCreateApiToken, &CreateToken},
      {"DELETE", "/api/tokens/{name}", Permission::kRevokeApiToken, &RevokeToken},
  };
  for (const Row& row : rows) {
    PROSPEKT_RETURN_IF_ERROR(
        internal::AddRoute(router, row.method, row.path, row.permission,
                           [&bank, handle = row.handle](Request request, Respond respond) {
                             handle(bank, request, respond);
                           }));
  }
  return Status::Ok();
}

}  // namespace prospekt::server
