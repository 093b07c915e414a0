// name_index_bench: the near-identical-name check of client registration, before and
// after the index (engine/domain/dedup/similar_name_index.h), on the same names.
//
// Each registration does what the demo bank and the rules do: draw a realistic name
// (an individual's "Surname Name Patronymic" or a company's), look it up, draw again on
// a hit (up to six draws, then a numbered name), then the decider's own look-up, then
// the registration itself. "index" runs this through WriteModel (Apply of
// ClientRegistered, ClientWithSimilarName); "scan" runs it through the scan the index
// replaced (every name of the region, in order, through NamesNearlyIdentical), on the
// first --scan-clients clients only, since it is quadratic; its time for all clients is
// extrapolated as (clients / scan-clients)^2 and printed as such.
//
//   name_index_bench                       100k clients in 5 regions
//   name_index_bench --scan-clients 100000 the scan measured on all of them (minutes)
//   name_index_bench --smoke --json        a second for CI
#include <CLI/CLI.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench/report.h"
#include "engine/domain/dedup/name_similarity.h"
#include "engine/domain/dedup/normalize.h"
#include "engine/domain/write_model.h"

namespace prospekt::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array kLegalForms = {"ООО", "АО", "ПАО", "ЗАО"};
constexpr std::array kNameFirst = {"Волжский",  "Северный",   "Уральский",   "Сибирский",
                                   "Донской",   "Балтийский", "Невский",     "Окский",
                                   "Камский",   "Южный",      "Приморский",  "Енисейский",
                                   "Алтайский", "Столичный",  "Центральный", "Таёжный"};
constexpr std::array kNameSecond = {"Агропром",    "Строймонтаж", "Логистик",  "Трейд",  "Металл",
                                    "Продукт",     "Технологии",  "Фарм",      "Транс",  "Энерго",
                                    "Текстиль",    "Мебель",      "Сервис",    "Инвест", "Хлеб",
                                    "Стройресурс", "Автоцентр",   "Медтехника"};
constexpr std::array kSurnames = {"Иванов",  "Смирнов", "Кузнецов", "Попов",    "Васильев",
                                  "Петров",  "Соколов", "Михайлов", "Новиков",  "Фёдоров",
                                  "Морозов", "Волков",  "Алексеев", "Лебедев",  "Семёнов",
                                  "Егоров",  "Павлов",  "Козлов",   "Степанов", "Николаев"};
constexpr std::array kFirstNames = {"Александр", "Сергей",  "Дмитрий", "Андрей", "Алексей",
                                    "Максим",    "Евгений", "Иван",    "Михаил", "Николай"};
constexpr std::array kPatronymics = {"Александрович", "Сергеевич",  "Дмитриевич",   "Андреевич",
                                     "Алексеевич",    "Викторович", "Владимирович", "Юрьевич",
                                     "Игоревич",      "Олегович"};

// The workload, parameterised by how a region's names are looked up and added.
struct Registry {
  std::function<bool(const std::string& region, const std::string& normalized)> has_similar;
  std::function<void(const std::string& region, const std::string& id, const std::string& raw)> add;
};

struct Run {
  std::uint64_t clients = 0;
  std::uint64_t lookups = 0;
  std::uint64_t numbered = 0;
  double seconds = 0;
};

