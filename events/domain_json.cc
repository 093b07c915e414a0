#include "events/domain_json.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "events/envelope_json.h"
#include "events/internal/domain_enums.h"

namespace prospekt {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------- values

template <typename Enum>
std::string Name(Enum value) {
  return std::string(internal::JsonName(value));
}

// A time as "<name>_us" and as ISO-8601 "<name>".
void PutTime(json& j, const std::string& name, std::int64_t micros) {
  j[name + "_us"] = micros;
  j[name] = FormatUtcMicros(micros);
}

json ToJson(const domain::PersonalText& text) {
  // Never the ciphertext: a sealed text is opened (or found erased) by the caller that
  // holds the client's key, not by a renderer.
  if (text.form == domain::PersonalText::Form::kSealed) return {{"sealed", true}};
  return text.bytes;
}

json ToJson(const std::vector<domain::PersonalText>& texts) {
  json list = json::array();
  for (const domain::PersonalText& text : texts) list.push_back(ToJson(text));
  return list;
}

json ToJson(const domain::Money& money) {
  return {{"minor_units", money.minor_units}, {"currency", money.currency}};
}

json ToJson(const domain::IsoWeek& week) { return {{"year", week.year}, {"week", week.week}}; }

json ToJson(const std::vector<domain::Role>& roles) {
  json list = json::array();
  for (domain::Role role : roles) list.push_back(Name(role));
  return list;
}

json ToJson(const std::vector<std::string>& texts) { return texts; }

// ---------------------------------------------------------------- organisation

void Fill(json& j, const domain::RegionOpened& e) {
  j["region_id"] = e.region_id;
  j["name"] = e.name;
}

void Fill(json& j, const domain::BranchOpened& e) {
  j["branch_id"] = e.branch_id;
  j["region_id"] = e.region_id;
  j["name"] = e.name;
}

void Fill(json& j, const domain::DepartmentOpened& e) {
  j["department_id"] = e.department_id;
  j["branch_id"] = e.branch_id;
  j["name"] = e.name;
}

void Fill(json& j, const domain::ProductDefined& e) {
  j["product_code"] = e.product_code;
  j["name"] = e.name;
  j["owning_department"] = e.owning_department;
}

void Fill(json& j, const domain::EmployeeHired& e) {
  j["employee_id"] = e.employee_id;
  j["name"] = e.name;
  j["roles"] = ToJson(e.roles);
  j["branch_id"] = e.branch_id;
  j["department_id"] = e.department_id;
}

void Fill(json& j, const domain::EmployeeRoleChanged& e) {
  j["employee_id"] = e.employee_id;
  j["roles"] = ToJson(e.roles);
}

void Fill(json& j, const domain::EmployeeTransferred& e) {
  j["employee_id"] = e.employee_id;
  j["branch_id"] = e.branch_id;
  j["department_id"] = e.department_id;
}

void Fill(json& j, const domain::EmployeeLeft& e) { j["employee_id"] = e.employee_id; }

void Fill(json& j, const domain::AbsenceRecorded& e) {
  j["employee_id"] = e.employee_id;
  PutTime(j, "from", e.from_us);
  PutTime(j, "until", e.until_us);
  j["deputy_id"] = e.deputy_id;
  j["reason"] = e.reason;
}

void Fill(json& j, const domain::BranchSettingsChanged& e) {
  j["branch_id"] = e.branch_id;
  j["dont_disturb_days"] = e.dont_disturb_days;
  j["plan_deviation_percent"] = e.plan_deviation_percent;
}

// ---------------------------------------------------------------- clients

void Fill(json& j, const domain::ClientRegistered& e) {
  j["client_id"] = e.client_id;
  j["kind"] = Name(e.kind);
  j["name"] = ToJson(e.name);
  j["tax_id"] = e.tax_id;
  j["contact"] = {{"phones", ToJson(e.contact.phones)},
                  {"emails", ToJson(e.contact.emails)},
                  {"address", ToJson(e.contact.address)}};
  j["industry"] = e.industry;
  j["branch_id"] = e.branch_id;
  j["region_id"] = e.region_id;
  j["source"] = Name(e.source);
  j["status"] = Name(e.status);
  j["forced_over_duplicate_of"] = e.forced_over_duplicate_of;
}

void Fill(json& j, const domain::ClientDetailsCorrected& e) {
  j["client_id"] = e.client_id;
  j["field"] = e.field;
  j["before"] = ToJson(e.before);
  j["after"] = ToJson(e.after);
}

void Fill(json& j, const domain::ClientStatusChanged& e) {
  j["client_id"] = e.client_id;
  j["from"] = Name(e.from);
  j["to"] = Name(e.to);
}

void Fill(json& j, const domain::ClientsLinked& e) {
  j["client_id"] = e.client_id;
  j["other_client_id"] = e.other_client_id;
  j["relation"] = Name(e.relation);
}

void Fill(json& j, const domain::ClientsUnlinked& e) {
  j["client_id"] = e.client_id;
  j["other_client_id"] = e.other_client_id;
}

void Fill(json& j, const domain::ClientMergedAsDuplicate& e) {
  j["duplicate_id"] = e.duplicate_id;
  j["survivor_id"] = e.survivor_id;
}

void Fill(json& j, const domain::ClientUnmerged& e) {
  j["duplicate_id"] = e.duplicate_id;
  j["survivor_id"] = e.survivor_id;
}

void Fill(json& j, const domain::PersonalDataErased& e) {
  j["client_id"] = e.client_id;
  j["reason"] = e.reason;
}

// ---------------------------------------------------------------- work

void Fill(json& j, const domain::ClientAssigned& e) {
  j["client_id"] = e.client_id;
  j["employee_id"] = e.employee_id;
  j["products"] = ToJson(e.products);
}

void Fill(json& j, const domain::ClientReassigned& e) {
  j["client_id"] = e.client_id;
  j["from_employee_id"] = e.from_employee_id;
  j["to_employee_id"] = e.to_employee_id;
  j["products"] = ToJson(e.products);
}

void Fill(json& j, const domain::ClientUnassigned& e) {
  j["client_id"] = e.client_id;
  j["employee_id"] = e.employee_id;
}

void Fill(json& j, const domain::WeeklyPlanSet& e) {
  j["employee_id"] = e.employee_id;
  j["branch_id"] = e.branch_id;
  j["week"] = ToJson(e.week);
  j["contacts"] = e.contacts;
  json sales = json::array();
  for (const domain::ProductTarget& target : e.sales) {
    sales.push_back({{"product_code", target.product_code}, {"sales", target.sales}});
  }
  j["sales"] = std::move(sales);
  j["volume"] = ToJson(e.volume);
}

void Fill(json& j, const domain::ContactLogged& e) {
  j["client_id"] = e.client_id;
  j["employee_id"] = e.employee_id;
  j["contact_type"] = Name(e.type);  // "type" is the event's
  j["outcome"] = Name(e.outcome);
  j["product_code"] = e.product_code;
  j["amount"] = ToJson(e.amount);
  j["refusal_reason"] = Name(e.refusal_reason);
  j["refusal_text"] = e.refusal_text;
  j["note"] = e.note;
  PutTime(j, "next_contact_at", e.next_contact_at_us);
  // 0 means no next contact was agreed, not one due on 1 January 1970.
  if (e.next_contact_at_us == 0) j["next_contact_at"] = nullptr;
}

void Fill(json& j, const domain::DontDisturbWarned& e) {
  j["client_id"] = e.client_id;
  j["warned_employee_id"] = e.warned_employee_id;
  j["colleague_id"] = e.colleague_id;
  PutTime(j, "colleague_contact_at", e.colleague_contact_at_us);
  j["action"] = e.action;
}

void Fill(json& j, const domain::NextContactDone& e) {
  j["client_id"] = e.client_id;
  PutTime(j, "due_at", e.due_at_us);
}

void Fill(json& j, const domain::NextContactCancelled& e) {
  j["client_id"] = e.client_id;
  PutTime(j, "due_at", e.due_at_us);
  j["reason"] = e.reason;
}

void Fill(json& j, const domain::HandedOver& e) {
  j["client_id"] = e.client_id;
  j["department"] = e.department;
  j["product_code"] = e.product_code;
  j["from_employee_id"] = e.from_employee_id;
  j["automatic"] = e.automatic;
}

void Fill(json& j, const domain::HandOverAccepted& e) {
  j["client_id"] = e.client_id;
  j["department"] = e.department;
  j["specialist_id"] = e.specialist_id;
}

void Fill(json& j, const domain::HandOverReturned& e) {
  j["client_id"] = e.client_id;
  j["department"] = e.department;
  j["reason"] = e.reason;
}

void Fill(json& j, const domain::TaskAssigned& e) {
  j["task_id"] = e.task_id;
  j["employee_id"] = e.employee_id;
  j["kind"] = Name(e.kind);
  j["client_id"] = e.client_id;
  j["week"] = ToJson(e.week);
  PutTime(j, "due_at", e.due_at_us);
  j["text"] = e.text;
}

void Fill(json& j, const domain::TaskCompleted& e) {
  j["task_id"] = e.task_id;
  j["employee_id"] = e.employee_id;
  j["note"] = e.note;
}

void Fill(json& j, const domain::CampaignLaunched& e) {
  j["campaign_id"] = e.campaign_id;
  j["branch_id"] = e.branch_id;
  j["name"] = e.name;
  j["products"] = ToJson(e.products);
  PutTime(j, "from", e.from_us);
  PutTime(j, "until", e.until_us);
}

void Fill(json& j, const domain::ClientEnrolled& e) {
  j["campaign_id"] = e.campaign_id;
  j["client_id"] = e.client_id;
}

void Fill(json& j, const domain::CampaignClosed& e) { j["campaign_id"] = e.campaign_id; }

void Fill(json& j, const domain::SatisfactionScored& e) {
  j["client_id"] = e.client_id;
  j["score"] = e.score;
  j["comment"] = e.comment;
}

void Fill(json& j, const domain::WorkingDayClosed& e) {
  j["branch_id"] = e.branch_id;
  PutTime(j, "day_start", e.day_start_us);
}

// Turns every {"sealed": true} under `j` into {"erased": true}.
void MarkErased(json& j) {
  if (j.is_object() && j.size() == 1 && j.contains("sealed")) {
    j = {{"erased", true}};
    return;
  }
  if (j.is_structured()) {
    for (json& child : j) MarkErased(child);
  }
}

}  // namespace

