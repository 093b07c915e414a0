// The orders the write side accepts: one plain struct per command, named as an order
// (DOMAIN.md's vocabulary), and the context every command runs in.
//
// A command is what a caller asks for; Decide (decide.h) turns it into the events that
// record what happened, or a rejection. Commands never carry a clock reading of their
// own choosing except where the fact is about the past (a contact's occurred_at): the
// time of the decision comes in CommandContext::now_us, so deciding stays pure.
// Plain values, copyable, thread-compatible.
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
};

// ---------------------------------------------------------------- organisation
// Issued by head office (or the system actor).

struct OpenRegion {
  std::string region_id, name;
};
struct OpenBranch {
  std::string branch_id, region_id, name;
};
// A department id is unique within its branch ("loans", "sales", ...), so a product's
// owning department names the same kind of department in every branch.
struct OpenDepartment {
  std::string department_id, branch_id, name;
};
struct DefineProduct {
  std::string product_code, name, owning_department;
};
struct HireEmployee {
  std::string employee_id, name;
  std::vector<Role> roles;
  std::string branch_id, department_id;  // branch_id may be "" only for head office staff
};
// Also issued by the employee's branch head or the employee.
struct RecordAbsence {
  std::string employee_id;
  std::int64_t from_us = 0;   // inclusive
  std::int64_t until_us = 0;  // exclusive
  std::string deputy_id, reason;
};
// Also issued by the branch's head.
struct ChangeBranchSettings {
  std::string branch_id;
  std::uint16_t dont_disturb_days = 7;
  std::uint8_t plan_deviation_percent = 30;
};

// ---------------------------------------------------------------- clients and work

// Issued by an employee of the branch (or head office). The contact data is given in
// clear; this build records it in clear (PersonalText::kClear).
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
};

// Issued by the client's branch head, or the head's deputy during an absence.
struct AssignClient {
  std::string client_id, employee_id;
  std::vector<std::string> products;  // codes to offer
};

// Issued by the employee's branch head, or the head's deputy during an absence.
struct SetWeeklyPlan {
  std::string employee_id;
  IsoWeek week;
  std::uint32_t contacts = 0;
  std::vector<ProductTarget> sales;
  Money volume;
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
};

// Issued by the scheduler (system actor), head office or the branch head at the end of
// a working day; the plan-deviation rule runs on it.
struct CloseWorkingDay {
  std::string branch_id;
  std::int64_t day_start_us = 0;  // 00:00 UTC of the day closed
};

using Command = std::variant<OpenRegion, OpenBranch, OpenDepartment, DefineProduct, HireEmployee,
                             RecordAbsence, ChangeBranchSettings, RegisterClient, AssignClient,
                             SetWeeklyPlan, LogContact, CloseWorkingDay>;

}  // namespace prospekt::domain
