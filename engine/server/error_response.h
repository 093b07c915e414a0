// Error responses: one mapping from prospekt::Status to an HTTP status, and one JSON
// body shape for every 4xx and 5xx the server or a handler sends:
//   {"error": "<code>", "message": "<human text>", "field": "<where, or empty>"}
// plus "current_version" on a version conflict (409). `error` is StatusCodeName() for a
// Status, or one of the kError* names below for the server's own errors.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/server/request.h"
#include "events/status.h"

namespace prospekt::server {

// Where a Status came from, which decides how InvalidArgument reads: a request the
// server could not take (bad JSON, a wrong type, a bad query parameter) is the
// client's mistake, 400; a decider's InvalidArgument is the domain refusing a
// well-formed command, 422, like FailedPrecondition.
enum class StatusOrigin : std::uint8_t { kRequest, kDomain };

// InvalidArgument → 400 (kRequest) or 422 (kDomain); PermissionDenied → 403;
// NotFound → 404; Aborted → 409; FailedPrecondition → 422; Corruption and IOError →
// 500; an OK status (a caller's bug) → 500.
unsigned HttpStatusFor(const Status& status, StatusOrigin origin);

// The response for a non-OK Status: HttpStatusFor's code and the JSON body.
Response StatusResponse(const Status& status, StatusOrigin origin);

// The server's own error names.
inline constexpr std::string_view kErrorUnauthenticated = "unauthenticated";      // 401
inline constexpr std::string_view kErrorRouteNotFound = "not_found";              // 404
inline constexpr std::string_view kErrorMethodNotAllowed = "method_not_allowed";  // 405
inline constexpr std::string_view kErrorBodyTooLarge = "body_too_large";          // 413
inline constexpr std::string_view kErrorHeadersTooLarge = "headers_too_large";    // 431
inline constexpr std::string_view kErrorBadRequest = "invalid_argument";          // 400
inline constexpr std::string_view kErrorInternal = "internal";                    // 500
inline constexpr std::string_view kErrorUnavailable = "unavailable";              // 503

// A response with the error body. Invalid UTF-8 in the texts is replaced, never thrown.
Response ErrorResponse(unsigned http_status, std::string_view error, std::string_view message,
                       std::string_view field = {});

// 401 with `WWW-Authenticate: Bearer` and {"error": "unauthenticated", ...}.
Response UnauthenticatedResponse(std::string_view message);

// The body alone.
std::string ErrorBody(std::string_view error, std::string_view message, std::string_view field,
                      std::optional<std::uint64_t> current_version = std::nullopt);

}  // namespace prospekt::server
