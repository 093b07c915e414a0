#include "engine/server/error_response.h"

#include <nlohmann/json.hpp>

namespace prospekt::server {

unsigned HttpStatusFor(const Status& status, StatusOrigin origin) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
      return origin == StatusOrigin::kDomain ? 422 : 400;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAborted:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kOk:
    case StatusCode::kCorruption:
    case StatusCode::kIOError:
      return 500;
  }
  return 500;
}

std::string ErrorBody(std::string_view error, std::string_view message, std::string_view field,
                      std::optional<std::uint64_t> current_version) {
  nlohmann::json body = {{"error", error}, {"message", message}, {"field", field}};
  if (current_version) body["current_version"] = *current_version;
  // Messages may quote client input: replace invalid UTF-8 instead of throwing.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response StatusResponse(const Status& status, StatusOrigin origin) {
  if (status.ok()) {
    return ErrorResponse(500, kErrorInternal, "an OK status was reported as an error");
  }
  return Response::Json(HttpStatusFor(status, origin),
                        ErrorBody(StatusCodeName(status.code()), status.message(), status.field(),
                                  status.current_version()));
}

Response ErrorResponse(unsigned http_status, std::string_view error, std::string_view message,
                       std::string_view field) {
  return Response::Json(http_status, ErrorBody(error, message, field));
}

Response UnauthenticatedResponse(std::string_view message) {
  Response response = ErrorResponse(401, kErrorUnauthenticated, message);
  response.headers.emplace_back("WWW-Authenticate", "Bearer");
  return response;
}

}  // namespace prospekt::server
