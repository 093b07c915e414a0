#include "engine/app/serve.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <limits>
#include <memory>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "engine/app/cli_failure.h"
#include "engine/server/feed/feed_tcp_server.h"
#include "engine/server/http_server.h"
#include "engine/server/router.h"
#include "engine/server/routes/bank_service.h"
#include "engine/server/routes/routes.h"
#include "engine/store/log_folder.h"

namespace prospekt::app {
namespace {

using nlohmann::json;

int Fail(const Status& status) { return ReportFailure(status, "prospektd"); }

Status WrongType(const std::string& key, const char* expected) {
  return Status::InvalidArgument(key + " must be " + expected, key);
}

template <class Unsigned>
Status ReadUnsigned(const json& value, const std::string& key, Unsigned& out, Unsigned min = 0) {
  if (!value.is_number_unsigned() &&
      !(value.is_number_integer() && value.get<std::int64_t>() >= 0)) {
    return WrongType(key, "a whole number of at least 0");
  }
  const auto number = value.get<std::uint64_t>();
  if (number < min || number > std::numeric_limits<Unsigned>::max()) {
    return Status::InvalidArgument(key + " must be between " + std::to_string(min) + " and " +
                                       std::to_string(std::numeric_limits<Unsigned>::max()),
                                   key);
  }
  out = static_cast<Unsigned>(number);
  return Status::Ok();
}

Status ReadString(const json& value, const std::string& key, std::string& out) {
  if (!value.is_string()) return WrongType(key, "a string");
  out = value.get<std::string>();
  return Status::Ok();
}

Status ApplyConfigKey(const std::string& key, const json& value, ServeConfig& config) {
  if (key == "data") return ReadString(value, key, config.data);
  if (key == "address") return ReadString(value, key, config.address);
  if (key == "port") return ReadUnsigned(value, key, config.port);
  if (key == "threads") return ReadUnsigned<std::size_t>(value, key, config.threads, 1);
  if (key == "web") return ReadString(value, key, config.web);
  if (key == "feed_port") return ReadUnsigned(value, key, config.feed_port);
  if (key == "feed_address") return ReadString(value, key, config.feed_address);
  if (key == "max_connections") {
    return ReadUnsigned<std::size_t>(value, key, config.max_connections, 1);
  }
  if (key == "max_header_bytes") {
    return ReadUnsigned<std::uint32_t>(value, key, config.max_header_bytes, 1024);
  }
  if (key == "max_body_bytes") {
    return ReadUnsigned<std::uint64_t>(value, key, config.max_body_bytes, 1024);
  }
  if (key == "read_timeout_ms") {
    return ReadUnsigned<std::uint64_t>(value, key, config.read_timeout_ms, 1);
  }
  if (key == "idle_timeout_ms") {
    return ReadUnsigned<std::uint64_t>(value, key, config.idle_timeout_ms, 1);
  }
  if (key == "drain_timeout_ms") {
    return ReadUnsigned<std::uint64_t>(value, key, config.drain_timeout_ms, 1);
  }
  if (key == "max_export_events") {
    return ReadUnsigned<std::uint64_t>(value, key, config.max_export_events, 1);
  }
  if (key == "blocking_threads") {
    return ReadUnsigned<std::size_t>(value, key, config.blocking_threads, 1);
  }
  if (key == "reply_threads") return ReadUnsigned<std::size_t>(value, key, config.reply_threads, 1);
  if (key == "sync") {
    if (!value.is_boolean()) return WrongType(key, "true or false");
    config.sync = value.get<bool>();
    return Status::Ok();
  }
  if (key == "log_level") return ReadString(value, key, config.log_level);
  if (key == "tls") {
    if (!value.is_object()) return WrongType(key, "an object");
    for (const auto& [name, member] : value.items()) {
      const std::string field = "tls." + name;
      if (name == "certificate_chain") {
        PROSPEKT_RETURN_IF_ERROR(ReadString(member, field, config.tls_certificate_chain));
      } else if (name == "private_key") {
        PROSPEKT_RETURN_IF_ERROR(ReadString(member, field, config.tls_private_key));
      } else {
        return Status::InvalidArgument(
            "unknown key " + field + " (tls takes certificate_chain and private_key)", field);
      }
    }
    return Status::Ok();
  }
  return Status::InvalidArgument("unknown configuration key " + key, key);
}

// SIGTERM and SIGINT while serving: the handler (on whichever thread the kernel picks)
// writes the signal's number into a pipe, the only async-signal-safe way to wake the
// serving thread, which waits on the pipe's other end.
class StopSignals {
 public:
  static Result<std::unique_ptr<StopSignals>> Install() {
    std::unique_ptr<StopSignals> signals(new StopSignals());
    if (pipe2(pipe_fds_, O_CLOEXEC) != 0)
      return Status::IOError("cannot create a pipe for signals");
    struct sigaction action {};
    action.sa_handler = &StopSignals::OnSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, &signals->previous_term_);
    sigaction(SIGINT, &action, &signals->previous_int_);
    return signals;
  }
  ~StopSignals() {
    sigaction(SIGTERM, &previous_term_, nullptr);
    sigaction(SIGINT, &previous_int_, nullptr);
    close(pipe_fds_[0]);
    close(pipe_fds_[1]);
    pipe_fds_[0] = pipe_fds_[1] = -1;
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until a stop signal came; its number.
  int Wait() {
    unsigned char number = 0;
    while (read(pipe_fds_[0], &number, 1) != 1) {
      if (errno != EINTR) return SIGTERM;  // the pipe broke: stop as if asked to
    }
    return number;
  }

 private:
  StopSignals() = default;
  static void OnSignal(int number) {
    const int saved_errno = errno;
    const auto byte = static_cast<unsigned char>(number);
    [[maybe_unused]] const ssize_t written = write(pipe_fds_[1], &byte, 1);
    errno = saved_errno;
  }

  // Static: a signal handler has no object. One server per process serves at a time.
  static inline int pipe_fds_[2] = {-1, -1};
  struct sigaction previous_term_ {};
  struct sigaction previous_int_ {};
};

std::chrono::milliseconds Millis(std::uint64_t ms) {
  return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms));
}

}  // namespace

