#include "engine/server/http_server.h"

#include <openssl/ssl.h>
#include <spdlog/logger.h>
#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "engine/server/internal/server_core.h"
#include "engine/server/internal/session.h"

namespace prospekt::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// After a failed accept (e.g. out of file descriptors) the listener waits this long
// before trying again, instead of spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
// After the drain timeout, how long Stop waits for the forced closes to run.
constexpr std::chrono::milliseconds kForcedCloseWait{1000};

Status CheckOptions(const HttpServerOptions& options) {
  if (options.threads == 0) return Status::InvalidArgument("at least one thread", "threads");
  if (options.max_connections == 0) {
    return Status::InvalidArgument("at least one connection", "max_connections");
  }
  if (options.max_header_bytes == 0) {
    return Status::InvalidArgument("the header limit must be positive", "max_header_bytes");
  }
  const std::pair<std::chrono::milliseconds, const char*> timeouts[] = {
      {options.read_timeout, "read_timeout"},
      {options.idle_timeout, "idle_timeout"},
      {options.write_timeout, "write_timeout"},
      {options.drain_timeout, "drain_timeout"}};
  for (const auto& [timeout, field] : timeouts) {
    if (timeout.count() <= 0) return Status::InvalidArgument("timeouts must be positive", field);
  }
  return Status::Ok();
}

Result<std::unique_ptr<net::ssl::context>> LoadTls(const TlsOptions& tls) {
  auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  boost::system::error_code ec;
  context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                           net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                           net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                       ec);
  if (ec) return Status::InvalidArgument("cannot set the TLS options: " + ec.message(), "tls");
  context->use_certificate_chain_file(tls.certificate_chain_file.string(), ec);
  if (ec) {
    return Status::InvalidArgument("cannot load the TLS certificate chain from " +
                                       tls.certificate_chain_file.string() + ": " + ec.message(),
                                   "tls.certificate_chain_file");
  }
  context->use_private_key_file(tls.private_key_file.string(), net::ssl::context::pem, ec);
  if (ec) {
    return Status::InvalidArgument("cannot load the TLS private key from " +
                                       tls.private_key_file.string() + ": " + ec.message(),
                                   "tls.private_key_file");
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return Status::InvalidArgument("the TLS private key does not match the certificate",
                                   "tls.private_key_file");
  }
  return context;
}

Result<internal::ServerMetrics> RegisterMetrics(MetricsRegistry& registry) {
  internal::ServerMetrics metrics;
  const std::vector<std::string> request_labels = {"method", "route", "status"};
  Result<CounterFamily*> requests = registry.AddCounter(
      "prospekt_http_requests_total",
      "HTTP requests answered, by method, route template and status.", request_labels);
  if (!requests.ok()) return requests.status();
  Result<HistogramFamily*> latency =
      registry.AddHistogram("prospekt_http_request_duration_seconds",
                            "From a request's first byte read to its response's last byte written.",
                            LatencyBucketsSeconds(), request_labels);
  if (!latency.ok()) return latency.status();
  Result<GaugeFamily*> in_flight = registry.AddGauge(
      "prospekt_http_requests_in_flight", "Requests dispatched to a handler and not answered yet.");
  if (!in_flight.ok()) return in_flight.status();
  Result<GaugeFamily*> open =
      registry.AddGauge("prospekt_http_connections_open", "HTTP connections open now.");
  if (!open.ok()) return open.status();
  Result<CounterFamily*> accepted =
      registry.AddCounter("prospekt_http_connections_accepted_total", "HTTP connections accepted.");
  if (!accepted.ok()) return accepted.status();
  Result<CounterFamily*> closed = registry.AddCounter(
      "prospekt_http_connections_closed_total", "HTTP connections closed, by reason.", {"reason"});
  if (!closed.ok()) return closed.status();
  metrics.requests = *requests;
  metrics.latency = *latency;
  metrics.in_flight = &(*in_flight)->WithLabels({});
  metrics.connections_open = &(*open)->WithLabels({});
  metrics.connections_accepted = &(*accepted)->WithLabels({});
  metrics.connections_closed = *closed;
  return metrics;
}

}  // namespace

// Members are destroyed in reverse order: the threads have ended (Stop), then the
// listener, then the io_context with whatever handlers it still holds, and only then
// the core and the TLS context that those handlers' sessions refer to.
struct HttpServer::Impl {
  Impl(HttpServerOptions server_options, const Router& server_router)
      : options(std::move(server_options)),
        router(server_router),
        logger(options.logger ? options.logger : spdlog::default_logger()),
        io(static_cast<int>(options.threads)),
        accept_strand(net::make_strand(io)),
        acceptor(accept_strand),
        retry_timer(accept_strand) {}

  // On accept_strand.
  void Accept() {
    if (core->stopping()) return;
    if (core->open_connections() >= options.max_connections) {
      accept_paused = true;  // resumed by ServerCore's capacity callback
      return;
    }
    acceptor.async_accept(
        net::make_strand(io), [this](boost::system::error_code ec, tcp::socket socket) {
          if (ec == net::error::operation_aborted || core->stopping()) return;
          if (ec) {
            logger->warn("accepting a connection failed: {}; retrying", ec.message());
            retry_timer.expires_after(kAcceptRetryDelay);
            retry_timer.async_wait([this](boost::system::error_code wait_ec) {
              if (!wait_ec) Accept();
            });
            return;
          }
          internal::StartSession(*core, std::move(socket));
          Accept();
        });
  }

