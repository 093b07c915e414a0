#include "projections/industry_analysis/industry_analysis.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"
#include "projections/internal/week_key.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

std::uint32_t IndustryIndex(IndustryAnalysisView& view, std::string_view industry) {
  const std::uint32_t index = view.industry_ids.Intern(industry);
  if (index >= view.industries.size()) view.industries.resize(index + 1);
  return index;
}

IndustryEmployee& EmployeeOf(IndustryAnalysisView& view, std::string_view employee_id) {
  const std::uint32_t index = view.employee_ids.Intern(employee_id);
  if (index >= view.employees.size()) view.employees.resize(index + 1);
  return view.employees[index];
}

// The industry a client counts under now; kNone for an unknown client.
std::uint32_t* IndustryOf(IndustryAnalysisView& view, std::string_view client_id) {
  const std::uint32_t client = view.client_ids.Find(client_id);
  return client == internal::IdTable::kNone ? nullptr : &view.client_industry[client];
}

}  // namespace

void Evolve(IndustryAnalysisView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ClientRegistered>) {
          const std::uint32_t industry = IndustryIndex(view, e.industry);
          const std::uint32_t client = view.client_ids.Intern(e.client_id);
          if (client >= view.client_industry.size()) view.client_industry.resize(client + 1);
          view.client_industry[client] = industry;
          ++view.industries[industry].clients;
        } else if constexpr (std::is_same_v<E, ClientDetailsCorrected>) {
          if (e.field != "industry" || e.after.form != PersonalText::Form::kClear) return;
          std::uint32_t* industry = IndustryOf(view, e.client_id);
          if (industry == nullptr) return;
          --view.industries[*industry].clients;
          *industry = IndustryIndex(view, e.after.bytes);
          ++view.industries[*industry].clients;
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          if (std::uint32_t* industry = IndustryOf(view, e.duplicate_id)) {
            --view.industries[*industry].clients;
          }
        } else if constexpr (std::is_same_v<E, ClientUnmerged>) {
          if (std::uint32_t* industry = IndustryOf(view, e.duplicate_id)) {
            ++view.industries[*industry].clients;
          }
        } else if constexpr (std::is_same_v<E, WeeklyPlanSet>) {
          EmployeeOf(view, e.employee_id).plans[WeekKey(e.week)] = e.contacts;
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          const std::uint32_t* known = IndustryOf(view, e.client_id);
          const std::uint32_t industry = known != nullptr ? *known : IndustryIndex(view, "");
          IndustryFigures& figures = view.industries[industry];
          ++figures.contacts;
          if (e.outcome == ContactOutcome::kProductSold) {
            ++figures.sales;
            figures.sold_volume[e.amount.currency] += e.amount.minor_units;
          }
          if (e.outcome == ContactOutcome::kPositiveProspect ||
              e.outcome == ContactOutcome::kAgreementInPrinciple) {
            ++figures.positive;
          }
          if (e.outcome == ContactOutcome::kRefused) ++figures.refusals[e.refusal_reason];
          auto& week = EmployeeOf(view, e.employee_id)
                           .week_contacts[internal::WeekKeyAt(envelope.occurred_at_us)];
          auto entry = std::find_if(week.begin(), week.end(),
                                    [&](const auto& pair) { return pair.first == industry; });
          if (entry == week.end()) {
            week.emplace_back(industry, 1);
          } else {
            ++entry->second;
          }
        }
      },
      event);
}

std::vector<IndustryRow> IndustryReport(const IndustryAnalysisView& view) {
  std::map<std::string, IndustryRow> rows;
  for (std::uint32_t index = 0; index < view.industries.size(); ++index) {
    const IndustryFigures& figures = view.industries[index];
    const std::string& industry = view.industry_ids[index];
    IndustryRow& row = rows[industry];
    row.industry = industry;
    row.figures = figures;
    row.conversion = figures.contacts == 0 ? 0.0
                                           : static_cast<double>(figures.sales) /
                                                 static_cast<double>(figures.contacts);
  }
  // The planned shares are sums of doubles: added in the order of (employee id, week,
  // industry name), so that the answer does not depend on the order ids were interned.
  std::vector<std::uint32_t> employees(view.employees.size());
  for (std::uint32_t i = 0; i < employees.size(); ++i) employees[i] = i;
  std::sort(employees.begin(), employees.end(), [&](std::uint32_t a, std::uint32_t b) {
    return view.employee_ids[a] < view.employee_ids[b];
  });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_industry;
  for (const std::uint32_t employee : employees) {
    const IndustryEmployee& figures = view.employees[employee];
    for (const auto& [week, contacts_of] : figures.week_contacts) {
      auto plan = figures.plans.find(week);
      if (plan == figures.plans.end() || plan->second == 0) continue;
      by_industry = contacts_of;
      std::sort(by_industry.begin(), by_industry.end(), [&](const auto& a, const auto& b) {
        return view.industry_ids[a.first] < view.industry_ids[b.first];
      });
      std::uint64_t total = 0;
      for (const auto& [industry, contacts] : by_industry) total += contacts;
      for (const auto& [industry, contacts] : by_industry) {
        IndustryRow& row = rows[view.industry_ids[industry]];
        row.planned_contacts += static_cast<double>(plan->second) * static_cast<double>(contacts) /
                                static_cast<double>(total);
        row.contacts_in_planned_weeks += contacts;
      }
    }
  }
  std::vector<IndustryRow> report;
  for (auto& [industry, row] : rows) report.push_back(std::move(row));
  std::stable_sort(report.begin(), report.end(), [](const IndustryRow& a, const IndustryRow& b) {
    if (a.figures.contacts != b.figures.contacts) return a.figures.contacts > b.figures.contacts;
    return a.industry < b.industry;
  });
  return report;
}

}  // namespace prospekt::projections