Run Register(std::uint64_t clients, int regions, const Registry& registry) {
  std::mt19937_64 random(42);
  auto pick = [&](const auto& array) { return array[random() % array.size()]; };
  Run run;
  const Clock::time_point started = Clock::now();
  for (std::uint64_t serial = 1; serial <= clients; ++serial) {
    char region[16];
    std::snprintf(region, sizeof region, "r%02d",
                  static_cast<int>(serial % static_cast<std::uint64_t>(regions)) + 1);
    const bool individual = random() % 10 < 3;
    auto draw = [&]() -> std::string {
      if (individual) {
        return std::string(pick(kSurnames)) + " " + pick(kFirstNames) + " " + pick(kPatronymics);
      }
      return std::string(pick(kLegalForms)) + " «" + pick(kNameFirst) + " " + pick(kNameSecond) +
             "»";
    };
    std::string name;
    for (int attempt = 0; attempt < 6 && name.empty(); ++attempt) {
      std::string drawn = draw();
      ++run.lookups;
      if (!registry.has_similar(region, domain::dedup::NormalizeName(drawn))) name = drawn;
    }
    if (name.empty()) {
      name = draw() + " " + std::to_string(serial);
      ++run.numbered;
    }
    // The decider's own check, then the registration.
    ++run.lookups;
    if (registry.has_similar(region, domain::dedup::NormalizeName(name))) {
      std::fprintf(stderr, "name_index_bench: a generated name was taken: %s\n", name.c_str());
      std::exit(1);
    }
    registry.add(region, "c" + std::to_string(serial), name);
    ++run.clients;
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return run;
}

int Main(int argc, char** argv) {
  bool json = false;
  bool smoke = false;
  std::uint64_t clients = 100'000;
  std::uint64_t scan_clients = 20'000;
  int regions = 5;
  CLI::App app{"Registration's near-identical-name check: the index against the scan it replaced"};
  app.add_flag("--json", json, "one JSON object per figure per line on stdout");
  app.add_flag("--smoke", smoke, "a small run for CI");
  app.add_option("--clients", clients, "clients to register")->capture_default_str();
  app.add_option("--scan-clients", scan_clients, "clients registered with the scan (quadratic)")
      ->capture_default_str();
  app.add_option("--regions", regions, "regions (the check looks within one)")
      ->check(CLI::Range(1, 99))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  if (smoke) {
    clients = 3'000;
    scan_clients = 3'000;
  }
  scan_clients = std::min(scan_clients, clients);
  const Reporter reporter(json);

  domain::WriteModel model;
  Registry indexed;
  indexed.has_similar = [&](const std::string& region, const std::string& normalized) {
    return model.ClientWithSimilarName(region, normalized) != nullptr;
  };
  indexed.add = [&](const std::string& region, const std::string& id, const std::string& raw) {
    domain::ClientRegistered event;
    event.client_id = id;
    event.name = domain::PersonalText{domain::PersonalText::Form::kClear, raw};
    event.branch_id = region + "-b01";
    event.region_id = region;
    model.Apply(event, 0);
  };
  const Run with_index = Register(clients, regions, indexed);

  // The scan WriteModel::ClientWithSimilarName did before the index.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> names;
  Registry scanned;
  scanned.has_similar = [&](const std::string& region, const std::string& normalized) {
    for (const auto& entry : names[region]) {
      if (domain::dedup::NamesNearlyIdentical(entry.first, normalized)) return true;
    }
    return false;
  };
  scanned.add = [&](const std::string& region, const std::string& id, const std::string& raw) {
    std::string normalized = domain::dedup::NormalizeName(raw);
    if (!normalized.empty()) names[region].emplace_back(std::move(normalized), id);
  };
  const Run with_scan = Register(scan_clients, regions, scanned);

  char note[240];
  std::snprintf(note, sizeof note,
                "%llu clients in %d regions: %llu look-ups, %llu names numbered after six "
                "taken draws",
                static_cast<unsigned long long>(with_index.clients), regions,
                static_cast<unsigned long long>(with_index.lookups),
                static_cast<unsigned long long>(with_index.numbered));
  reporter.Note(note);

  Figure index_rate;
  index_rate.name = "registration_name_check_index";
  index_rate.label = "index: " + std::to_string(clients) + " registrations";
  index_rate.value = static_cast<double>(with_index.clients) / with_index.seconds;
  index_rate.unit = "clients/s";
  reporter.Print(index_rate);
  Figure index_total;
  index_total.name = "registration_name_check_index_seconds";
  index_total.label = "  total";
  index_total.value = with_index.seconds;
  index_total.unit = "s";
  reporter.Print(index_total);

  Figure scan_rate;
  scan_rate.name = "registration_name_check_scan";
  scan_rate.label = "scan: first " + std::to_string(scan_clients) + " registrations";
  scan_rate.value = static_cast<double>(with_scan.clients) / with_scan.seconds;
  scan_rate.unit = "clients/s";
  reporter.Print(scan_rate);
  Figure scan_total;
  scan_total.name = "registration_name_check_scan_seconds";
  scan_total.label = scan_clients == clients ? "  total" : "  total, extrapolated to all";
  const double scale = static_cast<double>(clients) / static_cast<double>(scan_clients);
  scan_total.value = with_scan.seconds * scale * scale;
  scan_total.unit = "s";
  reporter.Print(scan_total);
  return 0;
}

}  // namespace
}  // namespace prospekt::bench

int main(int argc, char** argv) { return prospekt::bench::Main(argc, argv); }
