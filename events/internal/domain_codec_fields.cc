// Each event has a Write (ours -> builder) and a Read (reader -> ours), side by side so a
// new field is added to both. Reads use designated initializers: with -Wextra the
// compiler reports a field left out.
#include "events/internal/domain_codec_fields.h"

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "events/internal/domain_enums.h"

namespace prospekt::internal {
namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
// Spelled out for clang-tidy's clang, which lacks C++20 aggregate deduction.
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// ---------------------------------------------------------------- scalars and lists

kj::StringPtr Text(const std::string& s) { return {s.c_str(), s.size()}; }

std::string Str(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

capnp::Data::Reader Bytes(const std::string& s) {
  return {reinterpret_cast<const kj::byte*>(s.data()), s.size()};
}

std::string Str(capnp::Data::Reader data) {
  return {reinterpret_cast<const char*>(data.begin()), data.size()};
}

// Cap'n Proto list sizes are 29-bit; the store's 64 KiB payload limit keeps lists far
// below that, and Cap'n Proto itself throws on an oversized list.
unsigned ListSize(std::size_t size) { return static_cast<unsigned>(size); }

void SetTexts(capnp::List<capnp::Text>::Builder out, const std::vector<std::string>& in) {
  for (unsigned i = 0; i < out.size(); ++i) out.set(i, Text(in[i]));
}

std::vector<std::string> GetTexts(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (capnp::Text::Reader text : in) out.push_back(Str(text));
  return out;
}

void SetRoles(capnp::List<schema::Role>::Builder out, const std::vector<domain::Role>& in) {
  for (unsigned i = 0; i < out.size(); ++i) out.set(i, ToSchema(in[i]));
}

std::vector<domain::Role> GetRoles(capnp::List<schema::Role>::Reader in) {
  std::vector<domain::Role> out;
  out.reserve(in.size());
  for (schema::Role role : in) out.push_back(FromSchema(role));
  return out;
}

// ---------------------------------------------------------------- common values

void Write(const domain::IsoWeek& e, schema::IsoWeek::Builder b) {
  b.setYear(e.year);
  b.setWeek(e.week);
}
domain::IsoWeek Read(schema::IsoWeek::Reader r) {
  return {.year = r.getYear(), .week = r.getWeek()};
}

void Write(const domain::Money& e, schema::Money::Builder b) {
  b.setMinorUnits(e.minor_units);
  b.setCurrency(Text(e.currency));
}
domain::Money Read(schema::Money::Reader r) {
  return {.minor_units = r.getMinorUnits(), .currency = Str(r.getCurrency())};
}

void Write(const domain::PersonalText& e, schema::PersonalText::Builder b) {
  if (e.form == domain::PersonalText::Form::kSealed) {
    b.setSealed(Bytes(e.bytes));
  } else {
    b.setClear(Text(e.bytes));
  }
}
domain::PersonalText Read(schema::PersonalText::Reader r) {
  using Form = domain::PersonalText::Form;
  switch (r.which()) {
    case schema::PersonalText::CLEAR:
      return {.form = Form::kClear, .bytes = Str(r.getClear())};
    case schema::PersonalText::SEALED:
      return {.form = Form::kSealed, .bytes = Str(r.getSealed())};
  }
  throw UnknownValue("unknown PersonalText form (ordinal " +
                     std::to_string(static_cast<unsigned>(r.which())) + ")");
}

void SetPersonalTexts(capnp::List<schema::PersonalText>::Builder out,
                      const std::vector<domain::PersonalText>& in) {
  for (unsigned i = 0; i < out.size(); ++i) Write(in[i], out[i]);
}

std::vector<domain::PersonalText> GetPersonalTexts(capnp::List<schema::PersonalText>::Reader in) {
  std::vector<domain::PersonalText> out;
  out.reserve(in.size());
  for (schema::PersonalText::Reader text : in) out.push_back(Read(text));
  return out;
}

// ---------------------------------------------------------------- organisation

void Write(const domain::RegionOpened& e, schema::RegionOpened::Builder b) {
  b.setRegionId(Text(e.region_id));
  b.setName(Text(e.name));
}
domain::RegionOpened Read(schema::RegionOpened::Reader r) {
  return {.region_id = Str(r.getRegionId()), .name = Str(r.getName())};
}

void Write(const domain::BranchOpened& e, schema::BranchOpened::Builder b) {
  b.setBranchId(Text(e.branch_id));
  b.setRegionId(Text(e.region_id));
  b.setName(Text(e.name));
}
domain::BranchOpened Read(schema::BranchOpened::Reader r) {
  return {.branch_id = Str(r.getBranchId()),
          .region_id = Str(r.getRegionId()),
          .name = Str(r.getName())};
}

void Write(const domain::DepartmentOpened& e, schema::DepartmentOpened::Builder b) {
  b.setDepartmentId(Text(e.department_id));
  b.setBranchId(Text(e.branch_id));
  b.setName(Text(e.name));
}
domain::DepartmentOpened Read(schema::DepartmentOpened::Reader r) {
  return {.department_id = Str(r.getDepartmentId()),
          .branch_id = Str(r.getBranchId()),
          .name = Str(r.getName())};
}

void Write(const domain::ProductDefined& e, schema::ProductDefined::Builder b) {
  b.setProductCode(Text(e.product_code));
  b.setName(Text(e.name));
  b.setOwningDepartment(Text(e.owning_department));
}
domain::ProductDefined Read(schema::ProductDefined::Reader r) {
  return {.product_code = Str(r.getProductCode()),
          .name = Str(r.getName()),
          .owning_department = Str(r.getOwningDepartment())};
}

void Write(const domain::EmployeeHired& e, schema::EmployeeHired::Builder b) {
  b.setEmployeeId(Text(e.employee_id));
  b.setName(Text(e.name));
  SetRoles(b.initRoles(ListSize(e.roles.size())), e.roles);
  b.setBranchId(Text(e.branch_id));
  b.setDepartmentId(Text(e.department_id));
}
domain::EmployeeHired Read(schema::EmployeeHired::Reader r) {
  return {.employee_id = Str(r.getEmployeeId()),
          .name = Str(r.getName()),
          .roles = GetRoles(r.getRoles()),
          .branch_id = Str(r.getBranchId()),
          .department_id = Str(r.getDepartmentId())};
}

void Write(const domain::EmployeeRoleChanged& e, schema::EmployeeRoleChanged::Builder b) {
  b.setEmployeeId(Text(e.employee_id));
  SetRoles(b.initRoles(ListSize(e.roles.size())), e.roles);
}
domain::EmployeeRoleChanged Read(schema::EmployeeRoleChanged::Reader r) {
  return {.employee_id = Str(r.getEmployeeId()), .roles = GetRoles(r.getRoles())};
}

void Write(const domain::EmployeeTransferred& e, schema::EmployeeTransferred::Builder b) {
  b.setEmployeeId(Text(e.employee_id));
  b.setBranchId(Text(e.branch_id));
  b.setDepartmentId(Text(e.department_id));
}
domain::EmployeeTransferred Read(schema::EmployeeTransferred::Reader r) {
  return {.employee_id = Str(r.getEmployeeId()),
          .branch_id = Str(r.getBranchId()),
          .department_id = Str(r.getDepartmentId())};
}

void Write(const domain::EmployeeLeft& e, schema::EmployeeLeft::Builder b) {
  b.setEmployeeId(Text(e.employee_id));
}
domain::EmployeeLeft Read(schema::EmployeeLeft::Reader r) {
  return {.employee_id = Str(r.getEmployeeId())};
}

void Write(const domain::AbsenceRecorded& e, schema::AbsenceRecorded::Builder b) {
  b.setEmployeeId(Text(e.employee_id));
  b.setFromUs(e.from_us);
  b.setUntilUs(e.until_us);
  b.setDeputyId(Text(e.deputy_id));
  b.setReason(Text(e.reason));
}
domain::AbsenceRecorded Read(schema::AbsenceRecorded::Reader r) {
  return {.employee_id = Str(r.getEmployeeId()),
          .from_us = r.getFromUs(),
          .until_us = r.getUntilUs(),
          .deputy_id = Str(r.getDeputyId()),
          .reason = Str(r.getReason())};
}

void Write(const domain::BranchSettingsChanged& e, schema::BranchSettingsChanged::Builder b) {
  b.setBranchId(Text(e.branch_id));
  b.setDontDisturbDays(e.dont_disturb_days);
  b.setPlanDeviationPercent(e.plan_deviation_percent);
}
domain::BranchSettingsChanged Read(schema::BranchSettingsChanged::Reader r) {
  return {.branch_id = Str(r.getBranchId()),
          .dont_disturb_days = r.getDontDisturbDays(),
          .plan_deviation_percent = r.getPlanDeviationPercent()};
}

// ---------------------------------------------------------------- clients

void Write(const domain::ContactData& e, schema::ContactData::Builder b) {
  SetPersonalTexts(b.initPhones(ListSize(e.phones.size())), e.phones);
  SetPersonalTexts(b.initEmails(ListSize(e.emails.size())), e.emails);
  Write(e.address, b.initAddress());
}
domain::ContactData Read(schema::ContactData::Reader r) {
  return {.phones = GetPersonalTexts(r.getPhones()),
          .emails = GetPersonalTexts(r.getEmails()),
          .address = Read(r.getAddress())};
}

void Write(const domain::ClientRegistered& e, schema::ClientRegistered::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setKind(ToSchema(e.kind));
  Write(e.name, b.initName());
  b.setTaxId(Text(e.tax_id));
  Write(e.contact, b.initContact());
  b.setIndustry(Text(e.industry));
  b.setBranchId(Text(e.branch_id));
  b.setRegionId(Text(e.region_id));
  b.setSource(ToSchema(e.source));
  b.setStatus(ToSchema(e.status));
  b.setForcedOverDuplicateOf(Text(e.forced_over_duplicate_of));
}
domain::ClientRegistered Read(schema::ClientRegistered::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .kind = FromSchema(r.getKind()),
          .name = Read(r.getName()),
          .tax_id = Str(r.getTaxId()),
          .contact = Read(r.getContact()),
          .industry = Str(r.getIndustry()),
          .branch_id = Str(r.getBranchId()),
          .region_id = Str(r.getRegionId()),
          .source = FromSchema(r.getSource()),
          .status = FromSchema(r.getStatus()),
          .forced_over_duplicate_of = Str(r.getForcedOverDuplicateOf())};
}

void Write(const domain::ClientDetailsCorrected& e, schema::ClientDetailsCorrected::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setField(Text(e.field));
  Write(e.before, b.initBefore());
  Write(e.after, b.initAfter());
}
domain::ClientDetailsCorrected Read(schema::ClientDetailsCorrected::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .field = Str(r.getField()),
          .before = Read(r.getBefore()),
          .after = Read(r.getAfter())};
}

