// The orders the write side accepts: one plain struct per command, named as an order
// (DOMAIN.md's vocabulary), and the context every command runs in.
//
// A command is what a caller asks for; Decide (decide.h) turns it into the events that
// record what happened, or a rejection. Commands never carry a clock reading of their
// own choosing except where the fact is about the past (a contact's occurred_at): the
// time of the decision comes in CommandContext::now_us, so deciding stays pure.
// Plain values: copyable, comparable, thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "events/domain_events.h"

namespace prospekt::domain {

// Who issues a command: an employee id, or kSystemActor.
struct Actor {
  std::string employee_id;
};

// The scheduler (working day closed) and the set-up of the organisation act as
// "system". The server maps authenticated users to their own employee ids and never to
// this one, so it is not a back door for users.
inline constexpr std::string_view kSystemActor = "system";

struct CommandContext {
  Actor actor;
  std::int64_t now_us = 0;  // the time of the decision, microseconds since the epoch, UTC
  std::string correlation_id;
  // The version the caller last saw of the stream the command writes (HTTP If-Match):
  // when set, the decided append is refused with Aborted, carrying the current version,
  // unless the stream is at exactly this version (0: the stream has no events yet).
  // Unset, the command is decided against whatever the log holds.
  std::optional<std::uint64_t> expected_stream_version = std::nullopt;
};

// ---------------------------------------------------------------- organisation
// Issued by head office or an admin (or the system actor).

struct OpenRegion {
  std::string region_id, name;
  bool operator==(const OpenRegion&) const = default;
};
struct OpenBranch {
  std::string branch_id, region_id, name;
  bool operator==(const OpenBranch&) const = default;
};
// A department id is unique within its branch ("loans", "sales", ...), so a product's
// owning department names the same kind of department in every branch.
struct OpenDepartment {
  std::string department_id, branch_id, name;
  bool operator==(const OpenDepartment&) const = default;
};
struct DefineProduct {
  std::string product_code, name, owning_department;
  bool operator==(const DefineProduct&) const = default;
};
struct HireEmployee {
  std::string employee_id, name;
  std::vector<Role> roles;
  std::string branch_id, department_id;  // "" only for head office, auditors and admins
  bool operator==(const HireEmployee&) const = default;
};
// Also issued by the employee's branch head or the employee. The deputy works in the
// employee's branch and, for someone who works with clients, does so too.
struct RecordAbsence {
  std::string employee_id;
  std::int64_t from_us = 0;   // inclusive
  std::int64_t until_us = 0;  // exclusive
  std::string deputy_id, reason;
  bool operator==(const RecordAbsence&) const = default;
};
// Also issued by the branch's head.
struct ChangeBranchSettings {
  std::string branch_id;
  std::uint16_t dont_disturb_days = 7;
  std::uint8_t plan_deviation_percent = 30;
  bool operator==(const ChangeBranchSettings&) const = default;
};

// ---------------------------------------------------------------- clients and work

// Issued by an employee of the branch (or head office). The contact data is given in
// clear and decided in clear; the Executor seals the personal part before the append
// (executor.h).
struct RegisterClient {
  std::string client_id;
  ClientKind kind = ClientKind::kLegalEntity;
  std::string name;
  std::string tax_id;  // "" if unknown
  std::vector<std::string> phones, emails;
  std::string address, industry, branch_id;
  ClientSource source = ClientSource::kStatisticsDatabase;
  ClientStatus status = ClientStatus::kNewClient;
  // Register even though a duplicate was found; the duplicate's id is recorded.
  bool force = false;
  bool operator==(const RegisterClient&) const = default;
};

// Issued by the client's branch head, or the head's deputy during an absence.
struct AssignClient {
  std::string client_id, employee_id;
  std::vector<std::string> products;  // codes to offer
  bool operator==(const AssignClient&) const = default;
};

// Issued by the employee's branch head, or the head's deputy during an absence.
struct SetWeeklyPlan {
  std::string employee_id;
  IsoWeek week;
  std::uint32_t contacts = 0;
  std::vector<ProductTarget> sales;
  Money volume;
  bool operator==(const SetWeeklyPlan&) const = default;
};

// Issued by the sales specialist the client is assigned to, or their deputy.
struct LogContact {
  std::string client_id;
  ContactType type = ContactType::kPhone;
  ContactOutcome outcome = ContactOutcome::kUnclearProspect;
  std::int64_t occurred_at_us = 0;
  std::string product_code;
  Money amount;
  std::optional<RefusalReason> refusal_reason;  // required for a refusal
  std::string refusal_text;                     // required when the reason is kOther
  std::string note;
  std::int64_t next_contact_at_us = 0;  // 0: none agreed
  bool operator==(const LogContact&) const = default;
};

// Issued by the scheduler (system actor), head office or the branch head at the end of
// a working day; the plan-deviation rule runs on it.
struct CloseWorkingDay {
  std::string branch_id;
  std::int64_t day_start_us = 0;  // 00:00 UTC of the day closed
  bool operator==(const CloseWorkingDay&) const = default;
};

// ---------------------------------------------------------------- work

// Issued by the client's branch head, or the head's deputy during an absence.
struct UnassignClient {
  std::string client_id;
  bool operator==(const UnassignClient&) const = default;
};
// Issued by the client's branch head, or the head's deputy during an absence. Names
// both employees, so a reassignment decided on a stale view is refused.
struct ReassignClient {
  std::string client_id, from_employee_id, to_employee_id;
  std::vector<std::string> products;  // codes to offer
  bool operator==(const ReassignClient&) const = default;
};
// Issued by the client's assignee, or their deputy: the open agreed next contact.
struct CompleteNextContact {
  std::string client_id;
  bool operator==(const CompleteNextContact&) const = default;
};
struct CancelNextContact {
  std::string client_id, reason;
  bool operator==(const CancelNextContact&) const = default;
};
// Issued by a product specialist of the receiving department in the client's branch.
struct AcceptHandOver {
  std::string client_id, department;
  bool operator==(const AcceptHandOver&) const = default;
};
struct ReturnHandOver {
  std::string client_id, department, reason;
  bool operator==(const ReturnHandOver&) const = default;
};
// Issued by the employee's branch head, or the head's deputy during an absence.
struct AssignTask {
  std::string task_id, employee_id;
  std::string client_id;  // "" when the task is about no client
  std::int64_t due_at_us = 0;
  std::string text;
  bool operator==(const AssignTask&) const = default;
};
// Issued by the task's employee, or their deputy during an absence.
struct CompleteTask {
  std::string task_id, note;
  bool operator==(const CompleteTask&) const = default;
};

// ---------------------------------------------------------------- staff changes
// Issued by head office or an admin (or the system actor).

struct ChangeEmployeeRoles {
  std::string employee_id;
  std::vector<Role> roles;
  bool operator==(const ChangeEmployeeRoles&) const = default;
};
struct TransferEmployee {
  std::string employee_id, branch_id, department_id;
  bool operator==(const TransferEmployee&) const = default;
};
// The employee leaves the bank: they can no longer act. Their clients stay assigned to
// them (and show up as such) until the branch head reassigns them.
struct EmployeeLeaves {
  std::string employee_id;
  bool operator==(const EmployeeLeaves&) const = default;
};

// ---------------------------------------------------------------- client records

// Issued by the client's branch head (or deputy) or the client's assignee (or deputy).
struct ChangeClientStatus {
  std::string client_id;
  ClientStatus status = ClientStatus::kNewClient;
  bool operator==(const ChangeClientStatus&) const = default;
};
// Issued by staff of the client's branch or head office. `field` is one of "name",
// "tax_id", "address", "industry" (the value is replaced by `after`), or "phones",
// "emails" (the entry `before` is replaced by `after`; "" before adds, "" after removes).
struct CorrectClientDetails {
  std::string client_id, field;
  std::string before;  // only for "phones" and "emails"
  std::string after;
  bool operator==(const CorrectClientDetails&) const = default;
};
// Issued by staff of the client's branch or head office.
struct LinkClients {
  std::string client_id, other_client_id;
  ClientRelation relation = ClientRelation::kAffiliate;
  bool operator==(const LinkClients&) const = default;
};
struct UnlinkClients {
  std::string client_id, other_client_id;
  bool operator==(const UnlinkClients&) const = default;
};
// Issued by staff of the client's branch or head office.
struct RecordSatisfaction {
  std::string client_id;
  std::uint8_t score = 0;  // 1..10
  std::string comment;
  bool operator==(const RecordSatisfaction&) const = default;
};

// ---------------------------------------------------------------- campaigns

// Issued by the branch head, or the head's deputy during an absence.
struct LaunchCampaign {
  std::string campaign_id, branch_id, name;
  std::vector<std::string> products;
  std::int64_t from_us = 0, until_us = 0;  // [from, until)
  bool operator==(const LaunchCampaign&) const = default;
};
// Issued by staff of the campaign's branch; the client must be a client of that branch.
struct EnrollClient {
  std::string campaign_id, client_id;
  bool operator==(const EnrollClient&) const = default;
};
// Issued by the branch head, or the head's deputy during an absence.
struct CloseCampaign {
  std::string campaign_id;
  bool operator==(const CloseCampaign&) const = default;
};

// ---------------------------------------------------------------- merging duplicates

// Issued by head office or the duplicate's branch head (or the head's deputy). Both
// histories stay; commands on the duplicate are refused, naming the survivor.
struct MergeDuplicateClient {
  std::string duplicate_id, survivor_id;
  bool operator==(const MergeDuplicateClient&) const = default;
};
// Issued by the same; restores the duplicate as a client of its own.
struct UnmergeClient {
  std::string duplicate_id;
  bool operator==(const UnmergeClient&) const = default;
};

// ---------------------------------------------------------------- personal data

// Issued by head office (Role::kHeadOffice, or the system actor): the bank's compliance
// function sits there. Auditors only read (DOMAIN.md), so they may not erase. The
// client's sealed personal data (see executor.h) becomes unreadable for good: the
// Executor shreds the client's key once the PersonalDataErased event is durable. A
// client merged as a duplicate is refused (un-merge it first); the merge survivor's
// erasure does not reach its duplicates.
struct EraseClientData {
  std::string client_id, reason;  // reason required: why the bank erases (e.g. the request)
  bool operator==(const EraseClientData&) const = default;
};

// New commands are appended, so existing alternatives keep their indices.
using Command =
    std::variant<OpenRegion, OpenBranch, OpenDepartment, DefineProduct, HireEmployee, RecordAbsence,
                 ChangeBranchSettings, RegisterClient, AssignClient, SetWeeklyPlan, LogContact,
                 CloseWorkingDay, UnassignClient, ReassignClient, CompleteNextContact,
                 CancelNextContact, AcceptHandOver, ReturnHandOver, AssignTask, CompleteTask,
                 ChangeClientStatus, CorrectClientDetails, LinkClients, UnlinkClients,
                 RecordSatisfaction, ChangeEmployeeRoles, TransferEmployee, EmployeeLeaves,
                 LaunchCampaign, EnrollClient, CloseCampaign, MergeDuplicateClient, UnmergeClient,
                 EraseClientData>;

}  // namespace prospekt::domain
