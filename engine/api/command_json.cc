#include "engine/api/command_json.h"

#include <array>
#include <utility>
#include <variant>

#include "engine/api/internal/json_fields.h"

namespace prospekt::api {
namespace {

using internal::FieldRule;
using internal::json;

// "occurred_at" for the member occurred_at_us; refuses (at compile time, in a table) a
// member without the suffix.
constexpr std::string_view TimeName(std::string_view member) {
  if (!member.ends_with("_us")) throw "a time member's name ends in _us";
  return member.substr(0, member.size() - 3);
}

// The body of each command: one row per field, in the struct's order. A command without
// a table does not compile (AllSpecs below instantiates one for every alternative).
template <class Command>
struct CommandTable;

// The rows name the member once; its JSON name is the member's name (a time's without
// "_us").
#define PROSPEKT_REQUIRED(member) internal::Required<&T::member>(#member)
#define PROSPEKT_OPTIONAL(member) internal::Optional<&T::member>(#member)
#define PROSPEKT_REQUIRED_TIME(member) internal::RequiredTime<&T::member>(TimeName(#member))
#define PROSPEKT_OPTIONAL_TIME(member) internal::OptionalTime<&T::member>(TimeName(#member))
#define PROSPEKT_COMMAND(Type, ...)                  \
  template <>                                        \
  struct CommandTable<domain::Type> {                \
    using T = domain::Type;                          \
    static constexpr std::string_view kName = #Type; \
    static constexpr std::array kRules{__VA_ARGS__}; \
  }

// clang-format off

// ---------------------------------------------------------------- organisation
PROSPEKT_COMMAND(OpenRegion, PROSPEKT_REQUIRED(region_id), PROSPEKT_REQUIRED(name));
PROSPEKT_COMMAND(OpenBranch,
    PROSPEKT_REQUIRED(branch_id), PROSPEKT_REQUIRED(region_id), PROSPEKT_REQUIRED(name));
PROSPEKT_COMMAND(OpenDepartment,
    PROSPEKT_REQUIRED(department_id), PROSPEKT_REQUIRED(branch_id), PROSPEKT_REQUIRED(name));
PROSPEKT_COMMAND(DefineProduct,
    PROSPEKT_REQUIRED(product_code), PROSPEKT_REQUIRED(name),
    PROSPEKT_REQUIRED(owning_department));
// branch_id is left out only for head office staff; department_id is optional.
PROSPEKT_COMMAND(HireEmployee,
    PROSPEKT_REQUIRED(employee_id), PROSPEKT_REQUIRED(name), PROSPEKT_REQUIRED(roles),
    PROSPEKT_OPTIONAL(branch_id), PROSPEKT_OPTIONAL(department_id));
PROSPEKT_COMMAND(RecordAbsence,
    PROSPEKT_REQUIRED(employee_id), PROSPEKT_REQUIRED_TIME(from_us),
    PROSPEKT_REQUIRED_TIME(until_us), PROSPEKT_REQUIRED(deputy_id), PROSPEKT_OPTIONAL(reason));
// Both settings are required: a default would silently reset the one not meant.
PROSPEKT_COMMAND(ChangeBranchSettings,
    PROSPEKT_REQUIRED(branch_id), PROSPEKT_REQUIRED(dont_disturb_days),
    PROSPEKT_REQUIRED(plan_deviation_percent));

// ---------------------------------------------------------------- clients and work
PROSPEKT_COMMAND(RegisterClient,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(kind), PROSPEKT_REQUIRED(name),
    PROSPEKT_OPTIONAL(tax_id), PROSPEKT_OPTIONAL(phones), PROSPEKT_OPTIONAL(emails),
    PROSPEKT_OPTIONAL(address), PROSPEKT_OPTIONAL(industry), PROSPEKT_REQUIRED(branch_id),
    PROSPEKT_OPTIONAL(source), PROSPEKT_OPTIONAL(status), PROSPEKT_OPTIONAL(force));
PROSPEKT_COMMAND(AssignClient,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(employee_id), PROSPEKT_OPTIONAL(products));
PROSPEKT_COMMAND(SetWeeklyPlan,
    PROSPEKT_REQUIRED(employee_id), PROSPEKT_REQUIRED(week), PROSPEKT_REQUIRED(contacts),
    PROSPEKT_OPTIONAL(sales), PROSPEKT_OPTIONAL(volume));
PROSPEKT_COMMAND(LogContact,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(type), PROSPEKT_REQUIRED(outcome),
    PROSPEKT_REQUIRED_TIME(occurred_at_us), PROSPEKT_OPTIONAL(product_code),
    PROSPEKT_OPTIONAL(amount), PROSPEKT_OPTIONAL(refusal_reason),
    PROSPEKT_OPTIONAL(refusal_text), PROSPEKT_OPTIONAL(note),
    PROSPEKT_OPTIONAL_TIME(next_contact_at_us));
PROSPEKT_COMMAND(CloseWorkingDay,
    PROSPEKT_REQUIRED(branch_id), PROSPEKT_REQUIRED_TIME(day_start_us));

// ---------------------------------------------------------------- work
PROSPEKT_COMMAND(UnassignClient, PROSPEKT_REQUIRED(client_id));
PROSPEKT_COMMAND(ReassignClient,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(from_employee_id),
    PROSPEKT_REQUIRED(to_employee_id), PROSPEKT_OPTIONAL(products));
PROSPEKT_COMMAND(CompleteNextContact, PROSPEKT_REQUIRED(client_id));
PROSPEKT_COMMAND(CancelNextContact, PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(reason));
PROSPEKT_COMMAND(AcceptHandOver, PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(department));
PROSPEKT_COMMAND(ReturnHandOver,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(department), PROSPEKT_REQUIRED(reason));
PROSPEKT_COMMAND(AssignTask,
    PROSPEKT_REQUIRED(task_id), PROSPEKT_REQUIRED(employee_id), PROSPEKT_OPTIONAL(client_id),
    PROSPEKT_REQUIRED_TIME(due_at_us), PROSPEKT_REQUIRED(text));
PROSPEKT_COMMAND(CompleteTask, PROSPEKT_REQUIRED(task_id), PROSPEKT_OPTIONAL(note));

// ---------------------------------------------------------------- client records
PROSPEKT_COMMAND(ChangeClientStatus, PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(status));
// `after` is required even when it removes an entry (""), so that intent is explicit.
PROSPEKT_COMMAND(CorrectClientDetails,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(field), PROSPEKT_OPTIONAL(before),
    PROSPEKT_REQUIRED(after));
PROSPEKT_COMMAND(LinkClients,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(other_client_id), PROSPEKT_REQUIRED(relation));
PROSPEKT_COMMAND(UnlinkClients, PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(other_client_id));
PROSPEKT_COMMAND(RecordSatisfaction,
    PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(score), PROSPEKT_OPTIONAL(comment));

// ---------------------------------------------------------------- staff changes
PROSPEKT_COMMAND(ChangeEmployeeRoles, PROSPEKT_REQUIRED(employee_id), PROSPEKT_REQUIRED(roles));
// branch_id is left out only for a move to head office; department_id is optional.
PROSPEKT_COMMAND(TransferEmployee,
    PROSPEKT_REQUIRED(employee_id), PROSPEKT_OPTIONAL(branch_id), PROSPEKT_OPTIONAL(department_id));
PROSPEKT_COMMAND(EmployeeLeaves, PROSPEKT_REQUIRED(employee_id));

// ---------------------------------------------------------------- campaigns
PROSPEKT_COMMAND(LaunchCampaign,
    PROSPEKT_REQUIRED(campaign_id), PROSPEKT_REQUIRED(branch_id), PROSPEKT_REQUIRED(name),
    PROSPEKT_OPTIONAL(products), PROSPEKT_REQUIRED_TIME(from_us), PROSPEKT_REQUIRED_TIME(until_us));
PROSPEKT_COMMAND(EnrollClient, PROSPEKT_REQUIRED(campaign_id), PROSPEKT_REQUIRED(client_id));
PROSPEKT_COMMAND(CloseCampaign, PROSPEKT_REQUIRED(campaign_id));

// ---------------------------------------------------------------- merging and erasure
PROSPEKT_COMMAND(MergeDuplicateClient,
    PROSPEKT_REQUIRED(duplicate_id), PROSPEKT_REQUIRED(survivor_id));
PROSPEKT_COMMAND(UnmergeClient, PROSPEKT_REQUIRED(duplicate_id));
PROSPEKT_COMMAND(EraseClientData, PROSPEKT_REQUIRED(client_id), PROSPEKT_REQUIRED(reason));

// clang-format on

#undef PROSPEKT_COMMAND
#undef PROSPEKT_OPTIONAL_TIME
#undef PROSPEKT_REQUIRED_TIME
#undef PROSPEKT_OPTIONAL
#undef PROSPEKT_REQUIRED

template <class Command>
Result<domain::Command> ParseBody(std::string_view body) {
  Result<json> document =
      internal::ParseStrictJson(body, kMaxCommandBodyBytes, kMaxCommandJsonDepth);
  if (!document.ok()) return document.status();
  Command command{};
  PROSPEKT_RETURN_IF_ERROR(
      internal::ReadObject<Command>(*document, "", CommandTable<Command>::kRules, command));
  return domain::Command(std::move(command));
}

template <class Command>
CommandSpec SpecOf() {
  CommandSpec spec;
  spec.name = CommandTable<Command>::kName;
  spec.path = "/api/commands/" + std::string(spec.name);
  for (const FieldRule<Command>& rule : CommandTable<Command>::kRules) {
    spec.fields.push_back({rule.name, rule.required, rule.kind});
  }
  spec.parse = &ParseBody<Command>;
  return spec;
}

template <std::size_t... kIndex>
std::vector<CommandSpec> AllSpecs(std::index_sequence<kIndex...> /*indices*/) {
  return {SpecOf<std::variant_alternative_t<kIndex, domain::Command>>()...};
}

}  // namespace

const std::vector<CommandSpec>& CommandSpecs() {
  static const std::vector<CommandSpec> specs =
      AllSpecs(std::make_index_sequence<std::variant_size_v<domain::Command>>());
  return specs;
}

const CommandSpec* FindCommandSpec(std::string_view name) {
  for (const CommandSpec& spec : CommandSpecs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Result<domain::Command> ParseCommand(std::string_view name, std::string_view body) {
  const CommandSpec* spec = FindCommandSpec(name);
  if (spec == nullptr) {
    return Status::NotFound("no command named '" + std::string(name.substr(0, 60)) + "'",
                            "command");
  }
  return spec->parse(body);
}

std::string_view CommandName(const domain::Command& command) {
  return CommandSpecs()[command.index()].name;
}

std::string CommandFieldName(std::string_view domain_field) {
  if (domain_field.ends_with("_us")) domain_field.remove_suffix(3);
  return std::string(domain_field);
}

}  // namespace prospekt::api
