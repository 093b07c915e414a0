// Deciders for merging a duplicate client into its survivor and undoing it (DOMAIN.md:
// one database without duplicates; issue 3: merge keeps both histories, un-merge
// restores them). Nothing is moved or rewritten: the duplicate's stream records the
// merge, and while it stands every command on the duplicate is refused naming the
// survivor (KnownClient in decide_helpers.h).
#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain::internal {
namespace {

// Head office acts for itself; otherwise the duplicate's branch head or their deputy.
Result<std::string> MergeAuthority(const WriteModel& model, const WriteModel::Client& duplicate,
                                   const CommandContext& context) {
  if (RequireHeadOffice(model, context).ok()) return std::string();
  return BranchHeadAuthority(model, duplicate.branch_id, context);
}

Decision OneEvent(const std::string& duplicate_id, DomainEvent event, std::string on_behalf_of,
                  const CommandContext& context) {
  Decision decision;
  decision.stream_id = "client-" + duplicate_id;
  decision.events.push_back(std::move(event));
  decision.on_behalf_of = std::move(on_behalf_of);
  decision.occurred_at_us = context.now_us;
  return decision;
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const MergeDuplicateClient& command,
                           const CommandContext& context) {
  Result<const WriteModel::Client*> duplicate =
      KnownClient(model, command.duplicate_id, "duplicate_id");
  if (!duplicate.ok()) return duplicate.status();
  Result<const WriteModel::Client*> survivor =
      KnownClient(model, command.survivor_id, "survivor_id");
  if (!survivor.ok()) return survivor.status();
  Result<std::string> authority = MergeAuthority(model, **duplicate, context);
  if (!authority.ok()) return authority.status();
  if (command.duplicate_id == command.survivor_id) {
    return Status::InvalidArgument("a client is no duplicate of itself", "survivor_id");
  }
  // No chains: a client others were merged into stays their survivor. (A survivor that
  // is itself merged is refused above, by KnownClient on "survivor_id".)
  if (!(*duplicate)->duplicates.empty()) {
    std::string merged;
    for (const std::string& id : (*duplicate)->duplicates) {
      merged += (merged.empty() ? "" : ", ") + id;
    }
    return Status::FailedPrecondition(
        "client " + command.duplicate_id + " is the survivor of merged duplicates (" + merged +
            "); un-merge them first, then merge each into " + command.survivor_id,
        "duplicate_id");
  }
  return OneEvent(command.duplicate_id,
                  ClientMergedAsDuplicate{command.duplicate_id, command.survivor_id},
                  std::move(*authority), context);
}

Result<Decision> DecideOne(const WriteModel& model, const UnmergeClient& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.duplicate_id, "duplicate_id"));
  const WriteModel::Client* duplicate = model.FindClient(command.duplicate_id);
  if (duplicate == nullptr) {
    return Status::NotFound("no client " + command.duplicate_id, "duplicate_id");
  }
  Result<std::string> authority = MergeAuthority(model, *duplicate, context);
  if (!authority.ok()) return authority.status();
  if (duplicate->merged_into.empty()) {
    return Status::FailedPrecondition("client " + command.duplicate_id + " is not merged",
                                      "duplicate_id");
  }
  return OneEvent(command.duplicate_id,
                  ClientUnmerged{command.duplicate_id, duplicate->merged_into},
                  std::move(*authority), context);
}

}  // namespace prospekt::domain::internal
