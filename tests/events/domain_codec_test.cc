// Domain event codec: a round trip of every event type, damaged and mismatched payloads,
// the enum mappings against the schema, and JSON rendering.
//
// Some checks open the encoded bytes with Cap'n Proto's own reader and its reflection
// (capnp/dynamic.h), so they test our codec against the schema rather than against
// itself: every union member is the one its C++ type names, and the samples set every
// field of the schema to a non-default value.
#include <capnp/any.h>
#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "events/domain.capnp.h"
#include "events/domain_codec.h"
#include "events/domain_events.h"
#include "events/domain_json.h"
#include "events/internal/domain_enums.h"

namespace prospekt {
namespace {

constexpr std::int64_t kDay = 86'400'000'000;
constexpr std::int64_t kMonday = 1'767'603'600'000'000;  // 2026-01-05T09:00:00Z

// 24-byte nonce, ciphertext and 16-byte tag, as the write side would seal them; the
// bytes include NUL and non-UTF-8 values on purpose.
std::string SealedBytes(int seed) {
  std::string bytes(24 + 13 + 16, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<char>((static_cast<int>(i) * 37 + seed) & 0xff);
  }
  return bytes;
}

domain::PersonalText Sealed(int seed) {
  return {.form = domain::PersonalText::Form::kSealed, .bytes = SealedBytes(seed)};
}

domain::PersonalText Clear(std::string text) {
  return {.form = domain::PersonalText::Form::kClear, .bytes = std::move(text)};
}

// One event of every type, in union order, with every field set to a value that is
// neither its schema default nor its C++ default (checked by "the samples set every
// field" below).
std::vector<domain::DomainEvent> Samples() {
  using namespace domain;  // NOLINT: a catalogue of values reads better unqualified
  return {
      RegionOpened{.region_id = "r01", .name = "Северо-Запад"},
      BranchOpened{.branch_id = "r01-b01", .region_id = "r01", .name = "Branch 1.1"},
      DepartmentOpened{
          .department_id = "r01-b01-loans", .branch_id = "r01-b01", .name = "Кредитный отдел"},
      ProductDefined{.product_code = "deposit-12m",
                     .name = "Deposit, 12 months",
                     .owning_department = "deposits"},
      EmployeeHired{.employee_id = "e-r01-b01-002",
                    .name = "Anna Petrova",
                    .roles = {Role::kSalesSpecialist, Role::kAuditor},
                    .branch_id = "r01-b01",
                    .department_id = "r01-b01-sales"},
      EmployeeRoleChanged{.employee_id = "e-r01-b01-002",
                          .roles = {Role::kHeadOffice, Role::kProductSpecialist}},
      EmployeeTransferred{
          .employee_id = "e-r01-b01-002", .branch_id = "r01-b02", .department_id = "r01-b02-cards"},
      EmployeeLeft{.employee_id = "e-r01-b01-009"},
      AbsenceRecorded{.employee_id = "e-r01-b01-002",
                      .from_us = kMonday,
                      .until_us = kMonday + 14 * kDay,
                      .deputy_id = "e-r01-b01-003",
                      .reason = "vacation"},
      BranchSettingsChanged{
          .branch_id = "r01-b01", .dont_disturb_days = 14, .plan_deviation_percent = 25},
      ClientRegistered{.client_id = "client-r01-b01-00042",
                       .kind = ClientKind::kIndividual,
                       .name = Sealed(1),
                       .tax_id = "773412345678",
                       .contact = {.phones = {Sealed(2), Clear("+7 495 000-00-01")},
                                   .emails = {Sealed(3)},
                                   .address = Sealed(4)},
                       .industry = "retail",
                       .branch_id = "r01-b01",
                       .region_id = "r01",
                       .source = ClientSource::kReferral,
                       .status = ClientStatus::kVip,
                       .forced_over_duplicate_of = "client-r01-b01-00041"},
      ClientDetailsCorrected{.client_id = "client-r01-b01-00042",
                             .field = "address",
                             .before = Clear("Moscow, Tverskaya 1"),
                             .after = Sealed(5)},
      ClientStatusChanged{.client_id = "client-r01-b01-00042",
                          .from = ClientStatus::kBankClient,
                          .to = ClientStatus::kPartner},
      ClientsLinked{.client_id = "client-r01-b01-00042",
                    .other_client_id = "client-r01-b01-00043",
                    .relation = ClientRelation::kKeyPerson},
      ClientsUnlinked{.client_id = "client-r01-b01-00042",
                      .other_client_id = "client-r01-b01-00043"},
      ClientMergedAsDuplicate{.duplicate_id = "client-r01-b01-00044",
                              .survivor_id = "client-r01-b01-00042"},
      ClientUnmerged{.duplicate_id = "client-r01-b01-00044", .survivor_id = "client-r01-b01-00042"},
      PersonalDataErased{.client_id = "client-r01-b01-00042", .reason = "client's request"},
      ClientAssigned{.client_id = "client-r01-b01-00042",
                     .employee_id = "e-r01-b01-002",
                     .products = {"deposit-12m", "salary-project"}},
      ClientReassigned{.client_id = "client-r01-b01-00042",
                       .from_employee_id = "e-r01-b01-002",
                       .to_employee_id = "e-r01-b01-003",
                       .products = {"loan-sme"}},
      ClientUnassigned{.client_id = "client-r01-b01-00042", .employee_id = "e-r01-b01-003"},
      WeeklyPlanSet{.employee_id = "e-r01-b01-002",
                    .branch_id = "r01-b01",
                    .week = {.year = 2026, .week = 2},
                    .contacts = 40,
                    .sales = {{.product_code = "deposit-12m", .sales = 3},
                              {.product_code = "loan-sme", .sales = 1}},
                    .volume = {.minor_units = 15'000'000'00, .currency = "RUB"}},
      ContactLogged{.client_id = "client-r01-b01-00042",
                    .employee_id = "e-r01-b01-002",
                    .type = ContactType::kMeeting,
                    .outcome = ContactOutcome::kRefused,
                    .product_code = "loan-sme",
                    .amount = {.minor_units = 500'000'00, .currency = "RUB"},
                    .refusal_reason = RefusalReason::kServedByAnotherBank,
                    .refusal_text = "Обслуживается в другом банке",
                    .note = "Директор просит перезвонить после квартала",
                    .next_contact_at_us = kMonday + 90 * kDay},
      DontDisturbWarned{.client_id = "client-r01-b01-00042",
                        .warned_employee_id = "e-r01-b01-003",
                        .colleague_id = "e-r01-b01-002",
                        .colleague_contact_at_us = kMonday - 2 * kDay,
                        .action = "assignment"},
      NextContactDone{.client_id = "client-r01-b01-00042", .due_at_us = kMonday + 3 * kDay},
      NextContactCancelled{.client_id = "client-r01-b01-00042",
                           .due_at_us = kMonday + 4 * kDay,
                           .reason = "client closed the account"},
      HandedOver{.client_id = "client-r01-b01-00042",
                 .department = "loans",
                 .product_code = "loan-sme",
                 .from_employee_id = "e-r01-b01-002",
                 .automatic = true},
      HandOverAccepted{.client_id = "client-r01-b01-00042",
                       .department = "loans",
                       .specialist_id = "e-r01-b01-007"},
      HandOverReturned{
          .client_id = "client-r01-b01-00042", .department = "loans", .reason = "no collateral"},
      TaskAssigned{.task_id = "task-r01-b01-0001",
                   .employee_id = "e-r01-b01-002",
                   .kind = TaskKind::kPlanDeviation,
                   .client_id = "client-r01-b01-00042",
                   .week = {.year = 2026, .week = 2},
                   .due_at_us = kMonday + 5 * kDay,
                   .text = "Contacts 30% below plan"},
      TaskCompleted{.task_id = "task-r01-b01-0001",
                    .employee_id = "e-r01-b01-002",
                    .note = "Called five more prospects"},
      CampaignLaunched{.campaign_id = "campaign-r01-0001",
                       .branch_id = "r01-b01",
                       .name = "Salary projects, spring",
                       .products = {"salary-project", "cards-gold"},
                       .from_us = kMonday,
                       .until_us = kMonday + 30 * kDay},
      ClientEnrolled{.campaign_id = "campaign-r01-0001", .client_id = "client-r01-b01-00042"},
      CampaignClosed{.campaign_id = "campaign-r01-0001"},
      SatisfactionScored{.client_id = "client-r01-b01-00042", .score = 9, .comment = "Быстро"},
      WorkingDayClosed{.branch_id = "r01-b01", .day_start_us = -kDay},
  };
}

std::string TypeOf(const domain::DomainEvent& event) {
  return std::string(domain::EventTypeName(event));
}

// An event of the same type with every field at its C++ default.
domain::DomainEvent DefaultOf(const domain::DomainEvent& event) {
  return std::visit([](const auto& e) { return domain::DomainEvent(std::decay_t<decltype(e)>{}); },
                    event);
}

// Encoded bytes opened with Cap'n Proto's own reader, for reflection.
class RawEvent {
 public:
  explicit RawEvent(const std::string& bytes)
      : words_(kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word))) {
    std::memcpy(words_.begin(), bytes.data(), bytes.size());
    reader_.emplace(words_.asPtr());
  }
  capnp::DynamicStruct::Reader Root() {
    return capnp::toDynamic(reader_->getRoot<schema::DomainEvent>());
  }

 private:
  kj::Array<capnp::word> words_;
  std::optional<capnp::FlatArrayMessageReader> reader_;
};

std::string ToString(kj::StringPtr text) { return {text.cStr(), text.size()}; }

// Requires every field under `value` to differ from its default: numbers non-zero,
// booleans true, enums not their first enumerant, texts, data and lists non-empty. Of a
// union only the active member counts.
void CheckAllSet(const capnp::DynamicValue::Reader& value, const std::string& path) {
  INFO(path);
  switch (value.getType()) {
    case capnp::DynamicValue::BOOL:
      CHECK(value.as<bool>());
      break;
    case capnp::DynamicValue::INT:
      CHECK(value.as<std::int64_t>() != 0);
      break;
    case capnp::DynamicValue::UINT:
      CHECK(value.as<std::uint64_t>() != 0);
      break;
    case capnp::DynamicValue::TEXT:
      CHECK(value.as<capnp::Text>().size() > 0);
      break;
    case capnp::DynamicValue::DATA:
      CHECK(value.as<capnp::Data>().size() > 0);
      break;
    case capnp::DynamicValue::ENUM:
      CHECK(value.as<capnp::DynamicEnum>().getRaw() != 0);
      break;
    case capnp::DynamicValue::LIST: {
      const auto list = value.as<capnp::DynamicList>();
      CHECK(list.size() > 0);
      for (unsigned i = 0; i < list.size(); ++i) {
        CheckAllSet(list[i], path + "[" + std::to_string(i) + "]");
      }
      break;
    }
    case capnp::DynamicValue::STRUCT: {
      const auto object = value.as<capnp::DynamicStruct>();
      for (capnp::StructSchema::Field field : object.getSchema().getNonUnionFields()) {
        CheckAllSet(object.get(field), path + "." + ToString(field.getProto().getName()));
      }
      KJ_IF_MAYBE (active, object.which()) {
        CheckAllSet(object.get(*active), path + "." + ToString(active->getProto().getName()));
      }
      break;
    }
    default:
      FAIL("unexpected field type at " << path);
  }
}

// Sets the raw union discriminant of a struct, as a writer with a newer schema would.
void SetDiscriminant(capnp::AnyStruct::Builder builder, capnp::StructSchema struct_schema,
                     std::uint16_t value) {
  kj::ArrayPtr<kj::byte> data = builder.getDataSection();
  const std::size_t offset =
      std::size_t{2} * struct_schema.getProto().getStruct().getDiscriminantOffset();
  REQUIRE(data.size() >= offset + 2);
  data[offset] = static_cast<kj::byte>(value & 0xff);
  data[offset + 1] = static_cast<kj::byte>(value >> 8);
}

std::string ToBytes(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  return {reinterpret_cast<const char*>(words.asBytes().begin()), words.asBytes().size()};
}

std::string Capitalized(std::string name) {
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

std::string SnakeCase(kj::StringPtr camel) {
  std::string snake;
  for (char c : ToString(camel)) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      snake.push_back('_');
      snake.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      snake.push_back(c);
    }
  }
  return snake;
}

// ---------------------------------------------------------------- round trips

TEST_CASE("the samples hold one event of every type, in union order", "[events][domain]") {
  const std::vector<domain::DomainEvent> samples = Samples();
  REQUIRE(samples.size() == std::variant_size_v<domain::DomainEvent>);
  REQUIRE(samples.size() == capnp::Schema::from<schema::DomainEvent>().getUnionFields().size());
  for (std::size_t i = 0; i < samples.size(); ++i) CHECK(samples[i].index() == i);
}

TEST_CASE("every domain event survives encode and decode unchanged", "[events][domain]") {
  for (const domain::DomainEvent& event : Samples()) {
    INFO(TypeOf(event) << " " << DomainEventToJson(event).dump());
    const std::string bytes = EncodeDomainEvent(event);
    CHECK(bytes.size() % 8 == 0);
    Result<domain::DomainEvent> decoded = DecodeDomainEvent(TypeOf(event), bytes);
    INFO(decoded.status().ToString());
    REQUIRE(decoded.ok());
    CHECK(*decoded == event);
    CHECK(domain::EventTypeName(*decoded) == domain::EventTypeName(event));
  }
}

TEST_CASE("events with every field at its default survive too", "[events][domain]") {
  // Empty texts and lists, zero numbers, and C++ defaults that are not the schema's
  // (e.g. ClientsLinked's relation, BranchSettingsChanged's 7 days).
  for (const domain::DomainEvent& sample : Samples()) {
    const domain::DomainEvent event = DefaultOf(sample);
    INFO(TypeOf(event));
    Result<domain::DomainEvent> decoded =
        DecodeDomainEvent(TypeOf(event), EncodeDomainEvent(event));
    REQUIRE(decoded.ok());
    CHECK(*decoded == event);
  }
}

TEST_CASE("extreme values survive encode and decode", "[events][domain]") {
  const domain::DomainEvent events[] = {
      domain::BranchSettingsChanged{
          .branch_id = "b", .dont_disturb_days = 65535, .plan_deviation_percent = 255},
      domain::WeeklyPlanSet{
          .employee_id = "e",
          .branch_id = "b",
          .week = {.year = 65535, .week = 255},
          .contacts = std::numeric_limits<std::uint32_t>::max(),
          .sales = {{.product_code = "", .sales = std::numeric_limits<std::uint32_t>::max()}},
          .volume = {.minor_units = std::numeric_limits<std::int64_t>::min(), .currency = ""}},
      [] {
        domain::ContactLogged e;
        e.note = std::string("nul \0 inside", 12);
        e.next_contact_at_us = std::numeric_limits<std::int64_t>::max();
        return e;
      }(),
      [] {
        domain::ClientRegistered e;
        e.name = {.form = domain::PersonalText::Form::kSealed, .bytes = ""};
        e.contact.phones = {Clear(""), Sealed(9)};
        return e;
      }(),
  };
  for (const domain::DomainEvent& event : events) {
    INFO(TypeOf(event));
    Result<domain::DomainEvent> decoded =
        DecodeDomainEvent(TypeOf(event), EncodeDomainEvent(event));
    REQUIRE(decoded.ok());
    CHECK(*decoded == event);
  }
}

TEST_CASE("decoding accepts payloads at any alignment", "[events][domain]") {
  const domain::DomainEvent event = Samples()[22];  // ContactLogged
  const std::string shifted = "x" + EncodeDomainEvent(event);
  Result<domain::DomainEvent> decoded =
      DecodeDomainEvent("ContactLogged", std::string_view(shifted).substr(1));
  REQUIRE(decoded.ok());
  CHECK(*decoded == event);
}

// ---------------------------------------------------------------- against the schema

TEST_CASE("each event sets the union member its type names", "[events][domain]") {
  for (const domain::DomainEvent& event : Samples()) {
    INFO(TypeOf(event));
    RawEvent raw(EncodeDomainEvent(event));
    KJ_IF_MAYBE (member, raw.Root().which()) {
      CHECK(std::size_t{member->getProto().getDiscriminantValue()} == event.index());
      CHECK(Capitalized(ToString(member->getProto().getName())) == TypeOf(event));
    } else {
      FAIL("no known union member set");
    }
  }
}

TEST_CASE("the samples set every field of the schema", "[events][domain]") {
  // A field added to domain.capnp but not mapped by the codec (or not filled in here)
  // reads back as its default and fails this check.
  for (const domain::DomainEvent& event : Samples()) {
    RawEvent raw(EncodeDomainEvent(event));
    CheckAllSet(raw.Root(), TypeOf(event));
  }
}

template <typename SchemaEnum>
void CheckEnumMapping() {
  const capnp::EnumSchema enum_schema = capnp::Schema::from<SchemaEnum>();
  INFO(ToString(enum_schema.getShortDisplayName()));
  for (capnp::EnumSchema::Enumerant enumerant : enum_schema.getEnumerants()) {
    INFO(ToString(enumerant.getProto().getName()));
    const auto theirs = static_cast<SchemaEnum>(enumerant.getOrdinal());
    const auto ours = internal::FromSchema(theirs);
    CHECK(internal::ToSchema(ours) == theirs);
    // domain_events.h promises the schema's order.
    CHECK(static_cast<unsigned>(ours) == unsigned{enumerant.getOrdinal()});
    CHECK(std::string(internal::JsonName(ours)) == SnakeCase(enumerant.getProto().getName()));
  }
  const auto unknown = static_cast<SchemaEnum>(enum_schema.getEnumerants().size());
  CHECK_THROWS_AS(internal::FromSchema(unknown), internal::UnknownValue);
}

TEST_CASE("every enumerant maps both ways and has its schema name in JSON", "[events][domain]") {
  CheckEnumMapping<schema::Role>();
  CheckEnumMapping<schema::ClientKind>();
  CheckEnumMapping<schema::ClientSource>();
  CheckEnumMapping<schema::ClientStatus>();
  CheckEnumMapping<schema::ClientRelation>();
  CheckEnumMapping<schema::ContactType>();
  CheckEnumMapping<schema::ContactOutcome>();
  CheckEnumMapping<schema::RefusalReason>();
  CheckEnumMapping<schema::TaskKind>();
}

// ---------------------------------------------------------------- damage

void CheckCorruption(const Result<domain::DomainEvent>& decoded) {
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == StatusCode::kCorruption);
}

