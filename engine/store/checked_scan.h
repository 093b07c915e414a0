// ScanChecked: the log's events in seq order, decoded and checked on the way — the one
// place where a reader that walks the log (EventStore::ReadAll, the feed's catch-up, the
// export) makes sure it is never handed a hole, an undecodable envelope, or an envelope
// stored under another seq than its own.
//
// Over EventStore::ScanRaw; thread-safe as that is (any thread, beside appends).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "engine/store/event_store.h"
#include "events/envelope.h"
#include "events/status.h"

namespace prospekt::store {

// Visits the stored events from `from_seq` (0 reads as 1) in seq order, each decoded and
// with its stored bytes (for hashing or sending as they are), until `visit` returns false
// or the log ends. Corruption, and no further visit, for a seq missing between two
// stored ones, an envelope that does not decode, or one that names another seq; what
// the store returns when the scan itself fails.
Status ScanChecked(const EventStore& store, std::uint64_t from_seq,
                   const std::function<bool(Envelope&& envelope, std::string_view bytes)>& visit);

}  // namespace prospekt::store
