// Principal: a login resolved against the directory.
#include "engine/access/principal.h"

#include <catch2/catch.hpp>

#include "tests/projections/projection_test_support.h"

namespace prospekt::access {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)

TEST_CASE("a principal carries the employee's roles and placement", "[access][principal]") {
  std::vector<testing::Logged> events = testing::SmallBranch();
  const std::int64_t t = testing::UtcMicros(2026, 3, 2, 9);
  events.push_back({DepartmentOpened{"loans", "b1", "Credit"}, t, "system"});
  events.push_back(
      {EmployeeHired{"credit-1", "Vera", {Role::kProductSpecialist}, "b1", "loans"}, t, "system"});
  events.push_back({EmployeeHired{"adm", "Admin", {Role::kAdmin}, "", ""}, t, "system"});
  projections::FoldProjection<projections::DirectoryView> directory(projections::kDirectory);
  testing::FoldAll(directory, events);

  Result<Principal> credit = ResolvePrincipal("vera", "credit-1", false, directory.view());
  REQUIRE(credit.ok());
  CHECK(credit->login == "vera");
  CHECK(credit->employee_id == "credit-1");
  CHECK(credit->roles == std::vector<Role>{Role::kProductSpecialist});
  CHECK(credit->HasRole(Role::kProductSpecialist));
  CHECK_FALSE(credit->HasRole(Role::kSalesSpecialist));
  CHECK(credit->branch_id == "b1");
  CHECK(credit->region_id == "r1");
  CHECK(credit->department_id == "loans");
  CHECK_FALSE(credit->is_program);

  Result<Principal> program = ResolvePrincipal("feed", "adm", true, directory.view());
  REQUIRE(program.ok());
  CHECK(program->is_program);
  CHECK(program->branch_id.empty());

  Result<Principal> unknown = ResolvePrincipal("ghost", "nobody", false, directory.view());
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kPermissionDenied);
  CHECK_THAT(unknown.status().message(), Catch::Contains("nobody"));

  events.push_back({EmployeeLeft{"credit-1"}, t, "system"});
  projections::FoldProjection<projections::DirectoryView> later(projections::kDirectory);
  testing::FoldAll(later, events);
  Result<Principal> left = ResolvePrincipal("vera", "credit-1", false, later.view());
  REQUIRE_FALSE(left.ok());
  CHECK(left.status().message() == "employee credit-1 has left the bank");
}

}  // namespace
}  // namespace prospekt::access
