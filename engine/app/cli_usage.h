// The one line a command line that does not parse gets. CLI11 says "A subcommand is
// required" both for `prospekt` alone and for `prospekt frobnicate`, naming neither the
// command it was reading nor what it would have taken; this names both.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace prospekt::app {

// The message for `error`, thrown by root.parse(): for a missing or unknown (sub)command,
// "<where> needs a command: a, b, c", "unknown command 'x' for <where>: one of a, b, c" or
// "unknown option '--x' for <where> (see <where> --help)", <where> being the program
// name followed by the commands read so far; CLI11's own message otherwise.
std::string DescribeParseError(const CLI::App& root, const std::string& program,
                               const CLI::ParseError& error);

}  // namespace prospekt::app
