#include "projections/compliance/compliance.h"

#include <chrono>
#include <type_traits>
#include <variant>

namespace prospekt::projections {

using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary

std::int32_t MonthKey(std::int64_t time_us) {
  using namespace std::chrono;
  const year_month_day date{floor<days>(sys_time<microseconds>(microseconds(time_us)))};
  return static_cast<std::int32_t>(date.year()) * 100 +
         static_cast<std::int32_t>(static_cast<unsigned>(date.month()));
}

void Evolve(ComplianceView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, BranchOpened>) {
          view.branch_region[e.branch_id] = e.region_id;
        } else if constexpr (std::is_same_v<E, EmployeeHired> ||
                             std::is_same_v<E, EmployeeTransferred>) {
          auto region = view.branch_region.find(e.branch_id);
          if (region == view.branch_region.end()) {
            view.employee_region.erase(e.employee_id);  // head office: every region
          } else {
            view.employee_region[e.employee_id] = region->second;
          }
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          view.client_region[e.client_id] = e.region_id;
        } else if constexpr (std::is_same_v<E, ClientAssigned>) {
          view.client_assignee[e.client_id] = e.employee_id;
        } else if constexpr (std::is_same_v<E, ClientReassigned>) {
          view.client_assignee[e.client_id] = e.to_employee_id;
        } else if constexpr (std::is_same_v<E, ClientUnassigned>) {
          view.client_assignee.erase(e.client_id);
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          if (e.outcome == ContactOutcome::kRefused) {
            ++view.refusals_by_month[MonthKey(envelope.occurred_at_us)][e.refusal_reason];
          }
          ContactException exception{envelope.seq, envelope.occurred_at_us, e.employee_id,
                                     e.client_id, false, false};
          auto employee_region = view.employee_region.find(e.employee_id);
          auto client_region = view.client_region.find(e.client_id);
          exception.outside_region = employee_region != view.employee_region.end() &&
                                     client_region != view.client_region.end() &&
                                     employee_region->second != client_region->second;
          auto assignee = view.client_assignee.find(e.client_id);
          const bool for_assignee =
              assignee != view.client_assignee.end() &&
              (assignee->second == e.employee_id || assignee->second == envelope.on_behalf_of);
          exception.outside_assignment = !for_assignee;
          if (exception.outside_region || exception.outside_assignment) {
            view.contact_exceptions.push_back(std::move(exception));
          }
        } else if constexpr (std::is_same_v<E, DontDisturbWarned>) {
          view.dont_disturb.push_back({envelope.seq, envelope.occurred_at_us, e});
        }
      },
      event);
}

ComplianceReport ComplianceReportOf(const ComplianceView& view, std::int64_t from_us,
                                    std::int64_t until_us) {
  ComplianceReport report;
  const std::int32_t from_month = MonthKey(from_us);
  const std::int32_t until_month = MonthKey(until_us - 1);
  for (auto it = view.refusals_by_month.lower_bound(from_month);
       it != view.refusals_by_month.end() && it->first <= until_month; ++it) {
    for (const auto& [reason, count] : it->second) report.refusals[reason] += count;
  }
  for (const ContactException& exception : view.contact_exceptions) {
    if (exception.occurred_at_us >= from_us && exception.occurred_at_us < until_us) {
      report.contact_exceptions.push_back(exception);
    }
  }
  for (const DontDisturbRecord& record : view.dont_disturb) {
    if (record.occurred_at_us >= from_us && record.occurred_at_us < until_us) {
      report.dont_disturb.push_back(record);
    }
  }
  return report;
}

}  // namespace prospekt::projections
