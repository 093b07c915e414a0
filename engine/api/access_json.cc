#include "engine/api/access_json.h"

#include <array>
#include <span>
#include <utility>

#include "engine/api/internal/json_fields.h"
#include "events/domain_json.h"
#include "events/envelope_json.h"

namespace prospekt::api {
namespace {

using internal::FieldRule;
using internal::json;

// Bodies nest no deeper than one object.
constexpr std::size_t kMaxAccessJsonDepth = 2;

template <class Struct, std::size_t kRows>
Result<Struct> ParseBody(std::string_view body, const std::array<FieldRule<Struct>, kRows>& rules) {
  Result<json> document = internal::ParseStrictJson(body, kMaxAccessBodyBytes, kMaxAccessJsonDepth);
  if (!document.ok()) return document.status();
  Struct parsed{};
  PROSPEKT_RETURN_IF_ERROR(internal::ReadObject<Struct>(
      *document, "", std::span<const FieldRule<Struct>>(rules), parsed));
  return parsed;
}

constexpr std::array kLoginRules{
    internal::Required<&LoginRequest::login>("login"),
    internal::Required<&LoginRequest::password>("password"),
};
constexpr std::array kAddUserRules{
    internal::Required<&AddUserRequest::login>("login"),
    internal::Required<&AddUserRequest::employee_id>("employee_id"),
    internal::Required<&AddUserRequest::password>("password"),
};
constexpr std::array kChangePasswordRules{
    internal::Required<&ChangePasswordRequest::password>("password"),
};
constexpr std::array kDisableUserRules{
    internal::Required<&DisableUserRequest::reason>("reason"),
};
constexpr std::array kCreateTokenRules{
    internal::Required<&CreateTokenRequest::login>("login"),
    internal::Required<&CreateTokenRequest::name>("name"),
    internal::Optional<&CreateTokenRequest::ttl_days>("ttl_days"),
};

// Three years, the Credentials' limit for API tokens.
constexpr std::uint32_t kMaxTokenTtlDays = 1096;

}  // namespace

Result<LoginRequest> ParseLoginRequest(std::string_view body) {
  return ParseBody(body, kLoginRules);
}

Result<AddUserRequest> ParseAddUserRequest(std::string_view body) {
  return ParseBody(body, kAddUserRules);
}

Result<ChangePasswordRequest> ParseChangePasswordRequest(std::string_view body) {
  return ParseBody(body, kChangePasswordRules);
}

Result<DisableUserRequest> ParseDisableUserRequest(std::string_view body) {
  Result<DisableUserRequest> parsed = ParseBody(body, kDisableUserRules);
  if (parsed.ok() && parsed->reason.empty()) {
    return Status::InvalidArgument("reason must say why the user is disabled", "reason");
  }
  return parsed;
}

Result<CreateTokenRequest> ParseCreateTokenRequest(std::string_view body) {
  Result<CreateTokenRequest> parsed = ParseBody(body, kCreateTokenRules);
  if (parsed.ok() && (parsed->ttl_days == 0 || parsed->ttl_days > kMaxTokenTtlDays)) {
    return Status::InvalidArgument("ttl_days must be 1 to " + std::to_string(kMaxTokenTtlDays),
                                   "ttl_days");
  }
  return parsed;
}

std::string_view StartPage(const access::Principal& principal) {
  using domain::Role;
  constexpr std::array<std::pair<Role, std::string_view>, 6> kOrder{{
      {Role::kHeadOffice, "/office"},
      {Role::kAuditor, "/audit"},
      {Role::kBranchHead, "/branch"},
      {Role::kSalesSpecialist, "/agenda"},
      {Role::kProductSpecialist, "/agenda"},
      {Role::kAdmin, "/organisation"},
  }};
  for (const auto& [role, page] : kOrder) {
    if (principal.HasRole(role)) return page;
  }
  return "/organisation";
}

nlohmann::json ToJson(const access::Principal& principal) {
  json roles = json::array();
  for (domain::Role role : principal.roles) roles.push_back(EnumJsonName(role));
  return {{"login", principal.login},          {"employee_id", principal.employee_id},
          {"roles", std::move(roles)},         {"branch_id", principal.branch_id},
          {"region_id", principal.region_id},  {"department_id", principal.department_id},
          {"is_program", principal.is_program}};
}

nlohmann::json ToJson(const access::IssuedToken& token) {
  return {{"token", token.token},
          {"expires_at_us", token.expires_at_us},
          {"expires_at", FormatUtcMicros(token.expires_at_us)}};
}

nlohmann::json ToJson(const std::vector<access::UserInfo>& users) {
  json out = json::array();
  for (const access::UserInfo& user : users) {
    out.push_back(
        {{"login", user.login}, {"employee_id", user.employee_id}, {"disabled", user.disabled}});
  }
  return out;
}

nlohmann::json ToJson(const std::vector<access::ViewRecord>& views) {
  json out = json::array();
  for (const access::ViewRecord& view : views) {
    out.push_back({{"seq", view.seq},
                   {"viewed_at_us", view.viewed_at_us},
                   {"viewed_at", FormatUtcMicros(view.viewed_at_us)},
                   {"viewer_login", view.viewed.viewer_login},
                   {"viewer_employee_id", view.viewed.viewer_employee_id},
                   {"subject_kind", EnumJsonName(view.viewed.subject_kind)},
                   {"subject_id", view.viewed.subject_id},
                   {"route", view.viewed.route},
                   {"as_of_seq", view.viewed.as_of_seq}});
  }
  return out;
}

}  // namespace prospekt::api
