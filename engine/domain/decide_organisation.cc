// Deciders for the organisation: regions, branches, departments, products, employees,
// absences and branch settings. Set up by head office or an admin; absences also by the
// branch head or the employee, settings also by the branch head.
#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain::internal {
namespace {

Decision One(std::string stream_id, DomainEvent event, const CommandContext& context) {
  Decision decision;
  decision.stream_id = std::move(stream_id);
  decision.events.push_back(std::move(event));
  decision.occurred_at_us = context.now_us;
  return decision;
}

Status RequireName(const std::string& name) {
  if (name.empty()) return Status::InvalidArgument("name must not be empty", "name");
  return Status::Ok();
}

// Branch staff (heads, sales and product specialists) need a branch; head office,
// auditors and admins may have none.
bool NeedsBranch(const std::vector<Role>& roles) {
  for (Role role : roles) {
    if (role == Role::kBranchHead || role == Role::kSalesSpecialist ||
        role == Role::kProductSpecialist) {
      return true;
    }
  }
  return false;
}

// Where an employee is placed: a branch that exists (required for branch staff) and,
// if named, a department of that branch.
Status CheckPlacement(const WriteModel& model, const std::string& branch_id,
                      const std::string& department_id, bool needs_branch) {
  if (branch_id.empty()) {
    if (needs_branch) return Status::InvalidArgument("branch staff need a branch", "branch_id");
  } else {
    PROSPEKT_RETURN_IF_ERROR(ValidateId(branch_id, "branch_id"));
    if (model.FindBranch(branch_id) == nullptr) {
      return Status::NotFound("no branch " + branch_id, "branch_id");
    }
  }
  if (!department_id.empty() && !model.HasDepartment(branch_id, department_id)) {
    return Status::NotFound("no department " + department_id + " in branch " + branch_id,
                            "department_id");
  }
  return Status::Ok();
}

Result<const WriteModel::Employee*> StaffMember(const WriteModel& model,
                                                const std::string& employee_id) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(employee_id, "employee_id"));
  const WriteModel::Employee* employee = model.FindEmployee(employee_id);
  if (employee == nullptr) return Status::NotFound("no employee " + employee_id, "employee_id");
  if (employee->left) {
    return Status::FailedPrecondition("employee " + employee_id + " has left", "employee_id");
  }
  return employee;
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const OpenRegion& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.region_id, "region_id"));
  PROSPEKT_RETURN_IF_ERROR(RequireName(command.name));
  if (model.HasRegion(command.region_id)) {
    return Status::FailedPrecondition("region " + command.region_id + " is already open",
                                      "region_id");
  }
  return One("region-" + command.region_id, RegionOpened{command.region_id, command.name}, context);
}

Result<Decision> DecideOne(const WriteModel& model, const OpenBranch& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.branch_id, "branch_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.region_id, "region_id"));
  PROSPEKT_RETURN_IF_ERROR(RequireName(command.name));
  if (!model.HasRegion(command.region_id)) {
    return Status::NotFound("no region " + command.region_id, "region_id");
  }
  if (model.FindBranch(command.branch_id) != nullptr) {
    return Status::FailedPrecondition("branch " + command.branch_id + " is already open",
                                      "branch_id");
  }
  return One("branch-" + command.branch_id,
             BranchOpened{command.branch_id, command.region_id, command.name}, context);
}

Result<Decision> DecideOne(const WriteModel& model, const OpenDepartment& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.department_id, "department_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.branch_id, "branch_id"));
  PROSPEKT_RETURN_IF_ERROR(RequireName(command.name));
  if (model.FindBranch(command.branch_id) == nullptr) {
    return Status::NotFound("no branch " + command.branch_id, "branch_id");
  }
  if (model.HasDepartment(command.branch_id, command.department_id)) {
    return Status::FailedPrecondition(
        "department " + command.department_id + " is already open in " + command.branch_id,
        "department_id");
  }
  return One("branch-" + command.branch_id,
             DepartmentOpened{command.department_id, command.branch_id, command.name}, context);
}

Result<Decision> DecideOne(const WriteModel& model, const DefineProduct& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.product_code, "product_code"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.owning_department, "owning_department"));
  PROSPEKT_RETURN_IF_ERROR(RequireName(command.name));
  // Redefining a product is how its owning department changes (the rule table
  // product -> department is the latest definition), so it is not refused.
  return One("product-" + command.product_code,
             ProductDefined{command.product_code, command.name, command.owning_department},
             context);
}

Result<Decision> DecideOne(const WriteModel& model, const HireEmployee& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.employee_id, "employee_id"));
  if (command.employee_id == kSystemActor) {
    return Status::InvalidArgument("\"system\" is reserved", "employee_id");
  }
  PROSPEKT_RETURN_IF_ERROR(RequireName(command.name));
  if (command.roles.empty()) return Status::InvalidArgument("an employee needs a role", "roles");
  if (model.FindEmployee(command.employee_id) != nullptr) {
    return Status::FailedPrecondition("employee " + command.employee_id + " is already hired",
                                      "employee_id");
  }
  PROSPEKT_RETURN_IF_ERROR(
      CheckPlacement(model, command.branch_id, command.department_id, NeedsBranch(command.roles)));
  return One("employee-" + command.employee_id,
             EmployeeHired{command.employee_id, command.name, command.roles, command.branch_id,
                           command.department_id},
             context);
}

