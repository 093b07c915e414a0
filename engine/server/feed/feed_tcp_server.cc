#include "engine/server/feed/feed_tcp_server.h"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/server/feed/internal/feed_session.h"
#include "engine/server/feed/tcp_protocol.h"

namespace prospekt::feed {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Tcp = asio::ip::tcp;

class TcpSession;

// How long a connection waits for the client's close after the last frame.
constexpr std::chrono::seconds kLinger{1};

struct FeedTcpServer::Impl {
  Impl(FeedHub& hub_in, FeedTcpOptions options_in)
      : hub(hub_in), options(std::move(options_in)), acceptor(asio::make_strand(io)) {}

  void Accept();

  FeedHub& hub;
  const FeedTcpOptions options;
  asio::io_context io;
  Tcp::acceptor acceptor;  // used on its strand only
  std::vector<std::thread> threads;
  std::uint16_t port = 0;  // bound, set before the threads start

  std::mutex stop_mu;  // serialises Stop()
  std::mutex mu;
  bool stopping = false;                            // Guarded by mu.
  std::vector<std::weak_ptr<TcpSession>> sessions;  // Guarded by mu.

  std::atomic<std::uint64_t> connections{0};
  std::atomic<std::uint64_t> accepted_total{0};
  std::atomic<std::uint64_t> hellos_refused{0};
  std::atomic<std::uint64_t> refused_busy{0};
};

// One client: the hello, then the feed. See FORMAT.md.
class TcpSession final : public internal::FeedSession {
 public:
  TcpSession(FeedTcpServer::Impl& server, Tcp::socket socket)
      : FeedSession(server.io, server.options.stream),
        server_(server),
        stream_(std::move(socket)),
        hello_timer_(strand()),
        linger_timer_(strand()) {
    ++server_.connections;
  }
  ~TcpSession() override { --server_.connections; }

  void Start() {
    asio::dispatch(strand(), [self = Self()] { self->ReadHelloHeader(); });
  }

  void RefuseBusy() {
    asio::dispatch(strand(), [self = Self()] {
      ++self->server_.refused_busy;
      self->Refuse(tcp::EndCode::kBusy, "the feed serves at most " +
                                            std::to_string(self->server_.options.max_connections) +
                                            " connections; try again later");
    });
  }

 private:
  std::shared_ptr<TcpSession> Self() {
    return std::static_pointer_cast<TcpSession>(shared_from_this());
  }

  bool Done() const { return finished() || ending(); }

