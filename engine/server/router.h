// The route table of the HTTP server: {method, path template, tag, handler}.
//
// A path template is "/" or a sequence of '/'-separated segments, each a literal
// ("clients") or a parameter filling the whole segment ("{client_id}"). Matching is
// exact (no prefixes, no trailing-slash folding) against the request's decoded
// segments; where several templates match, the one with a literal at the first segment
// where they differ wins ("/api/users/me" before "/api/users/{login}"). A path no
// template matches goes to the method's fallback route (AddFallback: the web UI's files)
// or is 404; one matched only under other methods is 405 with `Allow`.
//
// The tag is opaque to the server: the integrator stores its authorization Permission
// there and reads it back from Request::route_tag in the pre-dispatch hook.
//
// Ownership and threads: the Router is filled before the server starts and must not
// change while any HttpServer uses it (they keep a reference); its const members are
// safe from any thread. Handlers run on the worker threads, on the connection's strand,
// and must not block: long work goes elsewhere and answers through Respond.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/server/request.h"
#include "events/status.h"

namespace prospekt::server {

struct StreamConnection;  // engine/server/stream_connection.h (Beast types)

// Answers one request: call it once, from any thread, now or later. Copies share one
// answer. The first call answers; a later call (on any copy) is dropped and logged.
// When the last copy is destroyed without having been called, the request is answered
// 500 "the handler finished without answering", so a lost request never hangs its
// connection. A call after the server has stopped is a no-op.
class Respond {
 public:
  // `deliver` gets the one answer (possibly from the last copy's destructor, so it must
  // not throw). The server's deliver posts the response to the connection's strand;
  // tests may pass their own.
  explicit Respond(std::function<void(Response)> deliver);

  void operator()(Response response) const;
  // True once some copy has been called.
  bool answered() const;

 private:
  struct Slot;
  std::shared_ptr<Slot> slot_;
};

// An ordinary route's handler. It owns the request and answers through `respond`.
using Handler = std::function<void(Request request, Respond respond)>;
// A stream route's handler (SSE, WebSocket): it gets the connection and the parsed
// request and owns them from then on; the server forgets the connection (it no longer
// counts towards Stop's drain or the connection limit).
using StreamHandler = std::function<void(std::unique_ptr<StreamConnection> connection)>;
// Runs before every matched route's handler (ordinary and stream), on the connection's
// strand: it may fill `request.principal` and `request.user`, and returns a response to
// send instead of running the handler (401, 403), or nullopt to go on.
using PreDispatchHook = std::function<std::optional<Response>(Request& request)>;

struct Route {
  std::string method;
  std::string path_template;
  std::int64_t tag = 0;
  Handler handler;               // set for an ordinary route
  StreamHandler stream_handler;  // set for a stream route
};

// One row of Router::Routes().
struct RouteInfo {
  std::string method;
  std::string path_template;
  std::int64_t tag = 0;
  bool stream = false;
};

struct RouteMatch {
  enum class Kind : std::uint8_t { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;  // kFound; points into the Router
  Fields path_params;            // kFound: decoded, by name, in template order
  std::string allow;             // kMethodNotAllowed: "GET, POST", in the order added
};

class Router {
 public:
  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds a route. InvalidArgument (field "method", "path_template" or "handler") for a
  // method that is not an HTTP token, a malformed template (not starting with '/', an
  // empty segment, a parameter not filling its segment, a parameter name outside
  // [A-Za-z_][A-Za-z0-9_]*, a repeated parameter name, a literal with '{', '}', '%',
  // '?', '#' or a dot segment), an empty handler, or a template that clashes with one
  // already added for the method (the same segments up to parameter names).
  Status Add(std::string method, std::string path_template, std::int64_t tag, Handler handler);
  Status AddStream(std::string method, std::string path_template, std::int64_t tag,
                   StreamHandler handler);

  // The route of every path no template matches under any method, for `method` (e.g.
  // the web UI's files under GET). Its template is "*" in logs and metrics; it is not
  // listed by Routes() (it is no API route). InvalidArgument for a bad method, an empty
  // handler or a second fallback for the method.
  Status AddFallback(std::string method, std::int64_t tag, Handler handler);

  void SetPreDispatch(PreDispatchHook hook) { pre_dispatch_ = std::move(hook); }
  const PreDispatchHook& pre_dispatch() const { return pre_dispatch_; }

  // Every route, in the order added (for the OpenAPI route-set test).
  std::vector<RouteInfo> Routes() const;

  // Finds the route for a method and the decoded path segments (ParseTarget).
  RouteMatch Match(std::string_view method, const std::vector<std::string>& segments) const;

 private:
  struct Segment {
    std::string text;  // the literal, or the parameter's name
    bool is_param = false;
  };
  struct Entry {
    Route route;
    std::vector<Segment> segments;
  };

  Status AddEntry(Route route);
  static bool MatchesSegments(const Entry& entry, const std::vector<std::string>& segments);
  static bool MoreSpecific(const Entry& a, const Entry& b);

  std::vector<std::unique_ptr<Entry>> entries_;    // in the order added; addresses stable
  std::vector<std::unique_ptr<Route>> fallbacks_;  // at most one per method
  PreDispatchHook pre_dispatch_;
};

}  // namespace prospekt::server
