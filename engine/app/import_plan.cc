#include "engine/app/import_plan.h"

#include <string>
#include <unordered_map>
#include <utility>

#include "engine/domain/decide.h"
#include "engine/domain/dedup/normalize.h"
#include "engine/domain/dedup/tax_id.h"

namespace prospekt::app {
namespace {

// Whether the registered client is the one the row describes: the same facts a
// registration fixes (contact data may have been corrected since, so it is not compared).
bool SameClient(const domain::WriteModel::Client& client, const domain::RegisterClient& row) {
  return client.kind == row.kind && client.branch_id == row.branch_id &&
         domain::dedup::NormalizeName(client.name) == domain::dedup::NormalizeName(row.name) &&
         domain::dedup::NormalizeTaxId(client.tax_id) == domain::dedup::NormalizeTaxId(row.tax_id);
}

void Fold(domain::WriteModel& model, const domain::Decision& decision) {
  for (const domain::DomainEvent& event : decision.events)
    model.Apply(event, decision.occurred_at_us);
}

// `first_lines`: the line each client id of the file was first given on.
PlannedRow Plan(domain::WriteModel& model, api::ImportRow row,
                const domain::CommandContext& context, OnDuplicate on_duplicate,
                std::unordered_map<std::string, std::size_t>& first_lines) {
  PlannedRow planned{row.line, RowVerdict::kRegister, std::move(row.command), Status::Ok()};
  domain::RegisterClient& command = planned.command;
  // A second row of the same id is a mistake of the file, never "already registered".
  const auto [first, fresh] = first_lines.emplace(command.client_id, row.line);
  if (!fresh) {
    planned.verdict = RowVerdict::kRefused;
    planned.reason =
        Status::FailedPrecondition("client " + command.client_id + " is on line " +
                                       std::to_string(first->second) + " of the file already",
                                   "client_id");
    return planned;
  }
  if (const domain::WriteModel::Client* known = model.FindClient(command.client_id)) {
    if (SameClient(*known, command)) {
      planned.verdict = RowVerdict::kAlreadyRegistered;
    } else {
      planned.verdict = RowVerdict::kRefused;
      planned.reason = Status::FailedPrecondition(
          "client " + command.client_id + " is already registered with other details", "client_id");
    }
    return planned;
  }
  if (on_duplicate == OnDuplicate::kForce) command.force = true;
  Result<domain::Decision> decision = domain::Decide(model, command, context);
  if (decision.ok()) {
    Fold(model, *decision);
    return planned;
  }
  planned.reason = decision.status();
  planned.verdict = RowVerdict::kRefused;
  // Forcing only passes over the duplicate check, so a row that a forced decision
  // accepts was refused as a duplicate.
  if (on_duplicate == OnDuplicate::kSkip && !command.force &&
      decision.status().code() == StatusCode::kFailedPrecondition) {
    domain::RegisterClient forced = command;
    forced.force = true;
    if (domain::Decide(model, forced, context).ok())
      planned.verdict = RowVerdict::kDuplicateSkipped;
  }
  return planned;
}

}  // namespace

Result<OnDuplicate> ParseOnDuplicate(std::string_view name) {
  if (name == "refuse") return OnDuplicate::kRefuse;
  if (name == "skip") return OnDuplicate::kSkip;
  if (name == "force") return OnDuplicate::kForce;
  return Status::InvalidArgument("on-duplicate must be refuse, skip or force", "on_duplicate");
}

ImportPlan PlanImport(domain::WriteModel model, std::vector<api::ImportRow> rows,
                      const domain::CommandContext& context, OnDuplicate on_duplicate) {
  ImportPlan plan;
  plan.rows.reserve(rows.size());
  std::unordered_map<std::string, std::size_t> first_lines;
  for (api::ImportRow& row : rows) {
    PlannedRow planned = Plan(model, std::move(row), context, on_duplicate, first_lines);
    switch (planned.verdict) {
      case RowVerdict::kRegister:
        ++plan.to_register;
        break;
      case RowVerdict::kAlreadyRegistered:
        ++plan.already_registered;
        break;
      case RowVerdict::kDuplicateSkipped:
        ++plan.duplicates_skipped;
        break;
      case RowVerdict::kRefused:
        ++plan.refused;
        break;
    }
    plan.rows.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace prospekt::app
