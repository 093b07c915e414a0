// The server's one log line per request, in key=value form so that it reads as text
// and parses as data:
//   http method=GET route=/api/clients/{client_id}/card status=200 latency_us=153
//        user=anna remote=127.0.0.1:53412
// `route` is the matched template ("-" when none matched), never the raw path, so that
// no client name or id from a URL lands in the log; `user` only when one is set.
// Values holding a space, '"', '\\', '=' or a control character are quoted and escaped.
//
// Pure formatting; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace prospekt::server {

struct AccessLogEntry {
  std::string_view method;  // "-" when the request line could not be read
  std::string_view route;   // the template, or "-"
  unsigned status = 0;      // 0: the connection was taken over by a stream route
  std::int64_t latency_us = 0;
  std::string_view user;  // omitted when empty
  std::string_view remote;
};

std::string FormatAccessLogLine(const AccessLogEntry& entry);

}  // namespace prospekt::server
