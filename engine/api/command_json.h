// The commands of the HTTP API: one route per domain command (engine/domain/commands.h),
// POST /api/commands/<Name> with the command as a JSON object, and the strict mapping
// from that body to the domain::Command the Executor runs. No HTTP here: the server
// (engine/server) routes by CommandSpecs() and calls the parser; the CLI and the fuzzer
// call ParseCommand.
//
// The body: the command struct's fields under their own (snake_case) names, except that a
// time member `x_us` is "x", an ISO-8601 UTC string ("2026-01-05T10:00:00Z"; see
// iso_time.h, TimeForm::kInstant); money is {"minor_units": 150000, "currency": "RUB"};
// an ISO week is "2026-W03"; an enum is its JSON name (EnumJsonName, events/domain_json.h).
// Strict: malformed JSON, a body over kMaxCommandBodyBytes or nested deeper than
// kMaxCommandJsonDepth, a key given twice, a wrong type, an unknown or missing required
// field, a number outside its C++ type's range, an unknown enum name are InvalidArgument
// whose field() is the JSON path ("sales[1].product_code", "" for the body itself) and
// whose message names the path and the rule. null is a wrong type everywhere: leave an
// optional field out instead. The business rules (a score is 1..10, a sale needs a
// positive amount, ...) are the domain's: a body that parses may still be refused by
// Decide. The fields of each command are documented in engine/api/openapi.yaml.
//
// Thread safety: everything here is pure or reads immutable tables; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/domain/commands.h"
#include "events/status.h"

namespace prospekt::api {

// Commands are small; the server may use this as its body limit on command routes.
inline constexpr std::size_t kMaxCommandBodyBytes = 64 * 1024;
// A command nests at most 3 levels (body, "sales", a target); this leaves room.
inline constexpr std::size_t kMaxCommandJsonDepth = 8;

// What a body field holds, as the API documents it.
enum class FieldKind : std::uint8_t {
  kString,
  kBoolean,
  kInteger,
  kTime,        // ISO-8601 UTC string
  kWeek,        // "2026-W03"
  kMoney,       // {"minor_units", "currency"}
  kEnum,        // one JSON name
  kStringList,  // [string]
  kEnumList,    // [JSON name]
  kObjectList,  // [object] (SetWeeklyPlan's sales: {"product_code", "sales"})
};

struct CommandField {
  std::string_view name;
  bool required = false;
  FieldKind kind = FieldKind::kString;
};

struct CommandSpec {
  std::string_view name;             // "LogContact", the C++ struct's name
  std::string path;                  // "/api/commands/LogContact"
  std::vector<CommandField> fields;  // every field of the body, in the struct's order
  // The body's strict parser (the rules above).
  Result<domain::Command> (*parse)(std::string_view body) = nullptr;
};

// Every command, in the order of domain::Command's alternatives (so the spec of a
// command `c` is CommandSpecs()[c.index()]).
const std::vector<CommandSpec>& CommandSpecs();

// The spec named `name` exactly; nullptr when there is none.
const CommandSpec* FindCommandSpec(std::string_view name);

// Parses the body of the command named `name`. NotFound (field "command") for an unknown
// name; InvalidArgument as above for a bad body.
Result<domain::Command> ParseCommand(std::string_view name, std::string_view body);

// "LogContact" for a LogContact.
std::string_view CommandName(const domain::Command& command);

// The body's name of a field a decider names: "occurred_at_us" -> "occurred_at"; other
// names are the same in both. For the server's 422 bodies, so that `field` always names
// what the client sent.
std::string CommandFieldName(std::string_view domain_field);

}  // namespace prospekt::api
