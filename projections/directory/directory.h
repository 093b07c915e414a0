// Directory projection: who is who in the bank — regions, branches, departments,
// products, employees (roles, placement, absences and their deputies) and clients
// (kind, name, placement, assignee, status, industry, hand-overs). Access control
// (engine/access/policy.h) decides on it, and the lists the server shows (clients of a
// branch, employees of a branch, the organisation) are answered from it.
//
// Personal data stays as logged: an individual's name is a sealed PersonalText; a name
// filter opens it through a NameOpener the caller holds (the vault), or matches clear
// names only. Access decisions use the directory as it is now, so it keeps only its
// latest snapshot (no "as of"). Pure fold (projection.h); the query functions are pure
// and read the view only (the runner's shared lock covers them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "events/status.h"
#include "projections/projection.h"

namespace prospekt::projections {

struct DirectoryRegion {
  std::string region_id, name;
  bool operator==(const DirectoryRegion&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryRegion> auto& self) {
    return std::tie(self.region_id, self.name);
  }
};

struct DirectoryBranch {
  std::string branch_id, region_id, name;
  bool operator==(const DirectoryBranch&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryBranch> auto& self) {
    return std::tie(self.branch_id, self.region_id, self.name);
  }
};

// A department id is unique within its branch ("loans" in every branch that has one).
struct DirectoryDepartment {
  std::string department_id, branch_id, name;
  bool operator==(const DirectoryDepartment&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryDepartment> auto& self) {
    return std::tie(self.department_id, self.branch_id, self.name);
  }
};

struct DirectoryProduct {
  std::string product_code, name, owning_department;
  bool operator==(const DirectoryProduct&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryProduct> auto& self) {
    return std::tie(self.product_code, self.name, self.owning_department);
  }
};

struct DirectoryAbsence {
  std::int64_t from_us = 0;   // inclusive
  std::int64_t until_us = 0;  // exclusive
  std::string deputy_id, reason;
  bool operator==(const DirectoryAbsence&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryAbsence> auto& self) {
    return std::tie(self.from_us, self.until_us, self.deputy_id, self.reason);
  }
};

struct DirectoryEmployee {
  std::string employee_id, name;
  std::vector<domain::Role> roles;
  std::string branch_id, region_id, department_id;  // "" when not placed in one
  bool left = false;
  std::vector<DirectoryAbsence> absences;  // in the order recorded

  bool HasRole(domain::Role role) const;
  // The absence covering `time_us` (the latest recorded, if several), or nullptr.
  const DirectoryAbsence* AbsenceAt(std::int64_t time_us) const;

  bool operator==(const DirectoryEmployee&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryEmployee> auto& self) {
    return std::tie(self.employee_id, self.name, self.roles, self.branch_id, self.region_id,
                    self.department_id, self.left, self.absences);
  }
};

struct DirectoryClient {
  std::string client_id;
  domain::ClientKind kind = domain::ClientKind::kLegalEntity;
  domain::PersonalText name;  // clear for legal entities, sealed for individuals
  std::string branch_id, region_id;
  std::string assigned_employee_id;  // "" when unassigned
  domain::ClientStatus status = domain::ClientStatus::kNewClient;
  std::string industry;
  // Hand-overs to departments of the client's branch: department -> the specialist who
  // accepted it ("" while it waits). A returned hand-over is removed.
  std::map<std::string, std::string> hand_overs;
  std::string merged_into;  // the survivor, when merged as a duplicate
  bool personal_data_erased = false;
  // dedup::NormalizeName of a clear name, for the name filter; "" for a sealed one.
  std::string name_key;

