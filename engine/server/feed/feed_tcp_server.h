// FeedTcpServer: the binary feed for high-rate consumers, on a port of its own
// (FORMAT.md in this folder). A client connects and sends a hello (token, from, filters);
// the server authenticates the token with the integrator's callback, answers an
// `accepted` frame, then frames of [u32 big-endian length][Cap'n Proto envelope as
// stored], heartbeats while idle, and an end frame with the reason before it closes. A
// bad hello (malformed, late, a bad filter) or a refused token gets an end frame too.
//
// Ownership and threads: the server owns its acceptor, io_context and threads; the hub
// must outlive it. `authenticate` runs on a server thread and must be quick. Stop() (or
// the destructor) stops accepting, ends every connection with "server shutting down"
// and returns once they are closed: each within its write timeout, plus a second for
// the client to close after the end frame. Stop() must not be called on a server
// thread (from `authenticate`).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "engine/server/feed/feed_hub.h"
#include "engine/server/feed/stream_options.h"
#include "events/status.h"

namespace prospekt::feed {

struct FeedTcpOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port (see port())
  std::size_t threads = 1;
  // Required: OK lets the hello's token in; any other status refuses it, with the
  // status's message in the end frame.
  std::function<Status(std::string_view token)> authenticate;
  // A client that has not sent a whole hello this long after connecting is refused.
  std::chrono::milliseconds hello_timeout{10'000};
  std::size_t max_connections = 256;
  FeedStreamOptions stream;
};

struct FeedTcpMetrics {
  std::uint64_t connections = 0;     // open now
  std::uint64_t accepted_total = 0;  // connections taken since the start
  std::uint64_t hellos_refused = 0;  // bad hellos and refused tokens
  std::uint64_t refused_busy = 0;    // over max_connections
};

class FeedTcpServer {
 public:
  // Binds and listens, then serves on its threads. InvalidArgument for a missing
  // authenticate callback or a bad address, IOError when the port cannot be bound.
  static Result<std::unique_ptr<FeedTcpServer>> Start(FeedHub& hub, FeedTcpOptions options);
  ~FeedTcpServer();
  FeedTcpServer(const FeedTcpServer&) = delete;
  FeedTcpServer& operator=(const FeedTcpServer&) = delete;

  // The port it listens on.
  std::uint16_t port() const;
  // Idempotent.
  void Stop();
  FeedTcpMetrics Metrics() const;

  struct Impl;

 private:
  explicit FeedTcpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace prospekt::feed