void Write(const domain::ClientStatusChanged& e, schema::ClientStatusChanged::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setFrom(ToSchema(e.from));
  b.setTo(ToSchema(e.to));
}
domain::ClientStatusChanged Read(schema::ClientStatusChanged::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .from = FromSchema(r.getFrom()),
          .to = FromSchema(r.getTo())};
}

void Write(const domain::ClientsLinked& e, schema::ClientsLinked::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setOtherClientId(Text(e.other_client_id));
  b.setRelation(ToSchema(e.relation));
}
domain::ClientsLinked Read(schema::ClientsLinked::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .other_client_id = Str(r.getOtherClientId()),
          .relation = FromSchema(r.getRelation())};
}

void Write(const domain::ClientsUnlinked& e, schema::ClientsUnlinked::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setOtherClientId(Text(e.other_client_id));
}
domain::ClientsUnlinked Read(schema::ClientsUnlinked::Reader r) {
  return {.client_id = Str(r.getClientId()), .other_client_id = Str(r.getOtherClientId())};
}

void Write(const domain::ClientMergedAsDuplicate& e, schema::ClientMergedAsDuplicate::Builder b) {
  b.setDuplicateId(Text(e.duplicate_id));
  b.setSurvivorId(Text(e.survivor_id));
}
domain::ClientMergedAsDuplicate Read(schema::ClientMergedAsDuplicate::Reader r) {
  return {.duplicate_id = Str(r.getDuplicateId()), .survivor_id = Str(r.getSurvivorId())};
}

