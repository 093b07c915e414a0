// The connection state machine, one template over the stream type, instantiated for
// beast::tcp_stream and beast::ssl_stream<beast::tcp_stream> only:
//
//   [TLS handshake] -> idle -> reading -> handling -> writing -> idle ...
//                                     \-> (stream route) taken over
//   any error or timeout -> closed;   a response with Connection: close -> closing -> closed
//
// Every step runs on the connection's strand; a completion that finds the session closed
// returns at once. The handler's Respond reaches the session through ServerCore's gate
// and a weak reference, and is matched to its exchange by number.
#include "engine/server/internal/session.h"

#include <spdlog/logger.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "engine/server/compression.h"
#include "engine/server/error_response.h"
#include "engine/server/internal/request_adapter.h"
#include "engine/server/internal/server_core.h"
#include "engine/server/stream_connection.h"
#include "events/text.h"

namespace prospekt::server::internal {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// After a response that closes, the client's unread bytes are read and dropped for a
// while, so that closing does not reset the connection before the client has read the
// response (a 413 sent while the body is still coming).
constexpr std::size_t kMaxLingerBytes = 1024 * 1024;
constexpr std::chrono::milliseconds kMaxLinger{1000};

// The Date field ("Sun, 06 Nov 1994 08:49:37 GMT"), formatted once a second per thread.
const std::string& HttpDate() {
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != formatted_at) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    char buffer[64];
    const std::size_t size =
        std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    text.assign(buffer, size);
    formatted_at = now;
  }
  return text;
}

bool IsHttpParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category();
}

bool IsPeerGone(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::broken_pipe || ec == net::ssl::error::stream_truncated;
}

// Fields the server sets itself; a handler's value for them is ignored.
bool IsServerField(std::string_view name) {
  for (const std::string_view own :
       {"content-length", "transfer-encoding", "connection", "date", "server", "content-type"}) {
    if (EqualsIgnoreCase(name, own)) return true;
  }
  return false;
}

// Whether a Vary value lists Accept-Encoding (or is "*").
bool NamesAcceptEncoding(std::string_view vary) {
  while (!vary.empty()) {
    const std::size_t end = std::min(vary.find(','), vary.size());
    const std::string_view name = TrimAsciiSpace(vary.substr(0, end));
    if (name == "*" || EqualsIgnoreCase(name, "accept-encoding")) return true;
    vary.remove_prefix(std::min(end + 1, vary.size()));
  }
  return false;
}

std::string RemoteText(const tcp::socket& socket) {
  beast::error_code ec;
  const tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const std::string address = endpoint.address().to_string();
  const std::string port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + address + "]:" + port : address + ":" + port;
}

template <class Stream>
class Session final : public SessionBase {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;
  enum class Phase : std::uint8_t {
    kHandshake,
    kIdle,
    kReading,
    kHandling,
    kWriting,
    kClosing,
    kClosed
  };

 public:
  template <class... StreamArgs>
  Session(ServerCore& core, std::string remote, tcp::socket socket, StreamArgs&... stream_args)
      : core_(core),
        remote_(std::move(remote)),
        executor_(socket.get_executor()),
        stream_(std::move(socket), stream_args...) {}

  void Start() {
    net::dispatch(executor_, [self = Self()] { self->Begin(); });
  }

