// Status -> HTTP mapping and the one error body shape.
#include "engine/server/error_response.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace prospekt::server {
namespace {

TEST_CASE("statuses map to HTTP codes by how the client should react", "[server]") {
  CHECK(HttpStatusFor(Status::InvalidArgument("x"), StatusOrigin::kRequest) == 400);
  CHECK(HttpStatusFor(Status::InvalidArgument("x"), StatusOrigin::kDomain) == 422);
  for (const StatusOrigin origin : {StatusOrigin::kRequest, StatusOrigin::kDomain}) {
    CHECK(HttpStatusFor(Status::PermissionDenied("x"), origin) == 403);
    CHECK(HttpStatusFor(Status::NotFound("x"), origin) == 404);
    CHECK(HttpStatusFor(Status::Aborted("x", 3), origin) == 409);
    CHECK(HttpStatusFor(Status::FailedPrecondition("x"), origin) == 422);
    CHECK(HttpStatusFor(Status::Corruption("x"), origin) == 500);
    CHECK(HttpStatusFor(Status::IOError("x"), origin) == 500);
    CHECK(HttpStatusFor(Status::Ok(), origin) == 500);
  }
}

TEST_CASE("error bodies carry error, message and field; 409 the current version", "[server]") {
  const Response bad = StatusResponse(
      Status::InvalidArgument("must be a string", "sales[1].product_code"), StatusOrigin::kRequest);
  CHECK(bad.status == 400);
  CHECK(bad.content_type == "application/json");
  CHECK(nlohmann::json::parse(bad.body) == nlohmann::json{{"error", "invalid_argument"},
                                                          {"message", "must be a string"},
                                                          {"field", "sales[1].product_code"}});

  const Response conflict =
      StatusResponse(Status::Aborted("stream moved on", 7), StatusOrigin::kDomain);
  CHECK(conflict.status == 409);
  const nlohmann::json body = nlohmann::json::parse(conflict.body);
  CHECK(body["error"] == "aborted");
  CHECK(body["current_version"] == 7);
  CHECK(body["field"] == "expected_version");

  const Response refused =
      StatusResponse(Status::FailedPrecondition("not assigned to you"), StatusOrigin::kDomain);
  CHECK(refused.status == 422);
  CHECK(nlohmann::json::parse(refused.body)["field"] == "");

  CHECK(StatusResponse(Status::Ok(), StatusOrigin::kRequest).status == 500);
}

TEST_CASE("the server's own errors use the same shape and survive invalid UTF-8", "[server]") {
  const Response too_large = ErrorResponse(413, kErrorBodyTooLarge, "too big", "body");
  CHECK(too_large.status == 413);
  CHECK(nlohmann::json::parse(too_large.body) ==
        nlohmann::json{{"error", "body_too_large"}, {"message", "too big"}, {"field", "body"}});

  const Response mangled = ErrorResponse(400, kErrorBadRequest, "bad \xff\xfe byte");
  CHECK(nlohmann::json::parse(mangled.body)["message"] == "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");

  const Response unauthenticated = UnauthenticatedResponse("no token");
  CHECK(unauthenticated.status == 401);
  CHECK(unauthenticated.headers == Fields{{"WWW-Authenticate", "Bearer"}});
  CHECK(nlohmann::json::parse(unauthenticated.body)["error"] == "unauthenticated");
}

}  // namespace
}  // namespace prospekt::server
