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

// The authority to run `branch_id`: its (active) branch head acts for themself (""), the
// deputy of a head absent at now_us acts on that head's behalf (the head's id).
// PermissionDenied for anyone else.
Result<std::string> BranchHeadAuthority(const WriteModel& model, std::string_view branch_id,
                                        const CommandContext& context);

// The employee if hired and not left; nullptr otherwise.
const WriteModel::Employee* ActiveEmployee(const WriteModel& model, std::string_view id);

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

}  // namespace prospekt::domain::internal
