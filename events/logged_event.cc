#include "events/logged_event.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstdint>
#include <string>

#include "events/domain_codec.h"
#include "events/envelope.capnp.h"
#include "events/internal/flat_message.h"
#include "events/internal/in_place.h"

namespace prospekt {
namespace {

// The same limits as DecodeEnvelope's (envelope.cc).
constexpr std::size_t kMaxEnvelopeBytes = std::size_t{8} * 1024 * 1024;
constexpr int kNestingLimit = 8;

}  // namespace

Status DecodeLoggedEvent(std::string_view bytes, LoggedEvent& out) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Status::Corruption("envelope of " + std::to_string(bytes.size()) +
                              " bytes is not a whole number of 8-byte words");
  }
  // Bytes already on an 8-byte boundary (a reader's own aligned buffer) are read in
  // place; others go through one aligned copy.
  thread_local internal::AlignedWords aligned;
  const kj::ArrayPtr<const capnp::word> words =
      reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(capnp::word) == 0
          ? kj::arrayPtr(reinterpret_cast<const capnp::word*>(bytes.data()),
                         bytes.size() / sizeof(capnp::word))
          : aligned.Copy(bytes);
  try {
    capnp::FlatArrayMessageReader message(words,
                                          internal::ReaderLimits(kMaxEnvelopeBytes, kNestingLimit));
    const schema::Envelope::Reader reader = message.getRoot<schema::Envelope>();
    Envelope& envelope = out.envelope;
    PROSPEKT_RETURN_IF_ERROR(internal::ReadEnvelopeFields(reader, envelope, /*copy_payload=*/false));
    if (!domain::IsDomainEventType(envelope.event_type)) {
      out.event.reset();
      const capnp::Data::Reader payload = reader.getPayload();
      envelope.payload.assign(reinterpret_cast<const char*>(payload.begin()), payload.size());
      return Status::Ok();
    }
    const capnp::Data::Reader payload = reader.getPayload();
    const std::string_view payload_bytes(reinterpret_cast<const char*>(payload.begin()),
                                         payload.size());
    // A Data blob starts on a word boundary of its segment, and the segment is
    // aligned: the payload is readable in place. Checked all the same, since the
    // bytes come from disk (a damaged length could end mid-word).
    const bool in_place =
        !payload_bytes.empty() && payload_bytes.size() % sizeof(capnp::word) == 0 &&
        reinterpret_cast<std::uintptr_t>(payload.begin()) % alignof(capnp::word) == 0;
    Result<domain::DomainEvent> event =
        in_place ? internal::DecodeDomainEventWords(
                       envelope.event_type,
                       kj::arrayPtr(reinterpret_cast<const capnp::word*>(payload.begin()),
                                    payload.size() / sizeof(capnp::word)))
                 : DecodeDomainEvent(envelope.event_type, payload_bytes);  // its size checks
    if (!event.ok()) return event.status();
    out.event = std::move(event).value();
    return Status::Ok();
  } catch (const kj::Exception& exception) {
    return Status::Corruption(std::string("envelope does not decode: ") +
                              exception.getDescription().cStr());
  }
}

}  // namespace prospekt
