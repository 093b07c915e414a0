#include "engine/server/feed/websocket.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <algorithm>

#include "engine/server/feed/internal/feed_session.h"
#include "events/text.h"

namespace prospekt::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;

template <class Stream>
class WebSocketSession final : public internal::FeedSession {
 public:
  WebSocketSession(asio::io_context& io, FeedHub& hub, Stream stream, FeedHttpRequest request,
                   FeedQuery query, FeedStreamOptions options)
      : FeedSession(io, options),
        hub_(hub),
        ws_(std::move(stream)),
        request_(std::move(request)),
        query_(std::move(query)) {}

  void Start() {
    asio::dispatch(strand(), [self = Self()] { self->Accept(); });
  }

 private:
  std::shared_ptr<WebSocketSession> Self() {
    return std::static_pointer_cast<WebSocketSession>(shared_from_this());
  }

  void Accept() {
    // The websocket stream keeps its own timeouts; the TCP layer's must be off.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeout =
        websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeout.idle_timeout = options().write_timeout;
    timeout.keep_alive_pings = false;  // the session pings itself (heartbeats)
    ws_.set_option(timeout);
    ws_.text(true);
    ws_.async_accept(request_,
                     asio::bind_executor(strand(), [self = Self()](beast::error_code error) {
                       if (error) {
                         self->Finish();
                         return;
                       }
                       self->request_ = {};
                       self->Read();
                       self->StartFeed(self->hub_, self->query_);
                     }));
  }

  // Keeps a read pending: it answers pings, sees the peer's close frame and feeds the
  // idle timeout. What the client sends is dropped.
  void Read() {
    ws_.async_read(incoming_, asio::bind_executor(
                                  strand(), [self = Self()](beast::error_code error, std::size_t) {
                                    if (error) {
                                      // While the end is written, async_close finishes the closing.
                                      if (!self->ending()) self->Finish();
                                      return;
                                    }
                                    self->incoming_.clear();
                                    self->Read();
                                  }));
  }

  void WriteEvents(std::vector<FeedEventPtr> events) override {
    outgoing_ = std::move(events);
    next_ = 0;
    WriteNext();
  }

  void WriteNext() {
    if (next_ == outgoing_.size()) {
      outgoing_.clear();
      Written({});
      return;
    }
    const std::string& json = outgoing_[next_]->Json();
    ws_.async_write(
        asio::buffer(json),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          if (error) {
            self->Written(error);
            return;
          }
          ++self->next_;
          self->WriteNext();
        }));
  }

  void WriteHeartbeat() override {
    ws_.async_ping({}, asio::bind_executor(strand(), [self = Self()](beast::error_code error) {
                     self->Written(error);
                   }));
  }

  void WriteEnd(const FeedEnd& end) override {
    ws_.async_close(WebSocketCloseReason(end),
                    asio::bind_executor(strand(), [self = Self()](beast::error_code error) {
                      self->Written(error);
                    }));
  }

  void CloseTransport() override {
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

  FeedHub& hub_;
  websocket::stream<Stream> ws_;
  FeedHttpRequest request_;  // the upgrade request, until the handshake is done
  const FeedQuery query_;
  beast::flat_buffer incoming_;
  std::vector<FeedEventPtr> outgoing_;  // the batch being written, one message each
  std::size_t next_ = 0;
};

template <class Stream>
void Serve(FeedHub& hub, Stream stream, FeedHttpRequest request, FeedQuery query,
           FeedStreamOptions options) {
  asio::io_context* io = internal::IoContextOrClose(stream);
  if (io == nullptr) return;
  auto session = std::make_shared<WebSocketSession<Stream>>(
      *io, hub, std::move(stream), std::move(request), std::move(query), options);
  session->Start();
}

}  // namespace

websocket::close_reason WebSocketCloseReason(const FeedEnd& end) {
  websocket::close_code code = websocket::close_code::going_away;
  switch (end.reason) {
    case FeedEndReason::kFellBehind:
      code = websocket::close_code::policy_error;
      break;
    case FeedEndReason::kShuttingDown:
      code = websocket::close_code::going_away;
      break;
    case FeedEndReason::kStoreError:
      code = websocket::close_code::internal_error;
      break;
  }
  // RFC 6455: a control frame's payload is at most 125 bytes, 2 of them the code.
  // Cut on a UTF-8 boundary (never inside a multi-byte character).
  constexpr std::size_t kMaxReason = 123;
  const std::size_t size = Utf8CutPoint(end.message, kMaxReason);
  return websocket::close_reason(code, beast::string_view(end.message.data(), size));
}

void ServeWebSocket(FeedHub& hub, PlainStream stream, FeedHttpRequest request, FeedQuery query,
                    FeedStreamOptions options) {
  Serve(hub, std::move(stream), std::move(request), std::move(query), options);
}

void ServeWebSocket(FeedHub& hub, TlsStream stream, FeedHttpRequest request, FeedQuery query,
                    FeedStreamOptions options) {
  Serve(hub, std::move(stream), std::move(request), std::move(query), options);
}

}  // namespace prospekt::feed
