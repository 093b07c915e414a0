#include "engine/domain/write_model.h"

#include <algorithm>
#include <type_traits>

#include "engine/domain/dedup/normalize.h"
#include "engine/domain/dedup/tax_id.h"
#include "engine/domain/iso_week.h"
#include "engine/domain/plan_deviation.h"

namespace prospekt::domain {
namespace {

template <typename Map>
auto* FindIn(const Map& map, std::string_view key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

using KeyIndex = std::unordered_map<std::string, std::vector<std::string>>;

const std::string* FindKey(const KeyIndex& index, const std::string& key) {
  if (key.empty()) return nullptr;
  auto it = index.find(key);
  return it == index.end() || it->second.empty() ? nullptr : &it->second.front();
}

// `client_id` holds `key` too, after the holders before it.
void AddHolder(KeyIndex& index, const std::string& key, const std::string& client_id) {
  if (key.empty()) return;
  std::vector<std::string>& holders = index[key];
  if (std::find(holders.begin(), holders.end(), client_id) == holders.end()) {
    holders.push_back(client_id);
  }
}

// `client_id` lets `key` go; the next holder, if any, answers for it.
void RemoveHolder(KeyIndex& index, const std::string& key, const std::string& client_id) {
  auto it = index.find(key);
  if (key.empty() || it == index.end()) return;
  std::erase(it->second, client_id);
  if (it->second.empty()) index.erase(it);
}

// A sealed text gives no key: the Executor hands over opened texts, so a text still
// sealed here is one whose key is gone (erased), and reads as "".
std::string_view ClearText(const PersonalText& text) {
  return text.form == PersonalText::Form::kClear ? std::string_view(text.bytes)
                                                 : std::string_view();
}

}  // namespace

bool WriteModel::Employee::HasRole(Role role) const {
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

const AbsenceRecorded* WriteModel::Employee::AbsenceAt(std::int64_t time_us) const {
  // The latest recorded absence covering the time wins: a later record corrects an
  // earlier one (e.g. another deputy).
  for (auto it = absences.rbegin(); it != absences.rend(); ++it) {
    if (it->from_us <= time_us && time_us < it->until_us) return &*it;
  }
  return nullptr;
}

void WriteModel::Apply(const DomainEvent& event, std::int64_t occurred_at_us) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, RegionOpened>) {
          regions_[e.region_id] = e.name;
        } else if constexpr (std::is_same_v<E, BranchOpened>) {
          branches_[e.branch_id].region_id = e.region_id;
        } else if constexpr (std::is_same_v<E, DepartmentOpened>) {
          departments_[{e.branch_id, e.department_id}] = e.name;
        } else if constexpr (std::is_same_v<E, ProductDefined>) {
          product_departments_[e.product_code] = e.owning_department;
        } else if constexpr (std::is_same_v<E, EmployeeHired>) {
          Employee& employee = employees_[e.employee_id];
          employee.roles = e.roles;
          employee.branch_id = e.branch_id;
          employee.department_id = e.department_id;
        } else if constexpr (std::is_same_v<E, EmployeeRoleChanged>) {
          employees_[e.employee_id].roles = e.roles;
        } else if constexpr (std::is_same_v<E, EmployeeTransferred>) {
          Employee& employee = employees_[e.employee_id];
          employee.branch_id = e.branch_id;
          employee.department_id = e.department_id;
        } else if constexpr (std::is_same_v<E, EmployeeLeft>) {
          employees_[e.employee_id].left = true;
        } else if constexpr (std::is_same_v<E, AbsenceRecorded>) {
          employees_[e.employee_id].absences.push_back(e);
        } else if constexpr (std::is_same_v<E, BranchSettingsChanged>) {
          Branch& branch = branches_[e.branch_id];
          branch.dont_disturb_days = e.dont_disturb_days;
          branch.plan_deviation_percent = e.plan_deviation_percent;
        } else if constexpr (std::is_same_v<E, ClientRegistered>) {
          ApplyClientRegistered(e, occurred_at_us);
        } else if constexpr (std::is_same_v<E, ClientDetailsCorrected>) {
          ApplyDetailsCorrected(e);
        } else if constexpr (std::is_same_v<E, ClientStatusChanged>) {
          clients_[e.client_id].status = e.to;
        } else if constexpr (std::is_same_v<E, ClientsLinked>) {
          clients_[e.client_id].links[e.other_client_id] = e.relation;
          clients_[e.other_client_id].links[e.client_id] = e.relation;
        } else if constexpr (std::is_same_v<E, ClientsUnlinked>) {
          clients_[e.client_id].links.erase(e.other_client_id);
          clients_[e.other_client_id].links.erase(e.client_id);
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate>) {
          clients_[e.duplicate_id].merged_into = e.survivor_id;
          clients_[e.survivor_id].duplicates.insert(e.duplicate_id);
        } else if constexpr (std::is_same_v<E, ClientUnmerged>) {
          clients_[e.duplicate_id].merged_into.clear();
          clients_[e.survivor_id].duplicates.erase(e.duplicate_id);
        } else if constexpr (std::is_same_v<E, PersonalDataErased>) {
          ApplyPersonalDataErased(e);
        } else if constexpr (std::is_same_v<E, ClientAssigned>) {
          clients_[e.client_id].assigned_employee_id = e.employee_id;
        } else if constexpr (std::is_same_v<E, ClientReassigned>) {
          clients_[e.client_id].assigned_employee_id = e.to_employee_id;
        } else if constexpr (std::is_same_v<E, ClientUnassigned>) {
          clients_[e.client_id].assigned_employee_id.clear();
        } else if constexpr (std::is_same_v<E, WeeklyPlanSet>) {
          Week& week = WeekOf(e.employee_id, e.week);
          week.has_plan = true;
          week.planned_contacts = e.contacts;
        } else if constexpr (std::is_same_v<E, ContactLogged>) {
          ApplyContactLogged(e, occurred_at_us);
        } else if constexpr (std::is_same_v<E, NextContactDone> ||
                             std::is_same_v<E, NextContactCancelled>) {
          clients_[e.client_id].next_contact_due_us = 0;
        } else if constexpr (std::is_same_v<E, HandedOver>) {
          clients_[e.client_id].waiting_hand_overs[e.department] = e.product_code;
        } else if constexpr (std::is_same_v<E, HandOverAccepted> ||
                             std::is_same_v<E, HandOverReturned>) {
          clients_[e.client_id].waiting_hand_overs.erase(e.department);
        } else if constexpr (std::is_same_v<E, CampaignLaunched>) {
          campaigns_[e.campaign_id].branch_id = e.branch_id;
        } else if constexpr (std::is_same_v<E, ClientEnrolled>) {
          campaigns_[e.campaign_id].enrolled.insert(e.client_id);
        } else if constexpr (std::is_same_v<E, CampaignClosed>) {
          campaigns_[e.campaign_id].open = false;
        } else if constexpr (std::is_same_v<E, TaskCompleted>) {
          tasks_[e.task_id].open = false;
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          tasks_[e.task_id] = Task{e.employee_id, e.client_id, e.kind, true};
          if (e.kind == TaskKind::kPlanDeviation) {
            Week& week = WeekOf(e.employee_id, e.week);
            week.deviation_tasked = true;
            ++week.deviation_tasks;
          }
        } else if constexpr (std::is_same_v<E, WorkingDayClosed>) {
          ApplyWorkingDayClosed(e);
        }
        // Other events change nothing a rule of this build decides on.
      },
      event);
}

