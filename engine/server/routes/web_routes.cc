// The web UI (web/dist) from the same port as the API: every GET no API route matches.
// A known file is served with its type; any other path gets index.html, since the UI
// routes in the browser (/branch, /clients/c1, ...). index.html is never cached (it
// names the current assets); content-hashed files under /assets/ are cached for good.
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

#include "engine/server/routes/internal/route_support.h"
#include "engine/server/routes/routes.h"
#include "engine/server/url.h"

namespace prospekt::server {
namespace {

std::string ContentTypeOf(const std::filesystem::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void ServeWeb(const WebFiles& web, const Request& request, const Respond& respond) {
  // The decoded path: a request for "/clients/c%201" looks up "/clients/c 1".
  Result<ParsedTarget> target = ParseTarget(request.target);
  std::string path;
  if (target.ok()) {
    for (const std::string& segment : target->segments) path += "/" + segment;
  }
  auto found = web.files.find(path);
  const bool is_file = found != web.files.end();
  if (!is_file) {
    // An API path that no route serves is a 404 in the API's terms, not the UI's page.
    if (path.starts_with("/api/") || path == "/api" || path.starts_with("/feed")) {
      return respond(ErrorResponse(404, kErrorRouteNotFound, "no route serves this path", "path"));
    }
    found = web.files.find("/index.html");
  }
  const WebFiles::File& file = found->second;
  Response response = Response::Text(200, file.bytes, file.content_type);
  response.headers.emplace_back("Cache-Control", is_file && file.immutable
                                                     ? "public, max-age=31536000, immutable"
                                                     : "no-cache");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  respond(std::move(response));
}

}  // namespace

Result<std::unique_ptr<WebFiles>> LoadWebFiles(const std::filesystem::path& root) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(root / "index.html", error)) {
    return Status::InvalidArgument(
        "no web UI at " + root.string() +
            " (no index.html; build it with `npm ci && npm run build` in web/)",
        "web");
  }
  auto web = std::make_unique<WebFiles>();
  for (auto entry = std::filesystem::recursive_directory_iterator(root, error);
       !error && entry != std::filesystem::recursive_directory_iterator(); entry.increment(error)) {
    if (!entry->is_regular_file()) continue;
    std::ifstream in(entry->path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return Status::IOError("cannot read " + entry->path().string());
    }
    const std::filesystem::path relative = entry->path().lexically_relative(root);
    const std::string key = "/" + relative.generic_string();
    web->files[key] = {ContentTypeOf(entry->path()), bytes.str(), key.starts_with("/assets/")};
  }
  if (error) return Status::IOError("cannot list " + root.string() + ": " + error.message());
  return web;
}

Status AddWebRoutes(Router& router, const WebFiles& web) {
  return router.AddFallback(
      "GET", internal::TagOf(access::Permission::kWebUi),
      [&web](Request request, Respond respond) { ServeWeb(web, request, respond); });
}

}  // namespace prospekt::server
