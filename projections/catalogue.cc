#include "projections/catalogue.h"

#include "projections/agenda/agenda.h"
#include "projections/audit_trail/audit_trail.h"
#include "projections/branch_dashboard/branch_dashboard.h"
#include "projections/client_card/client_card.h"
#include "projections/compliance/compliance.h"
#include "projections/directory/directory.h"
#include "projections/employee_history/employee_history.h"
#include "projections/head_office/head_office.h"
#include "projections/industry_analysis/industry_analysis.h"

namespace prospekt::projections {

std::vector<std::unique_ptr<Projection>> AllProjections() {
  std::vector<std::unique_ptr<Projection>> all;
  all.push_back(std::make_unique<FoldProjection<BranchDashboardsView>>(kBranchDashboards));
  all.push_back(std::make_unique<FoldProjection<AuditTrailView>>(kClientAuditTrail));
  all.push_back(std::make_unique<FoldProjection<EmployeeHistoryView>>(kEmployeeHistory));
  all.push_back(std::make_unique<FoldProjection<ClientCardsView>>(kClientCards));
  all.push_back(std::make_unique<FoldProjection<AgendaView>>(kAgenda));
  all.push_back(std::make_unique<FoldProjection<HeadOfficeView>>(kHeadOffice));
  all.push_back(std::make_unique<FoldProjection<IndustryAnalysisView>>(kIndustryAnalysis));
  all.push_back(std::make_unique<FoldProjection<ComplianceView>>(kCompliance));
  all.push_back(std::make_unique<FoldProjection<DirectoryView>>(kDirectory));
  return all;
}

}  // namespace prospekt::projections
