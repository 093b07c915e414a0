// Deciders for clients: registration with duplicate detection (DOMAIN.md: one database,
// entry procedures exclude duplicates) and assignment by the branch head, with the
// don't-disturb warning.
#include "engine/domain/dedup/name_similarity.h"
#include "engine/domain/dedup/normalize.h"
#include "engine/domain/dedup/tax_id.h"
#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain::internal {
namespace {

PersonalText Clear(std::string text) { return {PersonalText::Form::kClear, std::move(text)}; }

// The first existing client the registration duplicates, and the field that says so.
struct Duplicate {
  std::string client_id, field;
};

std::optional<Duplicate> FindDuplicate(const WriteModel& model, const std::string& tax_id,
                                       const std::vector<std::string>& phones,
                                       const std::vector<std::string>& emails,
                                       const std::string& region_id, const std::string& name) {
  if (const std::string* id = model.ClientWithTaxId(tax_id)) return Duplicate{*id, "tax_id"};
  for (const std::string& phone : phones) {
    if (const std::string* id = model.ClientWithPhone(phone)) return Duplicate{*id, "phones"};
  }
  for (const std::string& email : emails) {
    if (const std::string* id = model.ClientWithEmail(email)) return Duplicate{*id, "emails"};
  }
  if (const std::string* id = model.ClientWithSimilarName(region_id, name)) {
    return Duplicate{*id, "name"};
  }
  return std::nullopt;
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const RegisterClient& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.client_id, "client_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.branch_id, "branch_id"));
  const WriteModel::Branch* branch = model.FindBranch(command.branch_id);
  if (branch == nullptr) return Status::NotFound("no branch " + command.branch_id, "branch_id");
  if (!RequireHeadOffice(model, context).ok()) {
    const WriteModel::Employee* actor = ActiveEmployee(model, context.actor.employee_id);
    if (actor == nullptr || actor->branch_id != command.branch_id || !WorksWithClients(*actor)) {
      return Status::PermissionDenied("only staff of branch " + command.branch_id +
                                      " register its clients");
    }
  }
  if (model.FindClient(command.client_id) != nullptr) {
    return Status::FailedPrecondition("client " + command.client_id + " is already registered",
                                      "client_id");
  }
  const std::string name = dedup::NormalizeName(command.name);
  if (name.empty()) return Status::InvalidArgument("a client needs a name", "name");

  const std::string tax_id = dedup::NormalizeTaxId(command.tax_id);
  if (!tax_id.empty()) {
    PROSPEKT_RETURN_IF_ERROR(dedup::ValidateTaxId(tax_id));
    // A legal entity's ИНН has 10 digits, an individual's (or sole trader's) 12.
    const std::size_t expected = command.kind == ClientKind::kLegalEntity ? 10 : 12;
    if (tax_id.size() != expected) {
      return Status::InvalidArgument(command.kind == ClientKind::kLegalEntity
                                         ? "a legal entity's tax id has 10 digits"
                                         : "an individual's tax id has 12 digits",
                                     "tax_id");
    }
  }
  std::vector<std::string> phones, emails;
  for (const std::string& phone : command.phones) {
    phones.push_back(dedup::NormalizePhone(phone));
    if (phones.back().empty()) {
      return Status::InvalidArgument("not a phone number: " + phone, "phones");
    }
  }
  for (const std::string& email : command.emails) {
    emails.push_back(dedup::NormalizeEmail(email));
    if (emails.back().empty()) {
      return Status::InvalidArgument("not an e-mail address: " + email, "emails");
    }
  }

  ClientRegistered event;
  if (std::optional<Duplicate> duplicate =
          FindDuplicate(model, tax_id, phones, emails, branch->region_id, name)) {
    if (!command.force) {
      return Status::FailedPrecondition(
          "duplicate of client " + duplicate->client_id + " (same " + duplicate->field + ")",
          duplicate->field);
    }
    event.forced_over_duplicate_of = duplicate->client_id;
  }
  event.client_id = command.client_id;
  event.kind = command.kind;
  event.name = Clear(command.name);
  event.tax_id = tax_id;
  for (const std::string& phone : command.phones) event.contact.phones.push_back(Clear(phone));
  for (const std::string& email : command.emails) event.contact.emails.push_back(Clear(email));
  event.contact.address = Clear(command.address);
  event.industry = command.industry;
  event.branch_id = command.branch_id;
  event.region_id = branch->region_id;
  event.source = command.source;
  event.status = command.status;

  Decision decision;
  decision.stream_id = "client-" + command.client_id;
  decision.events.push_back(std::move(event));
  decision.occurred_at_us = context.now_us;
  return decision;
}

Result<Decision> DecideOne(const WriteModel& model, const AssignClient& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.client_id, "client_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.employee_id, "employee_id"));
  Result<const WriteModel::Client*> known = KnownClient(model, command.client_id);
  if (!known.ok()) return known.status();
  const WriteModel::Client* client = *known;
  Result<std::string> authority = BranchHeadAuthority(model, client->branch_id, context);
  if (!authority.ok()) return authority.status();

  const WriteModel::Employee* employee = ActiveEmployee(model, command.employee_id);
  if (employee == nullptr) {
    return Status::NotFound("no employee " + command.employee_id, "employee_id");
  }
  if (employee->branch_id != client->branch_id || !employee->HasRole(Role::kSalesSpecialist)) {
    return Status::FailedPrecondition(
        command.employee_id + " is no sales specialist of branch " + client->branch_id,
        "employee_id");
  }
  for (const std::string& product : command.products) {
    if (model.ProductDepartment(product) == nullptr) {
      return Status::NotFound("no product " + product, "products");
    }
  }
  if (client->assigned_employee_id == command.employee_id) {
    return Status::FailedPrecondition(
        "client " + command.client_id + " is already assigned to " + command.employee_id,
        "employee_id");
  }

  Decision decision;
  decision.stream_id = "client-" + command.client_id;
  decision.on_behalf_of = std::move(*authority);
  decision.occurred_at_us = context.now_us;
  if (client->assigned_employee_id.empty()) {
    decision.events.push_back(
        ClientAssigned{command.client_id, command.employee_id, command.products});
  } else {
    decision.events.push_back(ClientReassigned{command.client_id, client->assigned_employee_id,
                                               command.employee_id, command.products});
  }
  if (std::optional<DontDisturbWarned> warning =
          DontDisturb(model, command.client_id, *client, command.employee_id,
                      /*actor_id=*/"", context.now_us, "assignment")) {
    decision.events.push_back(std::move(*warning));
  }
  return decision;
}

}  // namespace prospekt::domain::internal