void Write(const domain::ClientUnmerged& e, schema::ClientUnmerged::Builder b) {
  b.setDuplicateId(Text(e.duplicate_id));
  b.setSurvivorId(Text(e.survivor_id));
}
domain::ClientUnmerged Read(schema::ClientUnmerged::Reader r) {
  return {.duplicate_id = Str(r.getDuplicateId()), .survivor_id = Str(r.getSurvivorId())};
}

void Write(const domain::PersonalDataErased& e, schema::PersonalDataErased::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setReason(Text(e.reason));
}
domain::PersonalDataErased Read(schema::PersonalDataErased::Reader r) {
  return {.client_id = Str(r.getClientId()), .reason = Str(r.getReason())};
}

// ---------------------------------------------------------------- work

void Write(const domain::ClientAssigned& e, schema::ClientAssigned::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setEmployeeId(Text(e.employee_id));
  SetTexts(b.initProducts(ListSize(e.products.size())), e.products);
}
domain::ClientAssigned Read(schema::ClientAssigned::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .employee_id = Str(r.getEmployeeId()),
          .products = GetTexts(r.getProducts())};
}

void Write(const domain::ClientReassigned& e, schema::ClientReassigned::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setFromEmployeeId(Text(e.from_employee_id));
  b.setToEmployeeId(Text(e.to_employee_id));
  SetTexts(b.initProducts(ListSize(e.products.size())), e.products);
}
domain::ClientReassigned Read(schema::ClientReassigned::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .from_employee_id = Str(r.getFromEmployeeId()),
          .to_employee_id = Str(r.getToEmployeeId()),
          .products = GetTexts(r.getProducts())};
}

