// Deciders for a client's record after registration: its status (DOMAIN.md: new client,
// bank client, partner, VIP), corrections of its details (before and after recorded, a
// corrected key passes the duplicate checks again), links between clients (seed 004:
// related companies and key persons), the satisfaction score (seed 002) and the erasure
// of its personal data (issue 3).
#include <algorithm>

#include "engine/domain/dedup/normalize.h"
#include "engine/domain/dedup/tax_id.h"
#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain::internal {
namespace {

PersonalText Clear(std::string text) { return {PersonalText::Form::kClear, std::move(text)}; }

Decision OneEvent(const std::string& client_id, DomainEvent event, std::string on_behalf_of,
                  const CommandContext& context) {
  Decision decision;
  decision.stream_id = "client-" + client_id;
  decision.events.push_back(std::move(event));
  decision.on_behalf_of = std::move(on_behalf_of);
  decision.occurred_at_us = context.now_us;
  return decision;
}

// The other client of a duplicate key, or nullptr when the key is free or its own.
const std::string* OtherHolder(const std::string* holder, const std::string& client_id) {
  return holder != nullptr && *holder != client_id ? holder : nullptr;
}

// The corrected value of `field` checked and normalised where the registration would
// normalise it (tax id), or the rejection.
Result<std::string> CheckCorrection(const WriteModel& model, const WriteModel::Client& client,
                                    const CorrectClientDetails& command) {
  const std::string& field = command.field;
  if (field == "name") {
    if (dedup::NormalizeName(command.after).empty()) {
      return Status::InvalidArgument("a client needs a name", "after");
    }
    return command.after;
  }
  if (field == "tax_id") {
    const std::string tax_id = dedup::NormalizeTaxId(command.after);
    if (tax_id.empty()) return tax_id;  // the tax id is no longer known
    PROSPEKT_RETURN_IF_ERROR(dedup::ValidateTaxId(tax_id));
    const std::size_t expected = client.kind == ClientKind::kLegalEntity ? 10 : 12;
    if (tax_id.size() != expected) {
      return Status::InvalidArgument(client.kind == ClientKind::kLegalEntity
                                         ? "a legal entity's tax id has 10 digits"
                                         : "an individual's tax id has 12 digits",
                                     "tax_id");
    }
    if (const std::string* other = OtherHolder(model.ClientWithTaxId(tax_id), command.client_id)) {
      return Status::FailedPrecondition("duplicate of client " + *other + " (same tax_id)",
                                        "tax_id");
    }
    return tax_id;
  }
  if (field == "address" || field == "industry") return command.after;
  if (field == "phones" || field == "emails") {
    const bool phones = field == "phones";
    const std::vector<std::string>& list = phones ? client.phones : client.emails;
    if (!command.before.empty() &&
        std::find(list.begin(), list.end(), command.before) == list.end()) {
      return Status::FailedPrecondition("the client has no " + field + " entry " + command.before,
                                        "before");
    }
    if (command.before.empty() && command.after.empty()) {
      return Status::InvalidArgument("a correction needs a value before or after", "after");
    }
    if (!command.after.empty()) {
      const std::string key =
          phones ? dedup::NormalizePhone(command.after) : dedup::NormalizeEmail(command.after);
      if (key.empty()) {
        return Status::InvalidArgument(
            std::string(phones ? "not a phone number: " : "not an e-mail address: ") +
                command.after,
            "after");
      }
      const std::string* holder = phones ? model.ClientWithPhone(key) : model.ClientWithEmail(key);
      if (const std::string* other = OtherHolder(holder, command.client_id)) {
        return Status::FailedPrecondition("duplicate of client " + *other + " (same " + field + ")",
                                          field);
      }
    }
    return command.after;
  }
  return Status::InvalidArgument(
      "field must be one of name, tax_id, address, industry, phones, emails", "field");
}

Result<const WriteModel::Client*> LinkedPair(const WriteModel& model, const std::string& client_id,
                                             const std::string& other_client_id,
                                             const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, client_id);
  if (!client.ok()) return client.status();
  Result<const WriteModel::Client*> other = KnownClient(model, other_client_id, "other_client_id");
  if (!other.ok()) return other.status();
  PROSPEKT_RETURN_IF_ERROR(RequireBranchStaff(model, (*client)->branch_id, context));
  if (client_id == other_client_id) {
    return Status::InvalidArgument("a client is not linked to itself", "other_client_id");
  }
  return client;
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const ChangeClientStatus& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  // The branch head (or deputy) decides on any client of the branch; the assignee (or
  // deputy) on their own.
  Result<std::string> authority = BranchHeadAuthority(model, (*client)->branch_id, context);
  if (!authority.ok()) {
    authority = OwnerAuthority(model, (*client)->assigned_employee_id, context,
                               "client " + command.client_id);
  }
  if (!authority.ok()) {
    return Status::PermissionDenied("only the head of branch " + (*client)->branch_id +
                                    " or the client's assignee (or their deputies) may change "
                                    "the status of client " +
                                    command.client_id);
  }
  if (command.status > ClientStatus::kVip) {
    return Status::InvalidArgument("no such client status", "status");
  }
  if ((*client)->status == command.status) {
    return Status::FailedPrecondition("client " + command.client_id + " has that status already",
                                      "status");
  }
  return OneEvent(command.client_id,
                  ClientStatusChanged{command.client_id, (*client)->status, command.status},
                  std::move(*authority), context);
}

