// A branch week over HTTP, checked through the branch dashboard: the head assigns and
// plans, the specialists log contacts (a sale, a refusal, an interested client of the
// credit department's product), the day is closed; the dashboard shows plan against
// fact, the automatic hand-over and the plan-deviation task.
#include <catch2/catch.hpp>

#include <string>

#include "tests/engine/server/routes/bank_test_server.h"

namespace prospekt::server::testing {
namespace {

using nlohmann::json;

TEST_CASE("a branch week through the API shows on the branch dashboard", "[e2e]") {
  BankTestServer server;
  const json plan{{"week", "2026-W10"},
                  {"contacts", 50},
                  {"sales", {{{"product_code", "card"}, {"sales", 5}}}},
                  {"volume", {{"minor_units", 1'000'000}, {"currency", "RUB"}}}};
  json plan1 = plan;
  plan1["employee_id"] = "b1-s1";
  json plan2 = plan;
  plan2["employee_id"] = "b1-s2";
  server.Command("SetWeeklyPlan", "head1", plan1);
  server.Command("SetWeeklyPlan", "head1", plan2);

  server.SetClock(kMonday0900Us + kHourUs);
  server.Command("LogContact", "sales1",
                 {{"client_id", "c2"},
                  {"type", "meeting"},
                  {"occurred_at", "2026-03-02T09:30:00Z"},
                  {"outcome", "product_sold"},
                  {"product_code", "card"},
                  {"amount", {{"minor_units", 250'000}, {"currency", "RUB"}}}});
  server.Command("LogContact", "sales1",
                 {{"client_id", "c1"},
                  {"type", "phone"},
                  {"occurred_at", "2026-03-02T09:45:00Z"},
                  {"outcome", "refused"},
                  {"product_code", "card"},
                  {"refusal_reason", "rate_too_high"}});
  // Interested in a loan: the loans department gets the client automatically.
  Reply interested = server.Command("LogContact", "sales1",
                                    {{"client_id", "c1"},
                                     {"type", "phone"},
                                     {"occurred_at", "2026-03-02T09:50:00Z"},
                                     {"outcome", "positive_prospect"},
                                     {"product_code", "loan"},
                                     {"next_contact_at", "2026-03-04T10:00:00Z"}});
  bool handed_over = false;
  for (const json& event : interested.body.at("events")) {
    handed_over = handed_over || event.at("type") == "HandedOver";
  }
  CHECK(handed_over);

  // The scheduler's end of Monday: sales2 has logged nothing of the 10 contacts a day
  // the plan asks for.
  server.SetClock(kMonday0900Us + 10 * kHourUs);
  Reply closed = server.Command("CloseWorkingDay", "head1",
                                {{"branch_id", "b1"}, {"day_start", "2026-03-02T00:00:00Z"}});
  const std::uint64_t last_seq = closed.body.at("seq").get<std::uint64_t>();

  Reply dashboard = server.Get(
      "/api/branches/b1/dashboard?week=2026-W10&min_seq=" + std::to_string(last_seq), "head1");
  INFO(dashboard.raw);
  REQUIRE(dashboard.status == 200);
  CHECK(dashboard.body.at("as_of_seq").get<std::uint64_t>() >= last_seq);
  const json& view = dashboard.body.at("result");
  const json& s1 = view.at("employees").at("b1-s1");
  CHECK(s1.at("has_plan") == true);
  CHECK(s1.at("planned_contacts") == 50);
  CHECK(s1.at("contacts") == 3);
  CHECK(s1.at("contacts_by_type").at("phone") == 2);
  CHECK(s1.at("contacts_by_type").at("meeting") == 1);
  CHECK(s1.at("outcomes").at("product_sold") == 1);
  CHECK(s1.at("outcomes").at("refused") == 1);
  CHECK(s1.at("outcomes").at("positive_prospect") == 1);
  CHECK(s1.at("sales_by_product").at("card") == 1);
  CHECK(view.at("employees").at("b1-s2").at("contacts") == 0);

  REQUIRE(view.at("hand_overs_waiting").size() == 1);
  const json& hand_over = view.at("hand_overs_waiting").at(0);
  CHECK(hand_over.at("client_id") == "c1");
  CHECK(hand_over.at("department") == "loans");
  CHECK(hand_over.at("automatic") == true);

  bool deviation_task_for_s2 = false;
  for (const json& task : view.at("automatic_tasks_open")) {
    deviation_task_for_s2 = deviation_task_for_s2 || (task.at("employee_id") == "b1-s2" &&
                                                      task.at("kind") == "plan_deviation");
  }
  CHECK(deviation_task_for_s2);
  // c3 was never assigned; c1 and c2 were contacted: nothing assigned is untouched.
  CHECK(view.at("untouched_assigned").empty());

  // The credit specialist sees the hand-over in the card of the client now theirs to serve.
  Reply card = server.Get("/api/clients/c1/card?min_seq=" + std::to_string(last_seq), "credit1");
  INFO(card.raw);
  CHECK(card.status == 200);
}

}  // namespace
}  // namespace prospekt::server::testing
