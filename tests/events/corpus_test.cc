// Decodes the frozen corpus of encoded envelopes (tests/events/corpus/README.md), so
// that every log ever written stays readable.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "events/envelope.h"

namespace prospekt {
namespace {

std::string ReadCorpusFile(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(PROSPEKT_CORPUS_DIR) / name;
  std::ifstream in(path, std::ios::binary);
  INFO("corpus file " << path);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Envelope DecodeCorpusFile(const std::string& name) {
  Result<Envelope> decoded = DecodeEnvelope(ReadCorpusFile(name));
  INFO(decoded.status().ToString());
  REQUIRE(decoded.ok());
  return std::move(decoded).value();
}

TEST_CASE("corpus v1: the first event of a log", "[events][corpus]") {
  const Envelope e = DecodeCorpusFile("v1_first_event.bin");
  CHECK(e.seq == 1);
  CHECK(e.stream_id == "branch-r01-b01");
  CHECK(e.stream_version == 1);
  CHECK(e.event_type == "BranchOpened");
  CHECK(e.schema_version == 1);
  CHECK(e.occurred_at_us == 1767603600000000);
  CHECK(e.recorded_at_us == 1767603600123456);
  CHECK(e.actor == "e-head-office");
  CHECK(e.on_behalf_of.empty());
  CHECK(e.correlation_id == "req-0001");
  CHECK(e.causation_id.empty());
  CHECK(e.idempotency_key == "open-branch-r01-b01");
  CHECK(e.prev_hash == kGenesisHash);
  CHECK(e.payload == R"({"region":"r01","name":"Branch 1.1"})");
}

TEST_CASE("corpus v1: a contact logged by a deputy, with Cyrillic text", "[events][corpus]") {
  const Envelope e = DecodeCorpusFile("v1_contact_logged.bin");
  CHECK(e.seq == 4711);
  CHECK(e.stream_id == "client-r01-b01-00042");
  CHECK(e.stream_version == 7);
  CHECK(e.event_type == "ContactLogged");
  CHECK(e.actor == "e-r01-b01-003");
  CHECK(e.on_behalf_of == "e-r01-b01-004");
  CHECK(e.causation_id == "cmd-LogContact-8c1f");
  CHECK(e.idempotency_key == "log-contact-8c1f");
  CHECK(ToHex(e.prev_hash) == "95157cd27eb1cdc3df5b7183a9cc50ed77d695260af5c18095af087a810624b1");
  CHECK(e.payload.find("Директор просит перезвонить") != std::string::npos);
}

TEST_CASE("corpus v1: extreme values and a binary payload", "[events][corpus]") {
  const Envelope e = DecodeCorpusFile("v1_binary_payload.bin");
  CHECK(e.seq == 9000000001ULL);
  CHECK(e.stream_version == UINT64_MAX);
  CHECK(e.schema_version == 3);
  CHECK(e.occurred_at_us == -1000000);
  CHECK(e.recorded_at_us == 0);
  CHECK(e.on_behalf_of.empty());  // absent fields read as empty
  CHECK(e.idempotency_key.empty());
  CHECK(e.payload == std::string("\x00\xff\x10\xc3\xa9", 5));
}

TEST_CASE("corpus v1: chain hashes of the stored bytes never change", "[events][corpus]") {
  // The chain links envelopes by the hash of their exact bytes; a change of hash
  // function would break every existing chain.
  CHECK(ToHex(HashEnvelopeBytes(ReadCorpusFile("v1_first_event.bin"))) ==
        "42045c355e21976a727744d91daedbf39f3bb6f1db945185925fd517ea264574");
  CHECK(ToHex(HashEnvelopeBytes(ReadCorpusFile("v1_contact_logged.bin"))) ==
        "d0d36f30323456ae9beb6a12e248f6e66902a436820cc62a8ca87fdffce3907e");
}

TEST_CASE("corpus v1: our encoder reads back what the corpus holds", "[events][corpus]") {
  for (const char* name :
       {"v1_first_event.bin", "v1_contact_logged.bin", "v1_binary_payload.bin"}) {
    INFO(name);
    const Envelope original = DecodeCorpusFile(name);
    Result<Envelope> round_trip = DecodeEnvelope(EncodeEnvelope(original));
    REQUIRE(round_trip.ok());
    CHECK(*round_trip == original);
  }
}

}  // namespace
}  // namespace prospekt
