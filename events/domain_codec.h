// The Cap'n Proto encoding of a domain event: the payload of an envelope whose
// event_type names it.
//
// A payload is a flat-array (unpacked) message whose root is schema::DomainEvent with
// exactly one union member set (events/domain.capnp). The codec maps values only: it
// neither seals nor opens personal data, nor checks business rules. Pure functions,
// thread-safe; DecodeDomainEvent never throws.
#pragma once

#include <string>
#include <string_view>

#include "events/domain_events.h"
#include "events/status.h"

namespace prospekt {

// The payload bytes of `event`.
std::string EncodeDomainEvent(const domain::DomainEvent& event);

// Decodes the payload of an envelope whose event_type is `event_type`. Accepts
// unaligned input. Returns Corruption when the bytes are not a valid DomainEvent, when
// they hold another event than `event_type` names, or when they hold a union member or
// an enumerant this build does not know (a newer writer: there is no upcasting yet).
Result<domain::DomainEvent> DecodeDomainEvent(std::string_view event_type, std::string_view bytes);

}  // namespace prospekt
