#include "events/access_json.h"

#include <nlohmann/json.hpp>

#include <string>
#include <variant>

#include "events/envelope_json.h"

namespace prospekt {
namespace {

using nlohmann::json;
using namespace access;  // NOLINT(google-build-using-namespace): the event vocabulary

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

void Fill(json& j, const UserAdded& e) {
  j["login"] = e.login;
  j["employee_id"] = e.employee_id;
  j["password_hash"] = "hidden";
}
void Fill(json& j, const PasswordChanged& e) {
  j["login"] = e.login;
  j["password_hash"] = "hidden";
}
void Fill(json& j, const UserDisabled& e) {
  j["login"] = e.login;
  j["reason"] = e.reason;
}
void Fill(json& j, const TokenIssued& e) {
  j["token_hash"] = Hex(e.token_hash);
  j["login"] = e.login;
  j["kind"] = EnumJsonName(e.kind);
  j["name"] = e.name;
  j["expires_at_us"] = e.expires_at_us;
  j["expires_at"] = FormatUtcMicros(e.expires_at_us);
}
void Fill(json& j, const TokenRevoked& e) {
  j["token_hash"] = Hex(e.token_hash);
  j["login"] = e.login;
  j["reason"] = e.reason;
}
void Fill(json& j, const LoginFailed& e) {
  j["login"] = e.login;
  j["reason"] = e.reason;
}
void Fill(json& j, const RecordViewed& e) {
  j["viewer_login"] = e.viewer_login;
  j["viewer_employee_id"] = e.viewer_employee_id;
  j["subject_kind"] = EnumJsonName(e.subject_kind);
  j["subject_id"] = e.subject_id;
  j["route"] = e.route;
  j["as_of_seq"] = e.as_of_seq;
}

}  // namespace

json AccessEventToJson(const AccessEvent& event) {
  json j = json::object();
  j["type"] = AccessEventTypeName(event);
  std::visit([&j](const auto& e) { Fill(j, e); }, event);
  return j;
}

}  // namespace prospekt
