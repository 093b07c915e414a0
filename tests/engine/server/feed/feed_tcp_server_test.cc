// The binary TCP feed end to end: a FeedTcpServer on a loopback port, a raw Asio client
// sending hellos and reading frames.
#include "engine/server/feed/feed_tcp_server.h"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>

#include <thread>

#include "engine/server/feed/tcp_protocol.h"
#include "tests/engine/server/feed/net_test_support.h"

namespace prospekt::feed {
namespace {

using prospekt::testing::OpenStore;
using prospekt::testing::TempDir;
using namespace testing;  // NOLINT: the feed's test helpers

constexpr char kGoodToken[] = "good-token";

class TcpFeedClient {
 public:
  explicit TcpFeedClient(std::uint16_t port) { ConnectLocal(io_, stream_, port); }

  void Send(const std::string& bytes) {
    bool done = false;
    beast::error_code result;
    net::async_write(stream_, net::buffer(bytes), [&](beast::error_code error, std::size_t) {
      result = error;
      done = true;
    });
    REQUIRE(RunUntil(io_, [&] { return done; }));
    REQUIRE_FALSE(result);
  }

  void SendHello(std::optional<std::uint64_t> from_seq, std::vector<std::string> kinds = {},
                 std::vector<std::string> types = {}, std::string token = kGoodToken) {
    tcp::Hello hello;
    hello.token = std::move(token);
    hello.from_seq = from_seq;
    hello.kinds = std::move(kinds);
    hello.types = std::move(types);
    Send(tcp::EncodeHelloFrame(hello));
  }

  // The next frame; nullopt once the server closed the connection.
  std::optional<tcp::ServerFrame> Read() {
    unsigned char header[tcp::kFrameHeaderBytes];
    if (!ReadExactly(net::buffer(header))) return std::nullopt;
    const tcp::FrameHeader frame_header = tcp::DecodeFrameHeader(header);
    std::string body(frame_header.length, '\0');
    REQUIRE(ReadExactly(net::buffer(body)));
    Result<tcp::ServerFrame> frame = tcp::DecodeServerFrame(frame_header, body);
    INFO(frame.status().ToString());
    REQUIRE(frame.ok());
    return std::move(frame).value();
  }

  // Reads `count` event frames (skipping heartbeats); stops at another frame.
  std::vector<Envelope> ReadEvents(std::size_t count, std::vector<std::string>* raw = nullptr) {
    std::vector<Envelope> events;
    while (events.size() < count) {
      std::optional<tcp::ServerFrame> frame = Read();
      REQUIRE(frame);
      if (frame->kind == tcp::ServerFrame::Kind::kHeartbeat) continue;
      REQUIRE(frame->kind == tcp::ServerFrame::Kind::kEvent);
      Result<Envelope> envelope = DecodeEnvelope(frame->envelope);
      REQUIRE(envelope.ok());
      events.push_back(std::move(envelope).value());
      if (raw) raw->push_back(frame->envelope);
    }
    return events;
  }

  // The end frame, after any heartbeats, then the server's close.
  tcp::ServerFrame ReadEnd() {
    while (true) {
      std::optional<tcp::ServerFrame> frame = Read();
      REQUIRE(frame);
      if (frame->kind == tcp::ServerFrame::Kind::kHeartbeat) continue;
      REQUIRE(frame->kind == tcp::ServerFrame::Kind::kEnd);
      CHECK_FALSE(Read());  // nothing after the end: the server closes
      return *frame;
    }
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  bool ReadExactly(net::mutable_buffer buffer) {
    bool done = false;
    beast::error_code result;
    net::async_read(stream_, buffer, [&](beast::error_code error, std::size_t) {
      result = error;
      done = true;
    });
    REQUIRE(RunUntil(io_, [&] { return done; }));
    return !result;
  }

  net::io_context io_;
  beast::tcp_stream stream_{io_};
};

std::vector<std::uint64_t> SeqsOf(const std::vector<Envelope>& events) {
  std::vector<std::uint64_t> seqs;
  for (const Envelope& event : events) seqs.push_back(event.seq);
  return seqs;
}

FeedTcpOptions Options() {
  FeedTcpOptions options;
  options.authenticate = [](std::string_view token) {
    return token == kGoodToken ? Status::Ok() : Status::PermissionDenied("unknown token");
  };
  return options;
}

std::unique_ptr<FeedTcpServer> StartServer(FeedHub& hub, FeedTcpOptions options = Options()) {
  Result<std::unique_ptr<FeedTcpServer>> server = FeedTcpServer::Start(hub, std::move(options));
  INFO(server.status().ToString());
  REQUIRE(server.ok());
  REQUIRE((*server)->port() != 0);
  return std::move(server).value();
}

TEST_CASE("TCP feed: accepted, the stored envelopes, live events, the end on shutdown", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 3);
  AppendEvents(*store, "employee-r01-b01-e01", 2);
  FeedHub hub(*store);
  auto server = StartServer(hub);

