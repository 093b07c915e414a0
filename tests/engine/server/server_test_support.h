// What the HTTP server tests share: quick options, a log sink that keeps the lines, and
// a server started on 127.0.0.1 with a random port.
#pragma once

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/server/http_server.h"
#include "engine/server/metrics.h"
#include "engine/server/router.h"

namespace prospekt::server::testing {

// Keeps every formatted line (read them once the server has stopped).
class CapturingSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> Lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    lines_.emplace_back(message.payload.data(), message.payload.size());
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines_;  // Guarded by mutex_.
};

// Short timeouts and small limits so that the tests run in milliseconds.
inline HttpServerOptions QuickOptions(std::shared_ptr<spdlog::logger> logger) {
  HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.max_header_bytes = 4096;
  options.max_body_bytes = 1024;
  options.read_timeout = std::chrono::milliseconds(200);
  options.idle_timeout = std::chrono::seconds(5);
  options.write_timeout = std::chrono::seconds(5);
  options.drain_timeout = std::chrono::seconds(5);
  options.logger = std::move(logger);
  return options;
}

// A router, a registry, a capturing logger and (after Start) a running server.
struct ServerHarness {
  ServerHarness()
      : sink(std::make_shared<CapturingSink>()),
        logger(std::make_shared<spdlog::logger>("http-test", sink)),
        options(QuickOptions(logger)) {
    logger->set_level(spdlog::level::trace);
  }

  void Start() {
    Result<std::unique_ptr<HttpServer>> started = HttpServer::Start(options, router, metrics);
    REQUIRE(started.ok());
    server = std::move(*started);
  }
  std::uint16_t port() const { return server->port(); }

  std::shared_ptr<CapturingSink> sink;
  std::shared_ptr<spdlog::logger> logger;
  HttpServerOptions options;
  Router router;
  MetricsRegistry metrics;
  std::unique_ptr<HttpServer> server;  // last: stopped and destroyed first
};

}  // namespace prospekt::server::testing
