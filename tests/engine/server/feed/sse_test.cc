// The feed over Server-Sent Events, end to end: a local acceptor hands the connection to
// ServeSse as the HTTP server will, and a Beast client reads the chunked event stream.
#include "engine/server/feed/sse.h"

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <limits>

#include "tests/engine/server/feed/net_test_support.h"

namespace prospekt::feed {
namespace {

using prospekt::testing::OpenStore;
using prospekt::testing::TempDir;
using namespace testing;  // NOLINT: the feed's test helpers

struct SseMessage {
  std::string id;
  std::string event;
  std::string data;
  std::string comment;
};

// A test client of `GET <target>`: sends the request, then parses messages as the body
// arrives.
class SseClient {
 public:
  SseClient(std::uint16_t port, const std::string& target, const std::string& last_event_id = {}) {
    ConnectLocal(io_, stream_, port);
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::accept, "text/event-stream");
    if (!last_event_id.empty()) request.set("Last-Event-ID", last_event_id);
    bool written = false;
    http::async_write(stream_, request, [&](beast::error_code error, std::size_t) {
      REQUIRE_FALSE(error);
      written = true;
    });
    REQUIRE(RunUntil(io_, [&] { return written; }));
    // Not boost::none: Beast 1.74 then refuses any body with a Content-Length.
    parser_.body_limit(std::numeric_limits<std::uint64_t>::max());
  }

  // Reads until `enough(messages so far)` or the stream ends; returns every message so far.
  const std::vector<SseMessage>& ReadUntil(
      const std::function<bool(const std::vector<SseMessage>&)>& enough) {
    while (!enough(messages_) && !closed_) {
      bool done = false;
      http::async_read_some(stream_, buffer_, parser_, [&](beast::error_code error, std::size_t) {
        if (error) {
          closed_ = true;
          error_ = error;
        }
        done = true;
      });
      REQUIRE(RunUntil(io_, [&] { return done; }));
      if (parser_.is_done()) closed_ = true;
      Parse();
    }
    return messages_;
  }

  // The events (messages with an id) among the messages.
  std::vector<SseMessage> Events() const {
    std::vector<SseMessage> events;
    for (const SseMessage& message : messages_) {
      if (!message.id.empty()) events.push_back(message);
    }
    return events;
  }

  const http::response_parser<http::string_body>& parser() const { return parser_; }
  bool closed() const { return closed_; }
  const beast::error_code& error() const { return error_; }

 private:
  void Parse() {
    if (!parser_.is_header_done()) return;
    const std::string& body = parser_.get().body();
    while (true) {
      const std::size_t end = body.find("\n\n", parsed_);
      if (end == std::string::npos) return;
      SseMessage message;
      std::size_t line_start = parsed_;
      while (line_start < end) {
        std::size_t line_end = body.find('\n', line_start);
        if (line_end == std::string::npos || line_end > end) line_end = end;
        const std::string line = body.substr(line_start, line_end - line_start);
        if (line.rfind("id: ", 0) == 0) message.id = line.substr(4);
        if (line.rfind("event: ", 0) == 0) message.event = line.substr(7);
        if (line.rfind("data: ", 0) == 0) message.data = line.substr(6);
        if (line.rfind(": ", 0) == 0) message.comment = line.substr(2);
        line_start = line_end + 1;
      }
      messages_.push_back(std::move(message));
      parsed_ = end + 2;
    }
  }

  net::io_context io_;
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  std::size_t parsed_ = 0;
  std::vector<SseMessage> messages_;
  bool closed_ = false;
  beast::error_code error_;
};

auto HasEvents(std::size_t count) {
  return [count](const std::vector<SseMessage>& messages) {
    std::size_t events = 0;
    for (const SseMessage& message : messages) {
      if (!message.id.empty()) ++events;
    }
    return events >= count;
  };
}

auto HasEnd() {
  return [](const std::vector<SseMessage>& messages) {
    return !messages.empty() && messages.back().event == "end";
  };
}

LocalHttpServer::Handler SseRoute(FeedHub& hub, FeedStreamOptions options = {}) {
  return FeedRoute(
      [&hub, options](beast::tcp_stream stream, FeedHttpRequest request, FeedQuery query) {
        ServeSse(hub, std::move(stream), std::move(request), std::move(query), options);
      });
}

TEST_CASE("SSE: catch-up, then live, then the end on shutdown", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 3, "ContactLogged");
  AppendEvents(*store, "employee-r01-b01-e01", 2, "EmployeeHired");
  FeedHub hub(*store);
  LocalHttpServer server(SseRoute(hub));

  SseClient client(server.port(), "/feed?from=2&types=ContactLogged");
  client.ReadUntil(HasEvents(2));
  REQUIRE(client.parser().is_header_done());
  const auto& header = client.parser().get();
  CHECK(header.result() == http::status::ok);
  CHECK(header[http::field::content_type] == "text/event-stream; charset=utf-8");
  CHECK(header[http::field::cache_control] == "no-cache");
  CHECK(header.chunked());

