#include "events/domain_events.h"

#include <algorithm>
#include <array>
#include <utility>

namespace prospekt::domain {
namespace {

// One name per event type. An overload set rather than a table indexed by the
// variant's position, so that a missing name is a compile error and a reordering of
// the variant cannot shift names. tests/events/domain_codec_test.cc checks each name
// against the union member's name in events/domain.capnp.
constexpr std::string_view NameOf(const RegionOpened&) { return "RegionOpened"; }
constexpr std::string_view NameOf(const BranchOpened&) { return "BranchOpened"; }
constexpr std::string_view NameOf(const DepartmentOpened&) { return "DepartmentOpened"; }
constexpr std::string_view NameOf(const ProductDefined&) { return "ProductDefined"; }
constexpr std::string_view NameOf(const EmployeeHired&) { return "EmployeeHired"; }
constexpr std::string_view NameOf(const EmployeeRoleChanged&) { return "EmployeeRoleChanged"; }
constexpr std::string_view NameOf(const EmployeeTransferred&) { return "EmployeeTransferred"; }
constexpr std::string_view NameOf(const EmployeeLeft&) { return "EmployeeLeft"; }
constexpr std::string_view NameOf(const AbsenceRecorded&) { return "AbsenceRecorded"; }
constexpr std::string_view NameOf(const BranchSettingsChanged&) { return "BranchSettingsChanged"; }
constexpr std::string_view NameOf(const ClientRegistered&) { return "ClientRegistered"; }
constexpr std::string_view NameOf(const ClientDetailsCorrected&) {
  return "ClientDetailsCorrected";
}
constexpr std::string_view NameOf(const ClientStatusChanged&) { return "ClientStatusChanged"; }
constexpr std::string_view NameOf(const ClientsLinked&) { return "ClientsLinked"; }
constexpr std::string_view NameOf(const ClientsUnlinked&) { return "ClientsUnlinked"; }
constexpr std::string_view NameOf(const ClientMergedAsDuplicate&) {
  return "ClientMergedAsDuplicate";
}
constexpr std::string_view NameOf(const ClientUnmerged&) { return "ClientUnmerged"; }
constexpr std::string_view NameOf(const PersonalDataErased&) { return "PersonalDataErased"; }
constexpr std::string_view NameOf(const ClientAssigned&) { return "ClientAssigned"; }
constexpr std::string_view NameOf(const ClientReassigned&) { return "ClientReassigned"; }
constexpr std::string_view NameOf(const ClientUnassigned&) { return "ClientUnassigned"; }
constexpr std::string_view NameOf(const WeeklyPlanSet&) { return "WeeklyPlanSet"; }
constexpr std::string_view NameOf(const ContactLogged&) { return "ContactLogged"; }
constexpr std::string_view NameOf(const DontDisturbWarned&) { return "DontDisturbWarned"; }
constexpr std::string_view NameOf(const NextContactDone&) { return "NextContactDone"; }
constexpr std::string_view NameOf(const NextContactCancelled&) { return "NextContactCancelled"; }
constexpr std::string_view NameOf(const HandedOver&) { return "HandedOver"; }
constexpr std::string_view NameOf(const HandOverAccepted&) { return "HandOverAccepted"; }
constexpr std::string_view NameOf(const HandOverReturned&) { return "HandOverReturned"; }
constexpr std::string_view NameOf(const TaskAssigned&) { return "TaskAssigned"; }
constexpr std::string_view NameOf(const TaskCompleted&) { return "TaskCompleted"; }
constexpr std::string_view NameOf(const CampaignLaunched&) { return "CampaignLaunched"; }
constexpr std::string_view NameOf(const ClientEnrolled&) { return "ClientEnrolled"; }
constexpr std::string_view NameOf(const CampaignClosed&) { return "CampaignClosed"; }
constexpr std::string_view NameOf(const SatisfactionScored&) { return "SatisfactionScored"; }
constexpr std::string_view NameOf(const WorkingDayClosed&) { return "WorkingDayClosed"; }

// The catalogue in domain.capnp has 36 union members; the variant mirrors all of them.
static_assert(std::variant_size_v<DomainEvent> == 36);

}  // namespace

std::string_view EventTypeName(const DomainEvent& event) {
  return std::visit([](const auto& e) { return NameOf(e); }, event);
}

bool IsDomainEventType(std::string_view event_type) {
  static const auto kNames = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<std::string_view, sizeof...(I)>{
        NameOf(std::variant_alternative_t<I, DomainEvent>{})...};
  }(std::make_index_sequence<std::variant_size_v<DomainEvent>>{});
  return std::find(kNames.begin(), kNames.end(), event_type) != kNames.end();
}

std::vector<PersonalText*> PersonalTextsOf(DomainEvent& event, std::string* client_id) {
  std::vector<PersonalText*> texts;
  if (auto* registered = std::get_if<ClientRegistered>(&event)) {
    *client_id = registered->client_id;
    texts.push_back(&registered->name);
    for (PersonalText& phone : registered->contact.phones) texts.push_back(&phone);
    for (PersonalText& email : registered->contact.emails) texts.push_back(&email);
    texts.push_back(&registered->contact.address);
  } else if (auto* corrected = std::get_if<ClientDetailsCorrected>(&event)) {
    *client_id = corrected->client_id;
    texts.push_back(&corrected->before);
    texts.push_back(&corrected->after);
  }
  return texts;
}

}  // namespace prospekt::domain
