// Fuzz target: ParseCommand must turn any bytes, under any command name, into a command
// or a clean InvalidArgument (NotFound for a name the catalogue does not hold), never
// crash or hang; a parsed command is the command the name says. An input is
// "<CommandName>\n<body>" (a name that is no command is mapped onto one by its bytes, so
// mutated names still reach the parsers); the seeds are in command_json_corpus/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "engine/api/command_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  std::string_view name = input.substr(0, newline);
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  const std::vector<prospekt::api::CommandSpec>& specs = prospekt::api::CommandSpecs();
  if (prospekt::api::FindCommandSpec(name) == nullptr) {
    // Unknown names are refused by name; then the body goes to a command all the same.
    const prospekt::Result<prospekt::domain::Command> unknown =
        prospekt::api::ParseCommand(name, body);
    if (unknown.ok() || unknown.status().code() != prospekt::StatusCode::kNotFound) std::abort();
    std::size_t pick = 0;
    for (char c : name) pick = pick * 31 + static_cast<unsigned char>(c);
    name = specs[pick % specs.size()].name;
  }
  const prospekt::Result<prospekt::domain::Command> parsed =
      prospekt::api::ParseCommand(name, body);
  if (!parsed.ok()) {
    if (parsed.status().code() != prospekt::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (prospekt::api::CommandName(*parsed) != name) std::abort();
  return 0;
}