TEST_CASE("a payload of another type than the envelope says is Corruption", "[events][domain]") {
  const std::string bytes = EncodeDomainEvent(Samples()[22]);  // ContactLogged
  Result<domain::DomainEvent> decoded = DecodeDomainEvent("TaskAssigned", bytes);
  CheckCorruption(decoded);
  CHECK_THAT(decoded.status().message(), Catch::Contains("TaskAssigned"));
  CHECK_THAT(decoded.status().message(), Catch::Contains("ContactLogged"));
  CheckCorruption(DecodeDomainEvent("", bytes));
  CheckCorruption(DecodeDomainEvent("contactLogged", bytes));
}

TEST_CASE("an event from a newer schema is Corruption, not a guess", "[events][domain]") {
  SECTION("an unknown union member") {
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<schema::DomainEvent>();
    root.initContactLogged().setClientId("client-1");
    SetDiscriminant(schema::DomainEvent::Builder(root), capnp::Schema::from<schema::DomainEvent>(),
                    40);
    Result<domain::DomainEvent> decoded = DecodeDomainEvent("ContactLogged", ToBytes(message));
    CheckCorruption(decoded);
    CHECK_THAT(decoded.status().message(), Catch::Contains("unknown event (ordinal 40)"));
  }
  SECTION("an unknown enumerant") {
    capnp::MallocMessageBuilder message;
    auto logged = message.initRoot<schema::DomainEvent>().initContactLogged();
    logged.setOutcome(static_cast<schema::ContactOutcome>(99));
    Result<domain::DomainEvent> decoded = DecodeDomainEvent("ContactLogged", ToBytes(message));
    CheckCorruption(decoded);
    CHECK_THAT(decoded.status().message(), Catch::Contains("unknown ContactOutcome (value 99)"));
  }
  SECTION("an unknown enumerant inside a list") {
    capnp::MallocMessageBuilder message;
    auto hired = message.initRoot<schema::DomainEvent>().initEmployeeHired();
    hired.initRoles(2).set(1, static_cast<schema::Role>(7));
    CheckCorruption(DecodeDomainEvent("EmployeeHired", ToBytes(message)));
  }
  SECTION("an unknown form of personal text") {
    capnp::MallocMessageBuilder message;
    auto registered = message.initRoot<schema::DomainEvent>().initClientRegistered();
    SetDiscriminant(registered.initName(), capnp::Schema::from<schema::PersonalText>(), 2);
    Result<domain::DomainEvent> decoded = DecodeDomainEvent("ClientRegistered", ToBytes(message));
    CheckCorruption(decoded);
    CHECK_THAT(decoded.status().message(), Catch::Contains("PersonalText"));
  }
}

