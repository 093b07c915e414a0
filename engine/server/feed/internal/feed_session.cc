#include "engine/server/feed/internal/feed_session.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

namespace prospekt::feed::internal {

namespace asio = boost::asio;

asio::io_context* IoContextOf(const asio::any_io_executor& executor) {
  using IoExecutor = asio::io_context::executor_type;
  if (const auto* io = executor.target<IoExecutor>()) return &io->context();
  if (const auto* strand = executor.target<asio::strand<IoExecutor>>()) {
    return &strand->get_inner_executor().context();
  }
  return nullptr;
}

FeedSession::FeedSession(asio::io_context& io, FeedStreamOptions options)
    : strand_(asio::make_strand(io)), options_(options), heartbeat_(strand_) {}

void FeedSession::StartFeed(FeedHub& hub, const FeedQuery& query) {
  // The notify holds the session weakly (no cycle through the hub) and posts, so that
  // it never runs the session's destructor on a hub thread.
  std::weak_ptr<FeedSession> weak = weak_from_this();
  Strand strand = strand_;
  subscription_ = hub.Subscribe(query, [weak, strand] {
    asio::post(strand, [weak] {
      if (std::shared_ptr<FeedSession> self = weak.lock()) self->Pump();
    });
  });
  start_seq_ = subscription_->start_seq();
  resume_from_ = start_seq_;
  writing_ = true;
  WriteStart();
}

void FeedSession::BeginLastWrite() {
  writing_ = true;
  writing_end_ = true;
  heartbeat_.cancel();
}

std::uint64_t FeedSession::resume_from() const {
  return subscription_ ? subscription_->resume_from() : resume_from_;
}

void FeedSession::Shutdown() {
  asio::post(strand_, [self = shared_from_this()] {
    if (self->finished_ || self->end_) return;
    const std::uint64_t resume_from = self->resume_from();
    self->subscription_.reset();
    self->resume_from_ = resume_from;
    self->end_ = FeedEnd{FeedEndReason::kShuttingDown,
                         "server shutting down: resume from seq " + std::to_string(resume_from),
                         resume_from};
    self->Pump();
  });
}

void FeedSession::TakeEnd() {
  if (!subscription_) return;
  std::optional<FeedEnd> end = subscription_->end();
  if (!end) return;
  resume_from_ = end->resume_from;
  subscription_.reset();  // the hub forgets us now, even while a write is stuck
  if (!end_) end_ = std::move(end);
}

void FeedSession::Pump() {
  if (finished_) return;
  TakeEnd();
  if (writing_) return;
  if (!end_ && subscription_) {
    FeedBatch batch = subscription_->Poll(options_.max_events_per_write);
    if (!batch.events.empty()) {
      writing_ = true;
      WriteEvents(std::move(batch.events));
      return;
    }
    TakeEnd();
  }
  if (end_) {
    writing_ = true;
    writing_end_ = true;
    heartbeat_.cancel();
    WriteEnd(*end_);
  }
}

void FeedSession::Written(const boost::beast::error_code& error) {
  writing_ = false;
  if (error || writing_end_) {
    Finish();
    return;
  }
  ArmHeartbeat();
  Pump();
}

void FeedSession::ArmHeartbeat() {
  if (finished_ || writing_end_ || options_.heartbeat_interval.count() <= 0) return;
  heartbeat_.expires_after(options_.heartbeat_interval);
  heartbeat_.async_wait(
      asio::bind_executor(strand_, [self = shared_from_this()](const boost::beast::error_code& e) {
        self->OnHeartbeatTimer(e);
      }));
}

void FeedSession::OnHeartbeatTimer(const boost::beast::error_code& error) {
  // Cancelled (re-armed after a write, or closing), or a write is on: that write's
  // completion arms the timer again.
  if (error || finished_ || writing_ || end_) return;
  writing_ = true;
  WriteHeartbeat();
}

void FeedSession::Finish() {
  if (finished_) return;
  finished_ = true;
  if (subscription_) resume_from_ = subscription_->resume_from();
  subscription_.reset();
  heartbeat_.cancel();
  CloseTransport();
}

}  // namespace prospekt::feed::internal