Status LoadServeConfig(const std::string& path, ServeConfig& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read the configuration file " + path);
  const json document = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return Status::InvalidArgument(path + " is not a JSON document", "config");
  }
  if (!document.is_object()) {
    return Status::InvalidArgument(path + " must hold a JSON object", "config");
  }
  ServeConfig read = config;
  for (const auto& [key, value] : document.items()) {
    PROSPEKT_RETURN_IF_ERROR(ApplyConfigKey(key, value, read));
  }
  config = std::move(read);  // all or nothing
  return Status::Ok();
}

Status ValidateServeConfig(const ServeConfig& config) {
  if (config.data.empty()) return Status::InvalidArgument("data must name a folder", "data");
  if (config.threads == 0) return Status::InvalidArgument("threads must be at least 1", "threads");
  if (config.tls_certificate_chain.empty() != config.tls_private_key.empty()) {
    return Status::InvalidArgument(
        "TLS needs both a certificate chain and a private key file",
        config.tls_private_key.empty() ? "tls.private_key" : "tls.certificate_chain");
  }
  if (spdlog::level::from_str(config.log_level) == spdlog::level::off &&
      config.log_level != "off") {
    return Status::InvalidArgument(
        "log_level must be one of trace, debug, info, warn, error, critical, off", "log_level");
  }
  return Status::Ok();
}