void WriteModel::ApplyClientRegistered(const ClientRegistered& e, std::int64_t occurred_at_us) {
  Client& client = clients_[e.client_id];
  client.branch_id = e.branch_id;
  client.region_id = e.region_id;
  client.kind = e.kind;
  client.registered_at_us = occurred_at_us;
  client.status = e.status;
  client.name = std::string(ClearText(e.name));
  client.tax_id = e.tax_id;
  client.address = std::string(ClearText(e.contact.address));
  client.industry = e.industry;
  for (const PersonalText& phone : e.contact.phones) client.phones.emplace_back(ClearText(phone));
  for (const PersonalText& email : e.contact.emails) client.emails.emplace_back(ClearText(email));
  // A forced registration shares keys with its duplicate; the first holder answers for
  // them, so later registrations are pointed at the original client.
  AddHolder(tax_ids_, dedup::NormalizeTaxId(e.tax_id), e.client_id);
  for (const PersonalText& phone : e.contact.phones) {
    AddHolder(phones_, dedup::NormalizePhone(ClearText(phone)), e.client_id);
  }
  for (const PersonalText& email : e.contact.emails) {
    AddHolder(emails_, dedup::NormalizeEmail(ClearText(email)), e.client_id);
  }
  std::string name = dedup::NormalizeName(ClearText(e.name));
  if (!name.empty()) names_[e.region_id].Add(std::move(name), e.client_id);
}

