// The decider for a logged contact: who may log it, what each outcome needs, business
// time, and the rules that ride on it — the don't-disturb warning and the automatic
// hand-over to the department that owns the product (DOMAIN.md, seed 001).
#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain::internal {
namespace {

// What each outcome needs besides the client (DOMAIN.md: a refusal with its reason, a
// sale with product and amount, a termination of a product the client has).
Status CheckOutcome(const WriteModel& model, const WriteModel::Client& client,
                    const LogContact& command) {
  switch (command.outcome) {
    case ContactOutcome::kRefused:
      if (!command.refusal_reason) {
        return Status::InvalidArgument("a refusal needs a reason", "refusal_reason");
      }
      if (*command.refusal_reason == RefusalReason::kOther && command.refusal_text.empty()) {
        return Status::InvalidArgument("a refusal for another reason needs the reason's text",
                                       "refusal_text");
      }
      break;
    case ContactOutcome::kProductSold:
      if (command.product_code.empty()) {
        return Status::InvalidArgument("a sale needs a product", "product_code");
      }
      if (command.amount.minor_units <= 0) {
        return Status::InvalidArgument("a sale needs a positive amount", "amount");
      }
      if (command.amount.currency.size() != 3) {
        return Status::InvalidArgument("a sale's amount needs an ISO 4217 currency", "amount");
      }
      break;
    case ContactOutcome::kContractTerminated:
      if (command.product_code.empty()) {
        return Status::InvalidArgument("a termination needs a product", "product_code");
      }
      if (client.products_held.count(command.product_code) == 0 &&
          model.ProductDepartment(command.product_code) != nullptr) {
        return Status::FailedPrecondition(
            "the client holds no " + command.product_code + " to terminate", "product_code");
      }
      break;
    case ContactOutcome::kPositiveProspect:
    case ContactOutcome::kUnclearProspect:
    case ContactOutcome::kAgreementInPrinciple:
      break;
  }
  if (!command.product_code.empty() && model.ProductDepartment(command.product_code) == nullptr) {
    return Status::NotFound("no product " + command.product_code, "product_code");
  }
  return Status::Ok();
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const LogContact& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.client_id, "client_id"));
  Result<const WriteModel::Client*> known = KnownClient(model, command.client_id);
  if (!known.ok()) return known.status();
  const WriteModel::Client* client = *known;

  // Whose contact it is: the actor's own client, or the client of someone the actor
  // deputises for now (the contact then counts for, and is logged on behalf of, them).
  const std::string& actor_id = context.actor.employee_id;
  const std::string& assignee_id = client->assigned_employee_id;
  const WriteModel::Employee* actor = ActiveEmployee(model, actor_id);
  if (actor == nullptr || assignee_id.empty()) {
    return Status::PermissionDenied("only the employee client " + command.client_id +
                                    " is assigned to, or their deputy, logs its contacts");
  }
  std::string on_behalf_of;
  if (assignee_id != actor_id) {
    const WriteModel::Employee* assignee = model.FindEmployee(assignee_id);
    const AbsenceRecorded* absence =
        assignee != nullptr ? assignee->AbsenceAt(context.now_us) : nullptr;
    if (absence == nullptr || absence->deputy_id != actor_id) {
      return Status::PermissionDenied("client " + command.client_id + " is assigned to " +
                                      assignee_id + ", whom " + actor_id +
                                      " does not deputise for now");
    }
    on_behalf_of = assignee_id;
  }

  if (command.product_code.size() > 0) {
    PROSPEKT_RETURN_IF_ERROR(ValidateId(command.product_code, "product_code"));
  }
  PROSPEKT_RETURN_IF_ERROR(CheckOutcome(model, *client, command));
  if (command.occurred_at_us > context.now_us) {
    return Status::InvalidArgument("a contact cannot occur in the future", "occurred_at_us");
  }
  if (command.occurred_at_us < client->registered_at_us) {
    return Status::FailedPrecondition("a contact cannot occur before the client was registered",
                                      "occurred_at_us");
  }
  if (command.next_contact_at_us != 0 && command.next_contact_at_us < command.occurred_at_us) {
    return Status::InvalidArgument("the next contact cannot be agreed for the past",
                                   "next_contact_at_us");
  }

  Decision decision;
  decision.stream_id = "client-" + command.client_id;
  decision.on_behalf_of = on_behalf_of;
  decision.occurred_at_us = command.occurred_at_us;
  ContactLogged logged;
  logged.client_id = command.client_id;
  logged.employee_id = assignee_id;
  logged.type = command.type;
  logged.outcome = command.outcome;
  logged.product_code = command.product_code;
  logged.amount = command.amount;
  if (command.refusal_reason) {
    logged.refusal_reason = *command.refusal_reason;
    logged.refusal_text = command.refusal_text;
  }
  logged.note = command.note;
  logged.next_contact_at_us = command.next_contact_at_us;
  decision.events.push_back(std::move(logged));

  if (std::optional<DontDisturbWarned> warning =
          DontDisturb(model, command.client_id, *client, assignee_id, actor_id,
                      command.occurred_at_us, "contact")) {
    decision.events.push_back(std::move(*warning));
  }

  // An interested client goes to the department that owns the product, so the client
  // gets expert advice (seed 001); the logging employee's own department keeps it.
  const bool interested = command.outcome == ContactOutcome::kPositiveProspect ||
                          command.outcome == ContactOutcome::kAgreementInPrinciple;
  if (interested && !command.product_code.empty()) {
    const std::string& owner = *model.ProductDepartment(command.product_code);
    if (owner != actor->department_id) {
      decision.events.push_back(
          HandedOver{command.client_id, owner, command.product_code, assignee_id, true});
    }
  }
  return decision;
}

}  // namespace prospekt::domain::internal
