// Directory: given events, then who is who, and the lists answered from it.
#include "projections/directory/directory.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "projections/view_json.h"
#include "tests/projections/projection_test_support.h"

namespace prospekt::projections {
namespace {

using namespace domain;  // NOLINT(google-build-using-namespace)
using testing::Logged;
using testing::UtcMicros;

const std::int64_t kT = UtcMicros(2026, 3, 2, 9);
const std::int64_t kDay = 86'400'000'000;

ClientRegistered Client(std::string id, std::string branch, std::string region, PersonalText name,
                        ClientKind kind = ClientKind::kLegalEntity) {
  ClientRegistered registered;
  registered.client_id = std::move(id);
  registered.kind = kind;
  registered.name = std::move(name);
  registered.industry = "retail";
  registered.branch_id = std::move(branch);
  registered.region_id = std::move(region);
  registered.status = ClientStatus::kBankClient;
  return registered;
}

PersonalText Clear(std::string text) { return {PersonalText::Form::kClear, std::move(text)}; }
PersonalText Sealed(std::string bytes) { return {PersonalText::Form::kSealed, std::move(bytes)}; }

// SmallBranch (region r1, branch b1, head-1, sales-1, sales-2, clients c1 and c2), plus
// region r2 with branch b2, departments, products, a credit specialist, three named
// clients and a sealed individual.
std::vector<Logged> Bank() {
  std::vector<Logged> events = testing::SmallBranch();
  events.push_back({RegionOpened{"r2", "South"}, kT, "system"});
  events.push_back({BranchOpened{"b2", "r2", "Harbour"}, kT, "system"});
  events.push_back({DepartmentOpened{"loans", "b1", "Credit"}, kT, "system"});
  events.push_back({DepartmentOpened{"loans", "b2", "Credit"}, kT, "system"});
  events.push_back({ProductDefined{"loan", "Business loan", "loans"}, kT, "system"});
  events.push_back({ProductDefined{"deposit", "Deposit", "sales"}, kT, "system"});
  events.push_back(
      {EmployeeHired{"credit-1", "Vera", {Role::kProductSpecialist}, "b1", "loans"}, kT, "system"});
  events.push_back({EmployeeHired{"ho-1", "Olga", {Role::kHeadOffice}, "", ""}, kT, "system"});
  events.push_back({Client("romashka", "b1", "r1", Clear("ООО «Ромашка»")), kT, "sales-1"});
  events.push_back({Client("romashka-plus", "b1", "r1", Clear("Ромашка-Плюс ООО")), kT, "sales-1"});
  events.push_back({Client("vasilek", "b2", "r2", Clear("АО «Василёк»")), kT, "system"});
  events.push_back(
      {Client("ivanov", "b1", "r1", Sealed("\x01sealed-ivanov"), ClientKind::kIndividual), kT,
       "sales-1"});
  return events;
}

const DirectoryView& Fold(FoldProjection<DirectoryView>& projection,
                          const std::vector<Logged>& events) {
  testing::FoldAll(projection, events);
  return projection.view();
}

std::vector<std::string> Ids(const ClientList& list) {
  std::vector<std::string> ids;
  for (const DirectoryClient& client : list.clients) ids.push_back(client.client_id);
  return ids;
}

TEST_CASE("the directory holds the organisation and its staff",
          "[access][projections][directory]") {
  std::vector<Logged> events = Bank();
  events.push_back({EmployeeTransferred{"sales-2", "b2", "loans"}, kT + kDay, "ho-1"});
  events.push_back({EmployeeRoleChanged{"sales-1", {Role::kSalesSpecialist, Role::kBranchHead}},
                    kT + kDay, "ho-1"});
  events.push_back({EmployeeLeft{"head-1"}, kT + kDay, "ho-1"});
  events.push_back({EmployeeLeft{"nobody"}, kT + kDay, "ho-1"});  // invents no one
  FoldProjection<DirectoryView> directory(kDirectory);
  const DirectoryView& view = Fold(directory, events);

  CHECK(view.regions.at("r2") == DirectoryRegion{"r2", "South"});
  CHECK(view.branches.at("b2") == DirectoryBranch{"b2", "r2", "Harbour"});
  CHECK(view.departments.size() == 2);
  CHECK(view.products.at("loan").owning_department == "loans");

  const DirectoryEmployee* moved = FindEmployee(view, "sales-2");
  REQUIRE(moved != nullptr);
  CHECK(moved->branch_id == "b2");
  CHECK(moved->region_id == "r2");
  CHECK(moved->department_id == "loans");
  CHECK(FindEmployee(view, "sales-1")->roles ==
        std::vector<Role>{Role::kSalesSpecialist, Role::kBranchHead});
  CHECK(FindEmployee(view, "sales-1")->region_id == "r1");
  CHECK(FindEmployee(view, "head-1")->left);
  CHECK(FindEmployee(view, "ho-1")->region_id.empty());
  CHECK(FindEmployee(view, "nobody") == nullptr);

  // Employees of a branch, leavers included; of the whole bank.
  std::vector<std::string> b1;
  for (const DirectoryEmployee& employee : EmployeesOf(view, "b1"))
    b1.push_back(employee.employee_id);
  CHECK(b1 == std::vector<std::string>{"credit-1", "head-1", "sales-1"});
  CHECK(EmployeesOf(view, "").size() == 5);

  const Organisation organisation = OrganisationOf(view);
  CHECK(organisation.regions.size() == 2);
  CHECK(organisation.branches.size() == 2);
  REQUIRE(organisation.departments.size() == 2);
  CHECK(organisation.departments[0] == DirectoryDepartment{"loans", "b1", "Credit"});
  CHECK(organisation.products.size() == 2);
  nlohmann::json json = ToJson(organisation);
  CHECK(json["branches"][1]["region_id"] == "r2");
  CHECK(json["products"][0]["product_code"] == "deposit");
}

TEST_CASE("the directory knows whom a deputy stands in for, and when",
          "[access][projections][directory]") {
  std::vector<Logged> events = Bank();
  events.push_back(
      {AbsenceRecorded{"sales-1", kT + kDay, kT + 3 * kDay, "sales-2", "vacation"}, kT, "head-1"});
  // A later record for the same days names another deputy: it wins.
  events.push_back({AbsenceRecorded{"sales-1", kT + 2 * kDay, kT + 3 * kDay, "head-1", "vacation"},
                    kT, "head-1"});
  FoldProjection<DirectoryView> directory(kDirectory);
  const DirectoryView& view = Fold(directory, events);

  auto deputised = [&](const char* deputy, std::int64_t at) {
    std::vector<std::string> ids;
    for (const DirectoryEmployee* absent : DeputisedAt(view, deputy, at)) {
      ids.push_back(absent->employee_id);
    }
    return ids;
  };
  CHECK(deputised("sales-2", kT).empty());
  CHECK(deputised("sales-2", kT + kDay) == std::vector<std::string>{"sales-1"});
  CHECK(deputised("sales-2", kT + 2 * kDay).empty());
  CHECK(deputised("head-1", kT + 2 * kDay) == std::vector<std::string>{"sales-1"});
  CHECK(deputised("head-1", kT + 3 * kDay).empty());  // until is exclusive
  REQUIRE(FindEmployee(view, "sales-1")->absences.size() == 2);
  CHECK(FindEmployee(view, "sales-1")->AbsenceAt(kT + kDay)->deputy_id == "sales-2");

  // Nobody stands in for a leaver.
  events.push_back({EmployeeLeft{"sales-1"}, kT, "ho-1"});
  FoldProjection<DirectoryView> after(kDirectory);
  CHECK(DeputisedAt(Fold(after, events), "sales-2", kT + kDay).empty());
}

TEST_CASE("the directory follows clients: assignment, hand-overs, merges, erasure",
          "[access][projections][directory]") {
  std::vector<Logged> events = Bank();
  events.push_back({ClientAssigned{"c1", "sales-1", {"loan"}}, kT});
  events.push_back({ClientAssigned{"c2", "sales-1", {"loan"}}, kT});
  events.push_back({ClientReassigned{"c2", "sales-1", "sales-2", {"deposit"}}, kT});
  events.push_back({ClientAssigned{"romashka", "sales-2", {}}, kT});
  events.push_back({ClientUnassigned{"romashka", "sales-2"}, kT});
  events.push_back({HandedOver{"c1", "loans", "loan", "sales-1", true}, kT});
  events.push_back({HandedOver{"c2", "loans", "loan", "sales-2", true}, kT});
  events.push_back({HandOverAccepted{"c1", "loans", "credit-1"}, kT});
  events.push_back({HandedOver{"romashka", "loans", "loan", "sales-1", false}, kT});
  events.push_back({HandOverReturned{"romashka", "loans", "not now"}, kT});
  events.push_back({ClientStatusChanged{"c1", ClientStatus::kBankClient, ClientStatus::kVip}, kT});
  events.push_back(
      {ClientDetailsCorrected{"c1", "industry", Clear("retail"), Clear("energy")}, kT});
  events.push_back(
      {ClientDetailsCorrected{"c2", "name", Clear("Client c2"), Clear("Лютик ООО")}, kT});
  events.push_back({ClientMergedAsDuplicate{"romashka-plus", "romashka"}, kT});
  events.push_back({PersonalDataErased{"ivanov", "request"}, kT});
  events.push_back({ClientAssigned{"ghost", "sales-1", {}}, kT});  // invents no client
  FoldProjection<DirectoryView> directory(kDirectory);
  const DirectoryView& view = Fold(directory, events);

  const DirectoryClient* c1 = FindClient(view, "c1");
  REQUIRE(c1 != nullptr);
  CHECK(c1->branch_id == "b1");
  CHECK(c1->region_id == "r1");
  CHECK(c1->assigned_employee_id == "sales-1");
  CHECK(c1->status == ClientStatus::kVip);
  CHECK(c1->industry == "energy");
  CHECK(c1->hand_overs == std::map<std::string, std::string>{{"loans", "credit-1"}});
  CHECK(FindClient(view, "c2")->assigned_employee_id == "sales-2");
  CHECK(FindClient(view, "c2")->hand_overs == std::map<std::string, std::string>{{"loans", ""}});
  CHECK(FindClient(view, "c2")->name.bytes == "Лютик ООО");
  CHECK(FindClient(view, "romashka")->assigned_employee_id.empty());
  CHECK(FindClient(view, "romashka")->hand_overs.empty());
  CHECK(FindClient(view, "romashka-plus")->merged_into == "romashka");
  CHECK(FindClient(view, "ivanov")->personal_data_erased);
  CHECK(FindClient(view, "ivanov")->kind == ClientKind::kIndividual);
  CHECK(FindClient(view, "ghost") == nullptr);
  // The indexes agree with the clients.
  CHECK(view.clients_by_assignee.at("sales-1") == IdSet{"c1"});
  CHECK(view.clients_by_assignee.at("sales-2") == IdSet{"c2"});
  CHECK(view.clients_by_branch.at("b1").size() == 5);
  CHECK(view.clients_by_branch.at("b2") == IdSet{"vasilek"});

  // A snapshot decodes to the same view.
  FoldProjection<DirectoryView> decoded(kDirectory);
  REQUIRE(decoded.Decode(directory.Encode()));
  CHECK(decoded.view() == view);
}

TEST_CASE("clients are listed by branch, assignee and a case-insensitive name",
          "[access][projections][directory]") {
  std::vector<Logged> events = Bank();
  events.push_back({ClientAssigned{"romashka", "sales-1", {}}, kT});
  events.push_back({ClientAssigned{"c1", "sales-1", {}}, kT});
  events.push_back({ClientAssigned{"c2", "sales-2", {}}, kT});
  FoldProjection<DirectoryView> directory(kDirectory);
  const DirectoryView& view = Fold(directory, events);

  auto find = [&](ClientQuery query, const NameOpener& open = {}) {
    Result<ClientList> list = FindClients(view, query, open);
    INFO(list.status().ToString());
    REQUIRE(list.ok());
    return std::move(list).value();
  };
  CHECK(Ids(find({.branch_id = "b1"})) ==
        std::vector<std::string>{"c1", "c2", "ivanov", "romashka", "romashka-plus"});
  CHECK(Ids(find({.branch_id = "b2"})) == std::vector<std::string>{"vasilek"});
  CHECK(Ids(find({.branch_id = "b9"})).empty());
  CHECK(Ids(find({.assigned_to = "sales-1"})) == std::vector<std::string>{"c1", "romashka"});
  CHECK(Ids(find({.branch_id = "b2", .assigned_to = "sales-1"})).empty());
  CHECK(find({}).clients.size() == 6);

  // Case, ё/е, quotes and legal forms do not matter; the filter is a substring.
  CHECK(Ids(find({.name_contains = "РОМАШКА"})) ==
        std::vector<std::string>{"romashka", "romashka-plus"});
  CHECK(Ids(find({.name_contains = "ромашка плюс"})) == std::vector<std::string>{"romashka-plus"});
  CHECK(Ids(find({.name_contains = "ромаш"})) ==
        std::vector<std::string>{"romashka", "romashka-plus"});
  CHECK(Ids(find({.name_contains = "василек"})) == std::vector<std::string>{"vasilek"});
  CHECK(Ids(find({.name_contains = "client C2"})) == std::vector<std::string>{"c2"});
  CHECK(Ids(find({.branch_id = "b2", .name_contains = "ромашка"})).empty());
  // A filter of legal-form words only says nothing about a name.
  CHECK(find({.branch_id = "b1", .name_contains = "ООО"}).clients.size() == 5);

  // The limit cuts, and says so.
  ClientList first = find({.branch_id = "b1", .limit = 2});
  CHECK(Ids(first) == std::vector<std::string>{"c1", "c2"});
  CHECK(first.truncated);
  CHECK_FALSE(find({.branch_id = "b1", .limit = 5}).truncated);
  for (std::size_t limit : {std::size_t{0}, kMaxListLimit + 1}) {
    Result<ClientList> bad = FindClients(view, {.limit = limit});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.status().code() == StatusCode::kInvalidArgument);
    CHECK(bad.status().field() == "limit");
  }

