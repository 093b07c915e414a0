// The envelope of a logged event, as plain C++, and its Cap'n Proto encoding.
//
// The store assigns seq, stream_version, recorded_at_us and prev_hash; everything else
// comes from the writer. Encode/Decode are pure and thread-safe; DecodeEnvelope never
// throws: damaged bytes become a Corruption status.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/chain_hash.h"
#include "events/status.h"

namespace prospekt {

struct Envelope {
  std::uint64_t seq = 0;
  std::string stream_id;
  std::uint64_t stream_version = 0;
  std::string event_type;
  std::uint16_t schema_version = 1;
  std::int64_t occurred_at_us = 0;
  std::int64_t recorded_at_us = 0;
  std::string actor;
  std::string on_behalf_of;
  std::string correlation_id;
  std::string causation_id;
  std::string idempotency_key;
  ChainHash prev_hash{};
  std::string payload;

  bool operator==(const Envelope&) const = default;
};

// The Cap'n Proto flat-array (unpacked) encoding of `envelope`.
std::string EncodeEnvelope(const Envelope& envelope);

// Decodes bytes written by EncodeEnvelope (of any schema version so far).
// Accepts unaligned input. Returns Corruption when the bytes are not a valid envelope.
Result<Envelope> DecodeEnvelope(std::string_view bytes);

}  // namespace prospekt
