#include "engine/server/feed/tcp_protocol.h"


namespace prospekt::feed::tcp {
namespace {

void PutU8(std::string& out, std::uint8_t value) { out.push_back(static_cast<char>(value)); }

void PutU16(std::string& out, std::uint16_t value) {
  out.push_back(static_cast<char>((value >> 8) & 0xff));
  out.push_back(static_cast<char>(value & 0xff));
}

void PutU32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

void PutU64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

std::string Frame(bool control, std::string_view body) {
  std::string out = EncodeFrameHeader({control, static_cast<std::uint32_t>(body.size())});
  out.append(body);
  return out;
}

// Reads big-endian fields from a body, remembering the first shortfall.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool U8(std::uint8_t& value) {
    if (bytes_.size() < 1) return false;
    value = Byte(0);
    bytes_.remove_prefix(1);
    return true;
  }
  bool U16(std::uint16_t& value) {
    if (bytes_.size() < 2) return false;
    value = static_cast<std::uint16_t>((Byte(0) << 8) | Byte(1));
    bytes_.remove_prefix(2);
    return true;
  }
  bool U64(std::uint64_t& value) {
    if (bytes_.size() < 8) return false;
    value = 0;
    for (std::size_t i = 0; i < 8; ++i) value = (value << 8) | Byte(i);
    bytes_.remove_prefix(8);
    return true;
  }
  bool Bytes(std::size_t size, std::string_view& value) {
    if (bytes_.size() < size) return false;
    value = bytes_.substr(0, size);
    bytes_.remove_prefix(size);
    return true;
  }
  std::string_view rest() const { return bytes_; }

 private:
  std::uint8_t Byte(std::size_t i) const { return static_cast<std::uint8_t>(bytes_[i]); }
  std::string_view bytes_;
};

Status Short(const std::string& field) {
  return Status::InvalidArgument("the hello ends inside " + field, field);
}

Result<std::vector<std::string>> ReadNames(Reader& reader, std::size_t count,
                                           const std::string& field) {
  std::vector<std::string> names;
  names.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint8_t size = 0;
    std::string_view name;
    if (!reader.U8(size) || !reader.Bytes(size, name)) return Short(field);
    names.emplace_back(name);
  }
  return names;
}

}  // namespace

