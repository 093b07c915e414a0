// Given/when/then tests of campaigns: launched and closed by the branch head (or deputy),
// clients of the branch enrolled by its staff.
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::domain::testing {
namespace {

const CampaignLaunched kSpring{"spring", "b1",    "Spring loans",
                               {"loan"}, kMonday, kMonday + 28 * kDay};

LaunchCampaign Launch() {
  return LaunchCampaign{"spring", "b1", "Spring loans", {"loan"}, kMonday, kMonday + 28 * kDay};
}

TEST_CASE("the branch head launches a campaign", "[domain][campaigns]") {
  WriteModel model = Given(SmallBank());
  Decision decision = Decided(model, Launch(), As("head"));
  CHECK(decision.stream_id == "branch-b1");
  CHECK((decision.events == Events({kSpring})));
  ApplyDecision(model, decision);
  CHECK(Rejected(model, Launch(), As("head")).field() == "campaign_id");
}

TEST_CASE("only the head or their deputy launches and closes campaigns",
          "[domain][campaigns][authority]") {
  WriteModel model = Given(SmallBank());
  for (const char* actor : {"s1", "head2", "ho", "k1"}) {
    INFO(actor);
    CHECK(Rejected(model, Launch(), As(actor)).code() == StatusCode::kPermissionDenied);
  }
  model.Apply(AbsenceRecorded{"head", kMonday, kMonday + kDay, "s2", "training"}, kSetUp);
  CHECK(Decided(model, Launch(), As("s2")).on_behalf_of == "head");
  model.Apply(kSpring, kSetUp);
  CHECK(Rejected(model, CloseCampaign{"spring"}, As("s1")).code() == StatusCode::kPermissionDenied);
  Decision decision = Decided(model, CloseCampaign{"spring"}, As("s2"));
  CHECK(decision.on_behalf_of == "head");
  CHECK((decision.events == Events({CampaignClosed{"spring"}})));
}

TEST_CASE("a launch is checked", "[domain][campaigns]") {
  WriteModel model = Given(SmallBank());
  LaunchCampaign launch = Launch();
  std::string field;
  StatusCode code = StatusCode::kInvalidArgument;
  SECTION("no name") {
    launch.name.clear();
    field = "name";
  }
  SECTION("an unknown product") {
    launch.products = {"gold"};
    field = "products";
    code = StatusCode::kNotFound;
  }
  SECTION("an empty period") {
    launch.until_us = launch.from_us;
    field = "until_us";
  }
  SECTION("an unknown branch") {
    launch.branch_id = "b404";
    field = "branch_id";
    code = StatusCode::kNotFound;
  }
  Status status = Rejected(model, launch, As("head"));
  CHECK(status.code() == code);
  CHECK(status.field() == field);
}

TEST_CASE("staff enroll clients of the branch, once", "[domain][campaigns]") {
  WriteModel model = Given(SmallBank() + std::vector<Fact>{kSpring});
  Decision decision = Decided(model, EnrollClient{"spring", "c1"}, As("s1"));
  CHECK(decision.stream_id == "branch-b1");
  CHECK((decision.events == Events({ClientEnrolled{"spring", "c1"}})));
  ApplyDecision(model, decision);
  CHECK(Rejected(model, EnrollClient{"spring", "c1"}, As("s2")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, EnrollClient{"spring", "c2"}, As("head2")).code() ==
        StatusCode::kPermissionDenied);
  CHECK(Rejected(model, EnrollClient{"spring", "c404"}, As("s1")).code() == StatusCode::kNotFound);
  CHECK(Rejected(model, EnrollClient{"autumn", "c2"}, As("s1")).code() == StatusCode::kNotFound);
}

TEST_CASE("a client of another branch is not enrolled", "[domain][campaigns]") {
  ClientRegistered c3;
  c3.client_id = "c3";
  c3.name = Clear("ООО «Лютик»");
  c3.branch_id = "b2";
  c3.region_id = "r1";
  WriteModel model = Given(SmallBank() + std::vector<Fact>{kSpring, c3});
  CHECK(Rejected(model, EnrollClient{"spring", "c3"}, As("s1")).field() == "client_id");
}

TEST_CASE("a closed campaign takes no more clients", "[domain][campaigns]") {
  WriteModel model = Given(SmallBank() + std::vector<Fact>{kSpring});
  ApplyDecision(model, Decided(model, CloseCampaign{"spring"}, As("head")));
  CHECK(Rejected(model, EnrollClient{"spring", "c2"}, As("s1")).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(Rejected(model, CloseCampaign{"spring"}, As("head")).code() ==
        StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace prospekt::domain::testing
