// What the listener (http_server.cc) and the sessions (session.cc) share: options,
// router, TLS context, metrics, the access log, and the registry of open connections
// that Stop drains.
//
// Ownership: HttpServer::Impl owns the core; it outlives every session (they hold a
// reference) and the io_context their handlers live in. The registry holds a strong
// reference to every open session until it closes, so a session waiting for its
// handler's answer stays alive without the handler holding it.
//
// Threads: every member is safe from any thread (the registry under mu_, counters
// atomic).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/server/http_server.h"
#include "engine/server/metrics.h"
#include "engine/server/request_log.h"
#include "engine/server/router.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace prospekt::server::internal {

// One open connection, as the registry and Stop see it. Its members post to the
// connection's strand and return at once; any thread.
class SessionBase : public std::enable_shared_from_this<SessionBase> {
 public:
  virtual ~SessionBase() = default;
  // Stop began: close now if idle, else close after the response being prepared.
  virtual void OnServerStopping() = 0;
  // The drain timeout passed: close now, unanswered or not.
  virtual void ForceClose() = 0;
  // The answer to the exchange numbered `exchange` (dropped if that exchange is over).
  virtual void Deliver(std::uint64_t exchange, Response response) = 0;

  std::uint64_t id() const { return id_; }

 private:
  friend class ServerCore;
  std::uint64_t id_ = 0;  // set once by ServerCore::Register
};

// Lets Respond calls from other threads reach a session only while the io_context runs.
// Respond holds it shared; the server closes it (exclusively) after its threads ended.
struct ResponseGate {
  std::shared_mutex mu;
  bool open = true;  // Guarded by mu.
};

struct ServerMetrics {
  CounterFamily* requests = nullptr;
  HistogramFamily* latency = nullptr;
  Gauge* in_flight = nullptr;
  Gauge* connections_open = nullptr;
  Counter* connections_accepted = nullptr;
  CounterFamily* connections_closed = nullptr;
};

class ServerCore {
 public:
  // `tls` is null for plain HTTP. Everything referenced must outlive the core.
  ServerCore(const HttpServerOptions& options, const Router& router, ServerMetrics metrics,
             std::shared_ptr<spdlog::logger> logger, boost::asio::ssl::context* tls);

  const HttpServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  boost::asio::ssl::context* tls() const { return tls_; }
  spdlog::logger& logger() const { return *logger_; }
  const std::shared_ptr<ResponseGate>& gate() const { return gate_; }

  // Adds an accepted connection; false (the caller drops it) once stopping began.
  bool Register(const std::shared_ptr<SessionBase>& session);
  // Removes a closed (or taken over) connection; no-op for an unknown id.
  void Unregister(std::uint64_t id);
  std::size_t open_connections() const;
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  // Called after Unregister brings the count from max_connections below it (the
  // listener resumes accepting). Set before the first connection.
  void SetOnCapacityFreed(std::function<void()> callback) {
    on_capacity_freed_ = std::move(callback);
  }

  // Marks the server stopping (Register refuses from now on) and returns the open
  // connections.
  std::vector<std::shared_ptr<SessionBase>> BeginStopping();
  std::vector<std::shared_ptr<SessionBase>> Sessions() const;
  // Waits until no connection is open or `deadline` passes; true when none is.
  bool WaitForNoSessions(std::chrono::steady_clock::time_point deadline) const;
  // After the worker threads ended: later Respond calls do nothing, and the sessions
  // still registered are released (while their io_context still exists).
  void CloseGateAndDropSessions();

  // Counts an answered request and writes its access log line.
  void RecordRequest(const AccessLogEntry& entry);
  void RecordClose(std::string_view reason);
  void AddInFlight(double delta) { metrics_.in_flight->Add(delta); }

 private:
  const HttpServerOptions& options_;
  const Router& router_;
  const ServerMetrics metrics_;
  const std::shared_ptr<spdlog::logger> logger_;
  boost::asio::ssl::context* const tls_;
  const std::shared_ptr<ResponseGate> gate_ = std::make_shared<ResponseGate>();
  std::function<void()> on_capacity_freed_;

  mutable std::mutex mu_;
  mutable std::condition_variable drained_;
  std::unordered_map<std::uint64_t, std::shared_ptr<SessionBase>> sessions_;  // Guarded by mu_.
  std::uint64_t next_id_ = 1;                                                 // Guarded by mu_.
  std::atomic<bool> stopping_{false};  // written under mu_, so Register sees it in order
};

}  // namespace prospekt::server::internal
