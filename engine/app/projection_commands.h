// The read side on the command line: `prospekt replay` (rebuild projections with a
// progress bar and the final rate) and `prospekt query` (a projection's answer as JSON,
// now or as it stood at a seq or a time).
//
// Both open the log read-only and the views folder (default: the log folder's name plus
// ".views", beside it) for writing: they catch the views up, or rebuild them, before
// answering, so an answer always reflects the whole log. While a server holds the views
// folder it is locked; ask the server then.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>

namespace prospekt::app {

// Adds `replay` and `query` to `cli`; `add_data` adds the shared --data option (bound to
// `data`) to a subcommand. Returns the function that runs whichever of them was parsed,
// giving the process exit code, or -1 when neither was.
std::function<int()> AddProjectionCommands(CLI::App& cli,
                                           const std::function<void(CLI::App*)>& add_data,
                                           const std::string& data);

}  // namespace prospekt::app
