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

namespace {

constexpr std::uint32_t kNone = internal::IdTable::kNone;

// The value for `id` in a vector indexed by `ids`, grown as needed.
std::uint32_t& At(internal::IdTable& ids, std::vector<std::uint32_t>& values,
                  std::string_view id) {
  const std::uint32_t index = ids.Intern(id);
  if (index >= values.size()) values.resize(index + 1, kNone);
  return values[index];
}

// values[index], or kNone for an index past it (or kNone itself).
std::uint32_t ValueOf(const std::vector<std::uint32_t>& values, std::uint32_t index) {
  return index < values.size() ? values[index] : kNone;
}

}  // namespace

void Evolve(ComplianceView& view, const Envelope& envelope, const DomainEvent& event) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, BranchOpened>) {
          view.branch_region[e.branch_id] = view.region_ids.Intern(e.region_id);
        } else if constexpr (std::is_same_v<E, EmployeeHired> ||
                             std::is_same_v<E, EmployeeTransferred>) {
          auto region = view.branch_region.find(e.branch_id);
          // Head office staff (no branch) work in every region.
          At(view.employee_ids, view.employee_region, e.employee_id) =
              region == view.branch_region.end() ? kNone : region->second;
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          const std::uint32_t region = view.region_ids.Intern(e.region_id);
          At(view.client_ids, view.client_region, e.client_id) = region;
        } else if constexpr (std::is_same_v<E, ClientAssigned>) {
          const std::uint32_t employee = view.employee_ids.Intern(e.employee_id);
          At(view.client_ids, view.client_assignee, e.client_id) = employee;
        } else if constexpr (std::is_same_v<E, ClientReassigned>) {
          const std::uint32_t employee = view.employee_ids.Intern(e.to_employee_id);
          At(view.client_ids, view.client_assignee, e.client_id) = employee;
        } else if constexpr (std::is_same_v<E, ClientUnassigned>) {
          if (view.client_ids.Find(e.client_id) != kNone) {
            At(view.client_ids, view.client_assignee, e.client_id) = kNone;
          }
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          if (e.outcome == ContactOutcome::kRefused) {
            ++view.refusals_by_month[MonthKey(envelope.occurred_at_us)][e.refusal_reason];
          }
          const std::uint32_t employee = view.employee_ids.Find(e.employee_id);
          const std::uint32_t employee_region = ValueOf(view.employee_region, employee);
          const std::uint32_t client = view.client_ids.Find(e.client_id);
          const std::uint32_t client_region = ValueOf(view.client_region, client);
          const bool outside_region =
              employee_region != kNone && client_region != kNone && employee_region != client_region;
          const std::uint32_t assignee = ValueOf(view.client_assignee, client);
          const bool for_assignee =
              assignee != kNone &&
              (view.employee_ids[assignee] == e.employee_id ||
               view.employee_ids[assignee] == envelope.on_behalf_of);
          if (outside_region || !for_assignee) {
            view.contact_exceptions.push_back({envelope.seq, envelope.occurred_at_us,
                                               e.employee_id, e.client_id, outside_region,
                                               !for_assignee});
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