  // Live: only the matching events come.
  AppendEvents(*store, "branch-r01-b01", 1, "WeeklyPlanSet");
  const std::uint64_t last = AppendEvents(*store, "client-r01-b01-c00002", 2, "ContactLogged");
  client.ReadUntil(HasEvents(4));
  std::vector<SseMessage> events = client.Events();
  REQUIRE(events.size() == 4);
  const std::vector<std::string> ids = {"2", "3", std::to_string(last - 1), std::to_string(last)};
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(events[i].id == ids[i]);
    CHECK(events[i].event == "ContactLogged");
    const nlohmann::json data = nlohmann::json::parse(events[i].data);
    CHECK(std::to_string(data["seq"].get<std::uint64_t>()) == events[i].id);
    CHECK(data["event_type"] == "ContactLogged");
  }
  CHECK(nlohmann::json::parse(events[3].data)["stream_id"] == "client-r01-b01-c00002");

  hub.Stop();
  client.ReadUntil(HasEnd());
  const SseMessage& end = client.ReadUntil(HasEnd()).back();
  REQUIRE(end.event == "end");
  const nlohmann::json data = nlohmann::json::parse(end.data);
  CHECK(data["reason"] == "shutting_down");
  CHECK(data["resume_from"] == last + 1);
  CHECK(data["message"] == "server shutting down: resume from seq " + std::to_string(last + 1));
  // Then the stream ends and the connection closes.
  client.ReadUntil([](const auto&) { return false; });
  CHECK(client.closed());
}

TEST_CASE("SSE: Last-Event-ID resumes after the id, and wins over from", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  AppendEvents(*store, "client-r01-b01-c00001", 6);
  FeedHub hub(*store);
  LocalHttpServer server(SseRoute(hub));
  SseClient client(server.port(), "/feed?from=1", "4");
  client.ReadUntil(HasEvents(2));
  std::vector<SseMessage> events = client.Events();
  REQUIRE(events.size() == 2);
  CHECK(events[0].id == "5");
  CHECK(events[1].id == "6");
  hub.Stop();
  client.ReadUntil(HasEnd());
}

TEST_CASE("SSE: heartbeats while idle", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  FeedStreamOptions options;
  options.heartbeat_interval = std::chrono::milliseconds(20);
  LocalHttpServer server(SseRoute(hub, options));
  SseClient client(server.port(), "/feed");
  const auto& messages =
      client.ReadUntil([](const std::vector<SseMessage>& got) { return got.size() >= 2; });
  REQUIRE(messages.size() >= 2);
  CHECK(messages[0].comment == "heartbeat");
  CHECK(messages[1].comment == "heartbeat");
  // An event still comes between heartbeats.
  AppendEvents(*store, "client-r01-b01-c00001", 1);
  client.ReadUntil(HasEvents(1));
  CHECK(client.Events().at(0).id == "1");
  hub.Stop();
  client.ReadUntil(HasEnd());
}

TEST_CASE("SSE: a bad parameter is refused before the stream starts", "[feed]") {
  TempDir dir;
  auto store = OpenStore(dir.path(), FastStore());
  FeedHub hub(*store);
  LocalHttpServer server(SseRoute(hub));
  SseClient client(server.port(), "/feed?kinds=Client");
  client.ReadUntil([](const auto&) { return false; });
  REQUIRE(client.parser().is_header_done());
  CHECK(client.parser().get().result() == http::status::bad_request);
  INFO("body: " << client.parser().get().body() << " done: " << client.parser().is_done()
                << " length: " << client.parser().get()[http::field::content_length]
                << " error: " << client.error().message());
  CHECK(client.parser().get().body().find("\"field\":\"kinds\"") != std::string::npos);
  CHECK(hub.Metrics().subscribed_total == 0);
}

TEST_CASE("SSE: ParseFeedRequest reads the target and Last-Event-ID", "[feed]") {
  FeedHttpRequest request{http::verb::get, "/feed?from=7&kinds=client", 11};
  Result<FeedQuery> query = ParseFeedRequest(request);
  REQUIRE(query.ok());
  CHECK(query->from_seq == 7u);
  request.set("Last-Event-ID", "41");
  CHECK(ParseFeedRequest(request)->from_seq == 42u);
  request.set("Last-Event-ID", "x");
  CHECK(ParseFeedRequest(request).status().field() == "Last-Event-ID");
}

TEST_CASE("SSE: the wire text of an event and of the end", "[feed]") {
  Envelope envelope;
  envelope.seq = 12;
  envelope.stream_id = "client-r01-b01-c00001";
  envelope.event_type = "ContactLogged";
  envelope.payload = "{\"note\":\"two\\nlines\"}";
  FeedEvent event(envelope, EncodeEnvelope(envelope));
  const std::string text = FormatSseEvent(event);
  CHECK(text.rfind("id: 12\nevent: ContactLogged\ndata: {", 0) == 0);
  CHECK(text.size() > 2);
  CHECK(text.substr(text.size() - 2) == "\n\n");
  // The data is one line: exactly three line breaks before the blank line.
  CHECK(std::count(text.begin(), text.end(), '\n') == 4);
  CHECK(FormatSseEnd({FeedEndReason::kFellBehind, "fell behind: resume from seq 9", 9}) ==
        "event: end\ndata: {\"message\":\"fell behind: resume from seq 9\",\"reason\":"
        "\"fell_behind\",\"resume_from\":9}\n\n");
}

}  // namespace
}  // namespace prospekt::feed
