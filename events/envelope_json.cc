#include "events/envelope_json.h"

#include <nlohmann/json.hpp>

#include "events/access_codec.h"
#include "events/access_json.h"
#include "events/domain_codec.h"
#include "events/domain_json.h"

#include <chrono>
#include <cstdio>

namespace prospekt {

std::string FormatUtcMicros(std::int64_t micros_since_epoch) {
  using namespace std::chrono;
  const sys_time<microseconds> time{microseconds{micros_since_epoch}};
  const sys_days day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()),
                static_cast<long long>(clock.subseconds().count()));
  return buffer;
}

nlohmann::json EnvelopeToJson(const Envelope& e, const ErasedCheck& erased) {
  nlohmann::json json = {
      {"seq", e.seq},
      {"stream_id", e.stream_id},
      {"stream_version", e.stream_version},
      {"event_type", e.event_type},
      {"schema_version", e.schema_version},
      {"occurred_at", FormatUtcMicros(e.occurred_at_us)},
      {"recorded_at", FormatUtcMicros(e.recorded_at_us)},
      {"actor", e.actor},
      {"on_behalf_of", e.on_behalf_of},
      {"correlation_id", e.correlation_id},
      {"causation_id", e.causation_id},
      {"idempotency_key", e.idempotency_key},
      {"prev_hash", ToHex(e.prev_hash)},
  };
  // A domain event renders field by field; other payloads (the pre-domain sample log,
  // operators' JSON notes) as the JSON they are, or as hex.
  Result<domain::DomainEvent> event = DecodeDomainEvent(e.event_type, e.payload);
  if (event.ok()) {
    json["payload"] = DomainEventToJson(*event, erased);
    return json;
  }
  // An access log's event (engine/access/access_log.h).
  if (access::IsAccessEventType(e.event_type)) {
    Result<access::AccessEvent> access_event = DecodeAccessEvent(e.event_type, e.payload);
    if (access_event.ok()) {
      json["payload"] = AccessEventToJson(*access_event);
      return json;
    }
  }
  nlohmann::json payload = nlohmann::json::parse(e.payload, nullptr, /*allow_exceptions=*/false);
  if (!payload.is_discarded()) {
    json["payload"] = std::move(payload);
  } else {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(e.payload.size() * 2);
    for (char c : e.payload) {
      const auto byte = static_cast<unsigned char>(c);
      hex.push_back(kDigits[byte >> 4]);
      hex.push_back(kDigits[byte & 0x0f]);
    }
    json["payload_hex"] = std::move(hex);
  }
  return json;
}

}  // namespace prospekt
