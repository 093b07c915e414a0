// The TCP feed's wire format: the hello of FORMAT.md byte for byte, round trips, and
// every malformed hello refused with the field it breaks.
#include "engine/server/feed/tcp_protocol.h"

#include <catch2/catch.hpp>

namespace prospekt::feed::tcp {
namespace {

std::string FromHex(std::string_view hex) {
  std::string out;
  int high = -1;
  for (char c : hex) {
    int value = -1;
    if (c >= '0' && c <= '9') value = c - '0';
    if (c >= 'A' && c <= 'F') value = c - 'A' + 10;
    if (value < 0) continue;
    if (high < 0) {
      high = value;
    } else {
      out.push_back(static_cast<char>(high * 16 + value));
      high = -1;
    }
  }
  return out;
}

std::string Body(const std::string& frame) { return frame.substr(kFrameHeaderBytes); }

FrameHeader HeaderOf(const std::string& frame) {
  unsigned char bytes[kFrameHeaderBytes];
  for (std::size_t i = 0; i < kFrameHeaderBytes; ++i)
    bytes[i] = static_cast<unsigned char>(frame[i]);
  return DecodeFrameHeader(bytes);
}

TEST_CASE("TCP feed: the hello of FORMAT.md's example, byte for byte", "[feed]") {
  Hello hello;
  hello.token = "tok";
  hello.from_seq = 1000;
  hello.kinds = {"client", "employee"};
  hello.types = {"ContactLogged"};
  const std::string frame = EncodeHelloFrame(hello);
  CHECK(frame == FromHex("00 00 00 33  50 4B 46 31  00  00 00 00 00 00 00 03 E8  00 03 74 6F 6B"
                         "02 06 63 6C 69 65 6E 74 08 65 6D 70 6C 6F 79 65 65"
                         "00 01 0D 43 6F 6E 74 61 63 74 4C 6F 67 67 65 64"));
  CHECK_FALSE(HeaderOf(frame).control);
  CHECK(HeaderOf(frame).length == 51);
  Result<Hello> decoded = DecodeHelloBody(Body(frame));
  REQUIRE(decoded.ok());
  CHECK(decoded->token == "tok");
  CHECK(decoded->from_seq == 1000u);
  CHECK(decoded->kinds == hello.kinds);
  CHECK(decoded->types == hello.types);
}

TEST_CASE("TCP feed: a live hello has no from_seq", "[feed]") {
  Hello hello;
  hello.token = "t";
  const std::string body = Body(EncodeHelloFrame(hello));
  CHECK(static_cast<std::uint8_t>(body[4]) == kHelloFlagLive);
  Result<Hello> decoded = DecodeHelloBody(body);
  REQUIRE(decoded.ok());
  CHECK_FALSE(decoded->from_seq);
  CHECK(decoded->kinds.empty());
}

TEST_CASE("TCP feed: malformed hellos name the field", "[feed]") {
  Hello hello;
  hello.token = "token";
  hello.from_seq = 5;
  hello.kinds = {"client"};
  const std::string good = Body(EncodeHelloFrame(hello));
  auto field_of = [](const std::string& body) {
    Result<Hello> decoded = DecodeHelloBody(body);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.status().code() == StatusCode::kInvalidArgument);
    return decoded.status().field();
  };
  CHECK(field_of("") == "hello.magic");
  CHECK(field_of("GET / HTTP/1.1\r\n") == "hello.magic");
  std::string flags = good;
  flags[4] = '\x02';
  CHECK(field_of(flags) == "hello.flags");
  std::string live_with_from = good;
  live_with_from[4] = '\x01';
  CHECK(field_of(live_with_from) == "hello.from_seq");
  CHECK(field_of(good.substr(0, 10)) == "hello.from_seq");
  CHECK(field_of(good.substr(0, 16)) == "hello.token");
  CHECK(field_of(good.substr(0, good.size() - 3)) == "hello.kinds");
  CHECK(field_of(good.substr(0, good.size() - 1)) == "hello.types");
  CHECK(field_of(good + "x") == "hello");
  Hello empty_token = hello;
  empty_token.token.clear();
  CHECK(field_of(Body(EncodeHelloFrame(empty_token))) == "hello.token");
  // Every cut of a good hello is refused, never read past its end.
  for (std::size_t size = 0; size < good.size(); ++size) {
    CHECK_FALSE(DecodeHelloBody(good.substr(0, size)).ok());
  }
}

TEST_CASE("TCP feed: server frames round-trip", "[feed]") {
  const std::string envelope("\x00\x00\x00\x00\x02\x00\x00\x00 capnp bytes", 20);
  const std::string event = EncodeEventFrame(envelope);
  CHECK_FALSE(HeaderOf(event).control);
  CHECK(HeaderOf(event).length == envelope.size());
  Result<ServerFrame> decoded = DecodeServerFrame(HeaderOf(event), Body(event));
  REQUIRE(decoded.ok());
  CHECK(decoded->kind == ServerFrame::Kind::kEvent);
  CHECK(decoded->envelope == envelope);

  const std::string accepted = EncodeAcceptedFrame(7, 99);
  CHECK(static_cast<std::uint8_t>(accepted[0]) == 0x80);
  decoded = DecodeServerFrame(HeaderOf(accepted), Body(accepted));
  REQUIRE(decoded.ok());
  CHECK(decoded->kind == ServerFrame::Kind::kAccepted);
  CHECK(decoded->start_seq == 7);
  CHECK(decoded->head_seq == 99);

  const std::string heartbeat = EncodeHeartbeatFrame(1234);
  decoded = DecodeServerFrame(HeaderOf(heartbeat), Body(heartbeat));
  REQUIRE(decoded.ok());
  CHECK(decoded->kind == ServerFrame::Kind::kHeartbeat);
  CHECK(decoded->resume_from == 1234);

  const std::string end =
      EncodeEndFrame(EndCode::kFellBehind, 42, "fell behind: resume from seq 42");
  decoded = DecodeServerFrame(HeaderOf(end), Body(end));
  REQUIRE(decoded.ok());
  CHECK(decoded->kind == ServerFrame::Kind::kEnd);
  CHECK(decoded->end_code == EndCode::kFellBehind);
  CHECK(decoded->resume_from == 42);
  CHECK(decoded->message == "fell behind: resume from seq 42");

  CHECK_FALSE(DecodeServerFrame({true, 0}, "").ok());
  CHECK_FALSE(DecodeServerFrame({true, 1}, "\x09").ok());
  CHECK_FALSE(DecodeServerFrame({true, 5}, std::string("\x01\x00\x00\x00\x01", 5)).ok());
}

TEST_CASE("TCP feed: end codes of the hub's reasons", "[feed]") {
  CHECK(EndCodeOf(FeedEndReason::kFellBehind) == EndCode::kFellBehind);
  CHECK(EndCodeOf(FeedEndReason::kShuttingDown) == EndCode::kShuttingDown);
  CHECK(EndCodeOf(FeedEndReason::kStoreError) == EndCode::kStoreError);
}

}  // namespace
}  // namespace prospekt::feed::tcp
