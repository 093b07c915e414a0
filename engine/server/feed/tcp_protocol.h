// The binary TCP feed's wire format (FORMAT.md in this folder is the contract): frame
// headers, the client's hello, and the server's control frames. Pure encode/decode,
// shared by FeedTcpServer and any C++ client (the tests are one); thread-safe. Decoders
// never throw: bad bytes are InvalidArgument naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/server/feed/feed_hub.h"
#include "events/status.h"

namespace prospekt::feed::tcp {

// Every frame starts with a u32 big-endian word: bit 31 set marks a control frame, the
// other 31 bits are the length of the body that follows.
inline constexpr std::uint32_t kControlBit = 0x8000'0000u;
inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::size_t kMaxHelloBytes = 16 * 1024;
inline constexpr std::size_t kMaxTokenBytes = 1024;
inline constexpr char kHelloMagic[] = "PKF1";  // 4 bytes on the wire, no terminator
inline constexpr std::uint8_t kHelloFlagLive = 0x01;

struct FrameHeader {
  bool control = false;
  std::uint32_t length = 0;  // of the body
};
FrameHeader DecodeFrameHeader(const unsigned char (&bytes)[kFrameHeaderBytes]);
std::string EncodeFrameHeader(FrameHeader header);

// What a client asks for.
struct Hello {
  std::string token;
  // nullopt: live only (flag kHelloFlagLive); else the first seq wanted (0 means 1).
  std::optional<std::uint64_t> from_seq;
  std::vector<std::string> kinds;
  std::vector<std::string> types;
};
// The whole hello frame (header and body). Precondition: the sizes fit the format (a
// token of at most kMaxTokenBytes, names of at most 255 bytes, at most 255 kinds and
// 65535 types); the server validates the rest.
std::string EncodeHelloFrame(const Hello& hello);
// The body of a hello frame. InvalidArgument, field "hello.<name>", when the bytes do
// not follow the format; the filter's names are checked by FeedFilter::Make later.
Result<Hello> DecodeHelloBody(std::string_view body);

enum class ControlType : std::uint8_t { kAccepted = 1, kHeartbeat = 2, kEnd = 3 };

// Why the server ends a connection (the end frame's code).
enum class EndCode : std::uint8_t {
  kFellBehind = 1,
  kShuttingDown = 2,
  kStoreError = 3,
  kBadHello = 4,         // malformed, too large, late, or a bad filter
  kUnauthenticated = 5,  // the token was refused
  kBusy = 6,             // the server has its maximum of connections
};
EndCode EndCodeOf(FeedEndReason reason);

// Server frames, whole (header and body).
std::string EncodeEventFrame(std::string_view stored_envelope);
std::string EncodeAcceptedFrame(std::uint64_t start_seq, std::uint64_t head_seq);
std::string EncodeHeartbeatFrame(std::uint64_t resume_from);
std::string EncodeEndFrame(EndCode code, std::uint64_t resume_from, std::string_view message);

// A server frame as a client reads it.
struct ServerFrame {
  enum class Kind : std::uint8_t { kEvent, kAccepted, kHeartbeat, kEnd };
  Kind kind = Kind::kEvent;
  std::string envelope;                       // kEvent: the stored Cap'n Proto envelope
  std::uint64_t start_seq = 0;                // kAccepted
  std::uint64_t head_seq = 0;                 // kAccepted
  std::uint64_t resume_from = 0;              // kHeartbeat, kEnd
  EndCode end_code = EndCode::kShuttingDown;  // kEnd
  std::string message;                        // kEnd
};
Result<ServerFrame> DecodeServerFrame(FrameHeader header, std::string_view body);

}  // namespace prospekt::feed::tcp
