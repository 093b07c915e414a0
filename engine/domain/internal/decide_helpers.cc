#include "engine/domain/internal/decide_helpers.h"

#include "engine/domain/iso_week.h"

namespace prospekt::domain::internal {

Status ValidateId(std::string_view id, std::string_view field) {
  // The same alphabet as a stream id's id part (engine/store/stream_id.h), so that
  // "client-" + id is always a valid stream.
  if (id.empty() || id.size() > 100) {
    return Status::InvalidArgument(std::string(field) + " must hold 1 to 100 characters",
                                   std::string(field));
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return Status::InvalidArgument(
          std::string(field) + " may hold only letters, digits and . _ : -", std::string(field));
    }
  }
  return Status::Ok();
}

const WriteModel::Employee* ActiveEmployee(const WriteModel& model, std::string_view id) {
  const WriteModel::Employee* employee = model.FindEmployee(id);
  return employee != nullptr && !employee->left ? employee : nullptr;
}

Status RequireHeadOffice(const WriteModel& model, const CommandContext& context) {
  if (context.actor.employee_id == kSystemActor) return Status::Ok();
  const WriteModel::Employee* actor = ActiveEmployee(model, context.actor.employee_id);
  if (actor != nullptr && actor->HasRole(Role::kHeadOffice)) return Status::Ok();
  return Status::PermissionDenied("only head office may do this");
}

Status RequireOrganisationAuthority(const WriteModel& model, const CommandContext& context) {
  if (RequireHeadOffice(model, context).ok()) return Status::Ok();
  const WriteModel::Employee* actor = ActiveEmployee(model, context.actor.employee_id);
  if (actor != nullptr && actor->HasRole(Role::kAdmin)) return Status::Ok();
  return Status::PermissionDenied("only head office or an admin may change the organisation");
}

bool WorksWithClients(const WriteModel::Employee& employee) {
  return employee.HasRole(Role::kBranchHead) || employee.HasRole(Role::kSalesSpecialist) ||
         employee.HasRole(Role::kProductSpecialist) || employee.HasRole(Role::kHeadOffice);
}

Result<std::string> BranchHeadAuthority(const WriteModel& model, std::string_view branch_id,
                                        const CommandContext& context) {
  const std::string& actor_id = context.actor.employee_id;
  const WriteModel::Employee* actor = ActiveEmployee(model, actor_id);
  if (actor != nullptr && actor->HasRole(Role::kBranchHead) && actor->branch_id == branch_id) {
    return std::string();
  }
  // A deputy has the absent head's rights, and only while the absence lasts (DOMAIN.md).
  for (const auto& [head_id, head] : model.employees()) {
    if (head.left || head.branch_id != branch_id || !head.HasRole(Role::kBranchHead)) continue;
    const AbsenceRecorded* absence = head.AbsenceAt(context.now_us);
    if (absence != nullptr && absence->deputy_id == actor_id && actor != nullptr) {
      return head_id;
    }
  }
  return Status::PermissionDenied("only the head of branch " + std::string(branch_id) +
                                  " or their deputy during an absence may do this");
}

Result<std::string> OwnerAuthority(const WriteModel& model, const std::string& owner_id,
                                   const CommandContext& context, const std::string& what) {
  const std::string& actor_id = context.actor.employee_id;
  if (ActiveEmployee(model, actor_id) != nullptr && !owner_id.empty()) {
    if (owner_id == actor_id) return std::string();
    const WriteModel::Employee* owner = model.FindEmployee(owner_id);
    const AbsenceRecorded* absence = owner != nullptr ? owner->AbsenceAt(context.now_us) : nullptr;
    if (absence != nullptr && absence->deputy_id == actor_id) return owner_id;
  }
  return Status::PermissionDenied("only " +
                                  (owner_id.empty() ? std::string("its owner") : owner_id) +
                                  ", or their deputy during an absence, may act on " + what);
}

Result<const WriteModel::Client*> KnownClient(const WriteModel& model, const std::string& client_id,
                                              std::string_view field) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(client_id, field));
  const WriteModel::Client* client = model.FindClient(client_id);
  if (client == nullptr) return Status::NotFound("no client " + client_id, std::string(field));
  if (!client->merged_into.empty()) {
    return Status::FailedPrecondition(
        "client " + client_id + " was merged into " + client->merged_into + "; use that client",
        std::string(field));
  }
  return client;
}

Status RequireBranchStaff(const WriteModel& model, const std::string& branch_id,
                          const CommandContext& context) {
  if (RequireHeadOffice(model, context).ok()) return Status::Ok();
  const WriteModel::Employee* actor = ActiveEmployee(model, context.actor.employee_id);
  if (actor != nullptr && actor->branch_id == branch_id && WorksWithClients(*actor)) {
    return Status::Ok();
  }
  return Status::PermissionDenied("only staff of branch " + branch_id +
                                  " or head office may do this");
}

std::optional<DontDisturbWarned> DontDisturb(const WriteModel& model, const std::string& client_id,
                                             const WriteModel::Client& client,
                                             const std::string& warned_employee_id,
                                             std::string_view actor_id, std::int64_t at_us,
                                             std::string action) {
  const WriteModel::Branch* branch = model.FindBranch(client.branch_id);
  const std::int64_t days = branch != nullptr ? branch->dont_disturb_days : 7;
  const std::int64_t since_us = at_us - days * kMicrosPerDay;
  std::optional<DontDisturbWarned> warning;
  for (const auto& [employee_id, contact_at_us] : client.last_contact_by_employee) {
    if (employee_id == warned_employee_id || employee_id == actor_id) continue;
    if (contact_at_us < since_us || contact_at_us > at_us) continue;
    if (!warning || contact_at_us > warning->colleague_contact_at_us) {
      warning =
          DontDisturbWarned{client_id, warned_employee_id, employee_id, contact_at_us, action};
    }
  }
  return warning;
}

}  // namespace prospekt::domain::internal
