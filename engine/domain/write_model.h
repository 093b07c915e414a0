// WriteModel: the facts the business rules decide on, folded from the domain events of
// the log (the "evolve" half of the Decider pattern; decide.h is the other half).
//
// It holds only what a rule needs: the organisation (regions, branches and their
// settings, departments, products and their owning departments, employees, absences),
// clients (branch, region, status, details, assignment, products held, registration
// time, each employee's last contact, the open next contact, waiting hand-overs, links,
// a merge into a survivor and the duplicates merged into it, whether its personal data
// was erased), the duplicate-detection keys, tasks and whether they are
// open, campaigns and their enrolled clients, and weekly plans and facts with the
// plan-deviation crossings already tasked. Apply is the one way in; it does no
// I/O and never reads the clock, so a replay of the same log builds the same model.
// Apply trusts its events (they passed the rules when decided) and ignores those the
// rules do not need. Not thread-safe: the Executor touches it only on the store's
// sequencer thread (or before the store takes appends).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/domain/dedup/similar_name_index.h"
#include "events/domain_events.h"

namespace prospekt::domain {

class WriteModel {
 public:
  struct Branch {
    std::string region_id;
    std::uint16_t dont_disturb_days = 7;
    std::uint8_t plan_deviation_percent = 30;
    bool operator==(const Branch&) const = default;
  };
  struct Employee {
    std::vector<Role> roles;
    std::string branch_id, department_id;
    bool left = false;
    std::vector<AbsenceRecorded> absences;
    bool HasRole(Role role) const;
    // Whether the employee is absent at `time_us`, and if so who deputises.
    const AbsenceRecorded* AbsenceAt(std::int64_t time_us) const;
    bool operator==(const Employee&) const = default;
  };
  struct Client {
    std::string branch_id, region_id;
    ClientKind kind = ClientKind::kLegalEntity;
    std::string assigned_employee_id;          // "" when unassigned
    std::map<std::string, int> products_held;  // sold minus terminated, only counts > 0
    std::int64_t registered_at_us = 0;
    // The latest occurred_at of a contact, per employee it counts for.
    std::map<std::string, std::int64_t> last_contact_by_employee;
    // The agreed next contact still open (not done, not cancelled); 0 when none. A later
    // agreement replaces an earlier one.
    std::int64_t next_contact_due_us = 0;
    // Hand-overs waiting for their department: department -> product handed over.
    std::map<std::string, std::string, std::less<>> waiting_hand_overs;
    ClientStatus status = ClientStatus::kNewClient;
    // The details as last registered or corrected, in clear (the Executor opens sealed
    // texts before folding; a text whose key is gone reads as ""). Once the personal
    // data is erased: phones, e-mails and address are empty, and so are an individual's
    // name and tax id; a legal entity keeps its name and tax id (not personal data).
    std::string name, tax_id, address, industry;
    std::vector<std::string> phones, emails;
    bool personal_data_erased = false;
    // Linked clients: other client id -> relation (kept on both sides).
    std::map<std::string, ClientRelation, std::less<>> links;
    // The survivor this client was merged into as a duplicate; "" when not merged.
    std::string merged_into;
    // The clients merged into this one as duplicates (standing merges only).
    std::set<std::string, std::less<>> duplicates;
    bool operator==(const Client&) const = default;
  };
  struct Task {
    std::string employee_id, client_id;
    TaskKind kind = TaskKind::kManual;
    bool open = true;
    bool operator==(const Task&) const = default;
  };
  // One employee's ISO week.
  struct Week {
    bool has_plan = false;
    std::uint32_t planned_contacts = 0;
    std::uint32_t fact_contacts = 0;
    // A plan-deviation task was assigned and the employee has not caught up since: the
    // current crossing is already tasked. Set by TaskAssigned, cleared by a closed
    // working day on which the employee was on track again.
    bool deviation_tasked = false;
    std::uint32_t deviation_tasks = 0;  // all tasks of the week, for their ids
    bool operator==(const Week&) const = default;
  };

  // Folds one event. `occurred_at_us` is its envelope's occurred_at (a contact's
  // business time; the decision's time otherwise).
  void Apply(const DomainEvent& event, std::int64_t occurred_at_us);