namespace {

// Moves a duplicate key from `before` to `after` for `client_id`. Other holders of
// either key keep their places (forced registrations share keys).
void MoveKey(KeyIndex& index, const std::string& before, const std::string& after,
             const std::string& client_id) {
  RemoveHolder(index, before, client_id);
  AddHolder(index, after, client_id);
}

}  // namespace

void WriteModel::ApplyDetailsCorrected(const ClientDetailsCorrected& e) {
  Client& client = clients_[e.client_id];
  const std::string before(ClearText(e.before));
  const std::string after(ClearText(e.after));
  // One entry of a list: `before` "" adds, `after` "" removes, both replace.
  auto correct_list = [&](std::vector<std::string>& list) {
    auto it = std::find(list.begin(), list.end(), before);
    if (!before.empty() && it != list.end()) list.erase(it);
    if (!after.empty()) list.push_back(after);
  };
  if (e.field == "name") {
    client.name = after;
    dedup::SimilarNameIndex& names = names_[client.region_id];
    names.Remove(e.client_id);
    names.Add(dedup::NormalizeName(after), e.client_id);
  } else if (e.field == "tax_id") {
    MoveKey(tax_ids_, client.tax_id, after, e.client_id);
    client.tax_id = after;
  } else if (e.field == "address") {
    client.address = after;
  } else if (e.field == "industry") {
    client.industry = after;
  } else if (e.field == "phones") {
    correct_list(client.phones);
    MoveKey(phones_, dedup::NormalizePhone(before), dedup::NormalizePhone(after), e.client_id);
  } else if (e.field == "emails") {
    correct_list(client.emails);
    MoveKey(emails_, dedup::NormalizeEmail(before), dedup::NormalizeEmail(after), e.client_id);
  }
}

void WriteModel::ApplyPersonalDataErased(const PersonalDataErased& e) {
  // The same end state whether the client's texts were read in clear before (live) or
  // never readable (a rebuild after the key was shredded): the lists below are then
  // empty strings, which hold no key.
  Client& client = clients_[e.client_id];
  client.personal_data_erased = true;
  for (const std::string& phone : client.phones) {
    RemoveHolder(phones_, dedup::NormalizePhone(phone), e.client_id);
  }
  for (const std::string& email : client.emails) {
    RemoveHolder(emails_, dedup::NormalizeEmail(email), e.client_id);
  }
  client.phones.clear();
  client.emails.clear();
  client.address.clear();
  // A legal entity's name and tax id are public registry data, in clear in the log; it
  // keeps them, and they keep finding it as a duplicate.
  if (client.kind == ClientKind::kIndividual) {
    auto names = names_.find(client.region_id);
    if (names != names_.end()) names->second.Remove(e.client_id);
    client.name.clear();
    RemoveHolder(tax_ids_, dedup::NormalizeTaxId(client.tax_id), e.client_id);
    client.tax_id.clear();
  }
}