Result<Decision> DecideOne(const WriteModel& model, const CorrectClientDetails& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> found = KnownClient(model, command.client_id);
  if (!found.ok()) return found.status();
  const WriteModel::Client& client = **found;
  PROSPEKT_RETURN_IF_ERROR(RequireBranchStaff(model, client.branch_id, context));
  if (client.personal_data_erased && IsPersonalField(client.kind, command.field)) {
    // Erasure is for good: the bank may not collect the person's data again under the
    // same record (a new registration is a new, consented start).
    return Status::FailedPrecondition("the personal data of client " + command.client_id +
                                          " was erased; its " + command.field +
                                          " cannot be recorded again",
                                      "client_id");
  }
  Result<std::string> after = CheckCorrection(model, client, command);
  if (!after.ok()) return after.status();
  std::string before = command.before;
  if (command.field == "name") before = client.name;
  if (command.field == "tax_id") before = client.tax_id;
  if (command.field == "address") before = client.address;
  if (command.field == "industry") before = client.industry;
  if (before == *after) {
    return Status::FailedPrecondition("the " + command.field + " is unchanged", "after");
  }
  return OneEvent(command.client_id,
                  ClientDetailsCorrected{command.client_id, command.field, Clear(std::move(before)),
                                         Clear(std::move(*after))},
                  "", context);
}

bool IsPersonalField(ClientKind kind, std::string_view field) {
  if (field == "phones" || field == "emails" || field == "address") return true;
  return kind == ClientKind::kIndividual && (field == "name" || field == "tax_id");
}

Result<Decision> DecideOne(const WriteModel& model, const EraseClientData& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  if (!RequireHeadOffice(model, context).ok()) {
    return Status::PermissionDenied("only head office may erase a client's personal data");
  }
  if (command.reason.empty()) {
    return Status::InvalidArgument("an erasure needs its reason", "reason");
  }
  if ((*client)->personal_data_erased) {
    return Status::FailedPrecondition(
        "the personal data of client " + command.client_id + " was erased already", "client_id");
  }
  return OneEvent(command.client_id, PersonalDataErased{command.client_id, command.reason}, "",
                  context);
}

Result<Decision> DecideOne(const WriteModel& model, const LinkClients& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client =
      LinkedPair(model, command.client_id, command.other_client_id, context);
  if (!client.ok()) return client.status();
  if (command.relation > ClientRelation::kKeyPerson) {
    return Status::InvalidArgument("no such relation", "relation");
  }
  if ((*client)->links.count(command.other_client_id) > 0) {
    return Status::FailedPrecondition(
        "clients " + command.client_id + " and " + command.other_client_id + " are linked already",
        "other_client_id");
  }
  return OneEvent(command.client_id,
                  ClientsLinked{command.client_id, command.other_client_id, command.relation}, "",
                  context);
}

Result<Decision> DecideOne(const WriteModel& model, const UnlinkClients& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client =
      LinkedPair(model, command.client_id, command.other_client_id, context);
  if (!client.ok()) return client.status();
  if ((*client)->links.count(command.other_client_id) == 0) {
    return Status::FailedPrecondition(
        "clients " + command.client_id + " and " + command.other_client_id + " are not linked",
        "other_client_id");
  }
  return OneEvent(command.client_id, ClientsUnlinked{command.client_id, command.other_client_id},
                  "", context);
}

Result<Decision> DecideOne(const WriteModel& model, const RecordSatisfaction& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  PROSPEKT_RETURN_IF_ERROR(RequireBranchStaff(model, (*client)->branch_id, context));
  if (command.score < 1 || command.score > 10) {
    return Status::InvalidArgument("a satisfaction score is 1..10", "score");
  }
  return OneEvent(command.client_id,
                  SatisfactionScored{command.client_id, command.score, command.comment}, "",
                  context);
}

}  // namespace prospekt::domain::internal