  bool HasRegion(std::string_view region_id) const;
  const Branch* FindBranch(std::string_view branch_id) const;
  bool HasDepartment(std::string_view branch_id, std::string_view department_id) const;
  // The owning department of a product; nullptr for an unknown product.
  const std::string* ProductDepartment(std::string_view product_code) const;
  const Employee* FindEmployee(std::string_view employee_id) const;
  const Client* FindClient(std::string_view client_id) const;
  // The clients, by id (for Executor::Open, which finishes erasures a crash cut short).
  const std::map<std::string, Client, std::less<>>& clients() const { return clients_; }
  // The employees, by id (for rules over a branch's staff).
  const std::map<std::string, Employee, std::less<>>& employees() const { return employees_; }

  // The client holding a duplicate key, or nullptr. Keys are normal forms
  // (dedup::NormalizeTaxId, NormalizePhone, NormalizeEmail, NormalizeName). Of several
  // holders (forced registrations share keys) the one that took the key first answers.
  // A client whose personal data was erased holds no phone, e-mail or name key any
  // more, nor, for an individual, a tax id.
  const std::string* ClientWithTaxId(const std::string& tax_id) const;
  const std::string* ClientWithPhone(const std::string& phone) const;
  const std::string* ClientWithEmail(const std::string& email) const;
  // The first client of `region_id` whose normalised name is nearly identical.
  const std::string* ClientWithSimilarName(std::string_view region_id,
                                           std::string_view normalized_name) const;

  struct Campaign {
    std::string branch_id;
    bool open = true;
    std::set<std::string, std::less<>> enrolled;  // client ids
    bool operator==(const Campaign&) const = default;
  };
  const Campaign* FindCampaign(std::string_view campaign_id) const;

  // The task, or nullptr for an unknown task id.
  const Task* FindTask(std::string_view task_id) const;

  // The employee's week, or nullptr when nothing is recorded for it.
  const Week* FindWeek(std::string_view employee_id, const IsoWeek& week) const;

  // Equal when every fact is equal: a model loaded from a snapshot must equal the model
  // folded from the same log (tests/engine/domain/write_model_snapshot_test.cc).
  bool operator==(const WriteModel&) const = default;

 private:
  // The snapshot codec (write_model_snapshot.h) reads and writes every member below.
  friend struct WriteModelFields;

  void ApplyClientRegistered(const ClientRegistered& event, std::int64_t occurred_at_us);
  void ApplyDetailsCorrected(const ClientDetailsCorrected& event);
  void ApplyPersonalDataErased(const PersonalDataErased& event);
  void ApplyContactLogged(const ContactLogged& event, std::int64_t occurred_at_us);
  void ApplyWorkingDayClosed(const WorkingDayClosed& event);
  Week& WeekOf(const std::string& employee_id, const IsoWeek& week);

  std::map<std::string, std::string, std::less<>> regions_;  // id -> name
  std::map<std::string, Branch, std::less<>> branches_;
  std::map<std::pair<std::string, std::string>, std::string> departments_;  // (branch, dept)
  std::map<std::string, std::string, std::less<>> product_departments_;
  std::map<std::string, Employee, std::less<>> employees_;
  std::map<std::string, Client, std::less<>> clients_;
  std::map<std::string, Task, std::less<>> tasks_;
  std::map<std::string, Campaign, std::less<>> campaigns_;
  // Duplicate keys -> every client holding them, in the order they took them; the first
  // answers. All holders are kept, not only the first, so that when the first lets a key
  // go (a correction, an erasure) the next holder answers: a live model and one rebuilt
  // from the log (where an erased client's keys were never readable) then agree.
  using KeyIndex = std::unordered_map<std::string, std::vector<std::string>>;
  KeyIndex tax_ids_, phones_, emails_;
  // region -> its clients' normalised names, in registration order (a corrected name
  // moves to the end; an erased individual's name is removed).
  std::map<std::string, dedup::SimilarNameIndex, std::less<>> names_;
  // (employee, WeekKey) -> week.
  std::map<std::pair<std::string, std::int32_t>, Week> weeks_;
};

}  // namespace prospekt::domain