void AddServeFlags(CLI::App& command, ServeFlags& flags) {
  ServeConfig& c = flags.flags;
  flags.command = &command;
  command.add_option("--config", flags.config_path,
                     "JSON file of these settings by name (flags given win over it)");
  command.add_option("--data", c.data, "folder of the event log (RocksDB)")->capture_default_str();
  command.add_option("--address", c.address, "address to listen on")->capture_default_str();
  command.add_option("--port", c.port, "port to listen on (0: any free port)")
      ->capture_default_str();
  command.add_option("--threads", c.threads, "HTTP worker threads")->capture_default_str();
  command.add_option("--web", c.web, "folder of the built web UI (web/dist)");
  command.add_option("--tls-cert", c.tls_certificate_chain, "PEM certificate chain (TLS)");
  command.add_option("--tls-key", c.tls_private_key, "PEM private key (TLS)");
  command.add_option("--feed-port", c.feed_port, "port of the binary TCP feed (0: none)")
      ->capture_default_str();
  command.add_option("--feed-address", c.feed_address, "address of the binary TCP feed")
      ->capture_default_str();
  command.add_option("--max-body-bytes", c.max_body_bytes, "largest request body")
      ->capture_default_str();
  command.add_option("--max-header-bytes", c.max_header_bytes, "largest request header")
      ->capture_default_str();
  command.add_option("--read-timeout-ms", c.read_timeout_ms, "time to read one request")
      ->capture_default_str();
  command.add_option("--idle-timeout-ms", c.idle_timeout_ms, "keep-alive idle time")
      ->capture_default_str();
  command.add_option("--max-export-events", c.max_export_events, "most events per GET /api/export")
      ->capture_default_str();
  command.add_option("--log-level", c.log_level, "trace, debug, info, warn, error, off")
      ->capture_default_str();
}

Result<ServeConfig> ResolveServeConfig(const ServeFlags& flags) {
  ServeConfig config;
  if (!flags.config_path.empty())
    PROSPEKT_RETURN_IF_ERROR(LoadServeConfig(flags.config_path, config));
  // A flag given on the command line wins over the file.
  const ServeConfig& given = flags.flags;
  auto take = [&flags](const char* flag, auto& to, const auto& from) {
    if (flags.command != nullptr && flags.command->count(flag) != 0) to = from;
  };
  if (flags.config_path.empty()) {
    config = given;
  } else {
    take("--data", config.data, given.data);
    take("--address", config.address, given.address);
    take("--port", config.port, given.port);
    take("--threads", config.threads, given.threads);
    take("--web", config.web, given.web);
    take("--tls-cert", config.tls_certificate_chain, given.tls_certificate_chain);
    take("--tls-key", config.tls_private_key, given.tls_private_key);
    take("--feed-port", config.feed_port, given.feed_port);
    take("--feed-address", config.feed_address, given.feed_address);
    take("--max-body-bytes", config.max_body_bytes, given.max_body_bytes);
    take("--max-header-bytes", config.max_header_bytes, given.max_header_bytes);
    take("--read-timeout-ms", config.read_timeout_ms, given.read_timeout_ms);
    take("--idle-timeout-ms", config.idle_timeout_ms, given.idle_timeout_ms);
    take("--max-export-events", config.max_export_events, given.max_export_events);
    take("--log-level", config.log_level, given.log_level);
  }
  PROSPEKT_RETURN_IF_ERROR(ValidateServeConfig(config));
  return config;
}

