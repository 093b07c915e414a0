#include "engine/server/internal/request_adapter.h"

#include <boost/beast/http/verb.hpp>

#include <utility>

#include "engine/server/error_response.h"
#include "engine/server/url.h"

namespace prospekt::server::internal {

PreparedRequest PrepareRequest(const Router& router, BeastRequest& message,
                               std::string remote_address) {
  PreparedRequest prepared;
  Request& request = prepared.request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.http_version = message.version();
  request.remote_address = std::move(remote_address);
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());

  Result<ParsedTarget> target = ParseTarget(request.target);
  if (!target.ok()) {
    prepared.error = StatusResponse(target.status(), StatusOrigin::kRequest);
    return prepared;
  }
  request.path = std::string(target->path);
  request.query = std::move(target->query);

  RouteMatch match = router.Match(request.method, target->segments);
  switch (match.kind) {
    case RouteMatch::Kind::kFound:
      prepared.route = match.route;
      request.path_params = std::move(match.path_params);
      request.route_template = match.route->path_template;
      request.route_tag = match.route->tag;
      break;
    case RouteMatch::Kind::kNotFound:
      prepared.error = ErrorResponse(404, kErrorRouteNotFound, "no route serves this path", "path");
      break;
    case RouteMatch::Kind::kMethodNotAllowed:
      prepared.error = ErrorResponse(405, kErrorMethodNotAllowed,
                                     "this path is served for " + match.allow + " only", "method");
      prepared.error->headers.emplace_back("Allow", std::move(match.allow));
      break;
  }
  return prepared;
}

std::string_view MethodLabel(std::string_view method) {
  return boost::beast::http::string_to_verb(method) == boost::beast::http::verb::unknown
             ? std::string_view("OTHER")
             : method;
}

}  // namespace prospekt::server::internal
