// What every route of the bank's HTTP API shares: the route's Permission in the
// router's tag, the principal the authentication hook put into the request, the
// authorization call against the directory, JSON answers, and handing blocking work to
// the service's pool. Private to engine/server/routes.
//
// Thread safety: every function may run on any worker or pool thread.
#pragma once

#include <boost/asio/post.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "engine/access/policy.h"
#include "engine/access/principal.h"
#include "engine/server/error_response.h"
#include "engine/server/request.h"
#include "engine/server/router.h"
#include "engine/server/routes/bank_service.h"
#include "events/status.h"

namespace prospekt::server::internal {

inline std::int64_t TagOf(access::Permission permission) {
  return static_cast<std::int64_t>(permission);
}
inline access::Permission PermissionOf(const Request& request) {
  return static_cast<access::Permission>(request.route_tag);
}

// The authenticated principal; nullptr on a route that needs no authentication.
const access::Principal* PrincipalOf(const Request& request);

// Authorizes the request's principal for its route's permission on `resource`, against
// the directory as it stands (under the runner's shared lock). Ok on routes that need
// no authentication.
Status Authorize(BankService& bank, const Request& request, const access::Resource& resource);

// A JSON body; invalid UTF-8 in texts is replaced, never thrown on.
std::string DumpJson(const nlohmann::json& value);
Response JsonResponse(unsigned status, const nlohmann::json& value);
// The error response of a refusal by the request's parsing (400) or the domain (422).
inline Response RequestError(const Status& status) {
  return StatusResponse(status, StatusOrigin::kRequest);
}
inline Response DomainError(const Status& status) {
  return StatusResponse(status, StatusOrigin::kDomain);
}

// Runs `work` on the service's blocking pool (logins, as-of folds, verification, exports).
template <class Work>
void OnBlockingPool(BankService& bank, Work&& work) {
  boost::asio::post(bank.blocking_pool(), std::forward<Work>(work));
}

// The query parameters of `request` by name, for api::RunQuery and the lists.
std::map<std::string, std::vector<std::string>, std::less<>> QueryParamsOf(const Request& request);

// A route's adder: logs nothing, returns the router's refusal (a programming error the
// server's start reports).
Status AddRoute(Router& router, std::string method, std::string path_template,
                access::Permission permission, Handler handler);

}  // namespace prospekt::server::internal