nlohmann::json DomainEventToJson(const domain::DomainEvent& event, const ErasedCheck& erased) {
  json j = {{"type", std::string(domain::EventTypeName(event))}};
  // Overload resolution picks the Fill of each type; a type without one does not compile.
  std::visit([&j](const auto& e) { Fill(j, e); }, event);
  // Only these two events carry personal data, all of it their client's.
  if (erased) {
    if (const auto* registered = std::get_if<domain::ClientRegistered>(&event)) {
      if (erased(registered->client_id)) MarkErased(j);
    } else if (const auto* corrected = std::get_if<domain::ClientDetailsCorrected>(&event)) {
      if (erased(corrected->client_id)) MarkErased(j);
    }
  }
  return j;
}

std::string_view EnumJsonName(domain::Role value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::ClientKind value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::ClientSource value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::ClientStatus value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::ClientRelation value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::ContactType value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::ContactOutcome value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::RefusalReason value) { return internal::JsonName(value); }
std::string_view EnumJsonName(domain::TaskKind value) { return internal::JsonName(value); }

// The enumerations are dense from 0 and JsonName answers "unknown" past the last value,
// so walking the underlying values finds every name, also of enumerants added later.
template <class Enum>
const std::vector<std::string_view>& EnumJsonNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> all;
    using Underlying = std::underlying_type_t<Enum>;
    for (unsigned value = 0; value <= std::numeric_limits<Underlying>::max(); ++value) {
      const std::string_view name = internal::JsonName(static_cast<Enum>(value));
      if (name == "unknown") break;
      all.push_back(name);
    }
    return all;
  }();
  return names;
}

