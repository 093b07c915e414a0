#include "bench/sample_event.h"

#include <stdexcept>

#include "events/envelope.h"

namespace prospekt::bench {
namespace {

// A contact logged by an advisor, as the domain would encode it: ~320 bytes of JSON.
// The twelve zeros of "ct-r01-000000000000" are the counter slot.
constexpr char kPayload[] =
    R"({"contact_id":"ct-r01-000000000000","client_id":"client-r01-000042",)"
    R"("advisor_id":"emp-0042","branch":"r01-zurich-paradeplatz","channel":"phone",)"
    R"("topic":"mortgage.renewal","outcome":"follow_up_scheduled",)"
    R"("follow_up_on":"2024-06-14","duration_s":540,)"
    R"("note":"Asks about fixing the rate for 5 or 10 years; send both offers."})";
constexpr char kCounterSlot[] = "ct-r01-";

store::NewEvent MakeSampleEvent() {
  store::NewEvent event;
  event.event_type = "ContactLogged";
  event.schema_version = 1;
  event.occurred_at_us = 1718000000000000;
  event.actor = "emp-0042";
  event.correlation_id = "req-7f3c2a9e-4b1d-4e8a-9c55-0d2f61a8b7e4";
  event.causation_id = "cmd-LogContact-7f3c2a9e";
  event.payload = kPayload;
  return event;
}

}  // namespace

std::string StreamName(std::size_t producer, std::size_t stream) {
  return "bench-p" + std::to_string(producer) + "-" + std::to_string(stream);
}

const store::NewEvent& SampleEvent() {
  static const store::NewEvent event = MakeSampleEvent();
  return event;
}

std::size_t PayloadCounterOffset() {
  static const std::size_t offset =
      std::string_view(kPayload).find(kCounterSlot) + sizeof(kCounterSlot) - 1;
  return offset;
}

void StampCounter(std::string& text, std::size_t offset, std::uint64_t counter) {
  for (std::size_t i = kCounterDigits; i > 0; --i) {
    text[offset + i - 1] = static_cast<char>('0' + counter % 10);
    counter /= 10;
  }
}

std::string SampleEncodedEnvelope(std::size_t& payload_offset) {
  const store::NewEvent& event = SampleEvent();
  Envelope envelope;
  // Positions as in the middle of a long run; their size does not depend on value.
  envelope.seq = 1'000'000;
  envelope.stream_id = StreamName(10, 1);
  envelope.stream_version = 1000;
  envelope.event_type = event.event_type;
  envelope.schema_version = event.schema_version;
  envelope.occurred_at_us = event.occurred_at_us;
  envelope.recorded_at_us = event.occurred_at_us;
  envelope.actor = event.actor;
  envelope.correlation_id = event.correlation_id;
  envelope.causation_id = event.causation_id;
  envelope.payload = event.payload;
  std::string encoded = EncodeEnvelope(envelope);
  const std::size_t payload_at = encoded.find(event.payload);
  if (payload_at == std::string::npos) {
    // Cap'n Proto stores Data verbatim, so this means the encoding changed shape.
    throw std::logic_error("the sample payload is not verbatim in its envelope");
  }
  payload_offset = payload_at + PayloadCounterOffset();
  return encoded;
}

}  // namespace prospekt::bench
