// The plan of a client import against the small bank of the domain tests: each row
// decided against the model as the earlier rows leave it, re-runs recognised, and
// duplicates refused, skipped or forced as asked.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/app/import_plan.h"
#include "tests/engine/domain/domain_test_support.h"

namespace prospekt::app {
namespace {

using domain::testing::As;
using domain::testing::Given;
using domain::testing::SmallBank;

api::ImportRow Row(std::size_t line, std::string id, std::string name, std::string tax_id = {},
                   std::string branch = "b1") {
  api::ImportRow row;
  row.line = line;
  row.command.client_id = std::move(id);
  row.command.name = std::move(name);
  row.command.tax_id = std::move(tax_id);
  row.command.branch_id = std::move(branch);
  return row;
}

std::vector<RowVerdict> Verdicts(const ImportPlan& plan) {
  std::vector<RowVerdict> verdicts;
  for (const PlannedRow& row : plan.rows) verdicts.push_back(row.verdict);
  return verdicts;
}

TEST_CASE("import plan: new clients are registered, rows folded in file order", "[app][import]") {
  const domain::WriteModel model = Given(SmallBank());
  // Row 3 repeats row 2's tax id: a duplicate only because row 2 comes first.
  const std::vector<api::ImportRow> rows = {Row(2, "n1", "ООО «Лютик»", "7736207543"),
                                            Row(3, "n2", "ООО «Незабудка»", "7736207543")};
  const ImportPlan refused = PlanImport(model, rows, As("s1"), OnDuplicate::kRefuse);
  CHECK(Verdicts(refused) == std::vector{RowVerdict::kRegister, RowVerdict::kRefused});
  CHECK(refused.rows[1].reason.field() == "tax_id");
  CHECK(refused.rows[1].reason.message() == "duplicate of client n1 (same tax_id)");
  CHECK(refused.to_register == 1);
  CHECK(refused.refused == 1);

  const ImportPlan skipped = PlanImport(model, rows, As("s1"), OnDuplicate::kSkip);
  CHECK(Verdicts(skipped) == std::vector{RowVerdict::kRegister, RowVerdict::kDuplicateSkipped});
  CHECK(skipped.duplicates_skipped == 1);
  CHECK(skipped.rows[1].reason.field() == "tax_id");

  const ImportPlan forced = PlanImport(model, rows, As("s1"), OnDuplicate::kForce);
  CHECK(Verdicts(forced) == std::vector{RowVerdict::kRegister, RowVerdict::kRegister});
  CHECK(forced.rows[1].command.force);
  CHECK(forced.to_register == 2);

  // The model given is a copy: the caller's is untouched.
  CHECK(model.FindClient("n1") == nullptr);
}

TEST_CASE(
    "import plan: a row of a client already registered with the same details is "
    "skipped, with other details refused",
    "[app][import]") {
  const domain::WriteModel model = Given(SmallBank());
  // c1 is ООО «Ромашка», ИНН 7707083893, in b1: spacing and case of the name and the tax
  // id's spaces do not make it another client.
  const std::vector<api::ImportRow> rows = {
      Row(2, "c1", "ооо  «РОМАШКА»", "7707 083 893"),
      Row(3, "c2", "ООО «Другое имя»"),
  };
  const ImportPlan plan = PlanImport(model, rows, As("s1"), OnDuplicate::kSkip);
  CHECK(Verdicts(plan) == std::vector{RowVerdict::kAlreadyRegistered, RowVerdict::kRefused});
  CHECK(plan.rows[1].reason.field() == "client_id");
  CHECK(plan.rows[1].reason.message() == "client c2 is already registered with other details");
  CHECK(plan.already_registered == 1);
}

TEST_CASE("import plan: the domain's other rules refuse rows even when skipping duplicates",
          "[app][import]") {
  const domain::WriteModel model = Given(SmallBank());
  const std::vector<api::ImportRow> rows = {
      Row(2, "n1", "ООО «Лютик»", "12345"),         // not a tax id
      Row(3, "n2", "ООО «Незабудка»", "", "b9"),    // no such branch
      Row(4, "n3", "ООО «Колокольчик»", "", "b2"),  // s1 works in b1
      Row(5, "n4", "ООО «Ромашка»"),                // a duplicate: skipped
  };
  const ImportPlan plan = PlanImport(model, rows, As("s1"), OnDuplicate::kSkip);
  CHECK(Verdicts(plan) == std::vector{RowVerdict::kRefused, RowVerdict::kRefused,
                                      RowVerdict::kRefused, RowVerdict::kDuplicateSkipped});
  CHECK(plan.rows[0].reason.field() == "tax_id");
  CHECK(plan.rows[1].reason.code() == StatusCode::kNotFound);
  CHECK(plan.rows[2].reason.code() == StatusCode::kPermissionDenied);
  CHECK(plan.rows[3].reason.field() == "name");
  CHECK(plan.refused == 3);

  // Head office registers anywhere.
  const ImportPlan by_head_office = PlanImport(model, {Row(4, "n3", "ООО «Колокольчик»", "", "b2")},
                                               As("ho"), OnDuplicate::kRefuse);
  CHECK(Verdicts(by_head_office) == std::vector{RowVerdict::kRegister});
}

TEST_CASE("import plan: a client id given twice in the file is refused on its second line",
          "[app][import]") {
  const domain::WriteModel model = Given(SmallBank());
  // The same details twice (not "already registered": the first is this file's), and
  // other details under the same id.
  const std::vector<api::ImportRow> rows = {
      Row(2, "n1", "ООО «Лютик»"), Row(3, "n1", "ООО «Лютик»"), Row(4, "n1", "ООО «Незабудка»")};
  const ImportPlan plan = PlanImport(model, rows, As("s1"), OnDuplicate::kSkip);
  CHECK(Verdicts(plan) ==
        std::vector{RowVerdict::kRegister, RowVerdict::kRefused, RowVerdict::kRefused});
  CHECK(plan.rows[1].reason.message() == "client n1 is on line 2 of the file already");
  CHECK(plan.rows[2].reason.field() == "client_id");
  CHECK(plan.already_registered == 0);
}

TEST_CASE("import plan: on-duplicate by name", "[app][import]") {
  CHECK(ParseOnDuplicate("refuse").value() == OnDuplicate::kRefuse);
  CHECK(ParseOnDuplicate("skip").value() == OnDuplicate::kSkip);
  CHECK(ParseOnDuplicate("force").value() == OnDuplicate::kForce);
  CHECK(ParseOnDuplicate("merge").status().field() == "on_duplicate");
}

}  // namespace
}  // namespace prospekt::app
