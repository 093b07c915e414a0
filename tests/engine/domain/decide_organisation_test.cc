// Given/when/then tests of setting up the organisation: head office only, ids checked,
// references must exist, absences name a deputy of the same branch.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

TEST_CASE("the system actor sets up an empty bank", "[domain][organisation]") {
  WriteModel model;
  const CommandContext system = As(std::string(kSystemActor));
  Decision region = Decided(model, OpenRegion{"r1", "North"}, system);
  CHECK(region.stream_id == "region-r1");
  CHECK((region.events == Events({RegionOpened{"r1", "North"}})));
  ApplyDecision(model, region);
  CHECK(Decided(model, OpenBranch{"b1", "r1", "Central"}, system).stream_id == "branch-b1");
  CHECK(Rejected(model, OpenBranch{"b1", "r9", "Central"}, system).field() == "region_id");
  CHECK(Rejected(model, OpenRegion{"r1", "Again"}, system).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Decided(model, DefineProduct{"loan", "Loan", "loans"}, system).stream_id == "product-loan");
}

TEST_CASE("only head office changes the organisation", "[domain][organisation][authority]") {
  WriteModel model = Given(SmallBank());
  CHECK(Rejected(model, OpenRegion{"r3", "East"}, As("head")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, OpenRegion{"r3", "East"}, As("nobody")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Decided(model, OpenRegion{"r3", "East"}, As("ho")).events.size() == 1);
}

TEST_CASE("ids hold only letters, digits and . _ : -", "[domain][organisation]") {
  WriteModel model;
  const CommandContext system = As(std::string(kSystemActor));
  for (const char* bad : {"", "r 1", "r/1", "регион"}) {
    INFO(bad);
    Status status = Rejected(model, OpenRegion{bad, "North"}, system);
    CHECK(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.field() == "region_id");
  }
  CHECK(Decided(model, OpenRegion{"r-01.a_b:c", "North"}, system).events.size() == 1);
}

TEST_CASE("employees are hired into existing branches and departments", "[domain][organisation]") {
  WriteModel model = Given(SmallBank());
  const CommandContext ho = As("ho");
  CHECK(Decided(model, HireEmployee{"s9", "New", {Role::kSalesSpecialist}, "b1", "sales"}, ho)
            .stream_id == "employee-s9");
  CHECK(Rejected(model, HireEmployee{"s9", "New", {Role::kSalesSpecialist}, "b1", "cards"}, ho)
            .field() == "department_id");
  CHECK(Rejected(model, HireEmployee{"s9", "New", {Role::kSalesSpecialist}, "", ""}, ho).field() ==
        "branch_id");
  CHECK(Rejected(model, HireEmployee{"s9", "New", {}, "b1", ""}, ho).field() == "roles");
  CHECK(
      Rejected(model, HireEmployee{"s1", "Again", {Role::kSalesSpecialist}, "b1", ""}, ho).code() ==
      StatusCode::kFailedPrecondition);
}

TEST_CASE("an absence names a deputy of the same branch", "[domain][organisation]") {
  WriteModel model = Given(SmallBank());
  const RecordAbsence absence{"s1", kMonday, kMonday + kDay, "s2", "vacation"};
  Decision decision = Decided(model, absence, As("head"));
  CHECK(decision.stream_id == "employee-s1");
  CHECK((decision.events ==
         Events({AbsenceRecorded{"s1", kMonday, kMonday + kDay, "s2", "vacation"}})));
  CHECK(Decided(model, absence, As("s1")).events.size() == 1);  // one's own absence
  CHECK(Rejected(model, absence, As("s2")).code() == StatusCode::kPermissionDenied);

  RecordAbsence other_branch = absence;
  other_branch.deputy_id = "head2";
  CHECK(Rejected(model, other_branch, As("head")).code() == StatusCode::kFailedPrecondition);
  RecordAbsence backwards = absence;
  backwards.until_us = backwards.from_us;
  CHECK(Rejected(model, backwards, As("head")).field() == "until_us");
}

TEST_CASE("branch settings are checked and kept", "[domain][organisation]") {
  WriteModel model = Given(SmallBank());
  CHECK(model.FindBranch("b1")->dont_disturb_days == 7);
  CHECK(model.FindBranch("b1")->plan_deviation_percent == 30);
  Decision decision = Decided(model, ChangeBranchSettings{"b1", 14, 20}, As("head"));
  ApplyDecision(model, decision);
  CHECK(model.FindBranch("b1")->dont_disturb_days == 14);
  CHECK(model.FindBranch("b1")->plan_deviation_percent == 20);
  CHECK(Rejected(model, ChangeBranchSettings{"b1", 7, 0}, As("head")).field() ==
        "plan_deviation_percent");
  CHECK(Rejected(model, ChangeBranchSettings{"b1", 7, 30}, As("head2")).code() ==
        StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace prospekt::domain::testing
