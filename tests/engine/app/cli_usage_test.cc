// The line for a command line that does not parse: which command was being read, and
// what it would have taken.
#include "engine/app/cli_usage.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/test_support.h"

namespace prospekt::app {
namespace {

// A small tree like prospekt's: `tool alpha`, `tool token create|revoke`.
std::string MessageFor(std::vector<std::string> args) {
  CLI::App root{"tool"};
  root.require_subcommand(1);
  root.add_subcommand("alpha", "a command");
  CLI::App* token = root.add_subcommand("token", "commands of their own");
  token->require_subcommand(1);
  token->add_subcommand("create", "");
  token->add_subcommand("revoke", "");
  args.insert(args.begin(), "tool");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  try {
    root.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& error) {
    return DescribeParseError(root, "tool", error);
  }
  return "parsed";
}

TEST_CASE("a missing or unknown command names where it was missed and the choices",
          "[cli][usage]") {
  CHECK(MessageFor({}) == "tool needs a command: alpha, token");
  CHECK(MessageFor({"frobnicate"}) == "unknown command 'frobnicate' for tool: one of alpha, token");
  CHECK(MessageFor({"--bogus"}) == "unknown option '--bogus' for tool (see tool --help)");
  CHECK(MessageFor({"token"}) == "tool token needs a command: create, revoke");
  CHECK(MessageFor({"token", "list"}) ==
        "unknown command 'list' for tool token: one of create, revoke");
  // Other mistakes keep CLI11's words, which name the argument.
  CHECK(MessageFor({"alpha", "extra"}) == "The following argument was not expected: extra");
  CHECK(MessageFor({"token", "create"}) == "parsed");
}

TEST_CASE("prospekt with an unknown command exits 2 with one line", "[cli][usage]") {
  testing::TempDir dir;
  const testing::CliRun run = testing::RunProspekt(dir, "frobnicate");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::StartsWith("prospekt: invalid_argument: unknown command "
                                        "'frobnicate' for prospekt: one of serve, demo, "));
  CHECK(run.err.find('\n') == run.err.size() - 1);
}

}  // namespace
}  // namespace prospekt::app
