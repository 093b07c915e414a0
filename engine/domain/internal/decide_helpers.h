// What the deciders share: id validation, the authority checks (head office, branch
// head or their deputy) and the don't-disturb rule; and the deciders themselves, one
// DecideOne overload per command, which decide.cc dispatches to. Private to
// engine/domain. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/domain/decide.h"

namespace prospekt::domain::internal {

// OK, or InvalidArgument on `field`: ids are 1..100 letters, digits and ". _ : -".
Status ValidateId(std::string_view id, std::string_view field);

// OK for the system actor and for an active head-office employee; PermissionDenied else.
Status RequireHeadOffice(const WriteModel& model, const CommandContext& context);

// The authority over the organisation and its staff (regions, branches, departments,
// products, hiring, role changes, transfers, leavers): the system actor, head office,
// or an admin (Role::kAdmin, who may do this and nothing about clients or work).
// PermissionDenied for anyone else.
Status RequireOrganisationAuthority(const WriteModel& model, const CommandContext& context);

// Whether the employee holds a role that works with clients: branch head, sales or
// product specialist, head office. Auditors only read and admins run the organisation,
// so neither registers, corrects or enrols clients, nor deputises for someone who does.
bool WorksWithClients(const WriteModel::Employee& employee);

// The authority to run `branch_id`: its (active) branch head acts for themself (""), the
// deputy of a head absent at now_us acts on that head's behalf (the head's id).
// PermissionDenied for anyone else.
Result<std::string> BranchHeadAuthority(const WriteModel& model, std::string_view branch_id,
                                        const CommandContext& context);

// The employee if hired and not left; nullptr otherwise.
const WriteModel::Employee* ActiveEmployee(const WriteModel& model, std::string_view id);

// The authority of the actor over work that belongs to `owner_id` (a client's assignee,
// a task's employee): the owner acts for themself (""), their deputy during an absence
// at now_us on their behalf (the owner's id). PermissionDenied for anyone else,
// naming `what`.
Result<std::string> OwnerAuthority(const WriteModel& model, const std::string& owner_id,
                                   const CommandContext& context, const std::string& what);

// The client `client_id` names: InvalidArgument for a bad id, NotFound for an unknown
// client, FailedPrecondition naming the survivor for a client merged as a duplicate.
Result<const WriteModel::Client*> KnownClient(const WriteModel& model, const std::string& client_id,
                                              std::string_view field = "client_id");

// OK for head office (or the system actor) and active staff of `branch_id`;
// PermissionDenied else.
Status RequireBranchStaff(const WriteModel& model, const std::string& branch_id,
                          const CommandContext& context);

// The don't-disturb warning for `warned_employee_id` acting on the client at `at_us`:
// the latest contact, within the branch's dont_disturb_days before `at_us`, by a
// colleague (anyone but the warned employee and `actor_id`). nullopt when there is none.
std::optional<DontDisturbWarned> DontDisturb(const WriteModel& model, const std::string& client_id,
                                             const WriteModel::Client& client,
                                             const std::string& warned_employee_id,
                                             std::string_view actor_id, std::int64_t at_us,
                                             std::string action);

Result<Decision> DecideOne(const WriteModel&, const OpenRegion&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const OpenBranch&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const OpenDepartment&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const DefineProduct&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const HireEmployee&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const RecordAbsence&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const ChangeBranchSettings&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const RegisterClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const AssignClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const SetWeeklyPlan&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const LogContact&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const CloseWorkingDay&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const UnassignClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const ReassignClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const CompleteNextContact&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const CancelNextContact&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const AcceptHandOver&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const ReturnHandOver&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const AssignTask&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const CompleteTask&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const ChangeClientStatus&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const CorrectClientDetails&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const LinkClients&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const UnlinkClients&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const RecordSatisfaction&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const ChangeEmployeeRoles&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const TransferEmployee&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const EmployeeLeaves&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const LaunchCampaign&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const EnrollClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const CloseCampaign&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const MergeDuplicateClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const UnmergeClient&, const CommandContext&);
Result<Decision> DecideOne(const WriteModel&, const EraseClientData&, const CommandContext&);

// Whether `field` of a CorrectClientDetails holds personal data for a client of `kind`:
// phones, e-mails and the address always (a legal entity's may be a person's), the
// name and the tax id of an individual. These are refused once the data is erased.
bool IsPersonalField(ClientKind kind, std::string_view field);

}  // namespace prospekt::domain::internal
