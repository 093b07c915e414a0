// Helpers for tests that drive the Executor on a real store: open it, run commands that
// must succeed, and set up a small sales branch through the domain's own commands.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "engine/domain/executor.h"
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {

// The executor of a fresh log in `path`, or the test fails.
inline std::unique_ptr<Executor> OpenExecutorAt(const std::filesystem::path& path) {
  Result<std::unique_ptr<Executor>> opened = Executor::Open(path);
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  return std::move(opened).value();
}

// Executes a command that must go through; its positions.
inline store::AppendResult Executed(Executor& executor, const Command& command,
                                    const CommandContext& context, std::string key = {}) {
  Result<store::AppendResult> result = executor.Execute(command, context, std::move(key));
  INFO(result.status().ToString());
  REQUIRE(result.ok());
  return *result;
}

// Region r1, branch b1 with the department "sales", its head "head" and the sales
// specialists "s1" and "s2", set up two weeks before kNow.
inline void OpenSalesBranch(Executor& executor) {
  const CommandContext system = As(std::string(kSystemActor), kSetUp);
  Executed(executor, OpenRegion{"r1", "North"}, system);
  Executed(executor, OpenBranch{"b1", "r1", "Central"}, system);
  Executed(executor, OpenDepartment{"sales", "b1", "Active sales"}, system);
  Executed(executor, HireEmployee{"head", "Head", {Role::kBranchHead}, "b1", "sales"}, system);
  Executed(executor, HireEmployee{"s1", "Seller one", {Role::kSalesSpecialist}, "b1", "sales"},
           system);
  Executed(executor, HireEmployee{"s2", "Seller two", {Role::kSalesSpecialist}, "b1", "sales"},
           system);
}

}  // namespace prospekt::domain::testing