  // A sealed name matches only through the opener.
  CHECK(Ids(find({.name_contains = "иванов"})).empty());
  NameOpener open = [](std::string_view client_id,
                       const PersonalText& name) -> Result<std::optional<std::string>> {
    CHECK(client_id == "ivanov");
    CHECK(name.form == PersonalText::Form::kSealed);
    return std::optional<std::string>("Иванов Иван Иванович");
  };
  CHECK(Ids(find({.name_contains = "ИВАНОВ иван"}, open)) == std::vector<std::string>{"ivanov"});
  NameOpener erased = [](std::string_view,
                         const PersonalText&) -> Result<std::optional<std::string>> {
    return std::optional<std::string>();
  };
  CHECK(Ids(find({.name_contains = "иванов"}, erased)).empty());
  NameOpener damaged = [](std::string_view,
                          const PersonalText&) -> Result<std::optional<std::string>> {
    return Status::Corruption("damaged");
  };
  Result<ClientList> failed = FindClients(view, {.name_contains = "иванов"}, damaged);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == StatusCode::kCorruption);

  // JSON: a sealed name stays sealed.
  nlohmann::json json = ToJson(find({.branch_id = "b1"}));
  CHECK(json["truncated"] == false);
  CHECK(json["clients"][0]["name"] == "Client c1");
  CHECK(json["clients"][0]["assigned_employee_id"] == "sales-1");
  CHECK(json["clients"][2]["name"] == nlohmann::json{{"sealed", true}});
  CHECK(json["clients"][2]["kind"] == "individual");
}

}  // namespace
}  // namespace prospekt::projections
