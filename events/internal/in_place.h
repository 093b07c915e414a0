// The halves of the codecs that read from words already aligned in memory, shared by
// DecodeEnvelope / DecodeDomainEvent (which first copy stored bytes into an aligned
// buffer) and DecodeLoggedEvent (which reads the payload in place inside the envelope's
// buffer). Private to events/. Pure, thread-safe; they never throw.
#pragma once

#include <capnp/common.h>
#include <kj/common.h>

#include <string_view>

#include "events/domain_events.h"
#include "events/envelope.capnp.h"
#include "events/envelope.h"
#include "events/status.h"

namespace prospekt::internal {

// Copies the envelope's fields into `out`, reusing the capacity of its strings. The
// payload is copied only with `copy_payload` (otherwise `out.payload` is cleared).
// Corruption when a field is malformed. May throw kj::Exception (the caller catches).
Status ReadEnvelopeFields(schema::Envelope::Reader reader, Envelope& out, bool copy_payload);

// Decodes a payload held in aligned words (see DecodeDomainEvent for the checks).
Result<domain::DomainEvent> DecodeDomainEventWords(std::string_view event_type,
                                                   kj::ArrayPtr<const capnp::word> words);

}  // namespace prospekt::internal
