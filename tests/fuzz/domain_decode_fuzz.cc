// Fuzz target: DecodeDomainEvent must turn any bytes, under any event type, into an
// event or a Corruption status, never crash; a decoded event must encode and decode
// again to itself. The first input byte picks the event type, the rest is the payload.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "events/domain_codec.h"

namespace {

template <std::size_t... kIndex>
std::vector<std::string> TypeNames(std::index_sequence<kIndex...> /*indices*/) {
  using prospekt::domain::DomainEvent;
  return {
      std::string(prospekt::domain::EventTypeName(DomainEvent(std::in_place_index<kIndex>)))...};
}

const std::vector<std::string>& AllTypeNames() {
  static const std::vector<std::string> names =
      TypeNames(std::make_index_sequence<std::variant_size_v<prospekt::domain::DomainEvent>>());
  return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string& type = AllTypeNames()[data[0] % AllTypeNames().size()];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  prospekt::Result<prospekt::domain::DomainEvent> decoded =
      prospekt::DecodeDomainEvent(type, bytes);
  if (!decoded.ok()) {
    if (decoded.status().code() != prospekt::StatusCode::kCorruption) std::abort();
    return 0;
  }
  prospekt::Result<prospekt::domain::DomainEvent> again =
      prospekt::DecodeDomainEvent(type, prospekt::EncodeDomainEvent(*decoded));
  if (!again.ok() || !(*again == *decoded)) std::abort();
  return 0;
}