  void OnServerStopping() override {
    net::post(executor_, [self = Self()] {
      // A connection waiting for a request closes now; one reading a request answers it
      // 503; one with a request in hand closes after its response.
      if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kHandshake) {
        self->Close("stopping");
      }
    });
  }

  void ForceClose() override {
    net::post(executor_, [self = Self()] { self->Close("drain_timeout"); });
  }

  void Deliver(std::uint64_t exchange, Response response) override {
    net::post(executor_, [self = Self(), exchange, response = std::move(response)]() mutable {
      self->OnResponse(exchange, std::move(response));
    });
  }

 private:
  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }
  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }
  const HttpServerOptions& options() const { return core_.options(); }

  void Begin() {
    if constexpr (kTls) {
      phase_ = Phase::kHandshake;
      Tcp().expires_after(options().read_timeout);
      stream_.async_handshake(net::ssl::stream_base::server, [self = Self()](beast::error_code ec) {
        if (self->phase_ == Phase::kClosed) return;
        if (ec) return self->Close(ec == beast::error::timeout ? "read_timeout" : "tls_error");
        self->WaitForRequest();
      });
    } else {
      WaitForRequest();
    }
  }

  // Idle: wait for the first byte of the next request under the idle timeout (bytes
  // already buffered, pipelined by the client, start it at once).
  void WaitForRequest() {
    if (core_.stopping()) return Close("stopping");
    phase_ = Phase::kIdle;
    if (buffer_.size() > 0) return ReadRequest();
    Tcp().expires_after(options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = Self()](beast::error_code ec, std::size_t size) {
                              if (self->phase_ == Phase::kClosed) return;
                              if (ec) {
                                return self->Close(ec == beast::error::timeout ? "idle_timeout"
                                                   : IsPeerGone(ec)            ? "client_closed"
                                                                               : "read_error");
                              }
                              self->buffer_.commit(size);
                              self->ReadRequest();
                            });
  }

  // Reading: the header, then the body, under one read deadline.
  void ReadRequest() {
    phase_ = Phase::kReading;
    started_ = Clock::now();
    method_.clear();
    route_ = "-";
    user_.clear();
    version_ = 11;
    keep_alive_ = false;
    accepts_gzip_ = false;
    parser_.emplace();
    parser_->header_limit(options().max_header_bytes);
    parser_->body_limit(options().max_body_bytes);
    Tcp().expires_after(options().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = Self()](beast::error_code ec, std::size_t) {
                              if (self->phase_ == Phase::kClosed) return;
                              if (ec) return self->OnReadError(ec);
                              self->OnHeader();
                            });
  }

  void OnHeader() {
    const auto& header = parser_->get();
    method_ = std::string(header.method_string());
    version_ = header.version();
    keep_alive_ = header.keep_alive();
    accepts_gzip_ = AcceptsGzip(header[http::field::accept_encoding]);
    if (core_.stopping()) return Stopping();
    if (parser_->is_done()) return OnRequest();
    if (EqualsIgnoreCase(header[http::field::expect], "100-continue")) {
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = Self()](beast::error_code ec, std::size_t) {
                         if (self->phase_ == Phase::kClosed) return;
                         if (ec)
                           return self->Close(IsPeerGone(ec) ? "client_closed" : "write_error");
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = Self()](beast::error_code ec, std::size_t) {
                       if (self->phase_ == Phase::kClosed) return;
                       if (ec) return self->OnReadError(ec);
                       self->OnRequest();
                     });
  }

  void OnReadError(const beast::error_code& ec) {
    if (ec == http::error::header_limit) {
      return Send(ErrorResponse(431, kErrorHeadersTooLarge,
                                "the request line and header fields exceed " +
                                    std::to_string(options().max_header_bytes) + " bytes",
                                "headers"),
                  /*close=*/true, "headers_too_large");
    }
    if (ec == http::error::body_limit) {
      return Send(ErrorResponse(413, kErrorBodyTooLarge,
                                "the request body exceeds " +
                                    std::to_string(options().max_body_bytes) + " bytes",
                                "body"),
                  /*close=*/true, "body_too_large");
    }
    if (ec == beast::error::timeout) return Close("read_timeout");
    if (IsPeerGone(ec)) return Close("client_closed");
    if (IsHttpParseError(ec)) {
      return Send(ErrorResponse(400, kErrorBadRequest, "malformed HTTP request: " + ec.message(),
                                "request"),
                  /*close=*/true, "bad_request");
    }
    Close("read_error");
  }

  void Stopping() {
    Send(ErrorResponse(503, kErrorUnavailable, "the server is shutting down"), /*close=*/true,
         "stopping");
  }

  void OnRequest() {
    Tcp().expires_never();
    if (core_.stopping()) return Stopping();
    BeastRequest& message = parser_->get();
    PreparedRequest prepared = PrepareRequest(core_.router(), message, remote_);
    if (prepared.error) return Send(std::move(*prepared.error), /*close=*/false);
    const Route& route = *prepared.route;
    route_ = route.path_template;
    Request& request = prepared.request;
    if (const PreDispatchHook& hook = core_.router().pre_dispatch()) {
      std::optional<Response> answer;
      try {
        answer = hook(request);
      } catch (const std::exception& e) {
        core_.logger().error("the pre-dispatch hook threw on {} {}: {}", method_, route_, e.what());
        answer = ErrorResponse(500, kErrorInternal, "the request could not be authenticated");
      }
      user_ = request.user;
      if (answer) return Send(std::move(*answer), /*close=*/false);
    }
    if (route.stream_handler) return TakeOver(route, std::move(request));
    Dispatch(route, std::move(request));
  }

  void Dispatch(const Route& route, Request request) {
    phase_ = Phase::kHandling;
    const std::uint64_t exchange = ++exchange_;
    core_.AddInFlight(1);
    in_flight_ = true;
    Respond respond([gate = core_.gate(), weak = std::weak_ptr<SessionBase>(shared_from_this()),
                     exchange](Response response) {
      std::shared_lock lock(gate->mu);
      if (!gate->open) return;
      // Released under the gate's lock, so that this thread never destroys a session
      // after its io_context.
      if (std::shared_ptr<SessionBase> session = weak.lock()) {
        session->Deliver(exchange, std::move(response));
      }
    });
    try {
      route.handler(std::move(request), std::move(respond));
    } catch (const std::exception& e) {
      // The handler's Respond died with the throw: unless it kept a copy, the request is
      // answered 500 through the Respond's destructor.
      core_.logger().error("the handler of {} {} threw: {}", method_, route_, e.what());
    } catch (...) {
      core_.logger().error("the handler of {} {} threw a non-exception", method_, route_);
    }
  }

  void TakeOver(const Route& route, Request request) {
    phase_ = Phase::kClosed;  // the connection is the stream handler's now
    auto connection = std::make_unique<StreamConnection>(StreamConnection{
        std::move(stream_), std::move(buffer_), parser_->release(), std::move(request)});
    parser_.reset();
    core_.RecordRequest({method_, route_, /*status=*/0, LatencyUs(), user_, remote_});
    core_.Unregister(id());
    try {
      route.stream_handler(std::move(connection));
    } catch (const std::exception& e) {
      core_.logger().error("the stream handler of {} {} threw: {}", method_, route_, e.what());
    }
  }

  void OnResponse(std::uint64_t exchange, Response response) {
    // A late answer for a connection closed meanwhile (drain timeout, client gone).
    if (phase_ != Phase::kHandling || exchange != exchange_) return;
    in_flight_ = false;
    core_.AddInFlight(-1);
    Send(std::move(response), /*close=*/false);
  }

  // Writes `response`; with `close` (or when the client or Stop asks for it) the
  // connection closes afterwards, counted under `close_reason`.
  void Send(Response response, bool close, std::string_view close_reason = "not_keep_alive") {
    if (response.status < 200 || response.status > 599) {
      core_.logger().error("the handler of {} {} answered with status {}; sending 500 instead",
                           method_, route_, response.status);
      response = ErrorResponse(500, kErrorInternal, "the handler answered with an invalid status");
    }
    close_reason_ = close ? close_reason : core_.stopping() ? "stopping" : "not_keep_alive";
    close_after_write_ = close || !keep_alive_ || core_.stopping();
    status_ = response.status;

    auto& message = response_.emplace();
    message.result(response.status);
    message.version(version_ == 10 ? 10 : 11);
    message.set(http::field::server, options().server_header);
    message.set(http::field::date, HttpDate());
    const bool bodiless = response.status == 204 || response.status == 304;
    if (!bodiless && !response.content_type.empty() && IsSafeHeaderValue(response.content_type)) {
      message.set(http::field::content_type, response.content_type);
    }
    bool encoded = false;  // the handler sent its body encoded already
    bool varies = false;   // the handler's Vary names Accept-Encoding already
    for (const auto& [name, value] : response.headers) {
      if (!IsHttpToken(name) || !IsSafeHeaderValue(value)) {
        core_.logger().error("the handler of {} {} set an invalid header field '{}'; dropped",
                             method_, route_, name);
        continue;
      }
      if (IsServerField(name)) continue;
      encoded = encoded || EqualsIgnoreCase(name, "content-encoding");
      varies = varies || (EqualsIgnoreCase(name, "vary") && NamesAcceptEncoding(value));
      message.insert(name, value);
    }
    if (!bodiless && IsCompressibleType(response.content_type)) {
      // A list field may be repeated: a handler's own Vary stays beside this one.
      if (!varies) message.insert(http::field::vary, "Accept-Encoding");
      if (!encoded) Compress(response.body, message);
    }
    if (!bodiless) message.body() = std::move(response.body);
    message.keep_alive(!close_after_write_);
    message.prepare_payload();

    phase_ = Phase::kWriting;
    Tcp().expires_after(options().write_timeout);
    http::async_write(stream_, message,
                      [self = Self()](beast::error_code ec, std::size_t) { self->OnWritten(ec); });
  }

  // Gzips `body` on the fly when the client accepts it and it is long enough; leaves it
  // as it is when zlib fails or would not make it shorter.
  void Compress(std::string& body, http::response<http::string_body>& message) {
    const std::size_t min_bytes = options().compress_min_bytes;
    if (!accepts_gzip_ || min_bytes == 0 || body.size() < min_bytes ||
        body.size() > kMaxOnTheFlyGzipBytes) {
      return;
    }
    Result<std::string> gzipped = Gzip(body, kGzipFastest);
    if (!gzipped.ok()) {
      core_.logger().error("the answer of {} {} was sent uncompressed: {}", method_, route_,
                           gzipped.status().ToString());
      return;
    }
    if (gzipped->size() >= body.size()) return;
    body = std::move(gzipped).value();
    message.set(http::field::content_encoding, "gzip");
  }

  void OnWritten(const beast::error_code& ec) {
    if (phase_ == Phase::kClosed) return;
    core_.RecordRequest({method_.empty() ? std::string_view("-") : std::string_view(method_),
                         route_, status_, LatencyUs(), user_, remote_});
    response_.reset();
    parser_.reset();
    if (ec) return Close(ec == beast::error::timeout ? "write_timeout" : "write_error");
    if (close_after_write_) return CloseGracefully();
    WaitForRequest();
  }

  // After a final response: TLS sends its close_notify; plain TCP shuts down its
  // sending side and drops what the client still sends (see kMaxLinger).
  void CloseGracefully() {
    phase_ = Phase::kClosing;
    if constexpr (kTls) {
      Tcp().expires_after(options().write_timeout);
      stream_.async_shutdown([self = Self()](beast::error_code) {
        if (self->phase_ == Phase::kClosed) return;
        self->Close(self->close_reason_);
      });
    } else {
      beast::error_code ignored;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
      lingered_ = 0;
      Tcp().expires_after(std::min(options().read_timeout, std::chrono::milliseconds(kMaxLinger)));
      Linger();
    }
  }

  void Linger() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = Self()](beast::error_code ec, std::size_t size) {
                              if (self->phase_ == Phase::kClosed) return;
                              self->lingered_ += size;
                              if (ec || self->lingered_ > kMaxLingerBytes) {
                                return self->Close(self->close_reason_);
                              }
                              self->Linger();
                            });
  }

  void Close(std::string_view reason) {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    if (in_flight_) {
      in_flight_ = false;
      core_.AddInFlight(-1);
    }
    core_.RecordClose(reason);
    Tcp().close();
    core_.Unregister(id());
  }

  std::int64_t LatencyUs() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count();
  }

  ServerCore& core_;
  const std::string remote_;
  const net::any_io_executor executor_;  // the connection's strand; outlives a takeover
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  Phase phase_ = Phase::kHandshake;
  std::uint64_t exchange_ = 0;  // numbers the dispatched requests
  bool in_flight_ = false;      // a dispatched request awaits its answer

  // The current exchange, for its response, log line and metrics.
  Clock::time_point started_ = Clock::now();
  std::string method_;
  std::string_view route_ = "-";  // a template in the Router, or "-"
  std::string user_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool accepts_gzip_ = false;  // the request's Accept-Encoding takes gzip
  unsigned status_ = 0;
  bool close_after_write_ = false;
  std::string_view close_reason_ = "not_keep_alive";
  std::size_t lingered_ = 0;
};

}  // namespace

void StartSession(ServerCore& core, tcp::socket socket) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  std::string remote = RemoteText(socket);
  if (net::ssl::context* tls = core.tls()) {
    auto session =
        std::make_shared<Session<TlsStream>>(core, std::move(remote), std::move(socket), *tls);
    if (core.Register(session)) session->Start();
  } else {
    auto session =
        std::make_shared<Session<PlainStream>>(core, std::move(remote), std::move(socket));
    if (core.Register(session)) session->Start();
  }
}

}  // namespace prospekt::server::internal
