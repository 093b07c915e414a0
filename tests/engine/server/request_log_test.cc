// The access log line.
#include "engine/server/request_log.h"

#include <catch2/catch.hpp>

namespace prospekt::server {
namespace {

TEST_CASE("one key=value line per request, user only when set", "[server]") {
  CHECK(FormatAccessLogLine(
            {"GET", "/api/clients/{client_id}/card", 200, 153, "anna", "127.0.0.1:53412"}) ==
        "http method=GET route=/api/clients/{client_id}/card status=200 latency_us=153 "
        "user=anna remote=127.0.0.1:53412");
  CHECK(FormatAccessLogLine({"POST", "-", 404, 7, "", "[::1]:80"}) ==
        "http method=POST route=- status=404 latency_us=7 remote=[::1]:80");
  CHECK(FormatAccessLogLine({"GET", "/feed", 0, 1, "", "x"}) ==
        "http method=GET route=/feed status=stream latency_us=1 remote=x");
}

TEST_CASE("values that could break the line are quoted and escaped", "[server]") {
  CHECK(
      FormatAccessLogLine({"-", "-", 400, 0, "a b=\"c\"\\\n", ""}) ==
      "http method=- route=- status=400 latency_us=0 user=\"a b=\\\"c\\\"\\\\\\x0a\" remote=\"\"");
}

}  // namespace
}  // namespace prospekt::server
