#include "events/internal/domain_enums.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace prospekt::internal {
namespace {

// Invariant: our enums hold only their enumerators (they come from our own code or from
// FromSchema). Anything else is memory damage or a bad cast in the caller.
template <typename E>
[[noreturn]] void InvalidEnumerator(const char* type, E value) {
  std::fprintf(stderr, "prospekt: encoding an invalid %s (value %u)\n", type,
               static_cast<unsigned>(value));
  std::abort();
}

template <typename E>
[[noreturn]] void ThrowUnknown(const char* type, E value) {
  throw UnknownValue(std::string("unknown ") + type + " (value " +
                     std::to_string(static_cast<unsigned>(value)) + ")");
}

}  // namespace

// One line per enumerant, so each switch reads as a table.
// clang-format off

// ---------------------------------------------------------------- ours -> schema

schema::Role ToSchema(domain::Role value) {
  using S = schema::Role;
  switch (value) {
    case domain::Role::kBranchHead: return S::BRANCH_HEAD;
    case domain::Role::kSalesSpecialist: return S::SALES_SPECIALIST;
    case domain::Role::kProductSpecialist: return S::PRODUCT_SPECIALIST;
    case domain::Role::kHeadOffice: return S::HEAD_OFFICE;
    case domain::Role::kAuditor: return S::AUDITOR;
    case domain::Role::kAdmin: return S::ADMIN;
  }
  InvalidEnumerator("Role", value);
}

schema::ClientKind ToSchema(domain::ClientKind value) {
  using S = schema::ClientKind;
  switch (value) {
    case domain::ClientKind::kLegalEntity: return S::LEGAL_ENTITY;
    case domain::ClientKind::kIndividual: return S::INDIVIDUAL;
  }
  InvalidEnumerator("ClientKind", value);
}

schema::ClientSource ToSchema(domain::ClientSource value) {
  using S = schema::ClientSource;
  switch (value) {
    case domain::ClientSource::kStatisticsDatabase: return S::STATISTICS_DATABASE;
    case domain::ClientSource::kCounterparty: return S::COUNTERPARTY;
    case domain::ClientSource::kStateBody: return S::STATE_BODY;
    case domain::ClientSource::kExhibition: return S::EXHIBITION;
    case domain::ClientSource::kInternet: return S::INTERNET;
    case domain::ClientSource::kPartner: return S::PARTNER;
    case domain::ClientSource::kReferral: return S::REFERRAL;
  }
  InvalidEnumerator("ClientSource", value);
}

schema::ClientStatus ToSchema(domain::ClientStatus value) {
  using S = schema::ClientStatus;
  switch (value) {
    case domain::ClientStatus::kNewClient: return S::NEW_CLIENT;
    case domain::ClientStatus::kBankClient: return S::BANK_CLIENT;
    case domain::ClientStatus::kPartner: return S::PARTNER;
    case domain::ClientStatus::kVip: return S::VIP;
  }
  InvalidEnumerator("ClientStatus", value);
}

schema::ClientRelation ToSchema(domain::ClientRelation value) {
  using S = schema::ClientRelation;
  switch (value) {
    case domain::ClientRelation::kParent: return S::PARENT;
    case domain::ClientRelation::kSubsidiary: return S::SUBSIDIARY;
    case domain::ClientRelation::kAffiliate: return S::AFFILIATE;
    case domain::ClientRelation::kKeyPerson: return S::KEY_PERSON;
  }
  InvalidEnumerator("ClientRelation", value);
}

schema::ContactType ToSchema(domain::ContactType value) {
  using S = schema::ContactType;
  switch (value) {
    case domain::ContactType::kPost: return S::POST;
    case domain::ContactType::kEmail: return S::EMAIL;
    case domain::ContactType::kPhone: return S::PHONE;
    case domain::ContactType::kMeeting: return S::MEETING;
  }
  InvalidEnumerator("ContactType", value);
}

schema::ContactOutcome ToSchema(domain::ContactOutcome value) {
  using S = schema::ContactOutcome;
  switch (value) {
    case domain::ContactOutcome::kProductSold: return S::PRODUCT_SOLD;
    case domain::ContactOutcome::kRefused: return S::REFUSED;
    case domain::ContactOutcome::kPositiveProspect: return S::POSITIVE_PROSPECT;
    case domain::ContactOutcome::kUnclearProspect: return S::UNCLEAR_PROSPECT;
    case domain::ContactOutcome::kContractTerminated: return S::CONTRACT_TERMINATED;
    case domain::ContactOutcome::kAgreementInPrinciple: return S::AGREEMENT_IN_PRINCIPLE;
  }
  InvalidEnumerator("ContactOutcome", value);
}

schema::RefusalReason ToSchema(domain::RefusalReason value) {
  using S = schema::RefusalReason;
  switch (value) {
    case domain::RefusalReason::kRateTooHigh: return S::RATE_TOO_HIGH;
    case domain::RefusalReason::kServedByAnotherBank: return S::SERVED_BY_ANOTHER_BANK;
    case domain::RefusalReason::kNoNeedNow: return S::NO_NEED_NOW;
    case domain::RefusalReason::kCollateralLacking: return S::COLLATERAL_LACKING;
    case domain::RefusalReason::kTermsUnsuitable: return S::TERMS_UNSUITABLE;
    case domain::RefusalReason::kDeclinedToTalk: return S::DECLINED_TO_TALK;
    case domain::RefusalReason::kOther: return S::OTHER;
  }
  InvalidEnumerator("RefusalReason", value);
}