  bool operator==(const DirectoryClient&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryClient> auto& self) {
    return std::tie(self.client_id, self.kind, self.name, self.branch_id, self.region_id,
                    self.assigned_employee_id, self.status, self.industry, self.hand_overs,
                    self.merged_into, self.personal_data_erased, self.name_key);
  }
};

using IdSet = std::set<std::string, std::less<>>;

struct DirectoryView {
  std::map<std::string, DirectoryRegion, std::less<>> regions;
  std::map<std::string, DirectoryBranch, std::less<>> branches;
  std::map<std::pair<std::string, std::string>, DirectoryDepartment> departments;  // (branch, id)
  std::map<std::string, DirectoryProduct, std::less<>> products;
  std::map<std::string, DirectoryEmployee, std::less<>> employees;
  std::map<std::string, DirectoryClient, std::less<>> clients;
  // Indexes, kept by the fold: branch -> its clients; employee -> the clients assigned
  // to them; deputy -> the employees whose absences named them (at any time).
  std::map<std::string, IdSet, std::less<>> clients_by_branch;
  std::map<std::string, IdSet, std::less<>> clients_by_assignee;
  std::map<std::string, IdSet, std::less<>> absences_by_deputy;

  bool operator==(const DirectoryView&) const = default;
  friend auto Fields(internal::FieldsOf<DirectoryView> auto& self) {
    return std::tie(self.regions, self.branches, self.departments, self.products, self.employees,
                    self.clients, self.clients_by_branch, self.clients_by_assignee,
                    self.absences_by_deputy);
  }
};

void Evolve(DirectoryView& view, const Envelope& envelope, const domain::DomainEvent& event);

inline constexpr ProjectionId kDirectory{"directory", 1, SnapshotRetention::kLatest};

// ---------------------------------------------------------------- look-ups

// nullptr for an id the log does not know.
const DirectoryEmployee* FindEmployee(const DirectoryView& view, std::string_view employee_id);
const DirectoryClient* FindClient(const DirectoryView& view, std::string_view client_id);
const DirectoryBranch* FindBranch(const DirectoryView& view, std::string_view branch_id);

// The employees `employee_id` deputises for at `time_us`: those absent then whose
// absence names them as deputy (and who have not left), by id.
std::vector<const DirectoryEmployee*> DeputisedAt(const DirectoryView& view,
                                                  std::string_view employee_id,
                                                  std::int64_t time_us);

// ---------------------------------------------------------------- lists

// Opens a sealed name (the vault's Open: the text; nullopt once the client's data is
// erased; Corruption for damaged bytes). A clear name is never passed to it.
using NameOpener = std::function<Result<std::optional<std::string>>(
    std::string_view client_id, const domain::PersonalText& name)>;

inline constexpr std::size_t kMaxListLimit = 1000;

// Every member has a default, so designated initializers may name only some.
struct ClientQuery {
  std::string branch_id{};    // "" for every branch
  std::string assigned_to{};  // "" for any assignee (or none)
  // Case-insensitive: the filter and each name are compared in dedup::NormalizeName's
  // form (lower case, ё as е, punctuation as spaces, legal-form words dropped), the
  // filter's form a substring of the name's. A filter of only legal-form words or
  // punctuation filters nothing. Sealed names match only through a NameOpener.
  std::string name_contains{};
  std::size_t limit = 100;  // 1..kMaxListLimit
};

struct ClientList {
  std::vector<DirectoryClient> clients;  // by client id
  bool truncated = false;                // more clients matched than `limit`
};

// The clients matching every filter of `query`, by id, at most `limit` of them.
// InvalidArgument (field "limit") for a limit outside 1..kMaxListLimit; the opener's
// error (Corruption) when a sealed name cannot be read.
Result<ClientList> FindClients(const DirectoryView& view, const ClientQuery& query,
                               const NameOpener& open_name = {});

// The employees of `branch_id` ("" for the whole bank), leavers included, by id.
std::vector<DirectoryEmployee> EmployeesOf(const DirectoryView& view, std::string_view branch_id);

struct Organisation {
  std::vector<DirectoryRegion> regions;          // by id
  std::vector<DirectoryBranch> branches;         // by id
  std::vector<DirectoryDepartment> departments;  // by branch, then id
  std::vector<DirectoryProduct> products;        // by code
};
Organisation OrganisationOf(const DirectoryView& view);

}  // namespace prospekt::projections
