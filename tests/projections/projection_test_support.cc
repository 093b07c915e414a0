#include "tests/projections/projection_test_support.h"

#include <catch2/catch.hpp>

#include <chrono>

#include "events/domain_codec.h"

namespace prospekt::testing {

std::vector<Envelope> ToEnvelopes(const std::vector<Logged>& events) {
  std::vector<Envelope> envelopes;
  std::uint64_t seq = 0;
  for (const Logged& logged : events) {
    Envelope envelope;
    envelope.seq = ++seq;
    envelope.stream_id = "test-" + std::to_string(seq);
    envelope.stream_version = 1;
    envelope.event_type = std::string(domain::EventTypeName(logged.event));
    envelope.occurred_at_us = logged.occurred_at_us;
    envelope.recorded_at_us = logged.occurred_at_us;
    envelope.actor = logged.actor;
    envelope.on_behalf_of = logged.on_behalf_of;
    envelope.payload = EncodeDomainEvent(logged.event);
    envelopes.push_back(std::move(envelope));
  }
  return envelopes;
}

void FoldAll(projections::Projection& projection, const std::vector<Logged>& events) {
  const std::vector<Envelope> envelopes = ToEnvelopes(events);
  for (std::size_t i = 0; i < events.size(); ++i) {
    projection.Apply(envelopes[i], events[i].event);
  }
}

void AppendAll(store::EventStore& store, const std::vector<Logged>& events) {
  for (const Envelope& envelope : ToEnvelopes(events)) {
    store::AppendRequest request;
    request.stream_id = envelope.stream_id;
    store::NewEvent event;
    event.event_type = envelope.event_type;
    event.occurred_at_us = envelope.occurred_at_us;
    event.actor = envelope.actor;
    event.on_behalf_of = envelope.on_behalf_of;
    event.payload = envelope.payload;
    request.events.push_back(std::move(event));
    Result<store::AppendResult> appended = store.Append(std::move(request));
    REQUIRE(appended.ok());
  }
}

std::vector<Logged> SmallBranch() {
  using namespace domain;
  const std::int64_t t = UtcMicros(2026, 3, 2, 9);
  std::vector<Logged> events;
  events.push_back({RegionOpened{"r1", "North"}, t, "system"});
  events.push_back({BranchOpened{"b1", "r1", "Central"}, t, "system"});
  events.push_back({EmployeeHired{"head-1", "Head", {Role::kBranchHead}, "b1", "sales"}, t, "system"});
  events.push_back(
      {EmployeeHired{"sales-1", "Anna", {Role::kSalesSpecialist}, "b1", "sales"}, t, "system"});
  events.push_back(
      {EmployeeHired{"sales-2", "Boris", {Role::kSalesSpecialist}, "b1", "sales"}, t, "system"});
  for (const char* id : {"c1", "c2"}) {
    ClientRegistered registered;
    registered.client_id = id;
    registered.name = {PersonalText::Form::kClear, std::string("Client ") + id};
    registered.tax_id = "7707083893";
    registered.industry = "retail";
    registered.branch_id = "b1";
    registered.region_id = "r1";
    events.push_back({registered, t, "sales-1"});
  }
  return events;
}

domain::ContactLogged Contact(std::string client_id, std::string employee_id,
                              domain::ContactOutcome outcome, std::int64_t next_contact_at_us) {
  domain::ContactLogged contact;
  contact.client_id = std::move(client_id);
  contact.employee_id = std::move(employee_id);
  contact.outcome = outcome;
  contact.next_contact_at_us = next_contact_at_us;
  if (outcome == domain::ContactOutcome::kProductSold) {
    contact.product_code = "deposit";
    contact.amount = {100'000, "RUB"};
  }
  if (outcome == domain::ContactOutcome::kRefused) {
    contact.refusal_reason = domain::RefusalReason::kRateTooHigh;
  }
  return contact;
}

std::int64_t UtcMicros(int year, int month, int day, int hour, int minute) {
  using namespace std::chrono;
  const sys_days date = year_month_day{std::chrono::year{year},
                                       std::chrono::month{static_cast<unsigned>(month)},
                                       std::chrono::day{static_cast<unsigned>(day)}};
  return duration_cast<microseconds>(date.time_since_epoch() + hours{hour} + minutes{minute})
      .count();
}

}  // namespace prospekt::testing
