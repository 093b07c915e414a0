// `prospekt import`: registers a list of clients (prospects from a statistics database,
// an exhibition, a partner's referrals, ...) from a CSV or JSON-lines file, with the
// server stopped (the import holds the log's folder, as prospektd does):
//
//   prospekt import --data DIR --file clients.csv --as EMPLOYEE [--format csv|jsonl]
//                   [--delimiter ';'] [--on-duplicate refuse|skip|force] [--dry-run]
//
// The file's rows are read (client_import.h) and planned against a copy of the write
// model (import_plan.h) before anything is written: a file with any row that cannot be
// read or that the domain refuses imports nothing, and every such row is named with its
// line, field and rule (at most kMaxReportedRows, then a count). --dry-run stops after
// the plan. Then the rows to register are executed in file order as the employee given
// with --as (who must be allowed to register clients of each row's branch), all under
// one correlation id ("import:<file name>:<start time>") that the audit trail shows.
// A run cut short (a crash, a full disk) leaves the rows before the cut registered;
// running the same file again skips them as already registered and finishes the rest.
//
// Exit codes as every `prospekt` command: 0 done, 2 bad input (nothing imported), 3 any
// other failure — among them a run stopped part way (some rows registered), whatever
// stopped it.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace prospekt::app {

// Refused or unreadable rows printed before the summary line.
inline constexpr std::size_t kMaxReportedRows = 50;

// Adds `import` to `cli`; `add_data` adds the shared --data option (bound to `data`).
// Returns the function that runs it when it was parsed (the exit code), else -1.
std::function<int()> AddImportCommand(CLI::App& cli, const std::function<void(CLI::App*)>& add_data,
                                      const std::string& data);

}  // namespace prospekt::app
