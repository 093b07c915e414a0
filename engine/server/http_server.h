// HttpServer: Prospekt's HTTP/1.1 server (Boost.Beast on Asio), serving one Router.
//
// One listening socket, `threads` worker threads running one io_context; each
// connection lives on its own strand, so a connection's handlers never run at once.
// Keep-alive; requests on one connection are answered in order, one at a time (the next
// one is read once the previous response is written). The parser enforces the limits:
// a header beyond max_header_bytes is answered 431, a body beyond max_body_bytes 413
// (both close the connection), a malformed request 400 (and close).
//
// Timeouts (each closes the connection without a response; Beast's stream closes the
// socket when its deadline passes): read_timeout runs from a request's first byte until
// it is read whole (slow clients), idle_timeout while a keep-alive connection waits for
// its next request, write_timeout while one response is written. At max_connections
// open connections the server stops accepting (new clients wait in the listen backlog)
// until one closes.
//
// Stop(): stop accepting; close idle keep-alive connections; a request being read is
// answered 503 "shutting down"; requests already dispatched finish, also when their
// handler answers later from another thread, and their responses carry
// `Connection: close`; then the worker threads end and Stop returns. drain_timeout bounds
// the wait: connections still open then are closed without a response, and a later
// Respond call is a no-op. Connections taken over by a stream route are not the
// server's any more: their owner must close them before Stop (the feed closes its
// consumers first), or they are cut when the worker threads end, and must release them
// before the server is destroyed.
//
// TLS (optional): the same sessions over boost::asio::ssl with the certificate chain and
// private key files of `tls`; a stream route then takes over the TLS stream.
//
// Each answered request adds one access log line (request_log.h) at access_log_level
// and is counted in the metrics registry:
//   prospekt_http_requests_total{method,route,status}           counter
//   prospekt_http_request_duration_seconds{method,route,status} histogram (first byte
//                                                                 read to last byte written)
//   prospekt_http_requests_in_flight                            gauge (dispatched, unanswered)
//   prospekt_http_connections_open                              gauge
//   prospekt_http_connections_accepted_total                    counter
//   prospekt_http_connections_closed_total{reason}              counter
// `route` is the matched template, "-" when none matched; `method` is "OTHER" for a
// method HTTP does not define, so that clients cannot grow the label sets.
//
// Ownership and threads: the Router and the MetricsRegistry must outlive the server.
// Start, Stop and the destructor are for the owning thread; never call Stop from a
// handler (it waits for the worker threads). port() and open_connections() are safe
// from any thread.
#pragma once

#include <spdlog/common.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/server/metrics.h"
#include "engine/server/router.h"
#include "events/status.h"

namespace spdlog {
class logger;
}  // namespace spdlog

namespace prospekt::server {

struct TlsOptions {
  std::filesystem::path
      certificate_chain_file;              // PEM: the server's certificate, then intermediates
  std::filesystem::path private_key_file;  // PEM, unencrypted
};

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // an IPv4 or IPv6 address to listen on
  std::uint16_t port = 0;             // 0: any free port (see HttpServer::port())
  std::size_t threads = 2;            // worker threads
  std::size_t max_connections = 4096;
  std::uint32_t max_header_bytes = 16 * 1024;  // request line and header fields
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds drain_timeout{10'000};
  std::optional<TlsOptions> tls;
  std::string server_header = "prospektd";  // the Server field of every response
  // Answers of a compressible type (compression.h) at least this long (and at most
  // kMaxOnTheFlyGzipBytes) are gzipped when the request's Accept-Encoding accepts gzip,
  // unless the handler set Content-Encoding itself; 0: the server never compresses (a
  // handler still may: the bank's cached live answers are sent gzipped from 1 KiB on,
  // whatever this says). Compressible answers carry "Vary: Accept-Encoding".
  std::size_t compress_min_bytes = 1024;
  // The access log and the server's own messages; null: spdlog's default logger.
  std::shared_ptr<spdlog::logger> logger;
  spdlog::level::level_enum access_log_level = spdlog::level::info;
};

class HttpServer {
 public:
  // Listens and starts the worker threads. InvalidArgument for bad options (field
  // named: "address", "threads", "max_connections", "max_header_bytes", a timeout, or
  // "tls.certificate_chain_file" / "tls.private_key_file" when a file cannot be loaded
  // or the key does not match the certificate); IOError when the address cannot be
  // bound (in use, not local); InvalidArgument from the registry if the metric names
  // above are already registered differently.
  static Result<std::unique_ptr<HttpServer>> Start(HttpServerOptions options, const Router& router,
                                                   MetricsRegistry& metrics);
  // Stops (see Stop) if not stopped yet.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the chosen one when the options asked for 0).
  std::uint16_t port() const;
  // Connections the server serves now (not counting those taken over by stream routes).
  std::size_t open_connections() const;
  // True from the moment Stop began.
  bool stopping() const;

  // Graceful shutdown as described above; returns once the worker threads ended.
  // Idempotent; a second caller waits for the first to finish.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace prospekt::server