void WriteModel::ApplyContactLogged(const ContactLogged& e, std::int64_t occurred_at_us) {
  Client& client = clients_[e.client_id];
  std::int64_t& last = client.last_contact_by_employee[e.employee_id];
  last = std::max(last, occurred_at_us);
  if (e.outcome == ContactOutcome::kProductSold) {
    ++client.products_held[e.product_code];
  } else if (e.outcome == ContactOutcome::kContractTerminated) {
    auto it = client.products_held.find(e.product_code);
    if (it != client.products_held.end() && --it->second <= 0) client.products_held.erase(it);
  }
  if (e.next_contact_at_us != 0) client.next_contact_due_us = e.next_contact_at_us;
  ++WeekOf(e.employee_id, IsoWeekOf(occurred_at_us)).fact_contacts;
}

void WriteModel::ApplyWorkingDayClosed(const WorkingDayClosed& e) {
  // An employee on track at the end of this day has caught up: a later fall behind is a
  // new crossing. The same state is judged as when the day was decided, so a replay
  // clears exactly the same flags.
  const Branch* branch = FindBranch(e.branch_id);
  if (branch == nullptr) return;
  const IsoWeek iso_week = IsoWeekOf(e.day_start_us);
  const int elapsed = WorkingDaysElapsed(IsoWeekday(e.day_start_us));
  for (const auto& [employee_id, employee] : employees_) {
    if (employee.branch_id != e.branch_id) continue;
    auto it = weeks_.find({employee_id, WeekKey(iso_week)});
    if (it == weeks_.end() || !it->second.deviation_tasked) continue;
    Week& week = it->second;
    if (!BehindPlan(week.planned_contacts, week.fact_contacts, elapsed,
                    branch->plan_deviation_percent)) {
      week.deviation_tasked = false;
    }
  }
}

WriteModel::Week& WriteModel::WeekOf(const std::string& employee_id, const IsoWeek& week) {
  return weeks_[{employee_id, WeekKey(week)}];
}

bool WriteModel::HasRegion(std::string_view region_id) const {
  return regions_.find(region_id) != regions_.end();
}

const WriteModel::Branch* WriteModel::FindBranch(std::string_view branch_id) const {
  return FindIn(branches_, branch_id);
}

bool WriteModel::HasDepartment(std::string_view branch_id, std::string_view department_id) const {
  return departments_.count({std::string(branch_id), std::string(department_id)}) > 0;
}

const std::string* WriteModel::ProductDepartment(std::string_view product_code) const {
  return FindIn(product_departments_, product_code);
}

const WriteModel::Employee* WriteModel::FindEmployee(std::string_view employee_id) const {
  return FindIn(employees_, employee_id);
}

const WriteModel::Client* WriteModel::FindClient(std::string_view client_id) const {
  return FindIn(clients_, client_id);
}

const std::string* WriteModel::ClientWithTaxId(const std::string& tax_id) const {
  return FindKey(tax_ids_, tax_id);
}
const std::string* WriteModel::ClientWithPhone(const std::string& phone) const {
  return FindKey(phones_, phone);
}
const std::string* WriteModel::ClientWithEmail(const std::string& email) const {
  return FindKey(emails_, email);
}

const std::string* WriteModel::ClientWithSimilarName(std::string_view region_id,
                                                     std::string_view normalized_name) const {
  auto region = names_.find(region_id);
  if (region == names_.end()) return nullptr;
  return region->second.FindFirst(normalized_name);
}

const WriteModel::Campaign* WriteModel::FindCampaign(std::string_view campaign_id) const {
  return FindIn(campaigns_, campaign_id);
}

const WriteModel::Task* WriteModel::FindTask(std::string_view task_id) const {
  return FindIn(tasks_, task_id);
}

const WriteModel::Week* WriteModel::FindWeek(std::string_view employee_id,
                                             const IsoWeek& week) const {
  auto it = weeks_.find({std::string(employee_id), WeekKey(week)});
  return it == weeks_.end() ? nullptr : &it->second;
}

}  // namespace prospekt::domain
