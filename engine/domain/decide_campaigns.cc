// Deciders for campaigns (seed 004: the head controls tasks, campaigns and results from
// one window): launched and closed by the branch head or their deputy, clients of the
// branch enrolled by its staff. A campaign's events go to its branch's stream.
#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain::internal {
namespace {

Decision OneEvent(const std::string& branch_id, DomainEvent event, std::string on_behalf_of,
                  const CommandContext& context) {
  Decision decision;
  decision.stream_id = "branch-" + branch_id;
  decision.events.push_back(std::move(event));
  decision.on_behalf_of = std::move(on_behalf_of);
  decision.occurred_at_us = context.now_us;
  return decision;
}

Result<const WriteModel::Campaign*> OpenCampaign(const WriteModel& model,
                                                 const std::string& campaign_id) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(campaign_id, "campaign_id"));
  const WriteModel::Campaign* campaign = model.FindCampaign(campaign_id);
  if (campaign == nullptr) return Status::NotFound("no campaign " + campaign_id, "campaign_id");
  if (!campaign->open) {
    return Status::FailedPrecondition("campaign " + campaign_id + " is closed", "campaign_id");
  }
  return campaign;
}

}  // namespace

Result<Decision> DecideOne(const WriteModel& model, const LaunchCampaign& command,
                           const CommandContext& context) {
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.campaign_id, "campaign_id"));
  PROSPEKT_RETURN_IF_ERROR(ValidateId(command.branch_id, "branch_id"));
  if (model.FindBranch(command.branch_id) == nullptr) {
    return Status::NotFound("no branch " + command.branch_id, "branch_id");
  }
  Result<std::string> authority = BranchHeadAuthority(model, command.branch_id, context);
  if (!authority.ok()) return authority.status();
  if (model.FindCampaign(command.campaign_id) != nullptr) {
    return Status::FailedPrecondition("campaign " + command.campaign_id + " already exists",
                                      "campaign_id");
  }
  if (command.name.empty()) return Status::InvalidArgument("a campaign needs a name", "name");
  for (const std::string& product : command.products) {
    if (model.ProductDepartment(product) == nullptr) {
      return Status::NotFound("no product " + product, "products");
    }
  }
  if (command.until_us <= command.from_us) {
    return Status::InvalidArgument("a campaign must end after it starts", "until_us");
  }
  return OneEvent(command.branch_id,
                  CampaignLaunched{command.campaign_id, command.branch_id, command.name,
                                   command.products, command.from_us, command.until_us},
                  std::move(*authority), context);
}

Result<Decision> DecideOne(const WriteModel& model, const EnrollClient& command,
                           const CommandContext& context) {
  Result<const WriteModel::Campaign*> campaign = OpenCampaign(model, command.campaign_id);
  if (!campaign.ok()) return campaign.status();
  const std::string& branch_id = (*campaign)->branch_id;
  Result<const WriteModel::Client*> client = KnownClient(model, command.client_id);
  if (!client.ok()) return client.status();
  const WriteModel::Employee* actor = ActiveEmployee(model, context.actor.employee_id);
  if (actor == nullptr || actor->branch_id != branch_id || !WorksWithClients(*actor)) {
    return Status::PermissionDenied("only staff of branch " + branch_id +
                                    " enroll clients in its campaigns");
  }
  if ((*client)->branch_id != branch_id) {
    return Status::FailedPrecondition(
        "client " + command.client_id + " is not a client of branch " + branch_id, "client_id");
  }
  if ((*campaign)->enrolled.count(command.client_id) > 0) {
    return Status::FailedPrecondition("client " + command.client_id + " is enrolled already",
                                      "client_id");
  }
  return OneEvent(branch_id, ClientEnrolled{command.campaign_id, command.client_id}, "", context);
}

Result<Decision> DecideOne(const WriteModel& model, const CloseCampaign& command,
                           const CommandContext& context) {
  Result<const WriteModel::Campaign*> campaign = OpenCampaign(model, command.campaign_id);
  if (!campaign.ok()) return campaign.status();
  Result<std::string> authority = BranchHeadAuthority(model, (*campaign)->branch_id, context);
  if (!authority.ok()) return authority.status();
  return OneEvent((*campaign)->branch_id, CampaignClosed{command.campaign_id},
                  std::move(*authority), context);
}

}  // namespace prospekt::domain::internal
