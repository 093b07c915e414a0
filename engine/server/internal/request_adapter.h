// From a request Beast has parsed to the Request a handler sees, and its route: the
// pure step between the parser and dispatch, shared by the sessions and the fuzz
// target (tests/fuzz/http_request_fuzz.cc). Thread-safe.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "engine/server/request.h"
#include "engine/server/router.h"

namespace prospekt::server::internal {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

struct PreparedRequest {
  // When set, the answer to send instead of dispatching (400 for a target ParseTarget
  // refuses, 404, 405 with Allow); `route` is null then.
  std::optional<Response> error;
  const Route* route = nullptr;
  Request request;  // filled as far as known (always method, target, headers, remote)
};

// Builds the Request from `message`, moving its body out, and matches it against the
// router (the pre-dispatch hook is not run here).
PreparedRequest PrepareRequest(const Router& router, BeastRequest& message,
                               std::string remote_address);

// The method as a metrics label: itself when HTTP defines it, "OTHER" otherwise.
std::string_view MethodLabel(std::string_view method);

}  // namespace prospekt::server::internal