TEST_CASE("damaged payloads decode to Corruption or a value, never a crash", "[events][domain]") {
  SECTION("empty and not whole words") {
    CheckCorruption(DecodeDomainEvent("ContactLogged", ""));
    CheckCorruption(DecodeDomainEvent("ContactLogged", "1234567"));
  }
  SECTION("cut short, every event at every word") {
    for (const domain::DomainEvent& event : Samples()) {
      const std::string bytes = EncodeDomainEvent(event);
      for (std::size_t size = 8; size < bytes.size(); size += 8) {
        INFO(TypeOf(event) << " cut to " << size);
        CheckCorruption(DecodeDomainEvent(TypeOf(event), bytes.substr(0, size)));
      }
    }
  }
  SECTION("every byte of every event flipped") {
    // A flip may still decode (inside a text, or to another valid value), but must
    // never crash, hang or return another error than Corruption.
    for (const domain::DomainEvent& event : Samples()) {
      const std::string bytes = EncodeDomainEvent(event);
      for (std::size_t i = 0; i < bytes.size(); ++i) {
        for (const int mask : {0x01, 0x5a, 0xff}) {
          std::string damaged = bytes;
          damaged[i] = static_cast<char>(damaged[i] ^ mask);
          Result<domain::DomainEvent> decoded = DecodeDomainEvent(TypeOf(event), damaged);
          if (!decoded.ok()) {
            INFO(TypeOf(event) << " byte " << i << " ^ " << mask);
            CHECK(decoded.status().code() == StatusCode::kCorruption);
          }
        }
      }
    }
  }
  SECTION("random garbage") {
    std::mt19937 random(11);
    for (int round = 0; round < 500; ++round) {
      std::string garbage(8 * (1 + random() % 64), '\0');
      for (char& c : garbage) c = static_cast<char>(random());
      Result<domain::DomainEvent> decoded = DecodeDomainEvent("ContactLogged", garbage);
      if (!decoded.ok()) CHECK(decoded.status().code() == StatusCode::kCorruption);
    }
  }
}

