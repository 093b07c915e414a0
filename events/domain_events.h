// The bank's domain events as plain C++ values: one struct per member of the
// DomainEvent union in events/domain.capnp, same names, same fields, same order.
//
// Decide and evolve functions work on these; events/domain_codec.h turns them into the
// Cap'n Proto payload of an envelope and back. Personal data (names of individuals,
// phones, e-mails, addresses) is a PersonalText: clear text, or sealed bytes that only
// the client's key opens (sealing is done by the write side, not by the codec).
// Plain values: copyable, comparable, thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace prospekt::domain {

// ---------------------------------------------------------------- common values

struct IsoWeek {
  std::uint16_t year = 0;
  std::uint8_t week = 0;  // 1..53
  bool operator==(const IsoWeek&) const = default;
};

struct Money {
  std::int64_t minor_units = 0;
  std::string currency;  // ISO 4217
  bool operator==(const Money&) const = default;
};

struct PersonalText {
  enum class Form : std::uint8_t { kClear, kSealed };
  Form form = Form::kClear;
  std::string bytes;  // the text when clear; nonce + ciphertext + tag when sealed
  bool operator==(const PersonalText&) const = default;
};

enum class Role : std::uint8_t {
  kBranchHead,
  kSalesSpecialist,
  kProductSpecialist,
  kHeadOffice,
  kAuditor,
  kAdmin  // org structure, users and tokens; no client data or work
};
enum class ClientKind : std::uint8_t { kLegalEntity, kIndividual };
enum class ClientSource : std::uint8_t {
  kStatisticsDatabase,
  kCounterparty,
  kStateBody,
  kExhibition,
  kInternet,
  kPartner,
  kReferral
};
enum class ClientStatus : std::uint8_t { kNewClient, kBankClient, kPartner, kVip };
enum class ClientRelation : std::uint8_t { kParent, kSubsidiary, kAffiliate, kKeyPerson };
enum class ContactType : std::uint8_t { kPost, kEmail, kPhone, kMeeting };
enum class ContactOutcome : std::uint8_t {
  kProductSold,
  kRefused,
  kPositiveProspect,
  kUnclearProspect,
  kContractTerminated,
  kAgreementInPrinciple
};
enum class RefusalReason : std::uint8_t {
  kRateTooHigh,
  kServedByAnotherBank,
  kNoNeedNow,
  kCollateralLacking,
  kTermsUnsuitable,
  kDeclinedToTalk,
  kOther
};
enum class TaskKind : std::uint8_t { kManual, kPlanDeviation, kHandOver, kOverdueNextContact };

// ---------------------------------------------------------------- organisation

struct RegionOpened {
  std::string region_id, name;
  bool operator==(const RegionOpened&) const = default;
};
struct BranchOpened {
  std::string branch_id, region_id, name;
  bool operator==(const BranchOpened&) const = default;
};
struct DepartmentOpened {
  std::string department_id, branch_id, name;
  bool operator==(const DepartmentOpened&) const = default;
};
struct ProductDefined {
  std::string product_code, name, owning_department;
  bool operator==(const ProductDefined&) const = default;
};
struct EmployeeHired {
  std::string employee_id, name;
  std::vector<Role> roles;
  std::string branch_id, department_id;
  bool operator==(const EmployeeHired&) const = default;
};
struct EmployeeRoleChanged {
  std::string employee_id;
  std::vector<Role> roles;
  bool operator==(const EmployeeRoleChanged&) const = default;
};
struct EmployeeTransferred {
  std::string employee_id, branch_id, department_id;
  bool operator==(const EmployeeTransferred&) const = default;
};
struct EmployeeLeft {
  std::string employee_id;
  bool operator==(const EmployeeLeft&) const = default;
};
struct AbsenceRecorded {
  std::string employee_id;
  std::int64_t from_us = 0;   // inclusive
  std::int64_t until_us = 0;  // exclusive
  std::string deputy_id, reason;
  bool operator==(const AbsenceRecorded&) const = default;
};
struct BranchSettingsChanged {
  std::string branch_id;
  std::uint16_t dont_disturb_days = 7;
  std::uint8_t plan_deviation_percent = 30;
  bool operator==(const BranchSettingsChanged&) const = default;
};

// ---------------------------------------------------------------- clients

struct ContactData {
  std::vector<PersonalText> phones, emails;
  PersonalText address;
  bool operator==(const ContactData&) const = default;
};
struct ClientRegistered {
  std::string client_id;
  ClientKind kind = ClientKind::kLegalEntity;
  PersonalText name;
  std::string tax_id;
  ContactData contact;
  std::string industry, branch_id, region_id;
  ClientSource source = ClientSource::kStatisticsDatabase;
  ClientStatus status = ClientStatus::kNewClient;
  std::string forced_over_duplicate_of;
  bool operator==(const ClientRegistered&) const = default;
};
struct ClientDetailsCorrected {
  std::string client_id, field;
  PersonalText before, after;
  bool operator==(const ClientDetailsCorrected&) const = default;
};
struct ClientStatusChanged {
  std::string client_id;
  ClientStatus from = ClientStatus::kNewClient;
  ClientStatus to = ClientStatus::kNewClient;
  bool operator==(const ClientStatusChanged&) const = default;
};
struct ClientsLinked {
  std::string client_id, other_client_id;
  ClientRelation relation = ClientRelation::kAffiliate;
  bool operator==(const ClientsLinked&) const = default;
};
struct ClientsUnlinked {
  std::string client_id, other_client_id;
  bool operator==(const ClientsUnlinked&) const = default;
};
struct ClientMergedAsDuplicate {
  std::string duplicate_id, survivor_id;
  bool operator==(const ClientMergedAsDuplicate&) const = default;
};
struct ClientUnmerged {
  std::string duplicate_id, survivor_id;
  bool operator==(const ClientUnmerged&) const = default;
};
struct PersonalDataErased {
  std::string client_id, reason;
  bool operator==(const PersonalDataErased&) const = default;
};

