// The routes served and the routes documented in engine/api/openapi.yaml are the same
// set of (method, path template): a route added to the server without its document, or
// documented but not served, fails here.
#include <catch2/catch.hpp>

#include <cctype>
#include <fstream>
#include <set>
#include <string>

#include "tests/engine/server/routes/bank_test_server.h"

namespace prospekt::server::testing {
namespace {

// "METHOD /path/{param}" for every operation under `paths:` (paths at two spaces,
// operations at four, as the document is laid out).
std::set<std::string> DocumentedRoutes() {
  std::ifstream in(PROSPEKT_OPENAPI_YAML);
  REQUIRE(in);
  std::set<std::string> routes;
  bool in_paths = false;
  std::string path;
  for (std::string line; std::getline(in, line);) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (!line.empty() && line[0] != ' ') break;  // the next top-level key
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
      continue;
    }
    for (const char* method : {"get", "post", "put", "patch", "delete"}) {
      if (line == std::string("    ") + method + ":") {
        std::string upper = method;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        routes.insert(upper + " " + path);
      }
    }
  }
  return routes;
}

TEST_CASE("the server serves exactly the routes openapi.yaml documents", "[e2e]") {
  BankTestServer server;
  std::set<std::string> served;
  for (const RouteInfo& route : server.router().Routes()) {
    served.insert(route.method + " " + route.path_template);
  }
  const std::set<std::string> documented = DocumentedRoutes();
  CHECK(documented.size() > 50);
  for (const std::string& route : served) {
    INFO("served but not documented: " << route);
    CHECK(documented.contains(route));
  }
  for (const std::string& route : documented) {
    INFO("documented but not served: " << route);
    CHECK(served.contains(route));
  }
  // And the document served is that file.
  Reply yaml = server.Call("GET", "/openapi.yaml", "");
  CHECK(yaml.status == 200);
  CHECK(yaml.raw.find("\nopenapi: 3") != std::string::npos);
}

}  // namespace
}  // namespace prospekt::server::testing