void Write(const domain::ClientUnassigned& e, schema::ClientUnassigned::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setEmployeeId(Text(e.employee_id));
}
domain::ClientUnassigned Read(schema::ClientUnassigned::Reader r) {
  return {.client_id = Str(r.getClientId()), .employee_id = Str(r.getEmployeeId())};
}

void Write(const domain::WeeklyPlanSet& e, schema::WeeklyPlanSet::Builder b) {
  b.setEmployeeId(Text(e.employee_id));
  b.setBranchId(Text(e.branch_id));
  Write(e.week, b.initWeek());
  b.setContacts(e.contacts);
  auto sales = b.initSales(ListSize(e.sales.size()));
  for (unsigned i = 0; i < sales.size(); ++i) {
    sales[i].setProductCode(Text(e.sales[i].product_code));
    sales[i].setSales(e.sales[i].sales);
  }
  Write(e.volume, b.initVolume());
}
domain::WeeklyPlanSet Read(schema::WeeklyPlanSet::Reader r) {
  std::vector<domain::ProductTarget> sales;
  sales.reserve(r.getSales().size());
  for (schema::ProductTarget::Reader target : r.getSales()) {
    sales.push_back({.product_code = Str(target.getProductCode()), .sales = target.getSales()});
  }
  return {.employee_id = Str(r.getEmployeeId()),
          .branch_id = Str(r.getBranchId()),
          .week = Read(r.getWeek()),
          .contacts = r.getContacts(),
          .sales = std::move(sales),
          .volume = Read(r.getVolume())};
}

void Write(const domain::ContactLogged& e, schema::ContactLogged::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setEmployeeId(Text(e.employee_id));
  b.setType(ToSchema(e.type));
  b.setOutcome(ToSchema(e.outcome));
  b.setProductCode(Text(e.product_code));
  Write(e.amount, b.initAmount());
  b.setRefusalReason(ToSchema(e.refusal_reason));
  b.setRefusalText(Text(e.refusal_text));
  b.setNote(Text(e.note));
  b.setNextContactAtUs(e.next_contact_at_us);
}
domain::ContactLogged Read(schema::ContactLogged::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .employee_id = Str(r.getEmployeeId()),
          .type = FromSchema(r.getType()),
          .outcome = FromSchema(r.getOutcome()),
          .product_code = Str(r.getProductCode()),
          .amount = Read(r.getAmount()),
          .refusal_reason = FromSchema(r.getRefusalReason()),
          .refusal_text = Str(r.getRefusalText()),
          .note = Str(r.getNote()),
          .next_contact_at_us = r.getNextContactAtUs()};
}

void Write(const domain::DontDisturbWarned& e, schema::DontDisturbWarned::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setWarnedEmployeeId(Text(e.warned_employee_id));
  b.setColleagueId(Text(e.colleague_id));
  b.setColleagueContactAtUs(e.colleague_contact_at_us);
  b.setAction(Text(e.action));
}
domain::DontDisturbWarned Read(schema::DontDisturbWarned::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .warned_employee_id = Str(r.getWarnedEmployeeId()),
          .colleague_id = Str(r.getColleagueId()),
          .colleague_contact_at_us = r.getColleagueContactAtUs(),
          .action = Str(r.getAction())};
}

