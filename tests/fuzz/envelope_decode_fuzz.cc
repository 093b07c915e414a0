// Fuzz target: DecodeEnvelope must turn any bytes into an envelope or a Corruption
// status, never crash, hang or read out of bounds. A decoded envelope must encode and
// decode again to itself.
//
// With clang and -DPROSPEKT_FUZZ=ON this links with libFuzzer:
//   build/fuzz/tests/fuzz/envelope_decode_fuzz tests/events/corpus -max_total_time=60
// Otherwise it links with replay_main.cc, and ctest runs it over the seed corpus.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "events/envelope.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  prospekt::Result<prospekt::Envelope> decoded = prospekt::DecodeEnvelope(bytes);
  if (!decoded.ok()) {
    if (decoded.status().code() != prospekt::StatusCode::kCorruption) std::abort();
    return 0;
  }
  prospekt::Result<prospekt::Envelope> again =
      prospekt::DecodeEnvelope(prospekt::EncodeEnvelope(*decoded));
  if (!again.ok() || !(*again == *decoded)) std::abort();
  return 0;
}
