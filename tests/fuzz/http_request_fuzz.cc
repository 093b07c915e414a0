// Fuzz target: raw bytes through Beast's request parser with limits like the server's,
// then into our Request, target decoding and routing (internal::PrepareRequest, the
// step the sessions run). Up to four pipelined requests per input. Nothing may crash,
// hang or read out of bounds, and:
//   - a request that is not routed is answered 400, 404 or 405 with a JSON error body;
//   - a routed one has one path parameter per parameter of its template;
//   - every decoded path segment survives PercentEncode -> PercentDecode.
//
// With clang and -DPROSPEKT_FUZZ=ON this links with libFuzzer:
//   build/fuzz/tests/fuzz/http_request_fuzz tests/engine/server/http_request_corpus
// Otherwise it links with replay_main.cc, and ctest runs it over the seed corpus.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/server/internal/request_adapter.h"
#include "engine/server/router.h"
#include "engine/server/url.h"

namespace {

namespace http = boost::beast::http;
using prospekt::server::Request;
using prospekt::server::Respond;
using prospekt::server::Router;

void Check(bool condition) {
  if (!condition) std::abort();
}

void Ignore(Request, Respond) {}

const Router& TheRouter() {
  static Router router;
  static const bool filled = [] {
    for (const auto& [method, path] : std::initializer_list<std::pair<const char*, const char*>>{
             {"GET", "/"},
             {"GET", "/health"},
             {"GET", "/api/clients/{client_id}/card"},
             {"GET", "/api/users/me"},
             {"GET", "/api/users/{login}"},
             {"POST", "/api/users/{login}"},
             {"POST", "/api/commands/{command}"},
             {"GET", "/api/{kind}/{id}/history"}}) {
      Check(router.Add(method, path, 0, Ignore).ok());
    }
    return true;
  }();
  Check(filled);
  return router;
}

std::size_t ParamCount(std::string_view path_template) {
  return static_cast<std::size_t>(std::count(path_template.begin(), path_template.end(), '{'));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Router& router = TheRouter();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int message = 0; message < 4 && !input.empty(); ++message) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(8 * 1024);
    parser.body_limit(64 * 1024);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!parser.is_done()) {
      const std::size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
      input.remove_prefix(used);
      if (ec == http::error::need_more && input.empty()) {
        parser.put_eof(ec);  // the input ends here, as a closed connection would
        break;
      }
      if (ec || used == 0) break;
    }
    if (ec || !parser.is_done()) return 0;

    prospekt::server::internal::PreparedRequest prepared =
        prospekt::server::internal::PrepareRequest(router, parser.get(), "fuzz:1");
    if (prepared.error) {
      const unsigned status = prepared.error->status;
      Check(prepared.route == nullptr);
      Check(status == 400 || status == 404 || status == 405);
      Check(!nlohmann::json::parse(prepared.error->body, nullptr, false).is_discarded());
    } else {
      Check(prepared.route != nullptr);
      Check(prepared.request.route_template == prepared.route->path_template);
      Check(prepared.request.path_params.size() == ParamCount(prepared.route->path_template));
    }
    prospekt::Result<prospekt::server::ParsedTarget> target =
        prospekt::server::ParseTarget(prepared.request.target);
    if (target.ok()) {
      for (const std::string& segment : target->segments) {
        prospekt::Result<std::string> again = prospekt::server::PercentDecode(
            prospekt::server::PercentEncode(segment), false, "path");
        Check(again.ok() && *again == segment);
      }
    }
  }
  return 0;
}
