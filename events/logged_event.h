// LoggedEvent: one stored event decoded in a single pass for readers of the whole log
// (the projection runner, scans): the envelope's fields and, for a domain event type,
// its DomainEvent read in place from the envelope's own buffer — at most one aligned copy
// of the stored bytes (none when they are 8-byte aligned already), no copy of the payload.
//
// DecodeLoggedEvent decodes into an existing LoggedEvent and reuses the capacity of its
// strings, so a reader that recycles its LoggedEvents decodes without allocating for
// most fields. It checks what DecodeEnvelope and DecodeDomainEvent check, and never
// throws. Pure; thread-safe (its aligned buffer is thread_local).
#pragma once

#include <optional>
#include <string_view>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "events/status.h"

namespace prospekt {

struct LoggedEvent {
  // Every field as stored, except `payload`: empty for a domain event (it was decoded
  // into `event`), the payload bytes for any other event type.
  Envelope envelope;
  std::optional<domain::DomainEvent> event;  // nullopt: not a domain event type
};

// Decodes the stored bytes of one event into `out`. Corruption when the envelope or its
// domain payload does not decode (the message names which); `out` is then unspecified.
Status DecodeLoggedEvent(std::string_view bytes, LoggedEvent& out);

}  // namespace prospekt
