#include "projections/industry_analysis/industry_analysis.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

void Evolve(IndustryAnalysisView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ClientRegistered>) {
          view.client_industry[e.client_id] = e.industry;
          ++view.industries[e.industry].clients;
        } else if constexpr (std::is_same_v<E, ClientDetailsCorrected>) {
          if (e.field != "industry" || e.after.form != PersonalText::Form::kClear) return;
          auto client = view.client_industry.find(e.client_id);
          if (client == view.client_industry.end()) return;
          --view.industries[client->second].clients;
          client->second = e.after.bytes;
          ++view.industries[client->second].clients;
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          auto client = view.client_industry.find(e.duplicate_id);
          if (client != view.client_industry.end()) --view.industries[client->second].clients;
        } else if constexpr (std::is_same_v<E, ClientUnmerged>) {
          auto client = view.client_industry.find(e.duplicate_id);
          if (client != view.client_industry.end()) ++view.industries[client->second].clients;
        } else if constexpr (std::is_same_v<E, WeeklyPlanSet>) {
          view.plans[{e.employee_id, WeekKey(e.week)}] = e.contacts;
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          auto client = view.client_industry.find(e.client_id);
          const std::string industry = client == view.client_industry.end() ? "" : client->second;
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
          ++view.week_contacts[{e.employee_id, WeekKey(IsoWeekOf(envelope.occurred_at_us))}]
                              [industry];
        }
      },
      event);
}

std::vector<IndustryRow> IndustryReport(const IndustryAnalysisView& view) {
  std::map<std::string, IndustryRow> rows;
  for (const auto& [industry, figures] : view.industries) {
    IndustryRow& row = rows[industry];
    row.industry = industry;
    row.figures = figures;
    row.conversion = figures.contacts == 0 ? 0.0
                                           : static_cast<double>(figures.sales) /
                                                 static_cast<double>(figures.contacts);
  }
  for (const auto& [key, by_industry] : view.week_contacts) {
    auto plan = view.plans.find(key);
    if (plan == view.plans.end() || plan->second == 0) continue;
    std::uint64_t total = 0;
    for (const auto& [industry, contacts] : by_industry) total += contacts;
    for (const auto& [industry, contacts] : by_industry) {
      IndustryRow& row = rows[industry];
      row.industry = industry;
      row.planned_contacts +=
          static_cast<double>(plan->second) * static_cast<double>(contacts) / static_cast<double>(total);
      row.contacts_in_planned_weeks += contacts;
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
