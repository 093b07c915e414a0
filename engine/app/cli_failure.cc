#include "engine/app/cli_failure.h"

#include <cstdio>

namespace prospekt::app {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kPermissionDenied:
      return kExitBadInput;
    default:
      return kExitFailure;
  }
}

int ReportFailure(const Status& status, const char* program) {
  std::fprintf(stderr, "%s: %s\n", program, status.ToString().c_str());
  return ExitCodeFor(status);
}

}  // namespace prospekt::app
