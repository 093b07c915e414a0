#include "bench/contact_workload.h"

namespace prospekt::bench {

domain::LogContact MakeContact(const std::string& client_id, std::uint64_t n) {
  domain::LogContact contact;
  contact.client_id = client_id;
  contact.occurred_at_us = kWorkloadNowUs - 60'000'000;
  switch (n % 20) {
    case 0:
    case 1:
      contact.outcome = domain::ContactOutcome::kPositiveProspect;
      contact.product_code = "deposit";
      break;
    case 2:
      contact.outcome = domain::ContactOutcome::kProductSold;
      contact.product_code = "card";
      contact.amount = domain::Money{5'000'000, "RUB"};
      break;
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:
    case 8:
    case 9:
      contact.outcome = domain::ContactOutcome::kRefused;
      contact.refusal_reason = domain::RefusalReason::kNoNeedNow;
      break;
    default:
      contact.outcome = domain::ContactOutcome::kUnclearProspect;
      contact.next_contact_at_us = kWorkloadNowUs + 3 * 86'400'000'000LL;
      break;
  }
  return contact;
}

}  // namespace prospekt::bench
