// The projections Prospekt serves, in one list for the runner, the CLI and the tests.
#pragma once

#include <memory>
#include <vector>

#include "projections/projection.h"

namespace prospekt::projections {

// A fresh, empty instance of every projection at its current version.
std::vector<std::unique_ptr<Projection>> AllProjections();

}  // namespace prospekt::projections
