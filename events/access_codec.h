// The Cap'n Proto encoding of an access-log event: the payload of an envelope in the
// access log (engine/access/access_log.h) whose event_type names it.
//
// A payload is a flat-array (unpacked) message whose root is schema::AccessEvent with
// exactly one union member set (events/access.capnp). Pure functions, thread-safe;
// DecodeAccessEvent never throws.
#pragma once

#include <string>
#include <string_view>

#include "events/access_events.h"
#include "events/status.h"

namespace prospekt {

// The payload bytes of `event`.
std::string EncodeAccessEvent(const access::AccessEvent& event);

// Decodes the payload of an envelope whose event_type is `event_type`. Accepts
// unaligned input. Returns Corruption when the bytes are not a valid AccessEvent, when
// they hold another event than `event_type` names, or a union member or enumerant this
// build does not know.
Result<access::AccessEvent> DecodeAccessEvent(std::string_view event_type, std::string_view bytes);

}  // namespace prospekt