// ---------------------------------------------------------------- JSON

TEST_CASE("every event renders as JSON with its type", "[events][domain][json]") {
  for (const domain::DomainEvent& event : Samples()) {
    nlohmann::json json = DomainEventToJson(event);
    CHECK(json["type"] == TypeOf(event));
    CHECK(json.size() > 1);
    CHECK_NOTHROW(json.dump());  // valid UTF-8 throughout: no ciphertext slipped in
  }
}

TEST_CASE("a contact renders with snake_case enums, money and both time forms",
          "[events][domain][json]") {
  auto contact = std::get<domain::ContactLogged>(Samples()[22]);
  contact.outcome = domain::ContactOutcome::kAgreementInPrinciple;
  nlohmann::json json = DomainEventToJson(contact);
  CHECK(json["type"] == "ContactLogged");
  CHECK(json["client_id"] == "client-r01-b01-00042");
  CHECK(json["contact_type"] == "meeting");
  CHECK(json["outcome"] == "agreement_in_principle");
  CHECK(json["refusal_reason"] == "served_by_another_bank");
  CHECK(json["refusal_text"] == "Обслуживается в другом банке");
  CHECK(json["amount"] == nlohmann::json({{"minor_units", 50'000'000}, {"currency", "RUB"}}));
  CHECK(json["next_contact_at_us"] == kMonday + 90 * kDay);
  CHECK(json["next_contact_at"] == "2026-04-05T09:00:00.000000Z");

  contact.next_contact_at_us = 0;  // none agreed
  json = DomainEventToJson(contact);
  CHECK(json["next_contact_at_us"] == 0);
  CHECK(json["next_contact_at"].is_null());
}