  void ReadHelloHeader() {
    if (Done()) return;
    hello_timer_.expires_after(server_.options.hello_timeout);
    hello_timer_.async_wait(asio::bind_executor(strand(), [self = Self()](beast::error_code error) {
      if (error || self->Done() || self->hello_done_) return;
      ++self->server_.hellos_refused;
      self->Refuse(
          tcp::EndCode::kBadHello,
          "no hello within " + std::to_string(self->server_.options.hello_timeout.count()) + " ms");
    }));
    reading_ = true;
    asio::async_read(
        stream_, asio::buffer(header_),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          self->reading_ = false;
          if (self->Done()) return self->Drained(error);
          if (error) return self->Finish();
          self->OnHelloHeader();
        }));
  }

  void OnHelloHeader() {
    const tcp::FrameHeader header = tcp::DecodeFrameHeader(header_);
    if (header.control || header.length > tcp::kMaxHelloBytes) {
      RefuseHello(Status::InvalidArgument("the first frame must be a hello of at most " +
                                              std::to_string(tcp::kMaxHelloBytes) +
                                              " bytes (control bit clear)",
                                          "hello"));
      return;
    }
    body_.resize(header.length);
    reading_ = true;
    asio::async_read(
        stream_, asio::buffer(body_),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          self->reading_ = false;
          if (self->Done()) return self->Drained(error);
          if (error) return self->Finish();
          self->OnHello();
        }));
  }

  void OnHello() {
    Result<tcp::Hello> hello = tcp::DecodeHelloBody(body_);
    if (!hello.ok()) {
      RefuseHello(hello.status());
      return;
    }
    Result<FeedFilter> filter = FeedFilter::Make(hello->kinds, hello->types);
    if (!filter.ok()) {
      RefuseHello(filter.status());
      return;
    }
    Status allowed = server_.options.authenticate(hello->token);
    if (!allowed.ok()) {
      ++server_.hellos_refused;
      Refuse(tcp::EndCode::kUnauthenticated, "unauthenticated: " + allowed.message());
      return;
    }
    hello_done_ = true;
    hello_timer_.cancel();
    body_.clear();
    body_.shrink_to_fit();
    ReadUntilClosed();
    StartFeed(server_.hub, FeedQuery{hello->from_seq, std::move(filter).value()});
  }

  void RefuseHello(const Status& status) {
    ++server_.hellos_refused;
    std::string message = "bad hello: " + status.message();
    if (!status.field().empty()) message += " (field: " + status.field() + ")";
    Refuse(tcp::EndCode::kBadHello, message);
  }

  // Ends before any feed: the end frame, then a graceful close.
  void Refuse(tcp::EndCode code, const std::string& message) {
    if (Done()) return;
    hello_timer_.cancel();
    BeginLastWrite();
    WriteLast(tcp::EncodeEndFrame(code, 0, message));
  }

  // After the hello nothing is expected (what comes is dropped); a read ends when the
  // client closes.
  void ReadUntilClosed() {
    reading_ = true;
    stream_.async_read_some(
        asio::buffer(discard_),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          self->reading_ = false;
          if (self->ending()) return self->Drained(error);
          if (error) return self->Finish();
          self->ReadUntilClosed();
        }));
  }

  // A read completed while the last frame is on its way or out.
  void Drained(const beast::error_code& error) {
    if (finished()) return;
    if (!error) {
      ReadUntilClosed();  // keep draining until the client closes
    } else if (lingering_) {
      EndLinger();
    }
    // Else the last write is still on; its completion reads again and sees the close.
  }

  void Write(std::string bytes) {
    out_ = std::move(bytes);
    stream_.expires_after(options().write_timeout);
    asio::async_write(
        stream_, asio::buffer(out_),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          self->Written(error);
        }));
  }

  // The last frame: written, then the sending side shut, then what the client still
  // sends drained until it closes (at most kLinger), so that unread bytes from the
  // client cannot turn the close into a reset that loses the frame.
  void WriteLast(std::string bytes) {
    out_ = std::move(bytes);
    stream_.expires_after(options().write_timeout);
    asio::async_write(
        stream_, asio::buffer(out_),
        asio::bind_executor(strand(), [self = Self()](beast::error_code error, std::size_t) {
          if (error) {
            self->Written(error);
            return;
          }
          beast::error_code ignored;
          self->stream_.socket().shutdown(Tcp::socket::shutdown_send, ignored);
          self->lingering_ = true;
          self->linger_timer_.expires_after(std::min<std::chrono::steady_clock::duration>(
              kLinger, self->options().write_timeout));
          self->linger_timer_.async_wait(
              asio::bind_executor(self->strand(), [self](beast::error_code timer_error) {
                if (timer_error == asio::error::operation_aborted) return;
                self->EndLinger();
              }));
          if (!self->reading_) self->ReadUntilClosed();
        }));
  }

  void EndLinger() {
    if (!lingering_) return;
    lingering_ = false;
    linger_timer_.cancel();
    Written({});
  }

  void WriteStart() override {
    Write(tcp::EncodeAcceptedFrame(start_seq(), server_.hub.HeadSeq()));
  }

  void WriteEvents(std::vector<FeedEventPtr> events) override {
    std::string bytes;
    for (const FeedEventPtr& event : events) {
      bytes +=
          tcp::EncodeFrameHeader({false, static_cast<std::uint32_t>(event->stored_bytes().size())});
      bytes += event->stored_bytes();
    }
    Write(std::move(bytes));
  }

  void WriteHeartbeat() override { Write(tcp::EncodeHeartbeatFrame(resume_from())); }

  void WriteEnd(const FeedEnd& end) override {
    hello_timer_.cancel();
    WriteLast(tcp::EncodeEndFrame(tcp::EndCodeOf(end.reason), end.resume_from, end.message));
  }

  void CloseTransport() override {
    hello_timer_.cancel();
    linger_timer_.cancel();
    beast::error_code ignored;
    stream_.socket().shutdown(Tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  FeedTcpServer::Impl& server_;
  beast::tcp_stream stream_;
  asio::steady_timer hello_timer_;
  asio::steady_timer linger_timer_;
  unsigned char header_[tcp::kFrameHeaderBytes] = {};
  std::string body_;
  bool hello_done_ = false;  // the hello was accepted
  bool reading_ = false;     // a read is pending
  bool lingering_ = false;   // the last frame is out; waiting for the client's close
  std::string out_;          // the bytes being written
  std::array<char, 512> discard_{};
};

void FeedTcpServer::Impl::Accept() {
  acceptor.async_accept(io.get_executor(), [this](beast::error_code error, Tcp::socket socket) {
    if (error == asio::error::operation_aborted || !acceptor.is_open()) return;
    std::shared_ptr<TcpSession> session;
    bool busy = false;
    if (!error) {
      std::lock_guard lock(mu);
      if (stopping) return;
      ++accepted_total;
      busy = connections.load() >= options.max_connections;
      session = std::make_shared<TcpSession>(*this, std::move(socket));
      std::erase_if(sessions, [](const std::weak_ptr<TcpSession>& s) { return s.expired(); });
      sessions.push_back(session);
    }
    // An accept error (e.g. out of descriptors) loses that one connection only.
    if (session) busy ? session->RefuseBusy() : session->Start();
    Accept();
  });
}

Result<std::unique_ptr<FeedTcpServer>> FeedTcpServer::Start(FeedHub& hub, FeedTcpOptions options) {
  if (!options.authenticate) {
    return Status::InvalidArgument("the TCP feed needs an authenticate callback", "authenticate");
  }
  beast::error_code error;
  const asio::ip::address address = asio::ip::make_address(options.address, error);
  if (error) {
    return Status::InvalidArgument("'" + options.address + "' is not an IP address", "address");
  }
  auto impl = std::make_unique<Impl>(hub, std::move(options));
  const Tcp::endpoint endpoint(address, impl->options.port);
  auto fail = [&](const char* what) {
    return Status::IOError(std::string(what) + " " + endpoint.address().to_string() + ":" +
                           std::to_string(endpoint.port()) + ": " + error.message());
  };
  if (impl->acceptor.open(endpoint.protocol(), error)) return fail("cannot open a socket for");
  if (impl->acceptor.set_option(asio::socket_base::reuse_address(true), error)) {
    return fail("cannot set SO_REUSEADDR on");
  }
  if (impl->acceptor.bind(endpoint, error)) return fail("cannot bind");
  if (impl->acceptor.listen(asio::socket_base::max_listen_connections, error)) {
    return fail("cannot listen on");
  }
  impl->port = impl->acceptor.local_endpoint(error).port();
  if (error) return fail("cannot read the port of");
  impl->Accept();
  const std::size_t threads = std::max<std::size_t>(impl->options.threads, 1);
  for (std::size_t i = 0; i < threads; ++i) {
    impl->threads.emplace_back([io = &impl->io] { io->run(); });
  }
  return std::unique_ptr<FeedTcpServer>(new FeedTcpServer(std::move(impl)));
}

FeedTcpServer::FeedTcpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FeedTcpServer::~FeedTcpServer() { Stop(); }

std::uint16_t FeedTcpServer::port() const { return impl_->port; }

void FeedTcpServer::Stop() {
  std::lock_guard stop_lock(impl_->stop_mu);
  std::vector<std::weak_ptr<TcpSession>> sessions;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping && impl_->threads.empty()) return;
    impl_->stopping = true;
    sessions.swap(impl_->sessions);
  }
  asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  for (const std::weak_ptr<TcpSession>& weak : sessions) {
    if (std::shared_ptr<TcpSession> session = weak.lock()) session->Shutdown();
  }
  // Every session ends within its write timeout; then the io_context runs out of work.
  for (std::thread& thread : impl_->threads) thread.join();
  impl_->threads.clear();
}

FeedTcpMetrics FeedTcpServer::Metrics() const {
  FeedTcpMetrics metrics;
  metrics.connections = impl_->connections.load();
  metrics.accepted_total = impl_->accepted_total.load();
  metrics.hellos_refused = impl_->hellos_refused.load();
  metrics.refused_busy = impl_->refused_busy.load();
  return metrics;
}

}  // namespace prospekt::feed