// ---------------------------------------------------------------- work

struct ClientAssigned {
  std::string client_id, employee_id;
  std::vector<std::string> products;
  bool operator==(const ClientAssigned&) const = default;
};
struct ClientReassigned {
  std::string client_id, from_employee_id, to_employee_id;
  std::vector<std::string> products;
  bool operator==(const ClientReassigned&) const = default;
};
struct ClientUnassigned {
  std::string client_id, employee_id;
  bool operator==(const ClientUnassigned&) const = default;
};
struct ProductTarget {
  std::string product_code;
  std::uint32_t sales = 0;
  bool operator==(const ProductTarget&) const = default;
};
struct WeeklyPlanSet {
  std::string employee_id, branch_id;
  IsoWeek week;
  std::uint32_t contacts = 0;
  std::vector<ProductTarget> sales;
  Money volume;
  bool operator==(const WeeklyPlanSet&) const = default;
};
struct ContactLogged {
  std::string client_id, employee_id;
  ContactType type = ContactType::kPhone;
  ContactOutcome outcome = ContactOutcome::kUnclearProspect;
  std::string product_code;
  Money amount;
  RefusalReason refusal_reason = RefusalReason::kOther;
  std::string refusal_text, note;
  std::int64_t next_contact_at_us = 0;  // 0: none agreed
  bool operator==(const ContactLogged&) const = default;
};
struct DontDisturbWarned {
  std::string client_id, warned_employee_id, colleague_id;
  std::int64_t colleague_contact_at_us = 0;
  std::string action;  // "contact" or "assignment"
  bool operator==(const DontDisturbWarned&) const = default;
};
struct NextContactDone {
  std::string client_id;
  std::int64_t due_at_us = 0;
  bool operator==(const NextContactDone&) const = default;
};
struct NextContactCancelled {
  std::string client_id;
  std::int64_t due_at_us = 0;
  std::string reason;
  bool operator==(const NextContactCancelled&) const = default;
};
struct HandedOver {
  std::string client_id, department, product_code, from_employee_id;
  bool automatic = false;
  bool operator==(const HandedOver&) const = default;
};
struct HandOverAccepted {
  std::string client_id, department, specialist_id;
  bool operator==(const HandOverAccepted&) const = default;
};
struct HandOverReturned {
  std::string client_id, department, reason;
  bool operator==(const HandOverReturned&) const = default;
};
struct TaskAssigned {
  std::string task_id, employee_id;
  TaskKind kind = TaskKind::kManual;
  std::string client_id;
  IsoWeek week;
  std::int64_t due_at_us = 0;
  std::string text;
  bool operator==(const TaskAssigned&) const = default;
};
struct TaskCompleted {
  std::string task_id, employee_id, note;
  bool operator==(const TaskCompleted&) const = default;
};
struct CampaignLaunched {
  std::string campaign_id, branch_id, name;
  std::vector<std::string> products;
  std::int64_t from_us = 0, until_us = 0;
  bool operator==(const CampaignLaunched&) const = default;
};
struct ClientEnrolled {
  std::string campaign_id, client_id;
  bool operator==(const ClientEnrolled&) const = default;
};
struct CampaignClosed {
  std::string campaign_id;
  bool operator==(const CampaignClosed&) const = default;
};
struct SatisfactionScored {
  std::string client_id;
  std::uint8_t score = 0;  // 1..10
  std::string comment;
  bool operator==(const SatisfactionScored&) const = default;
};
struct WorkingDayClosed {
  std::string branch_id;
  std::int64_t day_start_us = 0;
  bool operator==(const WorkingDayClosed&) const = default;
};

// In the order of the DomainEvent union's ordinals.
using DomainEvent =
    std::variant<RegionOpened, BranchOpened, DepartmentOpened, ProductDefined, EmployeeHired,
                 EmployeeRoleChanged, EmployeeTransferred, EmployeeLeft, AbsenceRecorded,
                 BranchSettingsChanged, ClientRegistered, ClientDetailsCorrected,
                 ClientStatusChanged, ClientsLinked, ClientsUnlinked, ClientMergedAsDuplicate,
                 ClientUnmerged, PersonalDataErased, ClientAssigned, ClientReassigned,
                 ClientUnassigned, WeeklyPlanSet, ContactLogged, DontDisturbWarned, NextContactDone,
                 NextContactCancelled, HandedOver, HandOverAccepted, HandOverReturned, TaskAssigned,
                 TaskCompleted, CampaignLaunched, ClientEnrolled, CampaignClosed,
                 SatisfactionScored, WorkingDayClosed>;

// The envelope's event_type of an event: the struct's name, e.g. "ContactLogged".
std::string_view EventTypeName(const DomainEvent& event);

// Every PersonalText of `event` (a ClientRegistered's name and contact data, a
// ClientDetailsCorrected's before and after), whatever their form, and in `client_id`
// the client whose key seals them; none (and `client_id` untouched) for other events.
std::vector<PersonalText*> PersonalTextsOf(DomainEvent& event, std::string* client_id);

// Whether `event_type` names a domain event (an envelope of another type, e.g. one
// appended by `prospekt append`, carries no DomainEvent payload).
bool IsDomainEventType(std::string_view event_type);

}  // namespace prospekt::domain
