// Which clients an event is about: the one place that knows each event's client fields,
// shared by the projections that index or filter by client. Pure, thread-safe.
#pragma once

#include <string>
#include <vector>

#include "events/domain_events.h"

namespace prospekt::projections::internal {

// The ids of the clients `event` concerns (none for organisation events; two for links
// and merges, the first being the one the event is recorded on).
std::vector<const std::string*> ClientsOf(const domain::DomainEvent& event);

}  // namespace prospekt::projections::internal
