#include "projections/head_office/head_office.h"

#include <algorithm>
#include <type_traits>
#include <variant>

#include "engine/domain/iso_week.h"
#include "projections/internal/week_key.h"

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

namespace {

bool IsEmpty(const PersonalText& text) {
  return text.form == PersonalText::Form::kClear && text.bytes.empty();
}

// One entry of a contact list corrected: `before` empty adds, `after` empty removes.
void CorrectCount(std::uint32_t& count, const ClientDetailsCorrected& e) {
  if (IsEmpty(e.before) && !IsEmpty(e.after)) ++count;
  if (!IsEmpty(e.before) && IsEmpty(e.after) && count > 0) --count;
}

double Share(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

void Finish(DivisionFigures& figures) {
  figures.fill_quality = figures.clients == 0
                             ? 0.0
                             : (Share(figures.with_industry, figures.clients) +
                                Share(figures.with_tax_id, figures.clients) +
                                Share(figures.with_contact_data, figures.clients)) /
                                   3.0;
  figures.plan_fulfilment = Share(figures.contacts_in_planned_weeks, figures.planned_contacts);
  figures.conversion = Share(figures.sales, figures.contacts);
}

void Add(DivisionFigures& into, const DivisionFigures& from) {
  into.clients += from.clients;
  into.with_industry += from.with_industry;
  into.with_tax_id += from.with_tax_id;
  into.with_contact_data += from.with_contact_data;
  into.planned_contacts += from.planned_contacts;
  into.contacts_in_planned_weeks += from.contacts_in_planned_weeks;
  into.contacts += from.contacts;
  into.sales += from.sales;
}

std::uint32_t BranchIndex(HeadOfficeView& view, std::string_view branch_id) {
  const std::uint32_t index = view.branch_ids.Intern(branch_id);
  if (index >= view.branches.size()) view.branches.resize(index + 1);
  return index;
}

}  // namespace

void Evolve(HeadOfficeView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, BranchOpened>) {
          view.branch_region[e.branch_id] = e.region_id;
        } else if constexpr (std::is_same_v<E, EmployeeHired> ||
                             std::is_same_v<E, EmployeeTransferred>) {
          const std::uint32_t employee = view.employee_ids.Intern(e.employee_id);
          if (employee >= view.employee_branch.size()) {
            view.employee_branch.resize(employee + 1, internal::IdTable::kNone);
          }
          view.employee_branch[employee] = BranchIndex(view, e.branch_id);
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          RecordQuality& quality = view.clients[e.client_id];
          quality.branch_id = e.branch_id;
          quality.industry = !e.industry.empty();
          quality.tax_id = !e.tax_id.empty();
          quality.phones = static_cast<std::uint32_t>(e.contact.phones.size());
          quality.emails = static_cast<std::uint32_t>(e.contact.emails.size());
        } else if constexpr (std::is_same_v<E, ClientDetailsCorrected>) {
          auto client = view.clients.find(e.client_id);
          if (client == view.clients.end()) return;
          if (e.field == "industry") client->second.industry = !IsEmpty(e.after);
          if (e.field == "tax_id") client->second.tax_id = !IsEmpty(e.after);
          if (e.field == "phones") CorrectCount(client->second.phones, e);
          if (e.field == "emails") CorrectCount(client->second.emails, e);
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          // A duplicate is not a record of its own any more.
          view.clients.erase(e.duplicate_id);
        } else if constexpr (std::is_same_v<E, WeeklyPlanSet>) {
          const std::int32_t week = WeekKey(e.week);
          const std::uint32_t branch = BranchIndex(view, e.branch_id);
          std::uint32_t& plan = view.plans[{branch, week, view.employee_ids.Intern(e.employee_id)}];
          WeekFigures& figures = view.branches[branch].weeks[week];
          figures.planned_contacts = figures.planned_contacts - plan + e.contacts;
          plan = e.contacts;
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          const std::uint32_t staff = view.employee_ids.Find(e.employee_id);
          if (staff == internal::IdTable::kNone || staff >= view.employee_branch.size() ||
              view.employee_branch[staff] == internal::IdTable::kNone) {
            return;  // not hired (plans intern employees too)
          }
          WeekFigures& figures = view.branches[view.employee_branch[staff]]
                                     .weeks[internal::WeekKeyAt(envelope.occurred_at_us)];
          ++figures.contacts;
          if (e.outcome == ContactOutcome::kProductSold) ++figures.sales;
        }
      },
      event);
}

HeadOfficeReport HeadOfficeReportOf(const HeadOfficeView& view, std::int32_t from_week,
                                    std::int32_t until_week) {
  std::map<std::string, DivisionFigures> branches;
  for (const auto& [branch_id, region_id] : view.branch_region) {
    branches[branch_id] = {.id = branch_id, .region_id = region_id};
  }
  for (const auto& [client_id, quality] : view.clients) {
    auto branch = branches.find(quality.branch_id);
    if (branch == branches.end()) continue;
    DivisionFigures& figures = branch->second;
    ++figures.clients;
    figures.with_industry += quality.industry ? 1 : 0;
    figures.with_tax_id += quality.tax_id ? 1 : 0;
    figures.with_contact_data += quality.phones + quality.emails > 0 ? 1 : 0;
  }
  for (std::uint32_t index = 0; index < view.branches.size(); ++index) {
    auto branch = branches.find(view.branch_ids[index]);
    if (branch == branches.end()) continue;
    DivisionFigures& figures = branch->second;
    const std::map<std::int32_t, WeekFigures>& weeks = view.branches[index].weeks;
    for (auto it = weeks.lower_bound(from_week); it != weeks.end() && it->first <= until_week;
         ++it) {
      const WeekFigures& week = it->second;
      figures.planned_contacts += week.planned_contacts;
      if (week.planned_contacts > 0) figures.contacts_in_planned_weeks += week.contacts;
      figures.contacts += week.contacts;
      figures.sales += week.sales;
    }
  }
  HeadOfficeReport report;
  std::map<std::string, DivisionFigures> regions;
  for (auto& [branch_id, figures] : branches) {
    DivisionFigures& region = regions[figures.region_id];
    region.id = figures.region_id;
    Add(region, figures);
    Finish(figures);
    report.branches.push_back(figures);
  }
  for (auto& [region_id, figures] : regions) {
    Finish(figures);
    report.regions.push_back(figures);
  }
  std::stable_sort(report.branches.begin(), report.branches.end(),
                   [](const DivisionFigures& a, const DivisionFigures& b) {
                     if (a.plan_fulfilment != b.plan_fulfilment) {
                       return a.plan_fulfilment > b.plan_fulfilment;
                     }
                     if (a.conversion != b.conversion) return a.conversion > b.conversion;
                     return a.fill_quality > b.fill_quality;
                   });
  return report;
}

}  // namespace prospekt::projections