template <class Enum>
std::optional<Enum> EnumFromJsonName(std::string_view name) {
  const std::vector<std::string_view>& names = EnumJsonNames<Enum>();
  for (std::size_t value = 0; value < names.size(); ++value) {
    if (names[value] == name) return static_cast<Enum>(value);
  }
  return std::nullopt;
}

#define PROSPEKT_ENUM_JSON_NAMES(Enum)                                          \
  template const std::vector<std::string_view>& EnumJsonNames<domain::Enum>(); \
  template std::optional<domain::Enum> EnumFromJsonName<domain::Enum>(std::string_view name);
PROSPEKT_ENUM_JSON_NAMES(Role)
PROSPEKT_ENUM_JSON_NAMES(ClientKind)
PROSPEKT_ENUM_JSON_NAMES(ClientSource)
PROSPEKT_ENUM_JSON_NAMES(ClientStatus)
PROSPEKT_ENUM_JSON_NAMES(ClientRelation)
PROSPEKT_ENUM_JSON_NAMES(ContactType)
PROSPEKT_ENUM_JSON_NAMES(ContactOutcome)
PROSPEKT_ENUM_JSON_NAMES(RefusalReason)
PROSPEKT_ENUM_JSON_NAMES(TaskKind)
#undef PROSPEKT_ENUM_JSON_NAMES

}  // namespace prospekt