schema::TaskKind ToSchema(domain::TaskKind value) {
  using S = schema::TaskKind;
  switch (value) {
    case domain::TaskKind::kManual: return S::MANUAL;
    case domain::TaskKind::kPlanDeviation: return S::PLAN_DEVIATION;
    case domain::TaskKind::kHandOver: return S::HAND_OVER;
    case domain::TaskKind::kOverdueNextContact: return S::OVERDUE_NEXT_CONTACT;
  }
  InvalidEnumerator("TaskKind", value);
}

// ---------------------------------------------------------------- schema -> ours

domain::Role FromSchema(schema::Role value) {
  using D = domain::Role;
  switch (value) {
    case schema::Role::BRANCH_HEAD: return D::kBranchHead;
    case schema::Role::SALES_SPECIALIST: return D::kSalesSpecialist;
    case schema::Role::PRODUCT_SPECIALIST: return D::kProductSpecialist;
    case schema::Role::HEAD_OFFICE: return D::kHeadOffice;
    case schema::Role::AUDITOR: return D::kAuditor;
    case schema::Role::ADMIN: return D::kAdmin;
  }
  ThrowUnknown("Role", value);
}

domain::ClientKind FromSchema(schema::ClientKind value) {
  using D = domain::ClientKind;
  switch (value) {
    case schema::ClientKind::LEGAL_ENTITY: return D::kLegalEntity;
    case schema::ClientKind::INDIVIDUAL: return D::kIndividual;
  }
  ThrowUnknown("ClientKind", value);
}

domain::ClientSource FromSchema(schema::ClientSource value) {
  using D = domain::ClientSource;
  switch (value) {
    case schema::ClientSource::STATISTICS_DATABASE: return D::kStatisticsDatabase;
    case schema::ClientSource::COUNTERPARTY: return D::kCounterparty;
    case schema::ClientSource::STATE_BODY: return D::kStateBody;
    case schema::ClientSource::EXHIBITION: return D::kExhibition;
    case schema::ClientSource::INTERNET: return D::kInternet;
    case schema::ClientSource::PARTNER: return D::kPartner;
    case schema::ClientSource::REFERRAL: return D::kReferral;
  }
  ThrowUnknown("ClientSource", value);
}

domain::ClientStatus FromSchema(schema::ClientStatus value) {
  using D = domain::ClientStatus;
  switch (value) {
    case schema::ClientStatus::NEW_CLIENT: return D::kNewClient;
    case schema::ClientStatus::BANK_CLIENT: return D::kBankClient;
    case schema::ClientStatus::PARTNER: return D::kPartner;
    case schema::ClientStatus::VIP: return D::kVip;
  }
  ThrowUnknown("ClientStatus", value);
}

domain::ClientRelation FromSchema(schema::ClientRelation value) {
  using D = domain::ClientRelation;
  switch (value) {
    case schema::ClientRelation::PARENT: return D::kParent;
    case schema::ClientRelation::SUBSIDIARY: return D::kSubsidiary;
    case schema::ClientRelation::AFFILIATE: return D::kAffiliate;
    case schema::ClientRelation::KEY_PERSON: return D::kKeyPerson;
  }
  ThrowUnknown("ClientRelation", value);
}

domain::ContactType FromSchema(schema::ContactType value) {
  using D = domain::ContactType;
  switch (value) {
    case schema::ContactType::POST: return D::kPost;
    case schema::ContactType::EMAIL: return D::kEmail;
    case schema::ContactType::PHONE: return D::kPhone;
    case schema::ContactType::MEETING: return D::kMeeting;
  }
  ThrowUnknown("ContactType", value);
}

domain::ContactOutcome FromSchema(schema::ContactOutcome value) {
  using D = domain::ContactOutcome;
  switch (value) {
    case schema::ContactOutcome::PRODUCT_SOLD: return D::kProductSold;
    case schema::ContactOutcome::REFUSED: return D::kRefused;
    case schema::ContactOutcome::POSITIVE_PROSPECT: return D::kPositiveProspect;
    case schema::ContactOutcome::UNCLEAR_PROSPECT: return D::kUnclearProspect;
    case schema::ContactOutcome::CONTRACT_TERMINATED: return D::kContractTerminated;
    case schema::ContactOutcome::AGREEMENT_IN_PRINCIPLE: return D::kAgreementInPrinciple;
  }
  ThrowUnknown("ContactOutcome", value);
}