Result<Decision> DecideOne(const WriteModel& model, const RecordAbsence& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.employee_id, "employee_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.deputy_id, "deputy_id"));
  const WriteModel::Employee* employee = ActiveEmployee(model, command.employee_id);
  if (employee == nullptr) {
    return Status::NotFound("no employee " + command.employee_id, "employee_id");
  }
  std::string on_behalf_of;
  if (context.actor.employee_id != command.employee_id &&
      !RequireOrganisationAuthority(model, context).ok()) {
    Result<std::string> head = BranchHeadAuthority(model, employee->branch_id, context);
    if (!head.ok()) return head.status();
    on_behalf_of = *head;
  }
  if (command.until_us <= command.from_us) {
    return Status::InvalidArgument("an absence must end after it starts", "until_us");
  }
  if (command.deputy_id == command.employee_id) {
    return Status::InvalidArgument("nobody deputises for themself", "deputy_id");
  }
  const WriteModel::Employee* deputy = ActiveEmployee(model, command.deputy_id);
  if (deputy == nullptr) return Status::NotFound("no employee " + command.deputy_id, "deputy_id");
  // A deputy takes over the absent employee's scope, which is a branch.
  if (deputy->branch_id != employee->branch_id) {
    return Status::FailedPrecondition("the deputy must work in branch " + employee->branch_id,
                                      "deputy_id");
  }
  // ... and takes over its work: an auditor or an admin cannot stand in for someone who
  // works with clients.
  if (WorksWithClients(*employee) && !WorksWithClients(*deputy)) {
    return Status::FailedPrecondition(
        "the deputy of " + command.employee_id +
            " must work with clients (branch head, sales or product specialist, head office)",
        "deputy_id");
  }
  Decision decision = One("employee-" + command.employee_id,
                          AbsenceRecorded{command.employee_id, command.from_us, command.until_us,
                                          command.deputy_id, command.reason},
                          context);
  decision.on_behalf_of = std::move(on_behalf_of);
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const ChangeBranchSettings& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.branch_id, "branch_id"));
  if (model.FindBranch(command.branch_id) == nullptr) {
    return Status::NotFound("no branch " + command.branch_id, "branch_id");
  }
  std::string on_behalf_of;
  if (!RequireOrganisationAuthority(model, context).ok()) {
    Result<std::string> head = BranchHeadAuthority(model, command.branch_id, context);
    if (!head.ok()) return head.status();
    on_behalf_of = *head;
  }
  if (command.dont_disturb_days > 365) {
    return Status::InvalidArgument("dont_disturb_days must be 0..365", "dont_disturb_days");
  }
  if (command.plan_deviation_percent < 1 || command.plan_deviation_percent > 100) {
    return Status::InvalidArgument("plan_deviation_percent must be 1..100",
                                   "plan_deviation_percent");
  }
  Decision decision = One("branch-" + command.branch_id,
                          BranchSettingsChanged{command.branch_id, command.dont_disturb_days,
                                                command.plan_deviation_percent},
                          context);
  decision.on_behalf_of = std::move(on_behalf_of);
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const ChangeEmployeeRoles& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  Result<const WriteModel::Employee*> employee = StaffMember(model, command.employee_id);
  if (!employee.ok()) return employee.status();
  if (command.roles.empty()) return Status::InvalidArgument("an employee needs a role", "roles");
  if (NeedsBranch(command.roles) && (*employee)->branch_id.empty()) {
    return Status::InvalidArgument("branch staff need a branch; transfer the employee first",
                                   "roles");
  }
  if ((*employee)->roles == command.roles) {
    return Status::FailedPrecondition("the employee has these roles already", "roles");
  }
  return One("employee-" + command.employee_id,
             EmployeeRoleChanged{command.employee_id, command.roles}, context);
}

Result<Decision> DecideOne(const WriteModel& model, const TransferEmployee& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  Result<const WriteModel::Employee*> employee = StaffMember(model, command.employee_id);
  if (!employee.ok()) return employee.status();
  PROSPEKT_RETURN_IF_ERROR(CheckPlacement(model, command.branch_id, command.department_id,
                                          NeedsBranch((*employee)->roles)));
  if ((*employee)->branch_id == command.branch_id &&
      (*employee)->department_id == command.department_id) {
    return Status::FailedPrecondition("the employee works there already", "branch_id");
  }
  return One("employee-" + command.employee_id,
             EmployeeTransferred{command.employee_id, command.branch_id, command.department_id},
             context);
}

Result<Decision> DecideOne(const WriteModel& model, const EmployeeLeaves& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(RequireOrganisationAuthority(model, context));
  Result<const WriteModel::Employee*> employee = StaffMember(model, command.employee_id);
  if (!employee.ok()) return employee.status();
  // Only the fact is recorded: the clients assigned to the employee stay so (the
  // dashboard shows them as a leaver's clients) until the head reassigns them.
  return One("employee-" + command.employee_id, EmployeeLeft{command.employee_id}, context);
}

}  // namespace prospekt::domain::internal
