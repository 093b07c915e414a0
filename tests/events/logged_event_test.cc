// DecodeLoggedEvent: the same envelope and domain event as DecodeEnvelope followed by
// DecodeDomainEvent, decoding into a reused LoggedEvent, and damage refused.
#include "events/logged_event.h"

#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "events/domain_codec.h"
#include "events/envelope.h"

namespace prospekt {
namespace {

Envelope ContactEnvelope(std::uint64_t seq, std::string note) {
  domain::ContactLogged contact{.client_id = "r01-b01-c00042",
                                .employee_id = "r01-b01-e02",
                                .type = domain::ContactType::kMeeting,
                                .outcome = domain::ContactOutcome::kRefused,
                                .product_code = "deposit",
                                .amount = {},
                                .refusal_reason = domain::RefusalReason::kTermsUnsuitable,
                                .refusal_text = "",
                                .note = std::move(note),
                                .next_contact_at_us = 1'767'900'000'000'000};
  Envelope e;
  e.seq = seq;
  e.stream_id = "client-r01-b01-c00042";
  e.stream_version = seq;
  e.event_type = "ContactLogged";
  e.occurred_at_us = 1'767'603'600'000'000;
  e.recorded_at_us = 1'767'603'601'000'000;
  e.actor = "r01-b01-e02";
  e.on_behalf_of = "r01-b01-e03";
  e.correlation_id = "a correlation id longer than the small-string buffer";
  e.idempotency_key = "key-" + std::to_string(seq);
  e.prev_hash = HashEnvelopeBytes("previous");
  e.payload = EncodeDomainEvent(contact);
  return e;
}

TEST_CASE("a logged event decodes as envelope and domain event decode it",
          "[events][logged_event]") {
  const Envelope original = ContactEnvelope(7, "wants the terms in writing");
  LoggedEvent logged;
  REQUIRE(DecodeLoggedEvent(EncodeEnvelope(original), logged).ok());
  Envelope without_payload = original;
  without_payload.payload.clear();
  CHECK(logged.envelope == without_payload);
  REQUIRE(logged.event.has_value());
  Result<domain::DomainEvent> expected = DecodeDomainEvent(original.event_type, original.payload);
  REQUIRE(expected.ok());
  CHECK(*logged.event == *expected);

  // Decoding into the same object again replaces every field, shorter strings included.
  Envelope second = ContactEnvelope(8, "");
  second.on_behalf_of.clear();
  second.correlation_id = "c";
  REQUIRE(DecodeLoggedEvent(EncodeEnvelope(second), logged).ok());
  second.payload.clear();
  CHECK(logged.envelope == second);
  CHECK(std::get<domain::ContactLogged>(*logged.event).note.empty());
}

TEST_CASE("an event that is not a domain event keeps its payload", "[events][logged_event]") {
  Envelope sample = ContactEnvelope(3, "x");
  LoggedEvent logged;
  REQUIRE(DecodeLoggedEvent(EncodeEnvelope(sample), logged).ok());
  REQUIRE(logged.event.has_value());
  sample.event_type = "NoteAdded";  // the older pre-domain sample events
  sample.payload = R"({"note":"called back"})";
  REQUIRE(DecodeLoggedEvent(EncodeEnvelope(sample), logged).ok());
  CHECK_FALSE(logged.event.has_value());
  CHECK(logged.envelope == sample);
}

TEST_CASE("damaged logged events are Corruption, never a crash", "[events][logged_event]") {
  const std::string good = EncodeEnvelope(ContactEnvelope(5, "a note"));
  LoggedEvent logged;
  CHECK(DecodeLoggedEvent("", logged).code() == StatusCode::kCorruption);
  CHECK(DecodeLoggedEvent(good.substr(0, good.size() - 3), logged).code() ==
        StatusCode::kCorruption);
  CHECK(DecodeLoggedEvent(good.substr(0, good.size() - 8), logged).code() ==
        StatusCode::kCorruption);

  // A payload of another type than the envelope names.
  Envelope mismatched = ContactEnvelope(6, "");
  mismatched.event_type = "ClientRegistered";
  Status status = DecodeLoggedEvent(EncodeEnvelope(mismatched), logged);
  CHECK(status.code() == StatusCode::kCorruption);
  CHECK_THAT(status.message(), Catch::Contains("holds a ContactLogged"));

  // A payload that is not a whole number of words cannot be a message.
  Envelope ragged = ContactEnvelope(6, "");
  ragged.payload.resize(ragged.payload.size() - 1);
  CHECK(DecodeLoggedEvent(EncodeEnvelope(ragged), logged).code() == StatusCode::kCorruption);

  // Random flips: either a clean decode or Corruption, and the same verdict as the
  // two-step decode.
  std::mt19937 random(11);
  for (int i = 0; i < 2'000; ++i) {
    std::string bytes = good;
    bytes[random() % bytes.size()] = static_cast<char>(random());
    const Status one_pass = DecodeLoggedEvent(bytes, logged);
    Result<Envelope> envelope = DecodeEnvelope(bytes);
    bool two_steps = envelope.ok();
    if (two_steps && (envelope->event_type == "ContactLogged" ||
                      envelope->event_type == "ClientRegistered")) {
      two_steps = DecodeDomainEvent(envelope->event_type, envelope->payload).ok();
    }
    if (!one_pass.ok()) REQUIRE(one_pass.code() == StatusCode::kCorruption);
    if (two_steps && envelope->event_type == "ContactLogged") REQUIRE(one_pass.ok());
  }
}

}  // namespace
}  // namespace prospekt
