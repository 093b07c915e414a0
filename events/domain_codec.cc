#include "events/domain_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include "events/domain.capnp.h"
#include "events/internal/domain_codec_fields.h"
#include "events/internal/domain_enums.h"
#include "events/internal/flat_message.h"
#include "events/internal/in_place.h"

namespace prospekt {
namespace {

// Limits for reading one payload: far above the store's 64 KiB payload limit, low
// enough that a damaged pointer cannot make the reader walk megabytes. The deepest path
// today is DomainEvent > ClientRegistered > ContactData > List(PersonalText) > element,
// five levels; sixteen leaves the schema room to grow.
constexpr std::size_t kMaxPayloadBytes = std::size_t{1} * 1024 * 1024;
constexpr int kNestingLimit = 16;

Status Damaged(std::string_view event_type, std::string_view detail) {
  return Status::Corruption("payload of " + std::string(event_type) + " " + std::string(detail));
}

}  // namespace

std::string EncodeDomainEvent(const domain::DomainEvent& event) {
  capnp::MallocMessageBuilder message(128);
  internal::WriteDomainEvent(event, message.initRoot<schema::DomainEvent>());
  return internal::FlatBytes(message);
}

namespace internal {

Result<domain::DomainEvent> DecodeDomainEventWords(std::string_view event_type,
                                                   kj::ArrayPtr<const capnp::word> words) {
  try {
    capnp::FlatArrayMessageReader message(words, ReaderLimits(kMaxPayloadBytes, kNestingLimit));
    domain::DomainEvent event = ReadDomainEvent(message.getRoot<schema::DomainEvent>());
    // The envelope's event_type is what indexes and projections filter on; a payload
    // of another type behind it is damage, not something to guess around.
    if (domain::EventTypeName(event) != event_type) {
      return Damaged(event_type, "holds a " + std::string(domain::EventTypeName(event)));
    }
    return event;
  } catch (const UnknownValue& unknown) {
    return Damaged(event_type, std::string("holds an ") + unknown.what());
  } catch (const kj::Exception& exception) {
    return Damaged(event_type,
                   std::string("does not decode: ") + exception.getDescription().cStr());
  }
}

}  // namespace internal

Result<domain::DomainEvent> DecodeDomainEvent(std::string_view event_type, std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Damaged(event_type, "has " + std::to_string(bytes.size()) +
                                   " bytes, not a whole number of 8-byte words");
  }
  // A payload sits at any offset inside its envelope: read it from an aligned copy.
  thread_local internal::AlignedWords aligned;
  return internal::DecodeDomainEventWords(event_type, aligned.Copy(bytes));
}

}  // namespace prospekt
