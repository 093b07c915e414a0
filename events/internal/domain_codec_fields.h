// Field-by-field mapping between the domain event structs (events/domain_events.h) and
// their Cap'n Proto messages (events/domain.capnp). Private to events/domain_codec.cc,
// which owns the bytes, the reader limits and the error conversion.
//
// ReadDomainEvent throws UnknownValue (events/internal/domain_enums.h) for a union
// member or enumerant this build does not know, and lets Cap'n Proto's kj::Exception
// through for malformed messages; the caller catches both. Pure, thread-safe.
#pragma once

#include "events/domain.capnp.h"
#include "events/domain_events.h"

namespace prospekt::internal {

// Sets exactly the union member of `event` on `root`.
void WriteDomainEvent(const domain::DomainEvent& event, schema::DomainEvent::Builder root);

domain::DomainEvent ReadDomainEvent(schema::DomainEvent::Reader root);

}  // namespace prospekt::internal
