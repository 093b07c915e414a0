// Hard limits of the event store. Appends over a limit are refused with
// InvalidArgument before anything is written. Documented in engine/store/FORMAT.md.
#pragma once

#include <cstddef>

namespace prospekt::store {

// A CRM event (a contact, an assignment, a plan) is a few hundred bytes; 64 KiB leaves
// room for long notes while keeping one append's fsync group small.
inline constexpr std::size_t kMaxPayloadBytes = 64 * 1024;
inline constexpr std::size_t kMaxEventsPerAppend = 1024;
// Sum of the payloads of one append.
inline constexpr std::size_t kMaxAppendPayloadBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxStreamIdBytes = 128;
inline constexpr std::size_t kMaxEventTypeBytes = 128;
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 128;
// actor, on_behalf_of, correlation_id and causation_id.
inline constexpr std::size_t kMaxMetadataFieldBytes = 128;

}  // namespace prospekt::store
