// Serving a bank: what `prospektd` and `prospekt serve` (and `prospekt demo`) run. The
// configuration (a JSON file, then command-line flags over it), and RunServe: open the
// BankService, start the HTTP server (and the binary TCP feed when asked), wait for
// SIGTERM or SIGINT, then shut down in order:
//
//   1. stop the binary feed and end every feed consumer ("server shutting down"),
//   2. stop the HTTP server: no new connections; requests already dispatched finish and
//      are answered (a command handed to the Executor is acknowledged only once it is
//      durable, so none acknowledged is lost),
//   3. close the bank: final projection snapshots, pools joined, the Executor and the
//      access log closed,
//
// and return 0. A failure to start (a bad option, a folder locked by another process, a
// port in use) is one readable line and a non-zero exit.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "events/status.h"

namespace prospekt::app {

struct ServeConfig {
  std::string data = "data";  // the event log's folder (created when missing)
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (printed)
  std::size_t threads = 2;    // HTTP worker threads
  std::string web;            // the built web UI (web/dist); "" serves no UI
  std::string tls_certificate_chain, tls_private_key;  // both or neither (PEM files)
  // The binary TCP feed (engine/server/feed/FORMAT.md); 0 serves none.
  std::uint16_t feed_port = 0;
  std::string feed_address = "127.0.0.1";
  std::size_t max_connections = 4096;
  std::uint32_t max_header_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::uint64_t read_timeout_ms = 10'000, idle_timeout_ms = 60'000, drain_timeout_ms = 10'000;
  std::uint64_t max_export_events = 100'000;  // per GET /api/export
  std::size_t blocking_threads = 2, reply_threads = 2;
  // Durable appends. Off only for throwaway demo data: an acknowledged command could
  // be lost to a power cut.
  bool sync = true;
  std::string log_level = "info";  // spdlog: trace, debug, info, warn, error, off
};

// Reads a JSON object with any of ServeConfig's members by name (and "tls":
// {"certificate_chain", "private_key"}) over `config`. InvalidArgument naming the key for
// an unknown key, a wrong type or an out-of-range value; IOError when the file cannot
// be read.
Status LoadServeConfig(const std::string& path, ServeConfig& config);

// Checks what the JSON and the flags cannot check alone (TLS files in pairs, a known log
// level, at least one thread). InvalidArgument naming the option.
Status ValidateServeConfig(const ServeConfig& config);

// Adds the serving flags to `command` (--data, --config, --address, --port, ...).
// `config_path` receives --config; flags given on the command line win over the file:
// call ApplyServeFlags after parsing.
struct ServeFlags {
  ServeConfig flags;
  std::string config_path;
  CLI::App* command = nullptr;
};
void AddServeFlags(CLI::App& command, ServeFlags& flags);
// The configuration: defaults, then the --config file, then the flags given.
Result<ServeConfig> ResolveServeConfig(const ServeFlags& flags);

// What the server tells once it listens (the demo prints its logins then).
struct ServeInfo {
  std::string url;              // http(s)://address:port
  std::uint16_t feed_port = 0;  // 0: no binary feed
  std::uint64_t head_seq = 0;
};

// Serves until SIGTERM or SIGINT, as described above. Returns the process exit code
// (0 after a clean shutdown; 2 for a bad configuration; 3 for anything else), having
// printed one line on stderr for a failure. `ready` is called once the server listens.
// RunServe handles SIGTERM and SIGINT from its start (whichever thread the signal
// reaches, it only wakes RunServe) and restores the previous handlers when it returns.
int RunServe(const ServeConfig& config, const std::function<void(const ServeInfo&)>& ready = {});

}  // namespace prospekt::app
