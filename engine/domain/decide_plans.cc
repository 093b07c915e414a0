// Deciders for weekly plans and the end of a working day, on which the plan-deviation
// rule runs (DOMAIN.md: plans per working week; a task is assigned automatically when
// fact deviates from plan beyond a threshold, seed 004).
#include "engine/domain/internal/decide_helpers.h"
#include "engine/domain/iso_week.h"
#include "engine/domain/plan_deviation.h"

namespace prospekt::domain::internal {

Result<Decision> DecideOne(const WriteModel& model, const SetWeeklyPlan& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.employee_id, "employee_id"));
  const WriteModel::Employee* employee = ActiveEmployee(model, command.employee_id);
  if (employee == nullptr) {
    return Status::NotFound("no employee " + command.employee_id, "employee_id");
  }
  Result<std::string> authority = BranchHeadAuthority(model, employee->branch_id, context);
  if (!authority.ok()) return authority.status();
  if (!IsValidIsoWeek(command.week)) {
    return Status::InvalidArgument("no such ISO week", "week");
  }
  for (const ProductTarget& target : command.sales) {
    if (model.ProductDepartment(target.product_code) == nullptr) {
      return Status::NotFound("no product " + target.product_code, "sales");
    }
  }
  if (command.volume.minor_units < 0) {
    return Status::InvalidArgument("a volume cannot be negative", "volume");
  }

  Decision decision;
  decision.stream_id = "employee-" + command.employee_id;
  decision.on_behalf_of = std::move(*authority);
  decision.occurred_at_us = context.now_us;
  decision.events.push_back(WeeklyPlanSet{command.employee_id, employee->branch_id, command.week,
                                          command.contacts, command.sales, command.volume});
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const CloseWorkingDay& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.branch_id, "branch_id"));
  const WriteModel::Branch* branch = model.FindBranch(command.branch_id);
  if (branch == nullptr) return Status::NotFound("no branch " + command.branch_id, "branch_id");
  std::string on_behalf_of;
  if (!RequireHeadOffice(model, context).ok()) {
    Result<std::string> authority = BranchHeadAuthority(model, command.branch_id, context);
    if (!authority.ok()) return authority.status();
    on_behalf_of = std::move(*authority);
  }
  if (command.day_start_us % kMicrosPerDay != 0) {
    return Status::InvalidArgument("a day starts at 00:00 UTC", "day_start_us");
  }
  if (command.day_start_us > context.now_us) {
    return Status::InvalidArgument("a day cannot be closed before it starts", "day_start_us");
  }

  Decision decision;
  decision.stream_id = "branch-" + command.branch_id;
  decision.on_behalf_of = std::move(on_behalf_of);
  decision.occurred_at_us = context.now_us;
  decision.events.push_back(WorkingDayClosed{command.branch_id, command.day_start_us});

  // One task per employee, week and crossing: an employee already tasked and not caught
  // up since is skipped; the model learns of the task from the TaskAssigned itself, so a
  // replay or a second closing of the day never tasks again.
  const IsoWeek week = IsoWeekOf(command.day_start_us);
  const int elapsed = WorkingDaysElapsed(IsoWeekday(command.day_start_us));
  for (const auto& [employee_id, employee] : model.employees()) {
    if (employee.left || employee.branch_id != command.branch_id ||
        !employee.HasRole(Role::kSalesSpecialist)) {
      continue;
    }
    const WriteModel::Week* facts = model.FindWeek(employee_id, week);
    if (facts == nullptr || !facts->has_plan || facts->deviation_tasked) continue;
    if (!BehindPlan(facts->planned_contacts, facts->fact_contacts, elapsed,
                    branch->plan_deviation_percent)) {
      continue;
    }
    TaskAssigned task;
    task.task_id = "plan-" + employee_id + "-" + std::to_string(week.year) + "-W" +
                   std::to_string(week.week) + "-" + std::to_string(facts->deviation_tasks + 1);
    task.employee_id = employee_id;
    task.kind = TaskKind::kPlanDeviation;
    task.week = week;
    task.due_at_us = command.day_start_us + kMicrosPerDay;
    task.text = "behind the weekly plan: " + std::to_string(facts->fact_contacts) + " of " +
                std::to_string(facts->planned_contacts) + " contacts after " +
                std::to_string(elapsed) + " working day(s)";
    decision.events.push_back(std::move(task));
  }
  return decision;
}

}  // namespace prospekt::domain::internal
