#include "engine/store/checked_scan.h"

#include <algorithm>
#include <string>
#include <utility>

namespace prospekt::store {

Status ScanChecked(const EventStore& store, std::uint64_t from_seq,
                   const std::function<bool(Envelope&& envelope, std::string_view bytes)>& visit) {
  std::uint64_t expected = std::max<std::uint64_t>(from_seq, 1);
  Status failure;
  Status scanned = store.ScanRaw(from_seq, [&](std::uint64_t seq, std::string_view bytes) {
    // Invariant: the log is gapless; a reader must never be handed a hole.
    if (seq != expected) {
      failure =
          Status::Corruption("the log has a gap: seq " + std::to_string(expected) +
                             " is missing, the next stored event is seq " + std::to_string(seq));
      return false;
    }
    Result<Envelope> envelope = DecodeEnvelope(bytes);
    if (!envelope.ok()) {
      failure =
          Status::Corruption("seq " + std::to_string(seq) + ": " + envelope.status().message());
      return false;
    }
    if (envelope->seq != seq) {
      failure = Status::Corruption("seq " + std::to_string(seq) + ": the envelope claims seq " +
                                   std::to_string(envelope->seq));
      return false;
    }
    ++expected;
    return visit(std::move(envelope).value(), bytes);
  });
  PROSPEKT_RETURN_IF_ERROR(scanned);
  return failure;
}

}  // namespace prospekt::store
