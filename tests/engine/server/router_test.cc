// The route table: template validation, exact matching, specificity, 404 and 405, and
// the Respond contract (once, from anywhere; a dropped Respond answers 500).
#include "engine/server/router.h"

#include <catch2/catch.hpp>

#include <optional>
#include <thread>
#include <vector>

#include "engine/server/stream_connection.h"

namespace prospekt::server {
namespace {

void Ignore(Request, Respond) {}

std::vector<std::string> Segments(std::initializer_list<const char*> parts) {
  return std::vector<std::string>(parts.begin(), parts.end());
}

TEST_CASE("route templates are checked when added", "[server]") {
  Router router;
  CHECK(router.Add("GET", "/", 1, Ignore).ok());
  CHECK(router.Add("GET", "/api/clients/{client_id}/card", 2, Ignore).ok());
  CHECK(router.Add("GET", "/api/users/{login}/x/{other_2}", 3, Ignore).ok());

  const std::pair<const char*, const char*> bad[] = {{"GET", "api/x"},
                                                     {"GET", "/api//x"},
                                                     {"GET", "/api/x/"},
                                                     {"GET", "/api/{}"},
                                                     {"GET", "/api/{id"},
                                                     {"GET", "/api/x{id}"},
                                                     {"GET", "/api/{1id}"},
                                                     {"GET", "/api/{a-b}"},
                                                     {"GET", "/a/{id}/b/{id}"},
                                                     {"GET", "/a/%20"},
                                                     {"GET", "/a/.."},
                                                     {"GET", "/a?b"},
                                                     {"GE T", "/a"},
                                                     {"", "/a"}};
  for (const auto& [method, path] : bad) {
    CAPTURE(method, path);
    Status added = router.Add(method, path, 0, Ignore);
    CHECK(added.code() == StatusCode::kInvalidArgument);
    CHECK((added.field() == "path_template" || added.field() == "method"));
  }
  CHECK(router.Add("GET", "/a", 0, Handler()).field() == "handler");
  CHECK(router.AddStream("GET", "/a", 0, StreamHandler()).field() == "handler");

  // The same shape for the same method clashes, whatever the parameters are called.
  Status clash = router.Add("GET", "/api/clients/{id}/card", 9, Ignore);
  CHECK(clash.code() == StatusCode::kInvalidArgument);
  CHECK(clash.message().find("/api/clients/{client_id}/card") != std::string::npos);
  CHECK(router.Add("POST", "/api/clients/{id}/card", 9, Ignore).ok());
}

TEST_CASE("matching is exact, decoded and prefers literals", "[server]") {
  Router router;
  REQUIRE(router.Add("GET", "/api/users/{login}", 1, Ignore).ok());
  REQUIRE(router.Add("GET", "/api/users/me", 2, Ignore).ok());
  REQUIRE(router.Add("POST", "/api/users/{login}", 3, Ignore).ok());
  REQUIRE(router.Add("GET", "/api/{kind}/me", 4, Ignore).ok());
  REQUIRE(router.Add("GET", "/", 5, Ignore).ok());

  RouteMatch me = router.Match("GET", Segments({"api", "users", "me"}));
  REQUIRE(me.kind == RouteMatch::Kind::kFound);
  CHECK(me.route->tag == 2);
  CHECK(me.path_params.empty());

  RouteMatch anna = router.Match("GET", Segments({"api", "users", "an na"}));
  REQUIRE(anna.kind == RouteMatch::Kind::kFound);
  CHECK(anna.route->tag == 1);
  CHECK(anna.path_params == Fields{{"login", "an na"}});

  // "/api/users/me" and "/api/{kind}/me" both match; the literal at segment 2 wins.
  RouteMatch kind = router.Match("GET", Segments({"api", "branches", "me"}));
  REQUIRE(kind.kind == RouteMatch::Kind::kFound);
  CHECK(kind.route->tag == 4);

  // POST on ".../me": the literal route has no POST, the parameter route has.
  RouteMatch post_me = router.Match("POST", Segments({"api", "users", "me"}));
  REQUIRE(post_me.kind == RouteMatch::Kind::kFound);
  CHECK(post_me.route->tag == 3);

  CHECK(router.Match("GET", {}).route->tag == 5);
  CHECK(router.Match("GET", Segments({"api", "users"})).kind == RouteMatch::Kind::kNotFound);
  CHECK(router.Match("GET", Segments({"api", "users", "me", ""})).kind ==
        RouteMatch::Kind::kNotFound);
  CHECK(router.Match("GET", Segments({"API", "users", "me"})).kind == RouteMatch::Kind::kNotFound);

  RouteMatch wrong = router.Match("DELETE", Segments({"api", "users", "x"}));
  CHECK(wrong.kind == RouteMatch::Kind::kMethodNotAllowed);
  CHECK(wrong.allow == "GET, POST");
  CHECK(router.Match("get", Segments({"api", "users", "x"})).kind ==
        RouteMatch::Kind::kMethodNotAllowed);
}

TEST_CASE("Routes lists every route in the order added", "[server]") {
  Router router;
  REQUIRE(router.Add("GET", "/health", 7, Ignore).ok());
  REQUIRE(router.AddStream("GET", "/feed", 8, [](std::unique_ptr<StreamConnection>) {}).ok());
  REQUIRE(router.Add("POST", "/api/commands/{command}", 9, Ignore).ok());
  const std::vector<RouteInfo> routes = router.Routes();
  REQUIRE(routes.size() == 3);
  CHECK(routes[0].method == "GET");
  CHECK(routes[0].path_template == "/health");
  CHECK(routes[0].tag == 7);
  CHECK_FALSE(routes[0].stream);
  CHECK(routes[1].stream);
  CHECK(routes[2].path_template == "/api/commands/{command}");
}

TEST_CASE("Respond answers once, from any thread; a dropped one answers 500", "[server]") {
  std::vector<Response> delivered;
  auto collect = [&delivered](Response response) { delivered.push_back(std::move(response)); };

  {
    Respond respond(collect);
    Respond copy = respond;
    std::thread other([copy] { copy(Response::Json(201, "{}")); });
    other.join();
    CHECK(respond.answered());
    respond(Response::Json(202, "{}"));  // dropped: already answered through the copy
  }
  REQUIRE(delivered.size() == 1);
  CHECK(delivered[0].status == 201);

  { Respond dropped(collect); }
  REQUIRE(delivered.size() == 2);
  CHECK(delivered[1].status == 500);
  CHECK(delivered[1].body.find("\"error\":\"internal\"") != std::string::npos);
}

}  // namespace
}  // namespace prospekt::server