void Write(const domain::NextContactDone& e, schema::NextContactDone::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setDueAtUs(e.due_at_us);
}
domain::NextContactDone Read(schema::NextContactDone::Reader r) {
  return {.client_id = Str(r.getClientId()), .due_at_us = r.getDueAtUs()};
}

void Write(const domain::NextContactCancelled& e, schema::NextContactCancelled::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setDueAtUs(e.due_at_us);
  b.setReason(Text(e.reason));
}
domain::NextContactCancelled Read(schema::NextContactCancelled::Reader r) {
  return {
      .client_id = Str(r.getClientId()), .due_at_us = r.getDueAtUs(), .reason = Str(r.getReason())};
}

void Write(const domain::HandedOver& e, schema::HandedOver::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setDepartment(Text(e.department));
  b.setProductCode(Text(e.product_code));
  b.setFromEmployeeId(Text(e.from_employee_id));
  b.setAutomatic(e.automatic);
}
domain::HandedOver Read(schema::HandedOver::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .department = Str(r.getDepartment()),
          .product_code = Str(r.getProductCode()),
          .from_employee_id = Str(r.getFromEmployeeId()),
          .automatic = r.getAutomatic()};
}

void Write(const domain::HandOverAccepted& e, schema::HandOverAccepted::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setDepartment(Text(e.department));
  b.setSpecialistId(Text(e.specialist_id));
}
domain::HandOverAccepted Read(schema::HandOverAccepted::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .department = Str(r.getDepartment()),
          .specialist_id = Str(r.getSpecialistId())};
}

void Write(const domain::HandOverReturned& e, schema::HandOverReturned::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setDepartment(Text(e.department));
  b.setReason(Text(e.reason));
}
domain::HandOverReturned Read(schema::HandOverReturned::Reader r) {
  return {.client_id = Str(r.getClientId()),
          .department = Str(r.getDepartment()),
          .reason = Str(r.getReason())};
}

void Write(const domain::TaskAssigned& e, schema::TaskAssigned::Builder b) {
  b.setTaskId(Text(e.task_id));
  b.setEmployeeId(Text(e.employee_id));
  b.setKind(ToSchema(e.kind));
  b.setClientId(Text(e.client_id));
  Write(e.week, b.initWeek());
  b.setDueAtUs(e.due_at_us);
  b.setText(Text(e.text));
}
domain::TaskAssigned Read(schema::TaskAssigned::Reader r) {
  return {.task_id = Str(r.getTaskId()),
          .employee_id = Str(r.getEmployeeId()),
          .kind = FromSchema(r.getKind()),
          .client_id = Str(r.getClientId()),
          .week = Read(r.getWeek()),
          .due_at_us = r.getDueAtUs(),
          .text = Str(r.getText())};
}

void Write(const domain::TaskCompleted& e, schema::TaskCompleted::Builder b) {
  b.setTaskId(Text(e.task_id));
  b.setEmployeeId(Text(e.employee_id));
  b.setNote(Text(e.note));
}
domain::TaskCompleted Read(schema::TaskCompleted::Reader r) {
  return {.task_id = Str(r.getTaskId()),
          .employee_id = Str(r.getEmployeeId()),
          .note = Str(r.getNote())};
}

void Write(const domain::CampaignLaunched& e, schema::CampaignLaunched::Builder b) {
  b.setCampaignId(Text(e.campaign_id));
  b.setBranchId(Text(e.branch_id));
  b.setName(Text(e.name));
  SetTexts(b.initProducts(ListSize(e.products.size())), e.products);
  b.setFromUs(e.from_us);
  b.setUntilUs(e.until_us);
}
domain::CampaignLaunched Read(schema::CampaignLaunched::Reader r) {
  return {.campaign_id = Str(r.getCampaignId()),
          .branch_id = Str(r.getBranchId()),
          .name = Str(r.getName()),
          .products = GetTexts(r.getProducts()),
          .from_us = r.getFromUs(),
          .until_us = r.getUntilUs()};
}

void Write(const domain::ClientEnrolled& e, schema::ClientEnrolled::Builder b) {
  b.setCampaignId(Text(e.campaign_id));
  b.setClientId(Text(e.client_id));
}
domain::ClientEnrolled Read(schema::ClientEnrolled::Reader r) {
  return {.campaign_id = Str(r.getCampaignId()), .client_id = Str(r.getClientId())};
}

