// Envelope encoding, decoding of damaged bytes, the chain hash and JSON rendering.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

#include "events/domain_codec.h"
#include "events/envelope.h"
#include "events/envelope_json.h"

namespace prospekt {
namespace {

Envelope SampleEnvelope() {
  Envelope e;
  e.seq = 42;
  e.stream_id = "client-r01-b01-00042";
  e.stream_version = 3;
  e.event_type = "ContactLogged";
  e.schema_version = 2;
  e.occurred_at_us = 1'767'603'600'000'000;
  e.recorded_at_us = 1'767'603'601'000'000;
  e.actor = "e-r01-b01-002";
  e.on_behalf_of = "e-r01-b01-003";
  e.correlation_id = "req-1";
  e.causation_id = "cmd-1";
  e.idempotency_key = "key-1";
  e.prev_hash = HashEnvelopeBytes("previous");
  e.payload = R"({"outcome":"positive_prospect"})";
  return e;
}

TEST_CASE("an envelope survives encode and decode unchanged", "[events][envelope]") {
  const Envelope original = SampleEnvelope();
  const std::string bytes = EncodeEnvelope(original);
  CHECK(bytes.size() % 8 == 0);
  Result<Envelope> decoded = DecodeEnvelope(bytes);
  REQUIRE(decoded.ok());
  CHECK(*decoded == original);
}

TEST_CASE("decoding accepts bytes at any alignment", "[events][envelope]") {
  const std::string bytes = EncodeEnvelope(SampleEnvelope());
  std::string shifted = "x" + bytes;  // the envelope starts at an odd address
  Result<Envelope> decoded = DecodeEnvelope(std::string_view(shifted).substr(1));
  REQUIRE(decoded.ok());
  CHECK(decoded->seq == 42);
}

TEST_CASE("damaged bytes decode to Corruption, never a crash", "[events][envelope]") {
  const std::string bytes = EncodeEnvelope(SampleEnvelope());
  SECTION("empty") { CHECK(DecodeEnvelope("").status().code() == StatusCode::kCorruption); }
  SECTION("not whole words") {
    CHECK(DecodeEnvelope(bytes.substr(0, bytes.size() - 3)).status().code() ==
          StatusCode::kCorruption);
  }
  SECTION("cut short") {
    for (std::size_t size = 8; size < bytes.size(); size += 8) {
      Result<Envelope> decoded = DecodeEnvelope(bytes.substr(0, size));
      INFO("size " << size);
      CHECK(decoded.status().code() == StatusCode::kCorruption);
    }
  }
  SECTION("every single byte flipped") {
    // A flip may still decode (e.g. inside a text), but must never crash or hang.
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
      Result<Envelope> decoded = DecodeEnvelope(damaged);
      if (!decoded.ok()) CHECK(decoded.status().code() == StatusCode::kCorruption);
    }
  }
  SECTION("random garbage") {
    std::mt19937 random(7);
    for (int round = 0; round < 200; ++round) {
      std::string garbage(8 * (1 + random() % 64), '\0');
      for (char& c : garbage) c = static_cast<char>(random());
      Result<Envelope> decoded = DecodeEnvelope(garbage);
      if (!decoded.ok()) CHECK(decoded.status().code() == StatusCode::kCorruption);
    }
  }
}

TEST_CASE("a prev_hash of the wrong length is Corruption", "[events][envelope]") {
  // A valid Cap'n Proto message whose root pointer is null: every field reads as its
  // default, so prev_hash is empty. (Segment table: one segment of two words.)
  const std::string message = std::string("\0\0\0\0\x02\0\0\0", 8) + std::string(16, '\0');
  Result<Envelope> decoded = DecodeEnvelope(message);
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == StatusCode::kCorruption);
  CHECK_THAT(decoded.status().message(), Catch::Contains("prev_hash"));
}

TEST_CASE("the chain hash is BLAKE2b-256 of the bytes", "[events][chain]") {
  // Reference value from an independent implementation (Python's hashlib.blake2b,
  // digest_size=32) of the empty input.
  CHECK(ToHex(HashEnvelopeBytes("")) ==
        "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  CHECK(HashEnvelopeBytes("a") != HashEnvelopeBytes("b"));
  CHECK(ToHex(kGenesisHash) == std::string(64, '0'));
}

TEST_CASE("times render as ISO-8601 UTC with microseconds", "[events][json]") {
  CHECK(FormatUtcMicros(0) == "1970-01-01T00:00:00.000000Z");
  CHECK(FormatUtcMicros(1'767'603'600'000'001) == "2026-01-05T09:00:00.000001Z");
  CHECK(FormatUtcMicros(-1) == "1969-12-31T23:59:59.999999Z");
}

TEST_CASE("JSON rendering embeds JSON payloads and hex-encodes others", "[events][json]") {
  Envelope e = SampleEnvelope();
  nlohmann::json json = EnvelopeToJson(e);
  CHECK(json["seq"] == 42);
  CHECK(json["stream_id"] == "client-r01-b01-00042");
  CHECK(json["on_behalf_of"] == "e-r01-b01-003");
  CHECK(json["occurred_at"] == "2026-01-05T09:00:00.000000Z");
  CHECK(json["payload"]["outcome"] == "positive_prospect");
  CHECK(json["prev_hash"] == ToHex(e.prev_hash));

  // A domain event's payload renders field by field.
  domain::ContactLogged contact;
  contact.client_id = "c-r01-000042";
  contact.outcome = domain::ContactOutcome::kPositiveProspect;
  e.event_type = "ContactLogged";
  e.payload = EncodeDomainEvent(contact);
  json = EnvelopeToJson(e);
  CHECK(json["payload"]["type"] == "ContactLogged");
  CHECK(json["payload"]["client_id"] == "c-r01-000042");
  CHECK(json["payload"]["outcome"] == "positive_prospect");

  e.payload = std::string("\x01\xff", 2);
  json = EnvelopeToJson(e);
  CHECK_FALSE(json.contains("payload"));
  CHECK(json["payload_hex"] == "01ff");
}

}  // namespace
}  // namespace prospekt
