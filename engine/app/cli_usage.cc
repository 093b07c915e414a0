#include "engine/app/cli_usage.h"

#include <vector>

namespace prospekt::app {

std::string DescribeParseError(const CLI::App& root, const std::string& program,
                               const CLI::ParseError& error) {
  // The command being read: the deepest one parsed so far.
  const CLI::App* at = &root;
  std::string where = program;
  while (!at->get_subcommands().empty()) {
    at = at->get_subcommands().front();
    where += " " + at->get_name();
  }
  // Only a missing command gets words of our own (`at` has none parsed, by the loop).
  if (at->get_require_subcommand_min() == 0) return error.what();

  std::string choices;
  for (const CLI::App* command : at->get_subcommands({})) {
    choices += (choices.empty() ? "" : ", ") + command->get_name();
  }
  const std::vector<std::string> extras = at->remaining();
  if (extras.empty()) return where + " needs a command: " + choices;
  const std::string& first = extras.front();
  if (first.starts_with("-")) {
    return "unknown option '" + first + "' for " + where + " (see " + where + " --help)";
  }
  return "unknown command '" + first + "' for " + where + ": one of " + choices;
}

}  // namespace prospekt::app