  TcpFeedClient client(server->port());
  client.SendHello(2, {"client"});
  std::optional<tcp::ServerFrame> accepted = client.Read();
  REQUIRE(accepted);
  REQUIRE(accepted->kind == tcp::ServerFrame::Kind::kAccepted);
  CHECK(accepted->start_seq == 2);
  CHECK(accepted->head_seq == 5);

  std::vector<std::string> raw;
  std::vector<Envelope> events = client.ReadEvents(2, &raw);
  CHECK(SeqsOf(events) == SeqRange(2, 3));
  // The bytes as stored, so that the consumer can check the chain.
  std::vector<std::string> stored;
  REQUIRE(store
              ->ScanRaw(2,
                        [&](std::uint64_t, std::string_view bytes) {
                          stored.emplace_back(bytes);
                          return stored.size() < 2;
                        })
              .ok());
  CHECK(raw == stored);
  CHECK(HashEnvelopeBytes(raw[0]) == events[1].prev_hash);

  AppendEvents(*store, "employee-r01-b01-e01", 1);
  const std::uint64_t last = AppendEvents(*store, "client-r01-b01-c00002", 2);
  CHECK(SeqsOf(client.ReadEvents(2)) == SeqRange(last - 1, last));
  CHECK(server->Metrics().connections == 1);

