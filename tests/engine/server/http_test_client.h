// A blocking HTTP/1.1 client for the server tests (Beast underneath, plain or TLS), every
// operation bounded by a deadline so that a misbehaving server fails a test instead of
// hanging it. Not thread-safe: one client per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/server/url.h"

namespace prospekt::server::testing {

struct ClientResponse {
  unsigned status = 0;
  server::Fields headers;
  std::string body;
  bool keep_alive = false;

  // The first header of that name (case-insensitive), or "".
  std::string Header(std::string_view name) const;
};

class TestClient {
 public:
  static constexpr std::chrono::seconds kDeadline{10};

  // A plain client, or (with `trusted_certificate`) a TLS client that accepts only a
  // server presenting that certificate.
  explicit TestClient(std::uint16_t port,
                      std::optional<std::filesystem::path> trusted_certificate = std::nullopt);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // Connects (and shakes hands, for TLS). False on failure; see error().
  bool Connect();
  // Sends one request with Host and Content-Length.
  bool Send(std::string_view method, std::string_view target, std::string_view body = {},
            const server::Fields& headers = {});
  // Reads one response; nullopt when the connection closed or failed first.
  std::optional<ClientResponse> Read();
  std::optional<ClientResponse> Request(std::string_view method, std::string_view target,
                                        std::string_view body = {},
                                        const server::Fields& headers = {});
  bool WriteRaw(std::string_view bytes);
  // Reads until the server closes the connection; true when it did (EOF or reset)
  // before the deadline. What arrived meanwhile is appended to `received`.
  bool WaitForClose(std::string* received = nullptr);

  const std::string& error() const { return error_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string error_;
};

}  // namespace prospekt::server::testing
