// The event every benchmark writes: a realistic ~320-byte CRM contact (a JSON-like
// ContactLogged payload plus the usual metadata), and its encoded envelope for the bare
// RocksDB baseline, so both sides write values of the same size.
//
// Each event carries a distinct counter stamped into a fixed slot of the payload, so
// values are not identical (identical values would compress unrealistically well in
// SST files and flatter the scans). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "engine/store/event_store.h"

namespace prospekt::bench {

// The stream a producer writes to: producers rotate among a few streams of their own,
// "bench-p<producer>-<n>", so no two producers ever touch the same stream.
std::string StreamName(std::size_t producer, std::size_t stream);

// The template event; use StampCounter() on its payload to make it distinct.
const store::NewEvent& SampleEvent();

// Where in SampleEvent().payload the counter slot starts; the slot holds kCounterDigits
// decimal digits.
std::size_t PayloadCounterOffset();
inline constexpr std::size_t kCounterDigits = 12;

// Overwrites the kCounterDigits bytes at `offset` with `counter` in decimal.
void StampCounter(std::string& text, std::size_t offset, std::uint64_t counter);

// The envelope the store would write for SampleEvent() in a stream named like
// StreamName(), encoded; `payload_offset` gets the position of the payload's counter
// slot inside the encoded bytes.
std::string SampleEncodedEnvelope(std::size_t& payload_offset);

}  // namespace prospekt::bench
