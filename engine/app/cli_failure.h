// How every `prospekt` and `prospektd` command ends when it fails: one line on standard
// error, "prospekt: <code>: <message> (field: …)", and an exit code by who must act —
//   2  the caller gave something wrong: malformed input (InvalidArgument), something
//      named that does not exist (NotFound), a rule that says no (FailedPrecondition,
//      PermissionDenied); fix the command and run it again;
//   3  anything else (I/O, corruption, a lock held by a running server): the operator's.
// (1 is `verify`'s broken chain, kExitBrokenChain.)
#pragma once

#include "events/status.h"

namespace prospekt::app {

inline constexpr int kExitBrokenChain = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitFailure = 3;

// The exit code for a failed `status` (never 0).
int ExitCodeFor(const Status& status);

// Prints `status` as the one line above (`program` first) and returns ExitCodeFor(status).
int ReportFailure(const Status& status, const char* program = "prospekt");

}  // namespace prospekt::app