TEST_CASE("sealed personal data renders as sealed, never as its bytes", "[events][domain][json]") {
  nlohmann::json json = DomainEventToJson(Samples()[10]);  // ClientRegistered
  const nlohmann::json sealed = {{"sealed", true}};
  CHECK(json["kind"] == "individual");
  CHECK(json["source"] == "referral");
  CHECK(json["status"] == "vip");
  CHECK(json["name"] == sealed);
  CHECK(json["contact"]["phones"] == nlohmann::json::array({sealed, "+7 495 000-00-01"}));
  CHECK(json["contact"]["emails"] == nlohmann::json::array({sealed}));
  CHECK(json["contact"]["address"] == sealed);
  const std::string text = json.dump();
  CHECK(text.find(SealedBytes(1).substr(1, 8)) == std::string::npos);

  nlohmann::json corrected = DomainEventToJson(Samples()[11]);
  CHECK(corrected["before"] == "Moscow, Tverskaya 1");
  CHECK(corrected["after"] == sealed);
}

TEST_CASE("roles, plans and tasks render their values", "[events][domain][json]") {
  domain::EmployeeHired hired;
  hired.roles = {domain::Role::kBranchHead, domain::Role::kAuditor};
  nlohmann::json json = DomainEventToJson(hired);
  CHECK(json["roles"] == nlohmann::json::array({"branch_head", "auditor"}));

  json = DomainEventToJson(Samples()[21]);  // WeeklyPlanSet
  CHECK(json["week"] == nlohmann::json({{"year", 2026}, {"week", 2}}));
  CHECK(json["contacts"] == 40);
  CHECK(json["sales"][1] == nlohmann::json({{"product_code", "loan-sme"}, {"sales", 1}}));
  CHECK(json["volume"]["minor_units"] == 1'500'000'000);

  json = DomainEventToJson(Samples()[29]);  // TaskAssigned
  CHECK(json["kind"] == "plan_deviation");
  CHECK(json["due_at"] == "2026-01-10T09:00:00.000000Z");

  domain::ContactLogged sold;
  sold.outcome = domain::ContactOutcome::kProductSold;
  json = DomainEventToJson(sold);
  CHECK(json["outcome"] == "product_sold");
}

}  // namespace
}  // namespace prospekt
