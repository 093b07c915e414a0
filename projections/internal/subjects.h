// Which clients an event is about: the one place that knows each event's client fields,
// shared by the projections that index or filter by client. Pure, thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <string>

#include "events/domain_events.h"

namespace prospekt::projections::internal {

// At most two client ids, pointing into the event (valid while it lives).
struct ClientRefs {
  std::array<const std::string*, 2> ids{};
  std::size_t count = 0;
  const std::string* const* begin() const { return ids.data(); }
  const std::string* const* end() const { return ids.data() + count; }
};

// The ids of the clients `event` concerns (none for organisation events; two for links
// and merges, the first being the one the event is recorded on).
ClientRefs ClientsOf(const domain::DomainEvent& event);

}  // namespace prospekt::projections::internal