  hub.Stop();
  tcp::ServerFrame end = client.ReadEnd();
  CHECK(end.end_code == tcp::EndCode::kShuttingDown);
  CHECK(end.resume_from == last + 1);
  CHECK(end.message == "server shutting down: resume from seq " + std::to_string(last + 1));
}

TEST_CASE("TCP feed: bad hellos and refused tokens get an end frame, then the close", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  auto server = StartServer(hub);
  auto end_for = [&](const std::string& bytes) {
    TcpFeedClient client(server->port());
    client.Send(bytes);
    return client.ReadEnd();
  };

  tcp::ServerFrame http = end_for("GET /feed HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(http.end_code == tcp::EndCode::kBadHello);
  CHECK(http.resume_from == 0);
  CHECK(http.message.find("the first frame must be a hello") != std::string::npos);

  tcp::ServerFrame control = end_for(tcp::EncodeFrameHeader({true, 4}) + "PKF1");
  CHECK(control.end_code == tcp::EndCode::kBadHello);

  tcp::ServerFrame magic = end_for(tcp::EncodeFrameHeader({false, 4}) + "PKF9");
  CHECK(magic.end_code == tcp::EndCode::kBadHello);
  CHECK(magic.message.find("(field: hello.magic)") != std::string::npos);

  tcp::Hello bad_kind;
  bad_kind.token = kGoodToken;
  bad_kind.kinds = {"Client"};
  tcp::ServerFrame kind = end_for(tcp::EncodeHelloFrame(bad_kind));
  CHECK(kind.end_code == tcp::EndCode::kBadHello);
  CHECK(kind.message.find("(field: kinds)") != std::string::npos);

  tcp::Hello wrong_token;
  wrong_token.token = "stolen";
  tcp::ServerFrame token = end_for(tcp::EncodeHelloFrame(wrong_token));
  CHECK(token.end_code == tcp::EndCode::kUnauthenticated);
  CHECK(token.message == "unauthenticated: unknown token");

  CHECK(server->Metrics().hellos_refused == 5);
  CHECK(hub.Metrics().subscribed_total == 0);
  // The server goes on serving.
  AppendEvents(*store, "client-r01-b01-c00001", 1);
  TcpFeedClient good(server->port());
  good.SendHello(1);
  REQUIRE(good.Read()->kind == tcp::ServerFrame::Kind::kAccepted);
  CHECK(SeqsOf(good.ReadEvents(1)) == SeqRange(1, 1));
}

TEST_CASE("TCP feed: a client that sends no hello in time is refused", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  FeedTcpOptions options = Options();
  options.hello_timeout = std::chrono::milliseconds(50);
  auto server = StartServer(hub, options);
  TcpFeedClient client(server->port());
  client.Send(tcp::EncodeFrameHeader({false, 40}) + "PKF1");  // and the rest never comes
  tcp::ServerFrame end = client.ReadEnd();
  CHECK(end.end_code == tcp::EndCode::kBadHello);
  CHECK(end.message == "no hello within 50 ms");
}

TEST_CASE("TCP feed: resuming from the end's position yields exactly the missing events",
          "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 8);
  FeedHub hub(*store);
  auto server = StartServer(hub);
  std::uint64_t resume_from = 0;
  {
    TcpFeedClient client(server->port());
    client.SendHello(1);
    REQUIRE(client.Read()->kind == tcp::ServerFrame::Kind::kAccepted);
    CHECK(SeqsOf(client.ReadEvents(8)) == SeqRange(1, 8));
    // The server stops (here: its own Stop, the hub still running). Stop returns once
    // the client has read the end and closed.
    std::thread stopper([&] { server->Stop(); });
    tcp::ServerFrame end = client.ReadEnd();
    client.Close();
    stopper.join();
    CHECK(end.end_code == tcp::EndCode::kShuttingDown);
    resume_from = end.resume_from;
  }
  CHECK(resume_from == 9);
  AppendEvents(*store, "client-r01-b01-c00002", 4);
  server = StartServer(hub);
  TcpFeedClient again(server->port());
  again.SendHello(resume_from);
  std::optional<tcp::ServerFrame> accepted = again.Read();
  REQUIRE(accepted);
  CHECK(accepted->start_seq == 9);
  CHECK(SeqsOf(again.ReadEvents(4)) == SeqRange(9, 12));
  again.Close();
}

TEST_CASE("TCP feed: heartbeats carry the position while idle", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "employee-r01-b01-e01", 3);
  FeedHub hub(*store);
  FeedTcpOptions options = Options();
  options.stream.heartbeat_interval = std::chrono::milliseconds(10);
  auto server = StartServer(hub, options);
  TcpFeedClient client(server->port());
  client.SendHello(1, {"client"});  // matches none of the three
  REQUIRE(client.Read()->kind == tcp::ServerFrame::Kind::kAccepted);
  // Heartbeats come; once the hub has passed the three, they say so.
  std::uint64_t position = 0;
  for (int i = 0; i < 10'000 && position != 4; ++i) {
    std::optional<tcp::ServerFrame> frame = client.Read();
    REQUIRE(frame);
    REQUIRE(frame->kind == tcp::ServerFrame::Kind::kHeartbeat);
    position = frame->resume_from;
  }
  CHECK(position == 4);
  client.Close();
}

TEST_CASE("TCP feed: over max_connections a client is told the server is busy", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  FeedTcpOptions options = Options();
  options.max_connections = 1;
  auto server = StartServer(hub, options);
  TcpFeedClient first(server->port());
  first.SendHello(std::nullopt);
  REQUIRE(first.Read()->kind == tcp::ServerFrame::Kind::kAccepted);
  TcpFeedClient second(server->port());
  tcp::ServerFrame end = second.ReadEnd();
  CHECK(end.end_code == tcp::EndCode::kBusy);
  CHECK(server->Metrics().refused_busy == 1);
  second.Close();
  std::thread stopper([&] { server->Stop(); });
  CHECK(first.ReadEnd().end_code == tcp::EndCode::kShuttingDown);
  first.Close();
  stopper.join();
}

TEST_CASE("TCP feed: Start refuses a missing callback and a bad address", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  CHECK(FeedTcpServer::Start(hub, FeedTcpOptions{}).status().field() == "authenticate");
  FeedTcpOptions options = Options();
  options.address = "not-an-address";
  CHECK(FeedTcpServer::Start(hub, options).status().field() == "address");
  // A port in use is an IOError.
  auto server = StartServer(hub);
  options = Options();
  options.port = server->port();
  Result<std::unique_ptr<FeedTcpServer>> taken = FeedTcpServer::Start(hub, options);
  // SO_REUSEADDR does not let two listeners share a port on Linux.
  CHECK(taken.status().code() == StatusCode::kIOError);
}

}  // namespace
}  // namespace prospekt::feed
