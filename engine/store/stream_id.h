// Stream ids name the entity a stream of events is about: "<category>-<id>", e.g.
// "client-r01-000042" or "branch-r01-b07". The category is lower-case letters, digits and
// '_' starting with a letter; the id is letters, digits and ". _ : -". Ids carry the
// region so that a region's log can later move to its own process (ARCHITECTURE.md).
#pragma once

#include <string_view>

#include "events/status.h"

namespace prospekt::store {

// OK, or InvalidArgument naming the rule the id breaks (field "stream_id").
Status ValidateStreamId(std::string_view stream_id);

}  // namespace prospekt::store
