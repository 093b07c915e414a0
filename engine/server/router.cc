#include "engine/server/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "engine/server/error_response.h"

namespace prospekt::server {

struct Respond::Slot {
  explicit Slot(std::function<void(Response)> deliver_to) : deliver(std::move(deliver_to)) {}
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;
  ~Slot() {
    if (!answered.exchange(true)) {
      deliver(ErrorResponse(500, kErrorInternal, "the handler finished without answering"));
    }
  }

  const std::function<void(Response)> deliver;
  std::atomic<bool> answered{false};
};

Respond::Respond(std::function<void(Response)> deliver)
    : slot_(std::make_shared<Slot>(std::move(deliver))) {}

void Respond::operator()(Response response) const {
  if (!slot_ || slot_->answered.exchange(true)) {
    spdlog::error(
        "a handler answered one request twice (or through a moved-from Respond); "
        "the later answer (status {}) is dropped",
        response.status);
    return;
  }
  slot_->deliver(std::move(response));
}

bool Respond::answered() const { return slot_ && slot_->answered.load(); }

namespace {

bool IsParamName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace

Status Router::Add(std::string method, std::string path_template, std::int64_t tag,
                   Handler handler) {
  if (!handler) return Status::InvalidArgument("a route needs a handler", "handler");
  Route route;
  route.method = std::move(method);
  route.path_template = std::move(path_template);
  route.tag = tag;
  route.handler = std::move(handler);
  return AddEntry(std::move(route));
}

Status Router::AddStream(std::string method, std::string path_template, std::int64_t tag,
                         StreamHandler handler) {
  if (!handler) return Status::InvalidArgument("a stream route needs a handler", "handler");
  Route route;
  route.method = std::move(method);
  route.path_template = std::move(path_template);
  route.tag = tag;
  route.stream_handler = std::move(handler);
  return AddEntry(std::move(route));
}

Status Router::AddEntry(Route route) {
  if (!IsHttpToken(route.method)) {
    return Status::InvalidArgument("the method '" + route.method + "' is not an HTTP token",
                                   "method");
  }
  const std::string& path = route.path_template;
  const std::string where = "in the template '" + path + "': ";
  if (path.empty() || path.front() != '/') {
    return Status::InvalidArgument(where + "it must start with '/'", "path_template");
  }
  auto entry = std::make_unique<Entry>();
  if (path.size() > 1) {
    std::string_view rest = std::string_view(path).substr(1);
    for (;;) {
      const std::size_t slash = rest.find('/');
      const std::string_view text = rest.substr(0, slash);
      Segment segment;
      if (text.empty()) {
        return Status::InvalidArgument(where + "empty segment", "path_template");
      }
      if (text.front() == '{') {
        const bool closed = text.size() >= 2 && text.back() == '}';
        const std::string_view name = closed ? text.substr(1, text.size() - 2) : text;
        if (!closed || !IsParamName(name)) {
          return Status::InvalidArgument(
              where +
                  "a parameter is '{name}' filling its segment, with a name of letters, "
                  "digits and '_'",
              "path_template");
        }
        for (const Segment& earlier : entry->segments) {
          if (earlier.is_param && earlier.text == name) {
            return Status::InvalidArgument(
                where + "the parameter '" + std::string(name) + "' appears twice", "path_template");
          }
        }
        segment.text = std::string(name);
        segment.is_param = true;
      } else {
        if (text.find_first_of("{}%?#") != std::string_view::npos || text == "." || text == "..") {
          return Status::InvalidArgument(
              where +
                  "a literal segment must not hold '{', '}', '%', '?', '#' or be a dot "
                  "segment",
              "path_template");
        }
        segment.text = std::string(text);
      }
      entry->segments.push_back(std::move(segment));
      if (slash == std::string_view::npos) break;
      rest = rest.substr(slash + 1);
    }
  }
  for (const std::unique_ptr<Entry>& other : entries_) {
    if (other->route.method != route.method || other->segments.size() != entry->segments.size()) {
      continue;
    }
    bool same_shape = true;
    for (std::size_t i = 0; i < entry->segments.size() && same_shape; ++i) {
      const Segment& a = entry->segments[i];
      const Segment& b = other->segments[i];
      same_shape = a.is_param == b.is_param && (a.is_param || a.text == b.text);
    }
    if (same_shape) {
      return Status::InvalidArgument(route.method + " " + path + " clashes with " +
                                         other->route.method + " " + other->route.path_template,
                                     "path_template");
    }
  }
  entry->route = std::move(route);
  entries_.push_back(std::move(entry));
  return Status::Ok();
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> routes;
  routes.reserve(entries_.size());
  for (const std::unique_ptr<Entry>& entry : entries_) {
    routes.push_back({entry->route.method, entry->route.path_template, entry->route.tag,
                      static_cast<bool>(entry->route.stream_handler)});
  }
  return routes;
}

bool Router::MatchesSegments(const Entry& entry, const std::vector<std::string>& segments) {
  if (entry.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (!entry.segments[i].is_param && entry.segments[i].text != segments[i]) return false;
  }
  return true;
}

bool Router::MoreSpecific(const Entry& a, const Entry& b) {
  for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    if (a.segments[i].is_param != b.segments[i].is_param) return !a.segments[i].is_param;
  }
  return false;
}

Status Router::AddFallback(std::string method, std::int64_t tag, Handler handler) {
  if (!IsHttpToken(method)) {
    return Status::InvalidArgument("method must be an HTTP token", "method");
  }
  if (!handler) return Status::InvalidArgument("a fallback needs a handler", "handler");
  for (const std::unique_ptr<Route>& fallback : fallbacks_) {
    if (fallback->method == method) {
      return Status::InvalidArgument("a fallback for " + method + " exists already", "method");
    }
  }
  auto route = std::make_unique<Route>();
  route->method = std::move(method);
  route->path_template = "*";
  route->tag = tag;
  route->handler = std::move(handler);
  fallbacks_.push_back(std::move(route));
  return Status::Ok();
}

RouteMatch Router::Match(std::string_view method, const std::vector<std::string>& segments) const {
  const Entry* best = nullptr;
  std::vector<std::string_view> allowed;
  for (const std::unique_ptr<Entry>& entry : entries_) {
    if (!MatchesSegments(*entry, segments)) continue;
    if (entry->route.method == method) {
      if (best == nullptr || MoreSpecific(*entry, *best)) best = entry.get();
    } else if (std::find(allowed.begin(), allowed.end(), entry->route.method) == allowed.end()) {
      allowed.emplace_back(entry->route.method);
    }
  }
  RouteMatch match;
  if (best != nullptr) {
    match.kind = RouteMatch::Kind::kFound;
    match.route = &best->route;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (best->segments[i].is_param) {
        match.path_params.emplace_back(best->segments[i].text, segments[i]);
      }
    }
  } else if (allowed.empty()) {
    for (const std::unique_ptr<Route>& fallback : fallbacks_) {
      if (fallback->method == method) {
        match.kind = RouteMatch::Kind::kFound;
        match.route = fallback.get();
      }
    }
  } else {
    match.kind = RouteMatch::Kind::kMethodNotAllowed;
    for (const std::string_view allowed_method : allowed) {
      if (!match.allow.empty()) match.allow += ", ";
      match.allow += allowed_method;
    }
  }
  return match;
}

}  // namespace prospekt::server
