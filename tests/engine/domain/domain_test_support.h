// Given/when/then helpers for the domain's decider tests: a small bank as a list of
// events, a model folded from events, and decisions that must succeed or fail.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/domain/decide.h"
#include "engine/domain/write_model.h"

namespace prospekt::domain::testing {

inline constexpr std::int64_t kHour = 3'600'000'000;
inline constexpr std::int64_t kDay = 24 * kHour;
// Monday 2026-01-05 00:00 UTC: ISO week 2 of 2026.
inline constexpr std::int64_t kMonday = 1'767'571'200'000'000;
// When the small bank was set up: two weeks earlier.
inline constexpr std::int64_t kSetUp = kMonday - 14 * kDay;
// "Now" in most tests: Monday noon.
inline constexpr std::int64_t kNow = kMonday + 12 * kHour;

// An event and the time it occurred.
struct Fact {
  // A template, so that an event struct converts to a Fact in one step.
  template <typename E>
  Fact(E e, std::int64_t at = kSetUp) : event(std::move(e)), at_us(at) {}  // NOLINT: implicit
  DomainEvent event;
  std::int64_t at_us;
};

inline std::vector<Fact> operator+(std::vector<Fact> a, const std::vector<Fact>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline PersonalText Clear(std::string text) {
  return {PersonalText::Form::kClear, std::move(text)};
}

// Region r1 (branches b1, b2) and r2 (branch b3). Branch b1 has departments "sales" and
// "loans"; products "loan" (owned by loans) and "deposit" (owned by sales). Staff of
// b1: head "head", sales specialists "s1" and "s2" (department sales), credit
// specialist "k1" (loans); "head2" heads b2; "ho" is head office. Client "c1"
// (ООО «Ромашка», ИНН 7707083893, +7 495 123-45-67, info@romashka.ru) is in b1 and
// assigned to s1; "c2" (ООО «Василёк») is in b1, unassigned.
inline std::vector<Fact> SmallBank() {
  ClientRegistered c1;
  c1.client_id = "c1";
  c1.name = Clear("ООО «Ромашка»");
  c1.tax_id = "7707083893";
  c1.contact.phones = {Clear("+7 495 123-45-67")};
  c1.contact.emails = {Clear("info@romashka.ru")};
  c1.branch_id = "b1";
  c1.region_id = "r1";
  ClientRegistered c2;
  c2.client_id = "c2";
  c2.name = Clear("ООО «Василёк»");
  c2.branch_id = "b1";
  c2.region_id = "r1";
  return {
      RegionOpened{"r1", "North"},
      RegionOpened{"r2", "South"},
      BranchOpened{"b1", "r1", "Central"},
      BranchOpened{"b2", "r1", "Riverside"},
      BranchOpened{"b3", "r2", "Harbour"},
      DepartmentOpened{"sales", "b1", "Active sales"},
      DepartmentOpened{"loans", "b1", "Credit"},
      ProductDefined{"loan", "Business loan", "loans"},
      ProductDefined{"deposit", "Term deposit", "sales"},
      EmployeeHired{"head", "Head", {Role::kBranchHead}, "b1", "sales"},
      EmployeeHired{"s1", "Seller one", {Role::kSalesSpecialist}, "b1", "sales"},
      EmployeeHired{"s2", "Seller two", {Role::kSalesSpecialist}, "b1", "sales"},
      EmployeeHired{"k1", "Credit one", {Role::kProductSpecialist}, "b1", "loans"},
      EmployeeHired{"head2", "Head two", {Role::kBranchHead}, "b2", ""},
      EmployeeHired{"ho", "Head office", {Role::kHeadOffice}, "", ""},
      c1,
      c2,
      ClientAssigned{"c1", "s1", {"loan"}},
  };
}

inline WriteModel Given(const std::vector<Fact>& facts) {
  WriteModel model;
  for (const Fact& fact : facts) model.Apply(fact.event, fact.at_us);
  return model;
}

inline CommandContext As(std::string actor, std::int64_t now = kNow) {
  return CommandContext{Actor{std::move(actor)}, now, "test"};
}

// The decision, or the test fails showing the rejection.
inline Decision Decided(const WriteModel& model, const Command& command,
                        const CommandContext& context) {
  Result<Decision> decision = Decide(model, command, context);
  INFO(decision.status().ToString());
  REQUIRE(decision.ok());
  return std::move(decision).value();
}

// The rejection, or the test fails.
inline Status Rejected(const WriteModel& model, const Command& command,
                       const CommandContext& context) {
  Result<Decision> decision = Decide(model, command, context);
  REQUIRE_FALSE(decision.ok());
  return decision.status();
}

// Folds a decision's events into `model`, as the executor would after appending them.
inline void ApplyDecision(WriteModel& model, const Decision& decision) {
  for (const DomainEvent& event : decision.events) model.Apply(event, decision.occurred_at_us);
}

inline std::vector<DomainEvent> Events(std::vector<DomainEvent> events) { return events; }

}  // namespace prospekt::domain::testing
