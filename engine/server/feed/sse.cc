#include "engine/server/feed/sse.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <nlohmann/json.hpp>

#include "engine/server/feed/internal/feed_session.h"
#include "engine/server/feed/internal/sse_writer.h"

namespace prospekt::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

template <class Stream>
class SseSession final : public internal::FeedSession {
 public:
  SseSession(asio::io_context& io, FeedHub& hub, Stream stream, FeedHttpRequest request,
             FeedQuery query, FeedStreamOptions options)
      : FeedSession(io, options),
        hub_(hub),
        writer_(std::move(stream), request.version()),
        query_(std::move(query)) {}

  void Start() {
    asio::dispatch(strand(), [self = Self()] { self->Open(); });
  }

 private:
  std::shared_ptr<SseSession> Self() {
    return std::static_pointer_cast<SseSession>(shared_from_this());
  }

  void Open() {
    ReadUntilClosed();
    StartFeed(hub_, query_);
  }

  auto OnWritten() {
    return asio::bind_executor(
        strand(), [self = Self()](beast::error_code error, std::size_t) { self->Written(error); });
  }

  void WriteStart() override { writer_.WriteHeader(options().write_timeout, OnWritten()); }

  // Nothing more is expected from the client; a read ends when it closes.
  void ReadUntilClosed() {
    writer_.ReadSome(
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          if (error) {
            self->Finish();
            return;
          }
          self->ReadUntilClosed();
        }));
  }

  void WriteEvents(std::vector<FeedEventPtr> events) override {
    std::string text;
    for (const FeedEventPtr& event : events) text += FormatSseEvent(*event);
    writer_.WriteText(std::move(text), /*last=*/false, options().write_timeout, OnWritten());
  }

  void WriteHeartbeat() override {
    writer_.WriteText(kSseHeartbeat, /*last=*/false, options().write_timeout, OnWritten());
  }

  void WriteEnd(const FeedEnd& end) override {
    writer_.WriteText(FormatSseEnd(end), /*last=*/true, options().write_timeout, OnWritten());
  }

  void CloseTransport() override { writer_.Close(); }

  FeedHub& hub_;
  internal::SseWriter<Stream> writer_;
  const FeedQuery query_;
};

template <class Stream>
void Serve(FeedHub& hub, Stream stream, FeedHttpRequest request, FeedQuery query,
           FeedStreamOptions options) {
  asio::io_context* io = internal::IoContextOrClose(stream);
  if (io == nullptr) return;
  auto session = std::make_shared<SseSession<Stream>>(
      *io, hub, std::move(stream), std::move(request), std::move(query), options);
  session->Start();
}

}  // namespace

Result<FeedQuery> ParseFeedRequest(const FeedHttpRequest& request) {
  const auto last_event_id = request.find("Last-Event-ID");
  return ParseFeedQuery(
      std::string_view(request.target().data(), request.target().size()),
      last_event_id == request.end()
          ? std::string_view{}
          : std::string_view(last_event_id->value().data(), last_event_id->value().size()));
}

void ServeSse(FeedHub& hub, PlainStream stream, FeedHttpRequest request, FeedQuery query,
              FeedStreamOptions options) {
  Serve(hub, std::move(stream), std::move(request), std::move(query), options);
}

void ServeSse(FeedHub& hub, TlsStream stream, FeedHttpRequest request, FeedQuery query,
              FeedStreamOptions options) {
  Serve(hub, std::move(stream), std::move(request), std::move(query), options);
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
