#include "engine/server/feed/sse.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_cat.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include <array>

#include "engine/server/feed/internal/feed_session.h"

namespace prospekt::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;

class SseSession final : public internal::FeedSession {
 public:
  SseSession(asio::io_context& io, FeedHub& hub, beast::tcp_stream stream, FeedHttpRequest request,
             FeedQuery query, FeedStreamOptions options)
      : FeedSession(io, options),
        hub_(hub),
        stream_(std::move(stream)),
        query_(std::move(query)),
        chunked_(request.version() >= 11) {
    response_.version(request.version() >= 11 ? 11 : 10);
    response_.result(http::status::ok);
    response_.set(http::field::content_type, "text/event-stream; charset=utf-8");
    response_.set(http::field::cache_control, "no-cache");
    response_.set("X-Accel-Buffering", "no");  // proxies: pass events on at once
    response_.keep_alive(false);               // the stream ends with the connection
    if (chunked_) response_.chunked(true);
  }

  void Start() {
    asio::dispatch(strand(), [self = Self()] { self->Open(); });
  }

 private:
  std::shared_ptr<SseSession> Self() {
    return std::static_pointer_cast<SseSession>(shared_from_this());
  }

  void Open() {
    stream_.expires_never();  // forget the request's read timeout
    ReadUntilClosed();
    StartFeed(hub_, query_);
  }

  void WriteStart() override {
    serializer_.emplace(response_);
    stream_.expires_after(options().write_timeout);
    http::async_write_header(
        stream_, *serializer_,
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          self->Written(error);
        }));
  }

  // Nothing more is expected from the client; a read ends when it closes.
  void ReadUntilClosed() {
    stream_.async_read_some(
        asio::buffer(discard_),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          if (error) {
            self->Finish();
            return;
          }
          self->ReadUntilClosed();
        }));
  }

  void WriteText(bool last) {
    stream_.expires_after(options().write_timeout);
    auto done = asio::bind_executor(
        strand(), [self = Self()](beast::error_code error, std::size_t) { self->Written(error); });
    if (!chunked_) {
      asio::async_write(stream_, asio::buffer(out_), std::move(done));
    } else if (last) {
      // The end's chunk and the last (empty) chunk, in one write.
      asio::async_write(
          stream_,
          beast::buffers_cat(http::make_chunk(asio::const_buffer(out_.data(), out_.size())),
                             http::make_chunk_last()),
          std::move(done));
    } else {
      asio::async_write(stream_, http::make_chunk(asio::const_buffer(out_.data(), out_.size())),
                        std::move(done));
    }
  }

  void WriteEvents(std::vector<FeedEventPtr> events) override {
    out_.clear();
    for (const FeedEventPtr& event : events) out_ += FormatSseEvent(*event);
    WriteText(/*last=*/false);
  }

  void WriteHeartbeat() override {
    out_ = kSseHeartbeat;
    WriteText(/*last=*/false);
  }

  void WriteEnd(const FeedEnd& end) override {
    out_ = FormatSseEnd(end);
    WriteText(/*last=*/true);
  }

  void CloseTransport() override {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  FeedHub& hub_;
  beast::tcp_stream stream_;
  const FeedQuery query_;
  const bool chunked_;
  http::response<http::empty_body> response_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::string out_;  // the text being written
  std::array<char, 512> discard_{};
};

}  // namespace

Result<FeedQuery> ParseFeedRequest(const FeedHttpRequest& request) {
  const auto last_event_id = request.find("Last-Event-ID");
  return ParseFeedQuery(
      std::string_view(request.target().data(), request.target().size()),
      last_event_id == request.end()
          ? std::string_view{}
          : std::string_view(last_event_id->value().data(), last_event_id->value().size()));
}

void ServeSse(FeedHub& hub, beast::tcp_stream stream, FeedHttpRequest request, FeedQuery query,
              FeedStreamOptions options) {
  asio::io_context* io = internal::IoContextOf(stream.get_executor());
  if (io == nullptr) {
    stream.close();  // Invariant: Prospekt's servers run on io_contexts.
    return;
  }
  auto session = std::make_shared<SseSession>(*io, hub, std::move(stream), std::move(request),
                                              std::move(query), options);
  session->Start();
}

std::string FormatSseEvent(const FeedEvent& event) {
  // Event types and seqs hold no line breaks, and the JSON is one line.
  std::string text = "id: " + std::to_string(event.seq()) +
                     "\nevent: " + event.envelope().event_type + "\ndata: " + event.Json() + "\n\n";
  return text;
}

std::string FormatSseEnd(const FeedEnd& end) {
  const nlohmann::json data = {{"reason", FeedEndReasonName(end.reason)},
                               {"message", end.message},
                               {"resume_from", end.resume_from}};
  return "event: end\ndata: " +
         data.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace) +
         "\n\n";
}

}  // namespace prospekt::feed
