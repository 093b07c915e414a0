// The bank's HTTP API on a Router: every route of docs/design/server.md ("HTTP API"),
// served from a BankService, and the authentication hook in front of them.
//
// Each route's tag is its access::Permission. The hook authenticates the bearer token of
// every route that needs one (401 otherwise) and puts the Principal into the request;
// each handler authorizes it on what it reads or writes (403 with the policy's reason)
// before doing anything. Errors are {"error", "message", "field"} bodies
// (error_response.h): 400 for a malformed request, 422 for a rule of the domain.
//
// The BankService (and the web files) must outlive the Router and every HttpServer
// serving it. Handlers never block a worker thread: blocking work goes to the service's
// pools.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "engine/access/principal.h"
#include "engine/server/router.h"
#include "engine/server/routes/bank_service.h"
#include "events/status.h"

namespace prospekt::server {

struct RouteOptions {
  // The built web UI (web/dist): every GET no API route matches serves a file from
  // here, or index.html (the UI routes in the browser). Empty: no UI.
  std::filesystem::path web_root;
  // The longest seq range one GET /api/export may ask for (the CLI exports any length).
  std::uint64_t max_export_events = 100'000;
};

// The web UI's files, read once at start-up: path ("/assets/app-1f3e.js") -> content.
struct WebFiles {
  struct File {
    std::string content_type, bytes;
    bool immutable = false;  // a content-hashed asset: cacheable for good
  };
  std::map<std::string, File, std::less<>> files;
};

// Reads every file under `root` (web/dist). InvalidArgument (field "web") when it is no
// folder or holds no index.html.
Result<std::unique_ptr<WebFiles>> LoadWebFiles(const std::filesystem::path& root);

// Every route, the fallback serving `web` (when given) and the authentication hook.
// Fails only on a programming error (two routes clash).
Status AddBankRoutes(Router& router, BankService& bank, const RouteOptions& options,
                     const WebFiles* web);

// The principal of a bearer token (a session or an API token) as the directory knows
// its employee now. PermissionDenied for an unknown, expired or revoked token, or an
// employee who has left.
Result<access::Principal> AuthenticateBearer(BankService& bank, std::string_view token);

// The binary TCP feed's token check (FeedTcpOptions::authenticate): the token's
// principal must hold the feed's permission. PermissionDenied with the reason otherwise.
Status AuthorizeFeedToken(BankService& bank, std::string_view token);

// The pieces AddBankRoutes is made of.
PreDispatchHook MakeAuthenticationHook(BankService& bank);
Status AddSessionRoutes(Router& router, BankService& bank);
Status AddCommandRoutes(Router& router, BankService& bank);
Status AddQueryRoutes(Router& router, BankService& bank);
Status AddAdminRoutes(Router& router, BankService& bank);
Status AddFeedRoutes(Router& router, BankService& bank);
Status AddOperationRoutes(Router& router, BankService& bank, const RouteOptions& options);
Status AddWebRoutes(Router& router, const WebFiles& web);

}  // namespace prospekt::server
