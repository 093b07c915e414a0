// JSON rendering of an access-log event, for `prospekt read` on an access log and for
// the server's answers about it (who viewed a client).
//
// {"type": "RecordViewed", ...every field under its snake_case name}; enums by their
// schema names ("session", "card"); a time `x_us` twice, as "x_us" and as "x" (ISO-8601
// UTC); a token hash as hex. Password hashes are never rendered ("password_hash":
// "hidden"): an Argon2id hash can still be attacked offline. Pure and thread-safe.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "events/access_events.h"

namespace prospekt {

nlohmann::json AccessEventToJson(const access::AccessEvent& event);

}  // namespace prospekt