int RunServe(const ServeConfig& config, const std::function<void(const ServeInfo&)>& ready) {
  if (Status valid = ValidateServeConfig(config); !valid.ok()) return Fail(valid);
  if (Status folder = store::CheckLogFolderToWrite(config.data); !folder.ok()) return Fail(folder);
  Result<std::unique_ptr<StopSignals>> stop_signals = StopSignals::Install();
  if (!stop_signals.ok()) return Fail(stop_signals.status());
  // Logs go to stderr: stdout belongs to what the caller prints (the demo's URL and logins).
  if (spdlog::get("prospektd") == nullptr) {
    spdlog::set_default_logger(spdlog::stderr_color_mt("prospektd"));
  }
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  std::unique_ptr<server::WebFiles> web;
  if (!config.web.empty()) {
    Result<std::unique_ptr<server::WebFiles>> loaded = server::LoadWebFiles(config.web);
    if (!loaded.ok()) return Fail(loaded.status());
    web = std::move(loaded).value();
  }

  server::BankServiceOptions bank_options;
  bank_options.data = config.data;
  bank_options.sync = config.sync;
  bank_options.blocking_threads = config.blocking_threads;
  bank_options.reply_threads = config.reply_threads;
  spdlog::info("opening {} (the projections catch up first)", config.data);
  Result<std::unique_ptr<server::BankService>> opened = server::BankService::Open(bank_options);
  if (!opened.ok()) return Fail(opened.status());
  server::BankService& bank = **opened;

  server::Router router;
  server::RouteOptions route_options;
  route_options.web_root = config.web;
  route_options.max_export_events = config.max_export_events;
  if (Status added = server::AddBankRoutes(router, bank, route_options, web.get()); !added.ok()) {
    return Fail(added);
  }

  server::HttpServerOptions http;
  http.address = config.address;
  http.port = config.port;
  http.threads = config.threads;
  http.max_connections = config.max_connections;
  http.max_header_bytes = config.max_header_bytes;
  http.max_body_bytes = config.max_body_bytes;
  http.read_timeout = Millis(config.read_timeout_ms);
  http.idle_timeout = Millis(config.idle_timeout_ms);
  http.drain_timeout = Millis(config.drain_timeout_ms);
  if (!config.tls_certificate_chain.empty()) {
    http.tls = server::TlsOptions{config.tls_certificate_chain, config.tls_private_key};
  }
  Result<std::unique_ptr<server::HttpServer>> started =
      server::HttpServer::Start(std::move(http), router, bank.metrics());
  if (!started.ok()) return Fail(started.status());
  server::HttpServer& http_server = **started;

  std::unique_ptr<feed::FeedTcpServer> feed_server;
  if (config.feed_port != 0) {
    feed::FeedTcpOptions feed_options;
    feed_options.address = config.feed_address;
    feed_options.port = config.feed_port;
    feed_options.authenticate = [&bank](std::string_view token) {
      return server::AuthorizeFeedToken(bank, token);
    };
    Result<std::unique_ptr<feed::FeedTcpServer>> feed_started =
        feed::FeedTcpServer::Start(bank.feed(), std::move(feed_options));
    if (!feed_started.ok()) {
      http_server.Stop();
      return Fail(feed_started.status());
    }
    feed_server = std::move(feed_started).value();
  }

  ServeInfo info;
  const bool brackets = config.address.find(':') != std::string::npos;  // IPv6
  info.url = std::string(config.tls_certificate_chain.empty() ? "http://" : "https://") +
             (brackets ? "[" + config.address + "]" : config.address) + ":" +
             std::to_string(http_server.port());
  info.feed_port = feed_server ? feed_server->port() : 0;
  info.head_seq = bank.log().Head().last_seq;
  spdlog::info("serving {} (log at seq {}) on {}{}", config.data, info.head_seq, info.url,
               feed_server ? ", binary feed on port " + std::to_string(info.feed_port) : "");
  if (ready) ready(info);

  const int signal_number = (*stop_signals)->Wait();
  spdlog::info("{}: shutting down", signal_number == SIGTERM ? "SIGTERM" : "SIGINT");

  // The order of the header comment: feeds first (their sessions live on the HTTP
  // server's threads), then the HTTP server drains, then the bank closes.
  if (feed_server) feed_server->Stop();
  bank.StopFeeds();
  http_server.Stop();
  const std::uint64_t last_seq = bank.log().Head().last_seq;
  if (Status closed = bank.Close(); !closed.ok()) return Fail(closed);
  spdlog::info("stopped cleanly at seq {}", last_seq);
  return 0;
}

}  // namespace prospekt::app