FrameHeader DecodeFrameHeader(const unsigned char (&bytes)[kFrameHeaderBytes]) {
  const std::uint32_t word = (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
                             (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
  return {(word & kControlBit) != 0, word & ~kControlBit};
}

std::string EncodeFrameHeader(FrameHeader header) {
  std::string out;
  PutU32(out, (header.length & ~kControlBit) | (header.control ? kControlBit : 0u));
  return out;
}

std::string EncodeHelloFrame(const Hello& hello) {
  std::string body(kHelloMagic, 4);
  PutU8(body, hello.from_seq ? 0 : kHelloFlagLive);
  PutU64(body, hello.from_seq.value_or(0));
  PutU16(body, static_cast<std::uint16_t>(hello.token.size()));
  body += hello.token;
  PutU8(body, static_cast<std::uint8_t>(hello.kinds.size()));
  for (const std::string& kind : hello.kinds) {
    PutU8(body, static_cast<std::uint8_t>(kind.size()));
    body += kind;
  }
  PutU16(body, static_cast<std::uint16_t>(hello.types.size()));
  for (const std::string& type : hello.types) {
    PutU8(body, static_cast<std::uint8_t>(type.size()));
    body += type;
  }
  return Frame(/*control=*/false, body);
}

Result<Hello> DecodeHelloBody(std::string_view body) {
  Reader reader(body);
  std::string_view magic;
  if (!reader.Bytes(4, magic) || magic != std::string_view(kHelloMagic, 4)) {
    return Status::InvalidArgument(
        "the hello must start with the magic bytes \"PKF1\" (protocol version 1)", "hello.magic");
  }
  Hello hello;
  std::uint8_t flags = 0;
  if (!reader.U8(flags)) return Short("hello.flags");
  if ((flags & ~kHelloFlagLive) != 0) {
    return Status::InvalidArgument("unknown hello flags (only bit 0, live, is defined)",
                                   "hello.flags");
  }
  std::uint64_t from_seq = 0;
  if (!reader.U64(from_seq)) return Short("hello.from_seq");
  if ((flags & kHelloFlagLive) != 0) {
    if (from_seq != 0) {
      return Status::InvalidArgument("a live hello must carry from_seq 0", "hello.from_seq");
    }
  } else {
    hello.from_seq = from_seq;
  }
  std::uint16_t token_size = 0;
  std::string_view token;
  if (!reader.U16(token_size) || !reader.Bytes(token_size, token)) return Short("hello.token");
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return Status::InvalidArgument(
        "the token must be 1 to " + std::to_string(kMaxTokenBytes) + " bytes", "hello.token");
  }
  hello.token = std::string(token);
  std::uint8_t kind_count = 0;
  if (!reader.U8(kind_count)) return Short("hello.kinds");
  Result<std::vector<std::string>> kinds = ReadNames(reader, kind_count, "hello.kinds");
  if (!kinds.ok()) return kinds.status();
  hello.kinds = std::move(kinds).value();
  std::uint16_t type_count = 0;
  if (!reader.U16(type_count)) return Short("hello.types");
  Result<std::vector<std::string>> types = ReadNames(reader, type_count, "hello.types");
  if (!types.ok()) return types.status();
  hello.types = std::move(types).value();
  if (!reader.rest().empty()) {
    return Status::InvalidArgument(
        std::to_string(reader.rest().size()) + " bytes after the end of the hello", "hello");
  }
  return hello;
}

EndCode EndCodeOf(FeedEndReason reason) {
  switch (reason) {
    case FeedEndReason::kFellBehind:
      return EndCode::kFellBehind;
    case FeedEndReason::kShuttingDown:
      return EndCode::kShuttingDown;
    case FeedEndReason::kStoreError:
      return EndCode::kStoreError;
  }
  return EndCode::kStoreError;
}

std::string EncodeEventFrame(std::string_view stored_envelope) {
  return Frame(/*control=*/false, stored_envelope);
}

std::string EncodeAcceptedFrame(std::uint64_t start_seq, std::uint64_t head_seq) {
  std::string body;
  PutU8(body, static_cast<std::uint8_t>(ControlType::kAccepted));
  PutU64(body, start_seq);
  PutU64(body, head_seq);
  return Frame(/*control=*/true, body);
}

std::string EncodeHeartbeatFrame(std::uint64_t resume_from) {
  std::string body;
  PutU8(body, static_cast<std::uint8_t>(ControlType::kHeartbeat));
  PutU64(body, resume_from);
  return Frame(/*control=*/true, body);
}

std::string EncodeEndFrame(EndCode code, std::uint64_t resume_from, std::string_view message) {
  std::string body;
  PutU8(body, static_cast<std::uint8_t>(ControlType::kEnd));
  PutU8(body, static_cast<std::uint8_t>(code));
  PutU64(body, resume_from);
  body.append(message.substr(0, 1024));
  return Frame(/*control=*/true, body);
}

Result<ServerFrame> DecodeServerFrame(FrameHeader header, std::string_view body) {
  ServerFrame frame;
  if (!header.control) {
    frame.kind = ServerFrame::Kind::kEvent;
    frame.envelope = std::string(body);
    return frame;
  }
  Reader reader(body);
  std::uint8_t type = 0;
  if (!reader.U8(type)) return Status::InvalidArgument("an empty control frame", "frame.type");
  auto exactly = [&](std::size_t size) { return body.size() == 1 + size; };
  switch (static_cast<ControlType>(type)) {
    case ControlType::kAccepted:
      if (!exactly(16) || !reader.U64(frame.start_seq) || !reader.U64(frame.head_seq)) break;
      frame.kind = ServerFrame::Kind::kAccepted;
      return frame;
    case ControlType::kHeartbeat:
      if (!exactly(8) || !reader.U64(frame.resume_from)) break;
      frame.kind = ServerFrame::Kind::kHeartbeat;
      return frame;
    case ControlType::kEnd: {
      std::uint8_t code = 0;
      if (!reader.U8(code) || !reader.U64(frame.resume_from)) break;
      frame.kind = ServerFrame::Kind::kEnd;
      frame.end_code = static_cast<EndCode>(code);
      frame.message = std::string(reader.rest());
      return frame;
    }
    default:
      return Status::InvalidArgument("unknown control frame type " + std::to_string(type),
                                     "frame.type");
  }
  return Status::InvalidArgument(
      "control frame type " + std::to_string(type) + " of the wrong size", "frame.body");
}

}  // namespace prospekt::feed::tcp
