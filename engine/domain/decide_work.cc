// Deciders for the day-to-day work on assigned clients: unassignment and reassignment by
// the branch head (with the don't-disturb warning), the agreed next contact done or
// cancelled, hand-overs accepted or returned by the receiving department, and tasks
// assigned by the head and completed by their employee (DOMAIN.md, seeds 000, 001, 004).
#include "engine/domain/internal/decide_helpers.h"
#include "engine/domain/iso_week.h"

namespace prospekt::domain::internal {
namespace {

Decision NewDecision(std::string stream_id, std::string on_behalf_of,
                     const CommandContext& context) {
  Decision decision;
  decision.stream_id = std::move(stream_id);
  decision.on_behalf_of = std::move(on_behalf_of);
  decision.occurred_at_us = context.now_us;
  return decision;
}

// The hand-over of `client_id` waiting for `department`, if the actor is a product
// specialist of that department in the client's branch.
Result<const WriteModel::Client*> WaitingHandOver(const WriteModel& model,
                                                  const std::string& client_id,
                                                  const std::string& department,
                                                  const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, client_id);
  if (!client.ok()) return client.status();
  PROSPEKT_RETURN_IF_ERROR(ValidateId(department, "department"));
  const WriteModel::Employee* actor = ActiveEmployee(model, context.actor.employee_id);
  if (actor == nullptr || !actor->HasRole(Role::kProductSpecialist) ||
      actor->department_id != department || actor->branch_id != (*client)->branch_id) {
    return Status::PermissionDenied("only a product specialist of department " + department +
                                    " in branch " + (*client)->branch_id + " takes its hand-overs");
  }
  if ((*client)->waiting_hand_overs.count(department) == 0) {
    return Status::FailedPrecondition(
        "no hand-over of client " + client_id + " is waiting for " + department, "department");
  }
  return client;
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const UnassignClient& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  Result<std::string> authority = BranchHeadAuthority(model, (*client)->branch_id, context);
  if (!authority.ok()) return authority.status();
  if ((*client)->assigned_employee_id.empty()) {
    return Status::FailedPrecondition("client " + command.client_id + " is not assigned",
                                      "client_id");
  }
  Decision decision = NewDecision("client-" + command.client_id, std::move(*authority), context);
  decision.events.push_back(ClientUnassigned{command.client_id, (*client)->assigned_employee_id});
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const ReassignClient& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> found = KnownClient(model, command.client_id);
  if (!found.ok()) return found.status();
  const WriteModel::Client& client = **found;
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.from_employee_id, "from_employee_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.to_employee_id, "to_employee_id"));
  Result<std::string> authority = BranchHeadAuthority(model, client.branch_id, context);
  if (!authority.ok()) return authority.status();
  if (client.assigned_employee_id != command.from_employee_id) {
    return Status::FailedPrecondition(
        "client " + command.client_id + " is assigned to " +
            (client.assigned_employee_id.empty() ? std::string("nobody")
                                                 : client.assigned_employee_id) +
            ", not " + command.from_employee_id,
        "from_employee_id");
  }
  if (command.to_employee_id == command.from_employee_id) {
    return Status::InvalidArgument("a client is reassigned to another employee", "to_employee_id");
  }
  const WriteModel::Employee* to = ActiveEmployee(model, command.to_employee_id);
  if (to == nullptr) {
    return Status::NotFound("no employee " + command.to_employee_id, "to_employee_id");
  }
  if (to->branch_id != client.branch_id || !to->HasRole(Role::kSalesSpecialist)) {
    return Status::FailedPrecondition(
        command.to_employee_id + " is no sales specialist of branch " + client.branch_id,
        "to_employee_id");
  }
  for (const std::string& product : command.products) {
    if (model.ProductDepartment(product) == nullptr) {
      return Status::NotFound("no product " + product, "products");
    }
  }
  Decision decision = NewDecision("client-" + command.client_id, std::move(*authority), context);
  decision.events.push_back(ClientReassigned{command.client_id, command.from_employee_id,
                                             command.to_employee_id, command.products});
  if (std::optional<DontDisturbWarned> warning =
          DontDisturb(model, command.client_id, client, command.to_employee_id,
                      /*actor_id=*/"", context.now_us, "assignment")) {
    decision.events.push_back(std::move(*warning));
  }
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const CompleteNextContact& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  Result<std::string> authority = OwnerAuthority(model, (*client)->assigned_employee_id, context,
                                                 "client " + command.client_id);
  if (!authority.ok()) return authority.status();
  if ((*client)->next_contact_due_us == 0) {
    return Status::FailedPrecondition("client " + command.client_id + " has no open next contact",
                                      "client_id");
  }
  Decision decision = NewDecision("client-" + command.client_id, std::move(*authority), context);
  decision.events.push_back(NextContactDone{command.client_id, (*client)->next_contact_due_us});
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const CancelNextContact& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  Result<std::string> authority = OwnerAuthority(model, (*client)->assigned_employee_id, context,
                                                 "client " + command.client_id);
  if (!authority.ok()) return authority.status();
  if (command.reason.empty()) {
    return Status::InvalidArgument("a cancelled next contact needs a reason", "reason");
  }
  if ((*client)->next_contact_due_us == 0) {
    return Status::FailedPrecondition("client " + command.client_id + " has no open next contact",
                                      "client_id");
  }
  Decision decision = NewDecision("client-" + command.client_id, std::move(*authority), context);
  decision.events.push_back(
      NextContactCancelled{command.client_id, (*client)->next_contact_due_us, command.reason});
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const AcceptHandOver& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client =
      WaitingHandOver(model, command.client_id, command.department, context);
  if (!client.ok()) return client.status();
  Decision decision = NewDecision("client-" + command.client_id, "", context);
  decision.events.push_back(
      HandOverAccepted{command.client_id, command.department, context.actor.employee_id});
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const ReturnHandOver& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client =
      WaitingHandOver(model, command.client_id, command.department, context);
  if (!client.ok()) return client.status();
  if (command.reason.empty()) {
    return Status::InvalidArgument("a returned hand-over needs a reason", "reason");
  }
  Decision decision = NewDecision("client-" + command.client_id, "", context);
  decision.events.push_back(
      HandOverReturned{command.client_id, command.department, command.reason});
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const AssignTask& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.task_id, "task_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.employee_id, "employee_id"));
  const WriteModel::Employee* employee = ActiveEmployee(model, command.employee_id);
  if (employee == nullptr) {
    return Status::NotFound("no employee " + command.employee_id, "employee_id");
  }
  Result<std::string> authority = BranchHeadAuthority(model, employee->branch_id, context);
  if (!authority.ok()) return authority.status();
  if (model.FindTask(command.task_id) != nullptr) {
    return Status::FailedPrecondition("task " + command.task_id + " already exists", "task_id");
  }
  if (!command.client_id.empty()) {
    Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
    if (!client.ok()) return client.status();
    if ((*client)->branch_id != employee->branch_id) {
      return Status::FailedPrecondition(
          "client " + command.client_id + " is not a client of branch " + employee->branch_id,
          "client_id");
    }
  }
  if (command.text.empty()) return Status::InvalidArgument("a task needs a text", "text");
  if (command.due_at_us < context.now_us) {
    return Status::InvalidArgument("a task cannot be due in the past", "due_at_us");
  }
  Decision decision =
      NewDecision("employee-" + command.employee_id, std::move(*authority), context);
  TaskAssigned task;
  task.task_id = command.task_id;
  task.employee_id = command.employee_id;
  task.kind = TaskKind::kManual;
  task.client_id = command.client_id;
  task.week = IsoWeekOf(command.due_at_us);
  task.due_at_us = command.due_at_us;
  task.text = command.text;
  decision.events.push_back(std::move(task));
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const CompleteTask& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.task_id, "task_id"));
  const WriteModel::Task* task = model.FindTask(command.task_id);
  if (task == nullptr) return Status::NotFound("no task " + command.task_id, "task_id");
  Result<std::string> authority =
      OwnerAuthority(model, task->employee_id, context, "task " + command.task_id);
  if (!authority.ok()) return authority.status();
  if (!task->open) {
    return Status::FailedPrecondition("task " + command.task_id + " is already completed",
                                      "task_id");
  }
  Decision decision = NewDecision("employee-" + task->employee_id, std::move(*authority), context);
  decision.events.push_back(TaskCompleted{command.task_id, task->employee_id, command.note});
  return decision;
}

}  // namespace prospekt::domain::internal
