#include "engine/server/internal/server_core.h"

#include <spdlog/logger.h>

#include <string>

#include "engine/server/internal/request_adapter.h"

namespace prospekt::server::internal {

ServerCore::ServerCore(const HttpServerOptions& options, const Router& router,
                       ServerMetrics metrics, std::shared_ptr<spdlog::logger> logger,
                       boost::asio::ssl::context* tls)
    : options_(options),
      router_(router),
      metrics_(metrics),
      logger_(std::move(logger)),
      tls_(tls) {}

bool ServerCore::Register(const std::shared_ptr<SessionBase>& session) {
  std::size_t open = 0;
  {
    std::lock_guard lock(mu_);
    if (stopping_.load(std::memory_order_relaxed)) return false;
    session->id_ = next_id_++;
    sessions_.emplace(session->id_, session);
    open = sessions_.size();
  }
  metrics_.connections_accepted->Increment();
  metrics_.connections_open->Set(static_cast<double>(open));
  return true;
}

void ServerCore::Unregister(std::uint64_t id) {
  std::shared_ptr<SessionBase> released;  // destroyed outside the lock
  std::size_t open = 0;
  bool freed = false;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return;
    freed = sessions_.size() == options_.max_connections;
    released = std::move(it->second);
    sessions_.erase(it);
    open = sessions_.size();
    if (open == 0) drained_.notify_all();
  }
  metrics_.connections_open->Set(static_cast<double>(open));
  if (freed && on_capacity_freed_ && !stopping()) on_capacity_freed_();
}

std::size_t ServerCore::open_connections() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

std::vector<std::shared_ptr<SessionBase>> ServerCore::BeginStopping() {
  std::lock_guard lock(mu_);
  stopping_.store(true, std::memory_order_release);
  std::vector<std::shared_ptr<SessionBase>> sessions;
  sessions.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) sessions.push_back(session);
  return sessions;
}

std::vector<std::shared_ptr<SessionBase>> ServerCore::Sessions() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<SessionBase>> sessions;
  sessions.reserve(sessions_.size());
  for (const auto& [id, session] : sessions_) sessions.push_back(session);
  return sessions;
}

bool ServerCore::WaitForNoSessions(std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock lock(mu_);
  return drained_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

void ServerCore::CloseGateAndDropSessions() {
  {
    std::unique_lock gate_lock(gate_->mu);
    gate_->open = false;
  }
  std::unordered_map<std::uint64_t, std::shared_ptr<SessionBase>> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(sessions_);
  }
  metrics_.connections_open->Set(0);
}

void ServerCore::RecordRequest(const AccessLogEntry& entry) {
  const std::string status = entry.status == 0 ? "stream" : std::to_string(entry.status);
  const std::string_view method = MethodLabel(entry.method);
  metrics_.requests->WithLabels({method, entry.route, status}).Increment();
  metrics_.latency->WithLabels({method, entry.route, status})
      .Observe(static_cast<double>(entry.latency_us) / 1e6);
  if (logger_->should_log(options_.access_log_level)) {
    logger_->log(options_.access_log_level, FormatAccessLogLine(entry));
  }
}

void ServerCore::RecordClose(std::string_view reason) {
  metrics_.connections_closed->WithLabels({reason}).Increment();
}

}  // namespace prospekt::server::internal
