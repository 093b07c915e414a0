// Helpers for projection tests: domain events as the log would hold them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/store/event_store.h"
#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/projection.h"

namespace prospekt::testing {

// One event with the envelope fields a projection reads.
struct Logged {
  Logged(domain::DomainEvent event_in, std::int64_t occurred_at, std::string actor_in = "head-1",
         std::string on_behalf = {})
      : event(std::move(event_in)),
        occurred_at_us(occurred_at),
        actor(std::move(actor_in)),
        on_behalf_of(std::move(on_behalf)) {}
  domain::DomainEvent event;
  std::int64_t occurred_at_us = 0;
  std::string actor;
  std::string on_behalf_of;
};

// Envelopes with seq 1, 2, ... and recorded_at = occurred_at, as a log would hold them.
std::vector<Envelope> ToEnvelopes(const std::vector<Logged>& events);

// Folds `events` into `projection` directly, without a runner.
void FoldAll(projections::Projection& projection, const std::vector<Logged>& events);

// Appends `events` to `store`, one append each, on stream "test-<n>".
void AppendAll(store::EventStore& store, const std::vector<Logged>& events);

// A region r1 with branch b1, staff head-1 (branch head), sales-1 and sales-2 (sales
// specialists), and clients c1 and c2 registered in b1 on Monday 2026-03-02 09:00.
std::vector<Logged> SmallBranch();

// Shorthands for the events tests log most.
domain::ContactLogged Contact(std::string client_id, std::string employee_id,
                              domain::ContactOutcome outcome, std::int64_t next_contact_at_us = 0);

// Microseconds of a UTC date and time.
std::int64_t UtcMicros(int year, int month, int day, int hour = 0, int minute = 0);

}  // namespace prospekt::testing
