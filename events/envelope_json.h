// JSON rendering of an envelope for the CLI, exports and (later) the HTTP API.
// Times are rendered as ISO-8601 UTC; hashes as hex. A payload that decodes as the
// domain event its event_type names renders as DomainEventToJson, an access-log event
// as AccessEventToJson (events/access_json.h); one that is a JSON document is embedded
// as JSON; any other payload is hex under "payload_hex". Pure and thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

#include "events/domain_json.h"
#include "events/envelope.h"

namespace prospekt {

// `erased` as in DomainEventToJson: given, a sealed text whose key is gone renders as
// {"erased": true}; otherwise as {"sealed": true}.
nlohmann::json EnvelopeToJson(const Envelope& envelope, const ErasedCheck& erased = {});

// "2026-01-05T09:00:00.000000Z"
std::string FormatUtcMicros(std::int64_t micros_since_epoch);

}  // namespace prospekt