domain::RefusalReason FromSchema(schema::RefusalReason value) {
  using D = domain::RefusalReason;
  switch (value) {
    case schema::RefusalReason::RATE_TOO_HIGH: return D::kRateTooHigh;
    case schema::RefusalReason::SERVED_BY_ANOTHER_BANK: return D::kServedByAnotherBank;
    case schema::RefusalReason::NO_NEED_NOW: return D::kNoNeedNow;
    case schema::RefusalReason::COLLATERAL_LACKING: return D::kCollateralLacking;
    case schema::RefusalReason::TERMS_UNSUITABLE: return D::kTermsUnsuitable;
    case schema::RefusalReason::DECLINED_TO_TALK: return D::kDeclinedToTalk;
    case schema::RefusalReason::OTHER: return D::kOther;
  }
  ThrowUnknown("RefusalReason", value);
}

domain::TaskKind FromSchema(schema::TaskKind value) {
  using D = domain::TaskKind;
  switch (value) {
    case schema::TaskKind::MANUAL: return D::kManual;
    case schema::TaskKind::PLAN_DEVIATION: return D::kPlanDeviation;
    case schema::TaskKind::HAND_OVER: return D::kHandOver;
    case schema::TaskKind::OVERDUE_NEXT_CONTACT: return D::kOverdueNextContact;
  }
  ThrowUnknown("TaskKind", value);
}

// ---------------------------------------------------------------- JSON names
// Display only, so a value outside the enumerators renders as "unknown" instead of
// stopping the process.

std::string_view JsonName(domain::Role value) {
  switch (value) {
    case domain::Role::kBranchHead: return "branch_head";
    case domain::Role::kSalesSpecialist: return "sales_specialist";
    case domain::Role::kProductSpecialist: return "product_specialist";
    case domain::Role::kHeadOffice: return "head_office";
    case domain::Role::kAuditor: return "auditor";
    case domain::Role::kAdmin: return "admin";
  }
  return "unknown";
}

std::string_view JsonName(domain::ClientKind value) {
  switch (value) {
    case domain::ClientKind::kLegalEntity: return "legal_entity";
    case domain::ClientKind::kIndividual: return "individual";
  }
  return "unknown";
}

std::string_view JsonName(domain::ClientSource value) {
  switch (value) {
    case domain::ClientSource::kStatisticsDatabase: return "statistics_database";
    case domain::ClientSource::kCounterparty: return "counterparty";
    case domain::ClientSource::kStateBody: return "state_body";
    case domain::ClientSource::kExhibition: return "exhibition";
    case domain::ClientSource::kInternet: return "internet";
    case domain::ClientSource::kPartner: return "partner";
    case domain::ClientSource::kReferral: return "referral";
  }
  return "unknown";
}

std::string_view JsonName(domain::ClientStatus value) {
  switch (value) {
    case domain::ClientStatus::kNewClient: return "new_client";
    case domain::ClientStatus::kBankClient: return "bank_client";
    case domain::ClientStatus::kPartner: return "partner";
    case domain::ClientStatus::kVip: return "vip";
  }
  return "unknown";
}

std::string_view JsonName(domain::ClientRelation value) {
  switch (value) {
    case domain::ClientRelation::kParent: return "parent";
    case domain::ClientRelation::kSubsidiary: return "subsidiary";
    case domain::ClientRelation::kAffiliate: return "affiliate";
    case domain::ClientRelation::kKeyPerson: return "key_person";
  }
  return "unknown";
}

std::string_view JsonName(domain::ContactType value) {
  switch (value) {
    case domain::ContactType::kPost: return "post";
    case domain::ContactType::kEmail: return "email";
    case domain::ContactType::kPhone: return "phone";
    case domain::ContactType::kMeeting: return "meeting";
  }
  return "unknown";
}

std::string_view JsonName(domain::ContactOutcome value) {
  switch (value) {
    case domain::ContactOutcome::kProductSold: return "product_sold";
    case domain::ContactOutcome::kRefused: return "refused";
    case domain::ContactOutcome::kPositiveProspect: return "positive_prospect";
    case domain::ContactOutcome::kUnclearProspect: return "unclear_prospect";
    case domain::ContactOutcome::kContractTerminated: return "contract_terminated";
    case domain::ContactOutcome::kAgreementInPrinciple: return "agreement_in_principle";
  }
  return "unknown";
}

std::string_view JsonName(domain::RefusalReason value) {
  switch (value) {
    case domain::RefusalReason::kRateTooHigh: return "rate_too_high";
    case domain::RefusalReason::kServedByAnotherBank: return "served_by_another_bank";
    case domain::RefusalReason::kNoNeedNow: return "no_need_now";
    case domain::RefusalReason::kCollateralLacking: return "collateral_lacking";
    case domain::RefusalReason::kTermsUnsuitable: return "terms_unsuitable";
    case domain::RefusalReason::kDeclinedToTalk: return "declined_to_talk";
    case domain::RefusalReason::kOther: return "other";
  }
  return "unknown";
}

std::string_view JsonName(domain::TaskKind value) {
  switch (value) {
    case domain::TaskKind::kManual: return "manual";
    case domain::TaskKind::kPlanDeviation: return "plan_deviation";
    case domain::TaskKind::kHandOver: return "hand_over";
    case domain::TaskKind::kOverdueNextContact: return "overdue_next_contact";
  }
  return "unknown";
}

// clang-format on

}  // namespace prospekt::internal