void Write(const domain::CampaignClosed& e, schema::CampaignClosed::Builder b) {
  b.setCampaignId(Text(e.campaign_id));
}
domain::CampaignClosed Read(schema::CampaignClosed::Reader r) {
  return {.campaign_id = Str(r.getCampaignId())};
}

void Write(const domain::SatisfactionScored& e, schema::SatisfactionScored::Builder b) {
  b.setClientId(Text(e.client_id));
  b.setScore(e.score);
  b.setComment(Text(e.comment));
}
domain::SatisfactionScored Read(schema::SatisfactionScored::Reader r) {
  return {.client_id = Str(r.getClientId()), .score = r.getScore(), .comment = Str(r.getComment())};
}

void Write(const domain::WorkingDayClosed& e, schema::WorkingDayClosed::Builder b) {
  b.setBranchId(Text(e.branch_id));
  b.setDayStartUs(e.day_start_us);
}
domain::WorkingDayClosed Read(schema::WorkingDayClosed::Reader r) {
  return {.branch_id = Str(r.getBranchId()), .day_start_us = r.getDayStartUs()};
}

}  // namespace

// ---------------------------------------------------------------- the union

void WriteDomainEvent(const domain::DomainEvent& event, schema::DomainEvent::Builder root) {
  // One lambda per event: a type without one does not compile.
  std::visit(
      Overloaded{
          [&](const domain::RegionOpened& e) { Write(e, root.initRegionOpened()); },
          [&](const domain::BranchOpened& e) { Write(e, root.initBranchOpened()); },
          [&](const domain::DepartmentOpened& e) { Write(e, root.initDepartmentOpened()); },
          [&](const domain::ProductDefined& e) { Write(e, root.initProductDefined()); },
          [&](const domain::EmployeeHired& e) { Write(e, root.initEmployeeHired()); },
          [&](const domain::EmployeeRoleChanged& e) { Write(e, root.initEmployeeRoleChanged()); },
          [&](const domain::EmployeeTransferred& e) { Write(e, root.initEmployeeTransferred()); },
          [&](const domain::EmployeeLeft& e) { Write(e, root.initEmployeeLeft()); },
          [&](const domain::AbsenceRecorded& e) { Write(e, root.initAbsenceRecorded()); },
          [&](const domain::BranchSettingsChanged& e) {
            Write(e, root.initBranchSettingsChanged());
          },
          [&](const domain::ClientRegistered& e) { Write(e, root.initClientRegistered()); },
          [&](const domain::ClientDetailsCorrected& e) {
            Write(e, root.initClientDetailsCorrected());
          },
          [&](const domain::ClientStatusChanged& e) { Write(e, root.initClientStatusChanged()); },
          [&](const domain::ClientsLinked& e) { Write(e, root.initClientsLinked()); },
          [&](const domain::ClientsUnlinked& e) { Write(e, root.initClientsUnlinked()); },
          [&](const domain::ClientMergedAsDuplicate& e) {
            Write(e, root.initClientMergedAsDuplicate());
          },
          [&](const domain::ClientUnmerged& e) { Write(e, root.initClientUnmerged()); },
          [&](const domain::PersonalDataErased& e) { Write(e, root.initPersonalDataErased()); },
          [&](const domain::ClientAssigned& e) { Write(e, root.initClientAssigned()); },
          [&](const domain::ClientReassigned& e) { Write(e, root.initClientReassigned()); },
          [&](const domain::ClientUnassigned& e) { Write(e, root.initClientUnassigned()); },
          [&](const domain::WeeklyPlanSet& e) { Write(e, root.initWeeklyPlanSet()); },
          [&](const domain::ContactLogged& e) { Write(e, root.initContactLogged()); },
          [&](const domain::DontDisturbWarned& e) { Write(e, root.initDontDisturbWarned()); },
          [&](const domain::NextContactDone& e) { Write(e, root.initNextContactDone()); },
          [&](const domain::NextContactCancelled& e) { Write(e, root.initNextContactCancelled()); },
          [&](const domain::HandedOver& e) { Write(e, root.initHandedOver()); },
          [&](const domain::HandOverAccepted& e) { Write(e, root.initHandOverAccepted()); },
          [&](const domain::HandOverReturned& e) { Write(e, root.initHandOverReturned()); },
          [&](const domain::TaskAssigned& e) { Write(e, root.initTaskAssigned()); },
          [&](const domain::TaskCompleted& e) { Write(e, root.initTaskCompleted()); },
          [&](const domain::CampaignLaunched& e) { Write(e, root.initCampaignLaunched()); },
          [&](const domain::ClientEnrolled& e) { Write(e, root.initClientEnrolled()); },
          [&](const domain::CampaignClosed& e) { Write(e, root.initCampaignClosed()); },
          [&](const domain::SatisfactionScored& e) { Write(e, root.initSatisfactionScored()); },
          [&](const domain::WorkingDayClosed& e) { Write(e, root.initWorkingDayClosed()); },
      },
      event);
}

