#include "engine/server/routes/internal/route_support.h"

#include <any>

#include "projections/directory/directory.h"

namespace prospekt::server::internal {

const access::Principal* PrincipalOf(const Request& request) {
  return std::any_cast<access::Principal>(&request.principal);
}

Status Authorize(BankService& bank, const Request& request, const access::Resource& resource) {
  const access::Permission permission = PermissionOf(request);
  if (!access::NeedsAuthentication(permission)) return Status::Ok();
  const access::Principal* principal = PrincipalOf(request);
  // Invariant: the authentication hook answered 401 for a request without a principal.
  if (principal == nullptr) return Status::PermissionDenied("the request is not authenticated");
  const std::int64_t now = bank.Now();
  Status decision;
  Result<bool> read = bank.runner().ReadView<projections::DirectoryView>(
      projections::kDirectory.name, [&](const projections::DirectoryView& directory) {
        decision = access::Authorize(*principal, permission, resource, directory, now);
        return true;
      });
  if (!read.ok()) return read.status();
  return decision;
}

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response JsonResponse(unsigned status, const nlohmann::json& value) {
  return Response::Json(status, DumpJson(value));
}

std::map<std::string, std::vector<std::string>, std::less<>> QueryParamsOf(const Request& request) {
  std::map<std::string, std::vector<std::string>, std::less<>> params;
  for (const auto& [name, value] : request.query) params[name].push_back(value);
  return params;
}

Status AddRoute(Router& router, std::string method, std::string path_template,
                access::Permission permission, Handler handler) {
  return router.Add(std::move(method), std::move(path_template), TagOf(permission),
                    std::move(handler));
}

}  // namespace prospekt::server::internal
