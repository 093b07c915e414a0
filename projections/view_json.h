// JSON rendering of projection query results, for the CLI and the HTTP API.
//
// Field names are snake_case like DomainEventToJson's; enums are their JSON names; a
// time `x_us` appears as "x_us" and as "x" (ISO-8601 UTC, null when 0). Personal data
// renders as its text when clear and as {"sealed": true} otherwise: opening it is the
// caller's business (it holds the vault). Pure and thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "projections/agenda/agenda.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/client_card/client_card.h"
#include "projections/compliance/compliance.h"
#include "projections/directory/directory.h"
#include "projections/employee_history/employee_history.h"
#include "projections/head_office/head_office.h"
#include "projections/industry_analysis/industry_analysis.h"

namespace prospekt::projections {

nlohmann::json ToJson(const BranchDashboard& dashboard);
nlohmann::json ToJson(const ClientCard& card);
nlohmann::json ToJson(const Agenda& agenda);
nlohmann::json ToJson(const std::vector<HistoryEntry>& history);
nlohmann::json ToJson(const HeadOfficeReport& report);
nlohmann::json ToJson(const std::vector<IndustryRow>& report);
nlohmann::json ToJson(const ComplianceReport& report);
// The directory's lists: {"clients": [...], "truncated"}, an array of employees (with
// their absences), and {"regions", "branches", "departments", "products"}.
nlohmann::json ToJson(const ClientList& list);
nlohmann::json ToJson(const std::vector<DirectoryEmployee>& employees);
nlohmann::json ToJson(const Organisation& organisation);

}  // namespace prospekt::projections