domain::DomainEvent ReadDomainEvent(schema::DomainEvent::Reader root) {
  using S = schema::DomainEvent;
  // No default: -Wswitch reports a union member added to the schema but not read here.
  switch (root.which()) {
    case S::REGION_OPENED:
      return Read(root.getRegionOpened());
    case S::BRANCH_OPENED:
      return Read(root.getBranchOpened());
    case S::DEPARTMENT_OPENED:
      return Read(root.getDepartmentOpened());
    case S::PRODUCT_DEFINED:
      return Read(root.getProductDefined());
    case S::EMPLOYEE_HIRED:
      return Read(root.getEmployeeHired());
    case S::EMPLOYEE_ROLE_CHANGED:
      return Read(root.getEmployeeRoleChanged());
    case S::EMPLOYEE_TRANSFERRED:
      return Read(root.getEmployeeTransferred());
    case S::EMPLOYEE_LEFT:
      return Read(root.getEmployeeLeft());
    case S::ABSENCE_RECORDED:
      return Read(root.getAbsenceRecorded());
    case S::BRANCH_SETTINGS_CHANGED:
      return Read(root.getBranchSettingsChanged());
    case S::CLIENT_REGISTERED:
      return Read(root.getClientRegistered());
    case S::CLIENT_DETAILS_CORRECTED:
      return Read(root.getClientDetailsCorrected());
    case S::CLIENT_STATUS_CHANGED:
      return Read(root.getClientStatusChanged());
    case S::CLIENTS_LINKED:
      return Read(root.getClientsLinked());
    case S::CLIENTS_UNLINKED:
      return Read(root.getClientsUnlinked());
    case S::CLIENT_MERGED_AS_DUPLICATE:
      return Read(root.getClientMergedAsDuplicate());
    case S::CLIENT_UNMERGED:
      return Read(root.getClientUnmerged());
    case S::PERSONAL_DATA_ERASED:
      return Read(root.getPersonalDataErased());
    case S::CLIENT_ASSIGNED:
      return Read(root.getClientAssigned());
    case S::CLIENT_REASSIGNED:
      return Read(root.getClientReassigned());
    case S::CLIENT_UNASSIGNED:
      return Read(root.getClientUnassigned());
    case S::WEEKLY_PLAN_SET:
      return Read(root.getWeeklyPlanSet());
    case S::CONTACT_LOGGED:
      return Read(root.getContactLogged());
    case S::DONT_DISTURB_WARNED:
      return Read(root.getDontDisturbWarned());
    case S::NEXT_CONTACT_DONE:
      return Read(root.getNextContactDone());
    case S::NEXT_CONTACT_CANCELLED:
      return Read(root.getNextContactCancelled());
    case S::HANDED_OVER:
      return Read(root.getHandedOver());
    case S::HAND_OVER_ACCEPTED:
      return Read(root.getHandOverAccepted());
    case S::HAND_OVER_RETURNED:
      return Read(root.getHandOverReturned());
    case S::TASK_ASSIGNED:
      return Read(root.getTaskAssigned());
    case S::TASK_COMPLETED:
      return Read(root.getTaskCompleted());
    case S::CAMPAIGN_LAUNCHED:
      return Read(root.getCampaignLaunched());
    case S::CLIENT_ENROLLED:
      return Read(root.getClientEnrolled());
    case S::CAMPAIGN_CLOSED:
      return Read(root.getCampaignClosed());
    case S::SATISFACTION_SCORED:
      return Read(root.getSatisfactionScored());
    case S::WORKING_DAY_CLOSED:
      return Read(root.getWorkingDayClosed());
  }
  // A member added by a newer writer (or damage). Until upcasting exists, a reader
  // cannot skip an event it does not know without diverging from the writer's state.
  throw UnknownValue("unknown event (ordinal " +
                     std::to_string(static_cast<unsigned>(root.which())) + ")");
}

}  // namespace prospekt::internal
