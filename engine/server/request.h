// The HTTP exchange as route handlers see it: a parsed Request and the Response they
// answer with. Plain values without Beast or Asio, so that handlers (engine/app,
// engine/api) include nothing of the HTTP machinery.
//
// A Request is owned by the handler it is given to; a Response is moved into Respond.
// Neither is shared between threads by the server. Thread-compatible.
#pragma once

#include <any>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/server/url.h"

namespace prospekt::server {

struct Request {
  std::string method;  // as sent ("GET"); HTTP methods are case-sensitive
  std::string target;  // the raw request-target, e.g. "/api/clients/c%201/card?as_of_seq=5"
  std::string path;    // the raw path part of `target` (before '?'), not decoded
  Fields path_params;  // decoded values by template name, in template order
  Fields query;        // decoded, in order; a repeated key appears once per occurrence
  Fields headers;      // as sent; look them up with Header() (names are case-insensitive)
  std::string body;
  std::string remote_address;  // "127.0.0.1:53412"
  unsigned http_version = 11;  // 10 or 11

  // The matched route: its template and its tag (Router::Add). The template points into
  // the Router, which outlives every request it dispatches.
  std::string_view route_template;
  std::int64_t route_tag = 0;

  // Set by the router's pre-dispatch hook (authentication), opaque to the server.
  std::any principal;
  // The login written to the request's log line; empty when unauthenticated.
  std::string user;

  // The first header of that name (case-insensitive), if any.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The path parameter of that template name, if the route has one.
  std::optional<std::string_view> PathParam(std::string_view name) const;
  // The first query parameter of that name, and every one in order.
  std::optional<std::string_view> Query(std::string_view name) const;
  std::vector<std::string_view> QueryAll(std::string_view name) const;
};

struct Response {
  unsigned status = 200;  // 200..599; anything else is answered 500 (and logged)
  std::string content_type = "application/json";  // empty: no Content-Type is sent
  // Extra header fields. The server sets Content-Type (from `content_type`),
  // Content-Length, Transfer-Encoding, Connection, Date and Server itself and ignores
  // those names here; a name that is not an HTTP token or a value holding CR, LF or NUL
  // is dropped (and logged), so no handler can split a response.
  Fields headers;
  std::string body;

  static Response Json(unsigned status, std::string body);
  static Response Text(unsigned status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
};

// True when `a` and `b` are equal ignoring ASCII case (header names, tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// RFC 9110 token (header names, methods) and field-value checks.
bool IsHttpToken(std::string_view text);
bool IsSafeHeaderValue(std::string_view text);

}  // namespace prospekt::server