namespace prospekt::server {
namespace {

TEST_CASE("a fallback takes only the paths no template matches, for its method", "[server]") {
  Router router;
  REQUIRE(router.Add("GET", "/api/me", 1, Ignore).ok());
  REQUIRE(router.Add("POST", "/api/login", 2, Ignore).ok());
  REQUIRE(router.AddFallback("GET", 9, Ignore).ok());
  CHECK(router.AddFallback("GET", 10, Ignore).code() == StatusCode::kInvalidArgument);
  CHECK(router.AddFallback("POST", 10, Handler{}).code() == StatusCode::kInvalidArgument);

  CHECK(router.Match("GET", Segments({"api", "me"})).route->tag == 1);
  RouteMatch page = router.Match("GET", Segments({"clients", "c1"}));
  REQUIRE(page.kind == RouteMatch::Kind::kFound);
  CHECK(page.route->tag == 9);
  CHECK(router.Match("GET", {}).route->tag == 9);
  // Another method has no fallback; a path served under another method stays a 405.
  CHECK(router.Match("POST", Segments({"clients"})).kind == RouteMatch::Kind::kNotFound);
  CHECK(router.Match("GET", Segments({"api", "login"})).kind ==
        RouteMatch::Kind::kMethodNotAllowed);
  // The fallback is no API route.
  for (const RouteInfo& info : router.Routes()) CHECK(info.tag != 9);
}

}  // namespace
}  // namespace prospekt::server
