// JSON rendering of a domain event for the CLI, exports and (later) the HTTP API.
//
// {"type": "ContactLogged", ...every field under its snake_case name}; the one field that
// would clash with "type", ContactLogged's contact type, is "contact_type". Enums are their
// snake_case names ("agreement_in_principle"); a time field `x_us` appears twice, as
// "x_us" (microseconds) and "x" (ISO-8601 UTC; null for ContactLogged's 0 "none
// agreed"); money is {"minor_units", "currency"}; an ISO week is {"year", "week"}.
// Personal data renders as its text when clear and as {"sealed": true} when sealed:
// the ciphertext never leaves the process this way, and a renderer never decrypts.
// Given an ErasedCheck (a caller that can see the key store, such as `prospekt read`),
// a sealed text of a client whose key is gone renders as {"erased": true} instead.
// Pure and thread-safe (as far as the check is).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "events/domain_events.h"

namespace prospekt {

// Whether the personal data of a client was erased (its key shredded).
using ErasedCheck = std::function<bool(std::string_view client_id)>;

nlohmann::json DomainEventToJson(const domain::DomainEvent& event, const ErasedCheck& erased = {});

// The snake_case names of the domain's enumerations, as DomainEventToJson writes them
// (for views and query results rendered elsewhere).
std::string_view EnumJsonName(domain::Role value);
std::string_view EnumJsonName(domain::ClientKind value);
std::string_view EnumJsonName(domain::ClientSource value);
std::string_view EnumJsonName(domain::ClientStatus value);
std::string_view EnumJsonName(domain::ClientRelation value);
std::string_view EnumJsonName(domain::ContactType value);
std::string_view EnumJsonName(domain::ContactOutcome value);
std::string_view EnumJsonName(domain::RefusalReason value);
std::string_view EnumJsonName(domain::TaskKind value);

// The reverse of EnumJsonName: the value named `name` exactly, nullopt for any other
// text. Defined for the nine enumerations above.
template <class Enum>
std::optional<Enum> EnumFromJsonName(std::string_view name);

// Every JSON name of an enumeration, in the order of its values (for error messages and
// the API's documentation).
template <class Enum>
const std::vector<std::string_view>& EnumJsonNames();

}  // namespace prospekt
