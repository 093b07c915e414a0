// Helpers shared by the codecs for Cap'n Proto's flat-array (unpacked) encoding: the
// bytes of a built message, and stored bytes made readable in place.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace prospekt::internal {

// The flat-array bytes of a built message.
inline std::string FlatBytes(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  kj::ArrayPtr<const kj::byte> bytes = words.asBytes();
  return {reinterpret_cast<const char*>(bytes.begin()), bytes.size()};
}

// Cap'n Proto reads 8-byte aligned words in place, and stored bytes (a RocksDB value, a
// payload inside an envelope) sit at any address: Copy puts them into a reused aligned
// buffer. One per decoder and thread (thread_local at the call site); what it returns is
// valid until the next Copy, so decoders copy every field out before returning.
class AlignedWords {
 public:
  // Precondition: bytes.size() is a multiple of 8.
  kj::ArrayPtr<const capnp::word> Copy(std::string_view bytes) {
    const std::size_t word_count = bytes.size() / sizeof(capnp::word);
    if (buffer_.size() < word_count) {
      buffer_ = kj::heapArray<capnp::word>(std::max(word_count, 2 * buffer_.size()));
    }
    std::memcpy(buffer_.begin(), bytes.data(), bytes.size());
    return kj::arrayPtr(buffer_.begin(), word_count);
  }

 private:
  kj::Array<capnp::word> buffer_;
};

// Reader limits: a damaged pointer must not make the reader walk more than
// `max_bytes` or nest deeper than `nesting`.
inline capnp::ReaderOptions ReaderLimits(std::size_t max_bytes, int nesting) {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = max_bytes / sizeof(capnp::word);
  options.nestingLimit = nesting;
  return options;
}

}  // namespace prospekt::internal
