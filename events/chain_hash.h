// The hash chain that makes the log tamper-evident: every envelope stores the
// BLAKE2b-256 hash of the previous envelope's encoded bytes. Pure and thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace prospekt {

inline constexpr std::size_t kChainHashSize = 32;
using ChainHash = std::array<std::uint8_t, kChainHashSize>;

// The prev_hash of the first envelope in the log.
inline constexpr ChainHash kGenesisHash{};

// BLAKE2b-256 (libsodium's crypto_generichash) of an envelope's encoded bytes.
ChainHash HashEnvelopeBytes(std::string_view encoded_envelope);

// Lower-case hex, 64 characters.
std::string ToHex(const ChainHash& hash);

}  // namespace prospekt
