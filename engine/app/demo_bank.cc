#include "engine/app/demo_bank.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <random>
#include <string_view>
#include <utility>

#include "engine/domain/dedup/normalize.h"
#include "engine/domain/iso_week.h"

namespace prospekt::app {
namespace {

using namespace prospekt::domain;  // NOLINT: the commands and events of the domain

constexpr std::int64_t kMinute = 60'000'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = kMicrosPerDay;

struct ProductSpec {
  const char* code;
  const char* name;
  const char* department;
  std::int64_t min_rub, max_rub;  // the amount of a sale, in roubles
};
constexpr std::array<ProductSpec, 5> kProducts = {{
    {"deposit", "Срочный вклад", "deposits", 100'000, 20'000'000},
    {"loan", "Кредит для бизнеса", "loans", 500'000, 50'000'000},
    {"mortgage", "Ипотека", "loans", 2'000'000, 30'000'000},
    {"salary_project", "Зарплатный проект", "sales", 50'000, 5'000'000},
    {"card", "Кредитная карта", "cards", 30'000, 1'000'000},
}};
constexpr std::array<std::pair<const char*, const char*>, 4> kDepartments = {
    {{"sales", "Активные продажи"},
     {"loans", "Кредитный отдел"},
     {"deposits", "Депозиты"},
     {"cards", "Карты"}}};
// What a head offers each kind of client.
constexpr std::array kLegalOffers = {"loan", "deposit", "salary_project", "card"};
constexpr std::array kIndividualOffers = {"mortgage", "deposit", "card", "loan"};

constexpr std::array kRegionNames = {"Центральный",     "Северо-Западный",  "Приволжский",
                                     "Уральский",       "Сибирский",        "Южный",
                                     "Дальневосточный", "Северо-Кавказский"};
constexpr std::array kCities = {"Москва",          "Санкт-Петербург", "Казань", "Екатеринбург",
                                "Новосибирск",     "Ростов-на-Дону",  "Самара", "Пермь",
                                "Нижний Новгород", "Воронеж"};
constexpr std::array kStreets = {"Ленина",  "Гагарина", "Мира",      "Советская",
                                 "Садовая", "Лесная",   "Заводская", "Набережная"};
constexpr std::array kIndustries = {"retail",        "construction", "agriculture", "logistics",
                                    "manufacturing", "it",           "healthcare",  "energy",
                                    "hospitality",   "wholesale"};
constexpr std::array kLegalForms = {"ООО", "АО", "ПАО", "ЗАО"};
constexpr std::array kNameFirst = {"Волжский",  "Северный",   "Уральский",   "Сибирский",
                                   "Донской",   "Балтийский", "Невский",     "Окский",
                                   "Камский",   "Южный",      "Приморский",  "Енисейский",
                                   "Алтайский", "Столичный",  "Центральный", "Таёжный"};
constexpr std::array kNameSecond = {"Агропром",    "Строймонтаж", "Логистик",  "Трейд",  "Металл",
                                    "Продукт",     "Технологии",  "Фарм",      "Транс",  "Энерго",
                                    "Текстиль",    "Мебель",      "Сервис",    "Инвест", "Хлеб",
                                    "Стройресурс", "Автоцентр",   "Медтехника"};
// Surnames as (male, female).
constexpr std::array<std::pair<const char*, const char*>, 20> kSurnames = {{
    {"Иванов", "Иванова"},     {"Смирнов", "Смирнова"},   {"Кузнецов", "Кузнецова"},
    {"Попов", "Попова"},       {"Васильев", "Васильева"}, {"Петров", "Петрова"},
    {"Соколов", "Соколова"},   {"Михайлов", "Михайлова"}, {"Новиков", "Новикова"},
    {"Фёдоров", "Фёдорова"},   {"Морозов", "Морозова"},   {"Волков", "Волкова"},
    {"Алексеев", "Алексеева"}, {"Лебедев", "Лебедева"},   {"Семёнов", "Семёнова"},
    {"Егоров", "Егорова"},     {"Павлов", "Павлова"},     {"Козлов", "Козлова"},
    {"Степанов", "Степанова"}, {"Николаев", "Николаева"},
}};
constexpr std::array kMaleNames = {"Александр", "Сергей",  "Дмитрий", "Андрей", "Алексей",
                                   "Максим",    "Евгений", "Иван",    "Михаил", "Николай"};
constexpr std::array kFemaleNames = {"Елена", "Ольга", "Наталья",  "Татьяна", "Ирина",
                                     "Анна",  "Мария", "Светлана", "Юлия",    "Екатерина"};
// Patronymics as (male, female).
constexpr std::array<std::pair<const char*, const char*>, 10> kPatronymics = {{
    {"Александрович", "Александровна"},
    {"Сергеевич", "Сергеевна"},
    {"Дмитриевич", "Дмитриевна"},
    {"Андреевич", "Андреевна"},
    {"Алексеевич", "Алексеевна"},
    {"Викторович", "Викторовна"},
    {"Владимирович", "Владимировна"},
    {"Юрьевич", "Юрьевна"},
    {"Игоревич", "Игоревна"},
    {"Олегович", "Олеговна"},
}};
constexpr std::array kAbsenceReasons = {"vacation", "sick leave", "training", "business trip"};
constexpr std::array kOtherRefusals = {"moving the business to another city",
                                       "the owner is selling the company",
                                       "waiting for the board's decision"};

std::string Format(const char* format, int a, int b = 0, int c = 0) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  return buffer;
}

// A portable random source: mt19937_64 is specified bit for bit; the standard
// distributions are not, so these helpers do the arithmetic themselves.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  // 0..n-1 (n > 0).
  std::uint64_t Below(std::uint64_t n) { return engine_() % n; }
  int Between(int lo, int hi) {  // lo..hi inclusive
    return lo + static_cast<int>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  bool Chance(int percent) { return Below(100) < static_cast<std::uint64_t>(percent); }
  template <typename Array>
  auto Pick(const Array& array) -> decltype(array[0]) {
    return array[Below(std::size(array))];
  }

 private:
  std::mt19937_64 engine_;
};

struct DemoClient {
  std::string id, name, phone;
  bool individual = false;
  bool erased = false;  // its personal data was erased: no more assignments or contacts
  std::vector<std::string> offer;
  std::string assignee;  // "" when unassigned
};

struct Absence {
  std::string employee_id, deputy_id;
  std::int64_t from_us = 0, until_us = 0;
  bool Covers(std::int64_t time_us) const { return from_us <= time_us && time_us < until_us; }
};

struct DemoBranch {
  std::string id;
  int region = 0;  // 1-based
  std::string city;
  std::string head;
  std::vector<std::string> sales;                      // sales specialist ids
  std::map<std::string, int> daily_rate;               // sales specialist -> usual contacts a day
  std::map<std::string, std::vector<int>> clients_of;  // sales specialist -> client indices
  std::vector<DemoClient> clients;
  std::optional<Absence> head_absence, sales_absence;
};

// One contact to log on a working day, before they are put in time order.
struct ContactJob {
  std::int64_t at_us;
  std::string actor;
  int client;
};

class Generator {
 public:
  Generator(Executor& executor, const DemoOptions& options,
            const std::function<void(const DemoSummary&)>& progress)
      : executor_(executor), options_(options), progress_(progress), random_(options.seed) {}

  Result<DemoSummary> Run() {
    if (options_.regions < 1 || options_.branches_per_region < 1 ||
        options_.employees_per_branch < 3 || options_.clients_per_branch < 0 || options_.days < 0) {
      return Status::InvalidArgument(
          "the demo bank needs at least 1 region, 1 branch and 3 employees per branch");
    }
    SetUp();
    for (int d = 0, day = 0; d < options_.days && !stop_; ++day) {
      const std::int64_t day_start = kDemoStartUs + day * kDay;
      if (IsoWeekday(day_start) > 5) continue;  // no work at weekends
      WorkingDay(day_start);
      ++d;
      if (!stop_) ++summary_.working_days;
      if (progress_) progress_(summary_);
    }
    // At the end, so that nothing drawn before changes: head office erases the personal
    // data of two individuals who asked for it (in the first two branches).
    for (std::size_t i = 0; i < 2 && !stop_ && !branches_.empty(); ++i) {
      EraseOne(branches_[i % branches_.size()], summary_.end_time_us + kHour);
    }
    if (!fatal_.ok()) return fatal_;
    for (const DemoBranch& branch : branches_) {
      for (const DemoClient& client : branch.clients) {
        if (!client.assignee.empty()) summary_.assignments.emplace_back(client.id, client.assignee);
      }
    }
    return summary_;
  }

 private:
  // Runs one command; false when it was rejected or the run stops.
  bool Exec(const Command& command, const std::string& actor, std::int64_t now_us,
            const char* what) {
    if (stop_) return false;
    CommandContext context{Actor{actor}, now_us, "demo-" + std::to_string(summary_.commands + 1)};
    if (options_.business_clock != nullptr) options_.business_clock->store(now_us);
    Result<store::AppendResult> result = executor_.Execute(command, context);
    ++summary_.commands;
    summary_.end_time_us = std::max(summary_.end_time_us, now_us);
    if (!result.ok()) {
      const StatusCode code = result.status().code();
      if (code == StatusCode::kInvalidArgument || code == StatusCode::kNotFound ||
          code == StatusCode::kFailedPrecondition || code == StatusCode::kPermissionDenied) {
        ++summary_.rejections;
        if (summary_.first_rejections.size() < 10) {
          summary_.first_rejections.push_back(std::string(what) + ": " +
                                              result.status().ToString());
        }
      } else {
        fatal_ = result.status();
        stop_ = true;
      }
      return false;
    }
    summary_.events += result->last_seq - result->first_seq + 1;
    if (options_.target_events != 0 && summary_.events >= options_.target_events) stop_ = true;
    return true;
  }

  std::string HeadActor(const DemoBranch& branch, std::int64_t now_us) const {
    if (branch.head_absence && branch.head_absence->Covers(now_us)) {
      return branch.head_absence->deputy_id;
    }
    return branch.head;
  }

  bool SalesAbsent(const DemoBranch& branch, const std::string& id, std::int64_t now_us) const {
    return branch.sales_absence && branch.sales_absence->employee_id == id &&
           branch.sales_absence->Covers(now_us);
  }

  // ------------------------------------------------------------------ set-up

  void SetUp() {
    const std::string system(kSystemActor);
    std::int64_t now = kDemoStartUs + 7 * kHour;
    for (int r = 1; r <= options_.regions; ++r) {
      const std::string name = r <= static_cast<int>(kRegionNames.size())
                                   ? kRegionNames[static_cast<std::size_t>(r - 1)]
                                   : Format("Регион %d", r);
      Exec(OpenRegion{Format("r%02d", r), name}, system, now, "OpenRegion");
    }
    for (const ProductSpec& product : kProducts) {
      Exec(DefineProduct{product.code, product.name, product.department}, system, now,
           "DefineProduct");
    }
    Exec(HireEmployee{"ho-001", "Головной офис: Орлова Н.В.", {Role::kHeadOffice}, "", ""}, system,
         now, "HireEmployee");
    Exec(HireEmployee{"audit-001", "Аудитор: Зайцев П.А.", {Role::kAuditor}, "", ""}, system, now,
         "HireEmployee");
    // The administrator keeps the organisation and the users; sees no client data.
    Exec(HireEmployee{"admin-001", "Администратор: Белов С.И.", {Role::kAdmin}, "", ""}, system,
         now, "HireEmployee");
    for (int r = 1; r <= options_.regions; ++r) {
      for (int b = 1; b <= options_.branches_per_region; ++b) OpenBranchWithStaff(r, b, now);
    }
    now = kDemoStartUs + 7 * kHour + 30 * kMinute;
    for (DemoBranch& branch : branches_) {
      for (int c = 0; c < options_.clients_per_branch && !stop_; ++c) {
        RegisterNewClient(branch, branch.head, now);
      }
    }
    // The heads assign four in five clients to their sales specialists.
    now = kDemoStartUs + 8 * kHour;
    for (DemoBranch& branch : branches_) {
      for (std::size_t c = 0; c < branch.clients.size() && !stop_; ++c) {
        if (random_.Chance(80)) {
          const std::string& to = branch.sales[c % branch.sales.size()];
          Assign(branch, static_cast<int>(c), to, now);
        }
      }
    }
  }

  void OpenBranchWithStaff(int r, int b, std::int64_t now) {
    const std::string system(kSystemActor);
    DemoBranch branch;
    branch.id = Format("r%02d-b%02d", r, b);
    branch.region = r;
    branch.city = random_.Pick(kCities);
    Exec(OpenBranch{branch.id, Format("r%02d", r), branch.city + Format(", отделение %d", b)},
         system, now, "OpenBranch");
    for (const auto& [id, name] : kDepartments) {
      Exec(OpenDepartment{id, branch.id, name}, system, now, "OpenDepartment");
    }
    for (int e = 1; e <= options_.employees_per_branch; ++e) {
      const std::string id = branch.id + Format("-e%02d", e);
      const bool female = random_.Chance(60);
      const auto& surname = random_.Pick(kSurnames);
      const std::string name = std::string(female ? surname.second : surname.first) + " " +
                               (female ? random_.Pick(kFemaleNames) : random_.Pick(kMaleNames));
      if (e == 1) {
        branch.head = id;
        Exec(HireEmployee{id, name, {Role::kBranchHead}, branch.id, "sales"}, system, now,
             "HireEmployee");
      } else if (e == 2) {
        Exec(HireEmployee{id, name, {Role::kProductSpecialist}, branch.id, "loans"}, system, now,
             "HireEmployee");
      } else {
        branch.sales.push_back(id);
        // Some are quick, some slow: the slow ones fall behind their plans.
        branch.daily_rate[id] = random_.Between(10, 30);
        Exec(HireEmployee{id, name, {Role::kSalesSpecialist}, branch.id, "sales"}, system, now,
             "HireEmployee");
      }
    }
    ChangeBranchSettings settings;
    settings.branch_id = branch.id;
    settings.dont_disturb_days = static_cast<std::uint16_t>(random_.Chance(50) ? 7 : 14);
    settings.plan_deviation_percent = 30;
    Exec(settings, branch.head, now, "ChangeBranchSettings");
    branches_.push_back(std::move(branch));
  }

  // A fresh client name for `branch`'s region: a legal entity's or an individual's. When
  // realistic names are on, a name the duplicate rule would take for an existing one is
  // drawn again, and after a few misses numbered (digits never match other digits).
  std::string ClientName(const DemoBranch& branch, bool individual, std::uint64_t serial) {
    auto draw = [&]() -> std::string {
      if (individual) {
        const bool female = random_.Chance(50);
        const auto& surname = random_.Pick(kSurnames);
        const auto& patronymic = random_.Pick(kPatronymics);
        return std::string(female ? surname.second : surname.first) + " " +
               (female ? random_.Pick(kFemaleNames) : random_.Pick(kMaleNames)) + " " +
               (female ? patronymic.second : patronymic.first);
      }
      return std::string(random_.Pick(kLegalForms)) + " «" + random_.Pick(kNameFirst) + " " +
             random_.Pick(kNameSecond) + "»";
    };
    if (!options_.realistic_names) {
      std::string name = draw();
      return individual ? name + " " + std::to_string(serial)
                        : name.substr(0, name.size() - 2) + " " + std::to_string(serial) + "»";
    }
    const std::string region = Format("r%02d", branch.region);
    for (int attempt = 0; attempt < 6; ++attempt) {
      std::string name = draw();
      if (executor_.model().ClientWithSimilarName(region, dedup::NormalizeName(name)) == nullptr) {
        return name;
      }
    }
    std::string name = draw();
    return individual ? name + " " + std::to_string(serial)
                      : name.substr(0, name.size() - 2) + " " + std::to_string(serial) + "»";
  }

  // A mobile number unique per serial, written the international or the domestic way.
  static std::string Phone(std::uint64_t serial, bool domestic) {
    const std::uint64_t digits = 9'000'000'000 + serial;  // the 10 digits after +7
    char buffer[40];
    const auto code = static_cast<unsigned>(digits / 10'000'000);
    const auto a = static_cast<unsigned>(digits / 10'000 % 1000);
    const auto b = static_cast<unsigned>(digits / 100 % 100);
    const auto c = static_cast<unsigned>(digits % 100);
    std::snprintf(buffer, sizeof buffer,
                  domestic ? "8 %03u %03u %02u %02u" : "+7 (%03u) %03u-%02u-%02u", code, a, b, c);
    return buffer;
  }

  // Registers a client of `branch` by `actor` (staff of the branch): now and then a
  // near-duplicate of an earlier client of the branch, registered with force.
  void RegisterNewClient(DemoBranch& branch, const std::string& actor, std::int64_t now) {
    const std::uint64_t serial = ++serial_;
    RegisterClient command;
    DemoClient client;
    client.id = branch.id + Format("-c%05d", static_cast<int>(branch.clients.size() + 1));
    command.client_id = client.id;
    command.branch_id = branch.id;
    command.industry = random_.Pick(kIndustries);
    command.source = static_cast<ClientSource>(random_.Below(7));
    const int status = random_.Between(1, 100);
    command.status = status <= 60   ? ClientStatus::kNewClient
                     : status <= 85 ? ClientStatus::kBankClient
                     : status <= 95 ? ClientStatus::kPartner
                                    : ClientStatus::kVip;
    command.address = "г. " + branch.city + ", ул. " + random_.Pick(kStreets) + ", д. " +
                      std::to_string(random_.Between(1, 120));

    const DemoClient* original = nullptr;
    if (branch.clients.size() >= 10 && random_.Chance(2)) {
      original = &branch.clients[random_.Below(branch.clients.size())];
      // An erased client's phone and name no longer flag anything: no duplicate then.
      if (original->erased) original = nullptr;
    }
    if (original != nullptr) {
      // The same client entered again: its name in another form and its phone written
      // the domestic way. The rules flag it; the employee insists (force).
      client.individual = original->individual;
      // The first word moved to the end: "ООО «X Y»" -> "«X Y» ООО", "Петров Иван
      // Сергеевич" -> "Иван Сергеевич Петров"; both normalise to a near-identical name.
      const std::size_t space = original->name.find(' ');
      client.name = original->name.substr(space + 1) + " " + original->name.substr(0, space);
      client.phone = original->phone;
      command.phones = {original->phone};
      command.force = true;
      ++summary_.forced_duplicates;
    } else {
      client.individual = random_.Chance(30);
      client.name = ClientName(branch, client.individual, serial);
      client.phone = Phone(serial, random_.Chance(30));
      command.phones = {client.phone};
      if (random_.Chance(80)) {
        const int region_code = 10 + (branch.region - 1) % 89;
        command.tax_id = MakeTaxId(region_code, serial, client.individual);
      }
    }
    command.kind = client.individual ? ClientKind::kIndividual : ClientKind::kLegalEntity;
    command.name = client.name;
    command.emails = {client.individual ? "client" + std::to_string(serial) + "@mail.example"
                                        : "info@company" + std::to_string(serial) + ".example"};
    const auto& offers = client.individual ? kIndividualOffers : kLegalOffers;
    client.offer.push_back(random_.Pick(offers));
    if (random_.Chance(40)) {
      const std::string second = random_.Pick(offers);
      if (second != client.offer.front()) client.offer.push_back(second);
    }
    if (Exec(command, actor, now, "RegisterClient")) {
      branch.clients.push_back(std::move(client));
      ++summary_.clients;
    }
  }

  void Assign(DemoBranch& branch, int index, const std::string& to, std::int64_t now) {
    DemoClient& client = branch.clients[static_cast<std::size_t>(index)];
    if (client.assignee == to) return;  // the rules refuse assigning to the same employee
    if (client.erased) return;          // the bank no longer works with the person
    if (!Exec(AssignClient{client.id, to, client.offer}, HeadActor(branch, now), now,
              "AssignClient")) {
      return;
    }
    if (!client.assignee.empty()) {
      std::vector<int>& old = branch.clients_of[client.assignee];
      old.erase(std::find(old.begin(), old.end(), index));
    }
    client.assignee = to;
    branch.clients_of[to].push_back(index);
  }

  // ------------------------------------------------------------------ working days

  void WorkingDay(std::int64_t day) {
    const bool monday = IsoWeekday(day) == 1;
    for (DemoBranch& branch : branches_) {
      if (stop_) return;
      Absences(branch, day);
      // New clients come in every day; on Mondays the head plans the week and assigns.
      const int fresh = random_.Between(0, 2);
      for (int i = 0; i < fresh; ++i) {
        const std::string& by = branch.sales[random_.Below(branch.sales.size())];
        if (!SalesAbsent(branch, by, day + 8 * kHour)) {
          RegisterNewClient(branch, by, day + 8 * kHour + 15 * kMinute);
        }
      }
      if (monday) {
        PlanWeek(branch, day + 8 * kHour + 30 * kMinute);
        AssignmentRound(branch, day + 8 * kHour + 45 * kMinute);
      }
      Contacts(branch, day);
    }
    // The scheduler closes the day; the plan-deviation rule runs on it.
    for (const DemoBranch& branch : branches_) {
      Exec(CloseWorkingDay{branch.id, day}, std::string(kSystemActor), day + 19 * kHour,
           "CloseWorkingDay");
    }
  }

  // An individual of `branch` asks the bank to forget them: the head takes them off
  // their specialist's list, then head office erases their personal data.
  void EraseOne(DemoBranch& branch, std::int64_t now) {
    std::vector<std::size_t> candidates;
    for (std::size_t c = 0; c < branch.clients.size(); ++c) {
      if (branch.clients[c].individual && !branch.clients[c].erased) candidates.push_back(c);
    }
    if (candidates.empty()) return;
    const std::size_t index = candidates[random_.Below(candidates.size())];
    DemoClient& client = branch.clients[index];
    if (!client.assignee.empty()) {
      if (!Exec(UnassignClient{client.id}, HeadActor(branch, now), now, "UnassignClient")) return;
      std::vector<int>& theirs = branch.clients_of[client.assignee];
      theirs.erase(std::find(theirs.begin(), theirs.end(), static_cast<int>(index)));
      client.assignee.clear();
    }
    if (Exec(EraseClientData{client.id, "the client withdrew consent to processing"}, "ho-001",
             now + kMinute, "EraseClientData")) {
      client.erased = true;
      ++summary_.erasures;
    }
  }

  void Absences(DemoBranch& branch, std::int64_t day) {
    const std::int64_t now = day + 7 * kHour + 30 * kMinute;
    // A sales specialist falls ill or goes on leave; a colleague deputises.
    const bool sales_free = !branch.sales_absence || branch.sales_absence->until_us <= day;
    if (sales_free && branch.sales.size() >= 2 && random_.Chance(6)) {
      const std::size_t who = random_.Below(branch.sales.size());
      const std::size_t deputy =
          (who + 1 + random_.Below(branch.sales.size() - 1)) % branch.sales.size();
      const bool head_deputy = branch.head_absence && branch.head_absence->until_us > day &&
                               branch.head_absence->deputy_id == branch.sales[who];
      if (!head_deputy) {
        Absence absence{branch.sales[who], branch.sales[deputy], day,
                        day + random_.Between(1, 3) * kDay};
        if (Exec(RecordAbsence{absence.employee_id, absence.from_us, absence.until_us,
                               absence.deputy_id, random_.Pick(kAbsenceReasons)},
                 HeadActor(branch, now), now, "RecordAbsence")) {
          branch.sales_absence = absence;
          ++summary_.absences;
        }
      }
    }
    // Now and then the head is away; a sales specialist who is at work deputises.
    const bool head_free = !branch.head_absence || branch.head_absence->until_us <= day;
    if (head_free && random_.Chance(2)) {
      const std::string& deputy = branch.sales[random_.Below(branch.sales.size())];
      if (!SalesAbsent(branch, deputy, now) &&
          !(branch.sales_absence && branch.sales_absence->until_us > day &&
            branch.sales_absence->deputy_id == deputy)) {
        Absence absence{branch.head, deputy, day, day + random_.Between(1, 5) * kDay};
        if (Exec(RecordAbsence{branch.head, absence.from_us, absence.until_us, deputy,
                               random_.Pick(kAbsenceReasons)},
                 branch.head, now, "RecordAbsence")) {
          branch.head_absence = absence;
          ++summary_.absences;
        }
      }
    }
  }

  void PlanWeek(DemoBranch& branch, std::int64_t now) {
    for (const std::string& employee : branch.sales) {
      SetWeeklyPlan plan;
      plan.employee_id = employee;
      plan.week = IsoWeekOf(now);
      plan.contacts = static_cast<std::uint32_t>(random_.Between(75, 125));
      plan.sales = {{"loan", static_cast<std::uint32_t>(random_.Between(1, 3))},
                    {"deposit", static_cast<std::uint32_t>(random_.Between(2, 5))},
                    {"card", static_cast<std::uint32_t>(random_.Between(2, 6))}};
      plan.volume = Money{random_.Between(5, 30) * std::int64_t{100'000'000}, "RUB"};
      Exec(plan, HeadActor(branch, now), now, "SetWeeklyPlan");
    }
  }

  void AssignmentRound(DemoBranch& branch, std::int64_t now) {
    // New clients go to whoever has the fewest; a few are moved between colleagues.
    auto least_loaded = [&]() -> const std::string& {
      const std::string* best = &branch.sales.front();
      for (const std::string& id : branch.sales) {
        if (branch.clients_of[id].size() < branch.clients_of[*best].size()) best = &id;
      }
      return *best;
    };
    int assigned = 0;
    for (std::size_t c = 0; c < branch.clients.size() && assigned < 10 && !stop_; ++c) {
      if (!branch.clients[c].assignee.empty()) continue;
      Assign(branch, static_cast<int>(c), least_loaded(), now);
      ++assigned;
    }
    if (branch.sales.size() < 2) return;
    const int moves = random_.Between(1, 3);
    for (int m = 0; m < moves && !stop_; ++m) {
      const std::string& from = branch.sales[random_.Below(branch.sales.size())];
      const std::vector<int>& theirs = branch.clients_of[from];
      if (theirs.empty()) continue;
      const int index = theirs[random_.Below(theirs.size())];
      std::string to = from;
      while (to == from) to = branch.sales[random_.Below(branch.sales.size())];
      Assign(branch, index, to, now);
    }
  }

  void Contacts(DemoBranch& branch, std::int64_t day) {
    std::vector<ContactJob> jobs;
    auto plan_day = [&](const std::string& actor, const std::vector<int>& clients, int count) {
      if (clients.empty() || count <= 0) return;
      std::vector<int> pool = clients;
      count = std::min<int>(count, static_cast<int>(pool.size()));
      const std::int64_t slot = 9 * kHour / count;
      for (int i = 0; i < count; ++i) {
        const std::size_t pick =
            static_cast<std::size_t>(i) + random_.Below(pool.size() - static_cast<std::size_t>(i));
        std::swap(pool[static_cast<std::size_t>(i)], pool[pick]);
        const std::int64_t at = day + 9 * kHour + i * slot +
                                static_cast<std::int64_t>(random_.Below(static_cast<std::uint64_t>(
                                    std::max<std::int64_t>(slot - 5 * kMinute, 1))));
        jobs.push_back({at - at % kMinute, actor, pool[static_cast<std::size_t>(i)]});
      }
    };
    for (const std::string& employee : branch.sales) {
      const std::int64_t noon = day + 12 * kHour;
      if (SalesAbsent(branch, employee, noon)) {
        // The deputy works through part of the absent colleague's list, on their behalf.
        plan_day(branch.sales_absence->deputy_id, branch.clients_of[employee],
                 random_.Between(5, 10));
        continue;
      }
      const int rate = branch.daily_rate[employee] + random_.Between(-3, 3);
      plan_day(employee, branch.clients_of[employee], std::clamp(rate, 10, 30));
    }
    std::stable_sort(jobs.begin(), jobs.end(),
                     [](const ContactJob& a, const ContactJob& b) { return a.at_us < b.at_us; });
    for (const ContactJob& job : jobs) {
      if (stop_) return;
      LogOne(branch, job);
    }
  }

  void LogOne(const DemoBranch& branch, const ContactJob& job) {
    const DemoClient& client = branch.clients[static_cast<std::size_t>(job.client)];
    LogContact contact;
    contact.client_id = client.id;
    contact.occurred_at_us = job.at_us;
    const int type = random_.Between(1, 100);
    contact.type = type <= 60   ? ContactType::kPhone
                   : type <= 75 ? ContactType::kEmail
                   : type <= 90 ? ContactType::kMeeting
                                : ContactType::kPost;
    contact.product_code = client.offer[random_.Below(client.offer.size())];
    const int roll = random_.Between(1, 100);
    if (roll <= 35) {
      contact.outcome = ContactOutcome::kUnclearProspect;
      contact.note = "asked to call back later";
    } else if (roll <= 64) {
      contact.outcome = ContactOutcome::kRefused;
      const int reason = random_.Between(1, 100);
      contact.refusal_reason = reason <= 25   ? RefusalReason::kRateTooHigh
                               : reason <= 45 ? RefusalReason::kServedByAnotherBank
                               : reason <= 65 ? RefusalReason::kNoNeedNow
                               : reason <= 72 ? RefusalReason::kCollateralLacking
                               : reason <= 82 ? RefusalReason::kTermsUnsuitable
                               : reason <= 95 ? RefusalReason::kDeclinedToTalk
                                              : RefusalReason::kOther;
      if (*contact.refusal_reason == RefusalReason::kOther) {
        contact.refusal_text = random_.Pick(kOtherRefusals);
      }
    } else if (roll <= 76) {
      contact.outcome = ContactOutcome::kPositiveProspect;
      contact.note = "interested, wants the terms in writing";
    } else if (roll <= 83) {
      contact.outcome = ContactOutcome::kAgreementInPrinciple;
      contact.note = "agreed in principle, documents to follow";
    } else if (roll <= 97) {
      contact.outcome = ContactOutcome::kProductSold;
      const ProductSpec* spec = &kProducts[0];
      for (const ProductSpec& product : kProducts) {
        if (contact.product_code == product.code) spec = &product;
      }
      const std::int64_t roubles =
          spec->min_rub +
          static_cast<std::int64_t>(
              random_.Below(static_cast<std::uint64_t>(spec->max_rub - spec->min_rub) / 1000 + 1)) *
              1000;
      contact.amount = Money{roubles * 100, "RUB"};
    } else {
      // A termination needs a product the client holds (the model knows which).
      const WriteModel::Client* held = executor_.model().FindClient(client.id);
      if (held != nullptr && !held->products_held.empty()) {
        contact.outcome = ContactOutcome::kContractTerminated;
        auto it = held->products_held.begin();
        std::advance(it, static_cast<long>(random_.Below(held->products_held.size())));
        contact.product_code = it->first;
        contact.note = "moved the account to another bank";
      } else {
        contact.outcome = ContactOutcome::kUnclearProspect;
      }
    }
    if (contact.outcome == ContactOutcome::kUnclearProspect ||
        contact.outcome == ContactOutcome::kPositiveProspect ||
        contact.outcome == ContactOutcome::kAgreementInPrinciple) {
      const std::int64_t next_day = job.at_us - job.at_us % kDay + random_.Between(2, 10) * kDay;
      contact.next_contact_at_us = next_day + random_.Between(10, 17) * kHour;
    }
    if (Exec(contact, job.actor, job.at_us + 3 * kMinute, "LogContact")) {
      ++summary_.contacts;
      if (job.actor != client.assignee) ++summary_.contacts_by_deputy;
    }
  }

  Executor& executor_;
  const DemoOptions options_;
  const std::function<void(const DemoSummary&)>& progress_;
  Random random_;
  std::vector<DemoBranch> branches_;
  std::uint64_t serial_ = 0;  // clients registered, for unique tax ids, phones and e-mails
  DemoSummary summary_;
  bool stop_ = false;
  Status fatal_;
};

int ControlDigit(const std::string& digits, std::initializer_list<int> weights) {
  int sum = 0;
  std::size_t i = 0;
  for (int weight : weights) sum += (digits[i++] - '0') * weight;
  return sum % 11 % 10;
}

}  // namespace

std::string MakeTaxId(int region, std::uint64_t serial, bool individual) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, individual ? "%02d%08llu" : "%02d%07llu", region % 100,
                static_cast<unsigned long long>(serial));
  std::string id = buffer;
  if (!individual) {
    id.push_back(static_cast<char>('0' + ControlDigit(id, {2, 4, 10, 3, 5, 9, 4, 6, 8})));
    return id;
  }
  id.push_back(static_cast<char>('0' + ControlDigit(id, {7, 2, 4, 10, 3, 5, 9, 4, 6, 8})));
  id.push_back(static_cast<char>('0' + ControlDigit(id, {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8})));
  return id;
}

Result<DemoSummary> BuildDemoBank(domain::Executor& executor, const DemoOptions& options,
                                  const std::function<void(const DemoSummary&)>& progress) {
  Generator generator(executor, options, progress);
  return generator.Run();
}

Result<std::map<std::string, std::uint64_t>> CountEventTypes(const store::EventStore& store) {
  std::map<std::string, std::uint64_t> counts;
  constexpr std::size_t kBatch = 4096;
  std::uint64_t next = 1;
  while (true) {
    Result<std::vector<Envelope>> batch = store.ReadAll(next, kBatch);
    if (!batch.ok()) return batch.status();
    for (const Envelope& envelope : *batch) {
      ++counts[envelope.event_type];
      next = envelope.seq + 1;
    }
    if (batch->size() < kBatch) return counts;
  }
}

}  // namespace prospekt::app
