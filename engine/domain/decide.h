// Decide: the pure half of the write side. Given the write model (what the log says so
// far), a command and its context, it returns the events to append to one stream, or
// the rejection (DOMAIN.md's rules; codes by how the caller reacts):
//   InvalidArgument     malformed input; field() names it ("client_id", "week", ...);
//   NotFound            an unknown client, employee, branch, product, ... (field named);
//   PermissionDenied    the actor's role or scope does not allow it;
//   FailedPrecondition  a business rule says no (a duplicate client, a product not held).
// No I/O, no clock (the time is CommandContext::now_us), so the same model and command
// always give the same answer. Safe to call from any thread on a model not being changed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/domain/commands.h"
#include "engine/domain/write_model.h"
#include "events/domain_events.h"
#include "events/status.h"

namespace prospekt::domain {

struct Decision {
  std::string stream_id;  // e.g. "client-c1"; all events go there, in one atomic append
  std::vector<DomainEvent> events;
  // The employee whose authority a deputy used ("" when the actor acted for themself).
  std::string on_behalf_of;
  // The business time of the events: a contact's occurred_at, else the context's now.
  std::int64_t occurred_at_us = 0;
};

Result<Decision> Decide(const WriteModel& model, const Command& command,
                        const CommandContext& context);

}  // namespace prospekt::domain
