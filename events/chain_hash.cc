#include "events/chain_hash.h"

#include <sodium.h>

#include <cstdlib>

namespace prospekt {
namespace {

// sodium_init picks the fastest implementation for this CPU; it is idempotent and
// thread-safe, but we call it once. It fails only when the OS has no entropy source,
// which this hash does not need, so the result is deliberately ignored.
void EnsureSodiumInitialised() {
  static const int kInit = sodium_init();
  static_cast<void>(kInit);
}

}  // namespace

ChainHash HashEnvelopeBytes(std::string_view encoded_envelope) {
  EnsureSodiumInitialised();
  ChainHash hash;
  crypto_generichash(hash.data(), hash.size(),
                     reinterpret_cast<const unsigned char*>(encoded_envelope.data()),
                     encoded_envelope.size(), nullptr, 0);
  return hash;
}

std::string ToHex(const ChainHash& hash) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (std::uint8_t byte : hash) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

}  // namespace prospekt
