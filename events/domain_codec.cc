#include "events/domain_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <algorithm>
#include <cstring>

#include "events/domain.capnp.h"
#include "events/internal/domain_codec_fields.h"
#include "events/internal/domain_enums.h"

namespace prospekt {
namespace {

// Limits for reading one payload: far above the store's 64 KiB payload limit, low
// enough that a damaged pointer cannot make the reader walk megabytes. The deepest path
// today is DomainEvent > ClientRegistered > ContactData > List(PersonalText) > element,
// five levels; sixteen leaves the schema room to grow.
constexpr std::uint64_t kTraversalLimitWords = std::uint64_t{1} * 1024 * 1024 / sizeof(capnp::word);
constexpr int kNestingLimit = 16;

Status Damaged(std::string_view event_type, std::string_view detail) {
  return Status::Corruption("payload of " + std::string(event_type) + " " + std::string(detail));
}

}  // namespace

std::string EncodeDomainEvent(const domain::DomainEvent& event) {
  capnp::MallocMessageBuilder message(128);
  internal::WriteDomainEvent(event, message.initRoot<schema::DomainEvent>());
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  kj::ArrayPtr<const kj::byte> bytes = words.asBytes();
  return {reinterpret_cast<const char*>(bytes.begin()), bytes.size()};
}

Result<domain::DomainEvent> DecodeDomainEvent(std::string_view event_type, std::string_view bytes) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Damaged(event_type, "has " + std::to_string(bytes.size()) +
                                   " bytes, not a whole number of 8-byte words");
  }
  // Cap'n Proto reads 8-byte aligned words in place, and a payload sits at any offset
  // inside its envelope: copy into a reused aligned buffer (one per thread). Every
  // field is copied out before returning, so the buffer may be reused by the next call.
  thread_local kj::Array<capnp::word> aligned;
  const std::size_t word_count = bytes.size() / sizeof(capnp::word);
  if (aligned.size() < word_count) {
    aligned = kj::heapArray<capnp::word>(std::max(word_count, 2 * aligned.size()));
  }
  std::memcpy(aligned.begin(), bytes.data(), bytes.size());

  capnp::ReaderOptions options;
  options.traversalLimitInWords = kTraversalLimitWords;
  options.nestingLimit = kNestingLimit;
  try {
    capnp::FlatArrayMessageReader message(kj::arrayPtr(aligned.begin(), word_count), options);
    domain::DomainEvent event = internal::ReadDomainEvent(message.getRoot<schema::DomainEvent>());
    // The envelope's event_type is what indexes and projections filter on; a payload
    // of another type behind it is damage, not something to guess around.
    if (domain::EventTypeName(event) != event_type) {
      return Damaged(event_type, "holds a " + std::string(domain::EventTypeName(event)));
    }
    return event;
  } catch (const internal::UnknownValue& unknown) {
    return Damaged(event_type, std::string("holds an ") + unknown.what());
  } catch (const kj::Exception& exception) {
    return Damaged(event_type,
                   std::string("does not decode: ") + exception.getDescription().cStr());
  }
}

}  // namespace prospekt
