// Decodes the frozen corpus of encoded domain events
// (tests/events/domain_corpus/README.md), so that every payload ever written stays
// readable, with explicit expected values rather than a round trip through our encoder.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>

#include "events/domain_codec.h"
#include "events/domain_events.h"

namespace prospekt {
namespace {

std::string ReadCorpusFile(const std::string& name) {
  const std::filesystem::path path = std::filesystem::path(PROSPEKT_DOMAIN_CORPUS_DIR) / name;
  std::ifstream in(path, std::ios::binary);
  INFO("corpus file " << path);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Decodes `name` as the payload of an envelope of `event_type` and returns the event,
// which must be an `Event`; also checks that our encoder reads back the same.
template <typename Event>
Event DecodeCorpusFile(const std::string& name, const std::string& event_type) {
  Result<domain::DomainEvent> decoded = DecodeDomainEvent(event_type, ReadCorpusFile(name));
  INFO(name << ": " << decoded.status().ToString());
  REQUIRE(decoded.ok());
  REQUIRE(std::holds_alternative<Event>(*decoded));
  Result<domain::DomainEvent> round_trip =
      DecodeDomainEvent(event_type, EncodeDomainEvent(*decoded));
  REQUIRE(round_trip.ok());
  CHECK(*round_trip == *decoded);
  return std::get<Event>(std::move(decoded).value());
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

using Form = domain::PersonalText::Form;

TEST_CASE("domain corpus v1: a refused contact", "[events][domain][corpus]") {
  const auto e =
      DecodeCorpusFile<domain::ContactLogged>("v1_contact_logged_refusal.bin", "ContactLogged");
  CHECK(e.client_id == "client-r01-b01-00042");
  CHECK(e.employee_id == "e-r01-b01-004");
  CHECK(e.type == domain::ContactType::kPhone);
  CHECK(e.outcome == domain::ContactOutcome::kRefused);
  CHECK(e.product_code == "loan-sme");
  CHECK(e.amount == domain::Money{.minor_units = 300'000'000, .currency = "RUB"});
  CHECK(e.refusal_reason == domain::RefusalReason::kOther);
  CHECK(e.refusal_text == "Кредит взяли в лизинговой компании");
  CHECK(e.note == "Директор просит перезвонить после квартала");
  CHECK(e.next_contact_at_us == 1'775'894'400'000'000);  // 2026-04-11T08:00:00Z
}

TEST_CASE("domain corpus v1: an individual registered with sealed personal data",
          "[events][domain][corpus]") {
  const auto e = DecodeCorpusFile<domain::ClientRegistered>("v1_client_registered_individual.bin",
                                                            "ClientRegistered");
  CHECK(e.client_id == "client-r01-b01-00077");
  CHECK(e.kind == domain::ClientKind::kIndividual);
  CHECK(e.name.form == Form::kSealed);
  CHECK(Hex(e.name.bytes) ==
        "000102030405060708090a0b0c0d0e0f1011121314151617"
        "c0ffeee1d2c3b4a5968778695a4b3c2d1e0ff0e1d2c3b4a596");
  CHECK(e.tax_id == "773412345678");
  REQUIRE(e.contact.phones.size() == 1);
  CHECK(e.contact.phones[0].form == Form::kSealed);
  CHECK(Hex(e.contact.phones[0].bytes) ==
        "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
        "0123456789abcdeffedcba98765432109e8d7c6b5a4f3e2d1c0b");
  REQUIRE(e.contact.emails.size() == 1);
  CHECK(e.contact.emails[0].form == Form::kSealed);
  CHECK(e.contact.emails[0].bytes.size() == 59);
  CHECK(e.contact.address.form == Form::kSealed);
  CHECK(e.contact.address.bytes.size() == 54);
  CHECK(e.industry == "private_banking");
  CHECK(e.branch_id == "r01-b01");
  CHECK(e.region_id == "r01");
  CHECK(e.source == domain::ClientSource::kReferral);
  CHECK(e.status == domain::ClientStatus::kNewClient);
  CHECK(e.forced_over_duplicate_of == "client-r01-b01-00031");
}

TEST_CASE("domain corpus v1: a weekly plan", "[events][domain][corpus]") {
  const auto e = DecodeCorpusFile<domain::WeeklyPlanSet>("v1_weekly_plan_set.bin", "WeeklyPlanSet");
  CHECK(e.employee_id == "e-r01-b01-002");
  CHECK(e.branch_id == "r01-b01");
  CHECK(e.week == domain::IsoWeek{.year = 2026, .week = 3});
  CHECK(e.contacts == 40);
  REQUIRE(e.sales.size() == 3);
  CHECK(e.sales[0] == domain::ProductTarget{.product_code = "deposit-12m", .sales = 3});
  CHECK(e.sales[1] == domain::ProductTarget{.product_code = "salary-project", .sales = 1});
  CHECK(e.sales[2] == domain::ProductTarget{.product_code = "loan-sme", .sales = 2});
  CHECK(e.volume == domain::Money{.minor_units = 2'500'000'000, .currency = "RUB"});
}

TEST_CASE("domain corpus v1: a plan-deviation task", "[events][domain][corpus]") {
  const auto e = DecodeCorpusFile<domain::TaskAssigned>("v1_task_assigned.bin", "TaskAssigned");
  CHECK(e.task_id == "task-r01-b01-0107");
  CHECK(e.employee_id == "e-r01-b01-002");
  CHECK(e.kind == domain::TaskKind::kPlanDeviation);
  CHECK(e.client_id.empty());
  CHECK(e.week == domain::IsoWeek{.year = 2026, .week = 3});
  CHECK(e.due_at_us == 1'768'554'000'000'000);  // 2026-01-16T09:00:00Z
  CHECK(e.text == "Контакты на 35% ниже плана недели");
}

TEST_CASE("domain corpus v1: a payload under the wrong event type is refused",
          "[events][domain][corpus]") {
  Result<domain::DomainEvent> decoded =
      DecodeDomainEvent("ContactLogged", ReadCorpusFile("v1_task_assigned.bin"));
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == StatusCode::kCorruption);
}

}  // namespace
}  // namespace prospekt
