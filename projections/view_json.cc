#include "projections/view_json.h"

#include <string>

#include "events/domain_json.h"
#include "events/envelope_json.h"

namespace prospekt::projections {
namespace {

using nlohmann::json;

void PutTime(json& out, const std::string& name, std::int64_t time_us) {
  out[name + "_us"] = time_us;
  out[name] = time_us == 0 ? json(nullptr) : json(FormatUtcMicros(time_us));
}

json PersonalToJson(const domain::PersonalText& text) {
  if (text.form == domain::PersonalText::Form::kClear) return text.bytes;
  return json{{"sealed", true}};
}

// A map keyed by an enum, as an object keyed by the enum's JSON names.
template <class Enum, class Value>
json EnumKeyed(const std::map<Enum, Value>& map) {
  json out = json::object();
  for (const auto& [key, value] : map) out[std::string(EnumJsonName(key))] = value;
  return out;
}

json ToJson(const EmployeeWeek& week) {
  json out{{"has_plan", week.has_plan},
           {"planned_contacts", week.planned_contacts},
           {"planned_sales", week.planned_sales},
           {"planned_volume",
            {{"minor_units", week.planned_volume.minor_units},
             {"currency", week.planned_volume.currency}}},
           {"contacts", week.contacts},
           {"contacts_by_type", EnumKeyed(week.contacts_by_type)},
           {"outcomes", EnumKeyed(week.outcomes)},
           {"sales_by_product", week.sales_by_product},
           {"sold_volume", week.sold_volume}};
  // Pro-rata judgement belongs to the reader; the share of the week's plan is a fact.
  out["contacts_share_of_plan"] =
      week.planned_contacts == 0 ? json(nullptr)
                                 : json(static_cast<double>(week.contacts) / week.planned_contacts);
  return out;
}

}  // namespace

json ToJson(const BranchDashboard& dashboard) {
  json employees = json::object();
  for (const auto& [id, week] : dashboard.employees) employees[id] = ToJson(week);
  json overdue = json::array();
  for (const OverdueContact& contact : dashboard.overdue_next_contacts) {
    json item{{"client_id", contact.client_id}, {"employee_id", contact.employee_id}};
    PutTime(item, "due_at", contact.due_at_us);
    overdue.push_back(std::move(item));
  }
  json hand_overs = json::array();
  for (const WaitingHandOver& hand_over : dashboard.hand_overs_waiting) {
    hand_overs.push_back({{"client_id", hand_over.client_id},
                          {"department", hand_over.department},
                          {"product_code", hand_over.product_code},
                          {"from_employee_id", hand_over.from_employee_id},
                          {"automatic", hand_over.automatic}});
  }
  json tasks = json::array();
  for (const auto& [task_id, task] : dashboard.automatic_tasks_open) {
    json item{{"task_id", task_id},
              {"employee_id", task.employee_id},
              {"client_id", task.client_id},
              {"kind", EnumJsonName(task.kind)}};
    PutTime(item, "due_at", task.due_at_us);
    tasks.push_back(std::move(item));
  }
  return {{"branch_id", dashboard.branch_id},
          {"week", {{"year", dashboard.week.year}, {"week", dashboard.week.week}}},
          {"employees", std::move(employees)},
          {"pipeline",
           {{"clients", dashboard.clients},
            {"not_contacted", dashboard.not_contacted},
            {"by_last_outcome", EnumKeyed(dashboard.by_last_outcome)},
            {"by_status", EnumKeyed(dashboard.by_status)}}},
          {"overdue_next_contacts", std::move(overdue)},
          {"untouched_assigned", dashboard.untouched_assigned},
          {"hand_overs_waiting", std::move(hand_overs)},
          {"automatic_tasks_open", std::move(tasks)}};
}

json ToJson(const ClientCard& card) {
  json links = json::object();
  for (const auto& [other, relation] : card.links) links[other] = EnumJsonName(relation);
  json out{{"client_id", card.client_id},
           {"kind", EnumJsonName(card.kind)},
           {"name", card.personal_data_erased && card.name.form != domain::PersonalText::Form::kClear
                        ? json("erased")
                        : PersonalToJson(card.name)},
           {"tax_id", card.tax_id},
           {"industry", card.industry},
           {"branch_id", card.branch_id},
           {"region_id", card.region_id},
           {"source", EnumJsonName(card.source)},
           {"status", EnumJsonName(card.status)},
           {"assigned_employee_id", card.assigned_employee_id},
           {"products_offered", card.products_offered},
           {"products_held", card.products_held},
           {"contacts", card.contacts},
           {"links", std::move(links)},
           {"campaigns", card.campaigns},
           {"waiting_hand_overs", card.waiting_hand_overs},
           {"merged_into", card.merged_into},
           {"merged_duplicates", card.merged_duplicates},
           {"personal_data_erased", card.personal_data_erased},
           {"last_satisfaction", card.last_satisfaction == 0 ? json(nullptr)
                                                             : json(card.last_satisfaction)},
           {"last_seq", card.last_seq}};
  PutTime(out, "registered_at", card.registered_at_us);
  if (card.last_contact_at_us == 0) {
    out["last_contact"] = nullptr;
  } else {
    json last{{"employee_id", card.last_contact_employee_id},
              {"contact_type", EnumJsonName(card.last_contact_type)},
              {"outcome", EnumJsonName(card.last_outcome)}};
    PutTime(last, "at", card.last_contact_at_us);
    out["last_contact"] = std::move(last);
  }
  PutTime(out, "next_contact_due", card.next_contact_due_us);
  return out;
}

json ToJson(const Agenda& agenda) {
  auto contacts = [](const std::vector<DueContact>& list) {
    json out = json::array();
    for (const DueContact& contact : list) {
      json item{{"client_id", contact.client_id}};
      PutTime(item, "due_at", contact.due_at_us);
      out.push_back(std::move(item));
    }
    return out;
  };
  json tasks = json::array();
  for (const auto& [task_id, task] : agenda.open_tasks) {
    json item{{"task_id", task_id},
              {"client_id", task.client_id},
              {"kind", EnumJsonName(task.kind)},
              {"text", task.text}};
    PutTime(item, "due_at", task.due_at_us);
    tasks.push_back(std::move(item));
  }
  return {{"overdue", contacts(agenda.overdue)},
          {"due_today", contacts(agenda.due_today)},
          {"open_tasks", std::move(tasks)}};
}

json ToJson(const std::vector<HistoryEntry>& history) {
  json out = json::array();
  for (const HistoryEntry& entry : history) {
    json item{{"seq", entry.seq},
              {"event_type", EventTypeOfIndex(entry.event_index)},
              {"on_behalf", entry.on_behalf}};
    PutTime(item, "occurred_at", entry.occurred_at_us);
    out.push_back(std::move(item));
  }
  return out;
}

json ToJson(const HeadOfficeReport& report) {
  auto division = [](const DivisionFigures& figures) {
    json out{{"id", figures.id},
             {"clients", figures.clients},
             {"with_industry", figures.with_industry},
             {"with_tax_id", figures.with_tax_id},
             {"with_contact_data", figures.with_contact_data},
             {"fill_quality", figures.fill_quality},
             {"planned_contacts", figures.planned_contacts},
             {"contacts_in_planned_weeks", figures.contacts_in_planned_weeks},
             {"plan_fulfilment", figures.plan_fulfilment},
             {"contacts", figures.contacts},
             {"sales", figures.sales},
             {"conversion", figures.conversion}};
    if (!figures.region_id.empty()) out["region_id"] = figures.region_id;
    return out;
  };
  json regions = json::array();
  for (const DivisionFigures& figures : report.regions) regions.push_back(division(figures));
  json ranking = json::array();
  int rank = 0;
  for (const DivisionFigures& figures : report.branches) {
    json item = division(figures);
    item["rank"] = ++rank;
    ranking.push_back(std::move(item));
  }
  return {{"regions", std::move(regions)}, {"branches_ranked", std::move(ranking)}};
}

json ToJson(const std::vector<IndustryRow>& report) {
  json out = json::array();
  for (const IndustryRow& row : report) {
    out.push_back({{"industry", row.industry},
                   {"clients", row.figures.clients},
                   {"contacts", row.figures.contacts},
                   {"sales", row.figures.sales},
                   {"positive", row.figures.positive},
                   {"sold_volume", row.figures.sold_volume},
                   {"conversion", row.conversion},
                   {"refusals_by_reason", EnumKeyed(row.figures.refusals)},
                   {"planned_contacts", row.planned_contacts},
                   {"contacts_in_planned_weeks", row.contacts_in_planned_weeks}});
  }
  return out;
}

json ToJson(const ComplianceReport& report) {
  json exceptions = json::array();
  for (const ContactException& exception : report.contact_exceptions) {
    json item{{"seq", exception.seq},
              {"employee_id", exception.employee_id},
              {"client_id", exception.client_id},
              {"outside_region", exception.outside_region},
              {"outside_assignment", exception.outside_assignment}};
    PutTime(item, "occurred_at", exception.occurred_at_us);
    exceptions.push_back(std::move(item));
  }
  json warnings = json::array();
  for (const DontDisturbRecord& record : report.dont_disturb) {
    json item{{"seq", record.seq},
              {"client_id", record.warning.client_id},
              {"warned_employee_id", record.warning.warned_employee_id},
              {"colleague_id", record.warning.colleague_id},
              {"action", record.warning.action}};
    PutTime(item, "occurred_at", record.occurred_at_us);
    PutTime(item, "colleague_contact_at", record.warning.colleague_contact_at_us);
    warnings.push_back(std::move(item));
  }
  return {{"refusals_by_reason", EnumKeyed(report.refusals)},
          {"contacts_outside_region_or_assignment", std::move(exceptions)},
          {"dont_disturb_warnings", std::move(warnings)}};
}

json ToJson(const ClientList& list) {
  json clients = json::array();
  for (const DirectoryClient& client : list.clients) {
    json hand_overs = json::object();
    for (const auto& [department, specialist] : client.hand_overs) {
      hand_overs[department] = specialist.empty() ? json(nullptr) : json(specialist);
    }
    clients.push_back({{"client_id", client.client_id},
                       {"kind", EnumJsonName(client.kind)},
                       {"name", client.personal_data_erased &&
                                        client.name.form != domain::PersonalText::Form::kClear
                                    ? json("erased")
                                    : PersonalToJson(client.name)},
                       {"branch_id", client.branch_id},
                       {"region_id", client.region_id},
                       {"assigned_employee_id", client.assigned_employee_id},
                       {"status", EnumJsonName(client.status)},
                       {"industry", client.industry},
                       {"hand_overs", std::move(hand_overs)},
                       {"merged_into", client.merged_into},
                       {"personal_data_erased", client.personal_data_erased}});
  }
  return {{"clients", std::move(clients)}, {"truncated", list.truncated}};
}

json ToJson(const std::vector<DirectoryEmployee>& employees) {
  json out = json::array();
  for (const DirectoryEmployee& employee : employees) {
    json roles = json::array();
    for (domain::Role role : employee.roles) roles.push_back(EnumJsonName(role));
    json absences = json::array();
    for (const DirectoryAbsence& absence : employee.absences) {
      json item{{"deputy_id", absence.deputy_id}, {"reason", absence.reason}};
      PutTime(item, "from", absence.from_us);
      PutTime(item, "until", absence.until_us);
      absences.push_back(std::move(item));
    }
    out.push_back({{"employee_id", employee.employee_id},
                   {"name", employee.name},
                   {"roles", std::move(roles)},
                   {"branch_id", employee.branch_id},
                   {"region_id", employee.region_id},
                   {"department_id", employee.department_id},
                   {"left", employee.left},
                   {"absences", std::move(absences)}});
  }
  return out;
}

json ToJson(const Organisation& organisation) {
  json regions = json::array();
  for (const DirectoryRegion& region : organisation.regions) {
    regions.push_back({{"region_id", region.region_id}, {"name", region.name}});
  }
  json branches = json::array();
  for (const DirectoryBranch& branch : organisation.branches) {
    branches.push_back(
        {{"branch_id", branch.branch_id}, {"region_id", branch.region_id}, {"name", branch.name}});
  }
  json departments = json::array();
  for (const DirectoryDepartment& department : organisation.departments) {
    departments.push_back({{"department_id", department.department_id},
                           {"branch_id", department.branch_id},
                           {"name", department.name}});
  }
  json products = json::array();
  for (const DirectoryProduct& product : organisation.products) {
    products.push_back({{"product_code", product.product_code},
                        {"name", product.name},
                        {"owning_department", product.owning_department}});
  }
  return {{"regions", std::move(regions)},
          {"branches", std::move(branches)},
          {"departments", std::move(departments)},
          {"products", std::move(products)}};
}

}  // namespace prospekt::projections
