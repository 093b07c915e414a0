#include "events/envelope.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <algorithm>

#include "events/envelope.capnp.h"
#include "events/internal/flat_message.h"
#include "events/internal/in_place.h"

namespace prospekt {
namespace {

// Limits for reading one envelope: far above the store's own limits (see
// engine/store/limits.h), low enough that a damaged length field cannot make the
// reader walk gigabytes.
constexpr std::size_t kMaxEnvelopeBytes = std::size_t{8} * 1024 * 1024;
constexpr int kNestingLimit = 8;

kj::StringPtr AsText(const std::string& s) { return {s.c_str(), s.size()}; }

}  // namespace

std::string EncodeEnvelope(const Envelope& e) {
  capnp::MallocMessageBuilder message(256);
  auto builder = message.initRoot<schema::Envelope>();
  builder.setSeq(e.seq);
  builder.setStreamId(AsText(e.stream_id));
  builder.setStreamVersion(e.stream_version);
  builder.setEventType(AsText(e.event_type));
  builder.setSchemaVersion(e.schema_version);
  builder.setOccurredAtUs(e.occurred_at_us);
  builder.setRecordedAtUs(e.recorded_at_us);
  builder.setActor(AsText(e.actor));
  builder.setOnBehalfOf(AsText(e.on_behalf_of));
  builder.setCorrelationId(AsText(e.correlation_id));
  builder.setCausationId(AsText(e.causation_id));
  builder.setIdempotencyKey(AsText(e.idempotency_key));
  builder.setPrevHash(capnp::Data::Reader(e.prev_hash.data(), e.prev_hash.size()));
  builder.setPayload(
      capnp::Data::Reader(reinterpret_cast<const kj::byte*>(e.payload.data()), e.payload.size()));

  return internal::FlatBytes(message);
}

namespace internal {

Status ReadEnvelopeFields(schema::Envelope::Reader reader, Envelope& e, bool copy_payload) {
  auto assign = [](std::string& to, capnp::Text::Reader text) { to.assign(text.cStr(), text.size()); };
  e.seq = reader.getSeq();
  assign(e.stream_id, reader.getStreamId());
  e.stream_version = reader.getStreamVersion();
  assign(e.event_type, reader.getEventType());
  e.schema_version = reader.getSchemaVersion();
  e.occurred_at_us = reader.getOccurredAtUs();
  e.recorded_at_us = reader.getRecordedAtUs();
  assign(e.actor, reader.getActor());
  assign(e.on_behalf_of, reader.getOnBehalfOf());
  assign(e.correlation_id, reader.getCorrelationId());
  assign(e.causation_id, reader.getCausationId());
  assign(e.idempotency_key, reader.getIdempotencyKey());
  capnp::Data::Reader prev_hash = reader.getPrevHash();
  if (prev_hash.size() != kChainHashSize) {
    return Status::Corruption("envelope prev_hash has " + std::to_string(prev_hash.size()) +
                              " bytes, expected " + std::to_string(kChainHashSize));
  }
  std::copy(prev_hash.begin(), prev_hash.end(), e.prev_hash.begin());
  if (copy_payload) {
    capnp::Data::Reader payload = reader.getPayload();
    e.payload.assign(reinterpret_cast<const char*>(payload.begin()), payload.size());
  } else {
    e.payload.clear();
  }
  return Status::Ok();
}

}  // namespace internal

Result<Envelope> DecodeEnvelope(std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Status::Corruption("envelope of " + std::to_string(bytes.size()) +
                              " bytes is not a whole number of 8-byte words");
  }
  thread_local internal::AlignedWords aligned;
  try {
    capnp::FlatArrayMessageReader message(aligned.Copy(bytes),
                                          internal::ReaderLimits(kMaxEnvelopeBytes, kNestingLimit));
    Envelope e;
    PROSPEKT_RETURN_IF_ERROR(
        internal::ReadEnvelopeFields(message.getRoot<schema::Envelope>(), e, /*copy_payload=*/true));
    return e;
  } catch (const kj::Exception& exception) {
    return Status::Corruption(std::string("envelope does not decode: ") +
                              exception.getDescription().cStr());
  }
}

}  // namespace prospekt
