// FeedSession: the part every feed transport shares. It pumps a FeedSubscription into a
// connection one write at a time: events while there are any, a heartbeat after
// heartbeat_interval without a write, and the end (the hub's, or the server's own at
// shutdown) as the last write before the connection closes. Transports (SSE, WebSocket,
// TCP) derive and say how to write each of those.
//
// Threads: everything runs on the session's strand, a strand of the connection's
// io_context (typed on io_context's executor: Boost 1.74's Beast cannot suspend a
// WebSocket write bound to a strand of any_io_executor). The hub's notify only posts to
// it; Shutdown() may be called from any thread. The session owns itself through the
// shared_ptrs its pending handlers hold, and ends when the last one completes.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/stream_traits.hpp>

#include <memory>
#include <optional>
#include <vector>

#include "engine/server/feed/feed_hub.h"
#include "engine/server/feed/stream_options.h"

namespace prospekt::feed::internal {

// The io_context of an executor that is an io_context's (`ioc.get_executor()`) or a
// strand of one (`make_strand(ioc)`); nullptr for any other.
boost::asio::io_context* IoContextOf(const boost::asio::any_io_executor& executor);

// The io_context of a taken-over connection (plain or TLS) for its session; nullptr,
// with the connection closed, when its executor is no io_context's (Prospekt's servers
// always run on io_contexts).
template <class Stream>
boost::asio::io_context* IoContextOrClose(Stream& stream) {
  boost::asio::io_context* io = IoContextOf(stream.get_executor());
  if (io == nullptr) boost::beast::get_lowest_layer(stream).close();
  return io;
}

class FeedSession : public std::enable_shared_from_this<FeedSession> {
 public:
  using Strand = boost::asio::strand<boost::asio::io_context::executor_type>;

  virtual ~FeedSession() = default;
  FeedSession(const FeedSession&) = delete;
  FeedSession& operator=(const FeedSession&) = delete;

  // Ends the feed with "server shutting down" (written if the connection still takes
  // it) and closes. Any thread; idempotent.
  void Shutdown();

 protected:
  FeedSession(boost::asio::io_context& io, FeedStreamOptions options);

  const Strand& strand() const { return strand_; }
  const FeedStreamOptions& options() const { return options_; }

  // Subscribes, lets the transport write its opening (WriteStart), then pumps. On the
  // strand, once the transport is ready to write.
  void StartFeed(FeedHub& hub, const FeedQuery& query);
  // The transport writes its last frame itself (a refusal before any feed): no other
  // write starts, and the session closes after the Written() of that write.
  void BeginLastWrite();
  // The subscription's start (after StartFeed).
  std::uint64_t start_seq() const { return start_seq_; }
  // Where the consumer would resume now.
  std::uint64_t resume_from() const;

  // Transport hooks, on the strand; each starts one write and calls Written() when it
  // completed. WriteEnd's write is the last one; the session closes after it.
  // WriteStart: what comes before the first event (a response header, a greeting);
  // start_seq() is known by then.
  virtual void WriteStart() { Written({}); }
  virtual void WriteEvents(std::vector<FeedEventPtr> events) = 0;
  virtual void WriteHeartbeat() = 0;
  virtual void WriteEnd(const FeedEnd& end) = 0;
  // Closes the connection at once (cancelling pending operations). Called once.
  virtual void CloseTransport() = 0;

  // The transport's write completed (with `error` on failure: then the session closes).
  void Written(const boost::beast::error_code& error);
  // The peer went away or broke the protocol: close without writing more.
  void Finish();
  bool finished() const { return finished_; }
  // Whether the end is being written (a transport's read loop may expect the peer to
  // close then).
  bool ending() const { return writing_end_; }

 private:
  void Pump();
  void ArmHeartbeat();
  void OnHeartbeatTimer(const boost::beast::error_code& error);
  // Drops the subscription once it ended, keeping the end to write.
  void TakeEnd();

  Strand strand_;
  const FeedStreamOptions options_;
  boost::asio::steady_timer heartbeat_;
  std::unique_ptr<FeedSubscription> subscription_;
  std::uint64_t start_seq_ = 0;
  std::uint64_t resume_from_ = 1;  // kept when the subscription is dropped
  std::optional<FeedEnd> end_;     // to write once the current write completed
  bool writing_ = false;
  bool writing_end_ = false;
  bool finished_ = false;
};

}  // namespace prospekt::feed::internal
