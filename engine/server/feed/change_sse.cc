#include "engine/server/feed/change_sse.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <utility>

#include "engine/server/feed/internal/feed_session.h"
#include "engine/server/feed/internal/sse_writer.h"
#include "engine/server/feed/sse.h"

namespace prospekt::feed {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;

// One write at a time, on the session's strand: the header, then a notice whenever the
// watch has one, a heartbeat after heartbeat_interval without a write, the end last.
template <class Stream>
class ChangeSseSession final : public std::enable_shared_from_this<ChangeSseSession<Stream>> {
 public:
  ChangeSseSession(asio::io_context& io, ChangeNotices& notices, Stream stream,
                   unsigned http_version, std::string scope, std::optional<std::uint64_t> from_seq,
                   FeedStreamOptions options)
      : strand_(asio::make_strand(io)),
        notices_(notices),
        writer_(std::move(stream), http_version),
        scope_(std::move(scope)),
        from_seq_(from_seq),
        options_(options),
        heartbeat_(strand_) {}

  void Start() {
    asio::dispatch(strand_, [self = this->shared_from_this()] { self->Open(); });
  }

 private:
  auto OnWritten() {
    return asio::bind_executor(
        strand_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
          self->Written(error);
        });
  }

  void Open() {
    ReadUntilClosed();
    std::weak_ptr<ChangeSseSession> weak = this->weak_from_this();
    watch_ = notices_.Watch(scope_, from_seq_.value_or(UINT64_MAX), [weak, strand = strand_] {
      asio::post(strand, [weak] {
        if (std::shared_ptr<ChangeSseSession> self = weak.lock()) self->Pump();
      });
    });
    writing_ = true;
    writer_.WriteHeader(options_.write_timeout, OnWritten());
  }

  void ReadUntilClosed() {
    writer_.ReadSome(asio::bind_executor(
        strand_, [self = this->shared_from_this()](beast::error_code error, std::size_t) {
          if (error) return self->Finish();
          self->ReadUntilClosed();
        }));
  }

  void Pump() {
    if (finished_ || writing_ || !watch_) return;
    if (std::optional<FeedEnd> end = watch_->end()) {
      writing_ = ending_ = true;
      heartbeat_.cancel();
      writer_.WriteText(FormatSseEnd(*end), /*last=*/true, options_.write_timeout, OnWritten());
    } else if (std::optional<std::uint64_t> seq = watch_->Take()) {
      writing_ = true;
      writer_.WriteText(FormatChangeNotice(*seq), /*last=*/false, options_.write_timeout,
                        OnWritten());
    }
  }

  void Written(const beast::error_code& error) {
    writing_ = false;
    if (error || ending_) return Finish();
    ArmHeartbeat();
    Pump();
  }

  void ArmHeartbeat() {
    if (finished_ || options_.heartbeat_interval.count() <= 0) return;
    heartbeat_.expires_after(options_.heartbeat_interval);
    heartbeat_.async_wait(asio::bind_executor(
        strand_, [self = this->shared_from_this()](const beast::error_code& error) {
          // Cancelled (re-armed after a write, or closing), or a write is on: that
          // write's completion arms the timer again.
          if (error || self->finished_ || self->writing_) return;
          self->writing_ = true;
          self->writer_.WriteText(kSseHeartbeat, /*last=*/false, self->options_.write_timeout,
                                  self->OnWritten());
        }));
  }

  void Finish() {
    if (finished_) return;
    finished_ = true;
    watch_.reset();
    heartbeat_.cancel();
    writer_.Close();
  }

  internal::FeedSession::Strand strand_;
  ChangeNotices& notices_;
  internal::SseWriter<Stream> writer_;
  const std::string scope_;
  const std::optional<std::uint64_t> from_seq_;
  const FeedStreamOptions options_;
  asio::steady_timer heartbeat_;
  std::unique_ptr<ChangeWatch> watch_;
  bool writing_ = false;
  bool ending_ = false;
  bool finished_ = false;
};

template <class Stream>
void Serve(ChangeNotices& notices, Stream stream, unsigned http_version, std::string scope,
           std::optional<std::uint64_t> from_seq, FeedStreamOptions options) {
  asio::io_context* io = internal::IoContextOrClose(stream);
  if (io == nullptr) return;
  auto session = std::make_shared<ChangeSseSession<Stream>>(
      *io, notices, std::move(stream), http_version, std::move(scope), from_seq, options);
  session->Start();
}

}  // namespace

void ServeChangeNotices(ChangeNotices& notices, PlainStream stream, unsigned http_version,
                        std::string scope, std::optional<std::uint64_t> from_seq,
                        FeedStreamOptions options) {
  Serve(notices, std::move(stream), http_version, std::move(scope), from_seq, options);
}

void ServeChangeNotices(ChangeNotices& notices, TlsStream stream, unsigned http_version,
                        std::string scope, std::optional<std::uint64_t> from_seq,
                        FeedStreamOptions options) {
  Serve(notices, std::move(stream), http_version, std::move(scope), from_seq, options);
}

std::string FormatChangeNotice(std::uint64_t seq) {
  const std::string number = std::to_string(seq);
  return "id: " + number + "\nevent: change\ndata: {\"seq\":" + number + "}\n\n";
}

}  // namespace prospekt::feed