  void RunWorker() {
    for (;;) {
      try {
        io.run();
        return;
      } catch (const std::exception& e) {
        logger->error("a worker thread caught an exception and goes on: {}", e.what());
      }
    }
  }

  HttpServerOptions options;
  const Router& router;
  std::shared_ptr<spdlog::logger> logger;
  std::unique_ptr<net::ssl::context> tls;
  std::unique_ptr<internal::ServerCore> core;
  net::io_context io;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  net::strand<net::io_context::executor_type> accept_strand;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
  bool accept_paused = false;  // on accept_strand
  std::vector<std::thread> threads;
  std::uint16_t port = 0;

  std::mutex stop_mu;    // serialises Stop
  bool stopped = false;  // Guarded by stop_mu.
};

Result<std::unique_ptr<HttpServer>> HttpServer::Start(HttpServerOptions options,
                                                      const Router& router,
                                                      MetricsRegistry& metrics) {
  PROSPEKT_RETURN_IF_ERROR(CheckOptions(options));
  boost::system::error_code ec;
  const net::ip::address address = net::ip::make_address(options.address, ec);
  if (ec) {
    return Status::InvalidArgument("'" + options.address + "' is not an IP address", "address");
  }
  auto impl = std::make_unique<Impl>(std::move(options), router);
  if (impl->options.tls) {
    Result<std::unique_ptr<net::ssl::context>> tls = LoadTls(*impl->options.tls);
    if (!tls.ok()) return tls.status();
    impl->tls = std::move(*tls);
  }
  Result<internal::ServerMetrics> server_metrics = RegisterMetrics(metrics);
  if (!server_metrics.ok()) return server_metrics.status();

  const tcp::endpoint endpoint(address, impl->options.port);
  const std::string where = impl->options.address + ":" + std::to_string(impl->options.port);
  tcp::acceptor& acceptor = impl->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return Status::IOError("cannot open a socket to listen on " + where + ": " + ec.message());
  }
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec) {
    return Status::IOError("cannot set SO_REUSEADDR on " + where + ": " + ec.message());
  }
  if (acceptor.bind(endpoint, ec); ec) {
    return Status::IOError("cannot listen on " + where + ": " + ec.message());
  }
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec) {
    return Status::IOError("cannot listen on " + where + ": " + ec.message());
  }
  impl->port = acceptor.local_endpoint(ec).port();
  if (ec) return Status::IOError("cannot read the bound port of " + where + ": " + ec.message());

  impl->core = std::make_unique<internal::ServerCore>(impl->options, impl->router, *server_metrics,
                                                      impl->logger, impl->tls.get());
  Impl* raw = impl.get();
  impl->core->SetOnCapacityFreed([raw] {
    net::post(raw->accept_strand, [raw] {
      if (raw->accept_paused) {
        raw->accept_paused = false;
        raw->Accept();
      }
    });
  });
  impl->work.emplace(impl->io.get_executor());
  net::post(impl->accept_strand, [raw] { raw->Accept(); });
  for (std::size_t i = 0; i < impl->options.threads; ++i) {
    impl->threads.emplace_back([raw] { raw->RunWorker(); });
  }
  impl->logger->info("http listening on {}:{} (tls {}, {} threads)", impl->options.address,
                     impl->port, impl->tls ? "on" : "off", impl->options.threads);
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

std::uint16_t HttpServer::port() const { return impl_->port; }

std::size_t HttpServer::open_connections() const { return impl_->core->open_connections(); }

bool HttpServer::stopping() const { return impl_->core->stopping(); }

void HttpServer::Stop() {
  Impl& impl = *impl_;
  std::lock_guard stop_lock(impl.stop_mu);
  if (impl.stopped) return;
  impl.stopped = true;

  const std::vector<std::shared_ptr<internal::SessionBase>> open = impl.core->BeginStopping();
  net::post(impl.accept_strand, [raw = &impl] {
    boost::system::error_code ignored;
    raw->acceptor.close(ignored);
    raw->retry_timer.cancel();
  });
  impl.logger->info("http stopping: {} connections open, draining for up to {} ms", open.size(),
                    impl.options.drain_timeout.count());
  for (const std::shared_ptr<internal::SessionBase>& session : open) session->OnServerStopping();

  const auto now = std::chrono::steady_clock::now();
  if (!impl.core->WaitForNoSessions(now + impl.options.drain_timeout)) {
    const std::vector<std::shared_ptr<internal::SessionBase>> left = impl.core->Sessions();
    impl.logger->warn("http drain timeout: closing {} connections still open", left.size());
    for (const std::shared_ptr<internal::SessionBase>& session : left) session->ForceClose();
    if (!impl.core->WaitForNoSessions(std::chrono::steady_clock::now() + kForcedCloseWait)) {
      impl.logger->warn(
          "http: connections still open after the forced close; a handler blocks "
          "a worker thread");
    }
  }
  impl.work.reset();
  impl.io.stop();
  for (std::thread& thread : impl.threads) thread.join();
  impl.threads.clear();
  // The posted close may not have run when nothing had to drain; no thread runs now.
  boost::system::error_code ignored;
  impl.acceptor.close(ignored);
  impl.core->CloseGateAndDropSessions();
  impl.logger->info("http stopped");
}

}  // namespace prospekt::server
