#include "engine/server/routes/routes.h"

namespace prospekt::server {

Status AddBankRoutes(Router& router, BankService& bank, const RouteOptions& options,
                     const WebFiles* web) {
  router.SetPreDispatch(MakeAuthenticationHook(bank));
  PROSPEKT_RETURN_IF_ERROR(AddSessionRoutes(router, bank));
  PROSPEKT_RETURN_IF_ERROR(AddCommandRoutes(router, bank));
  PROSPEKT_RETURN_IF_ERROR(AddQueryRoutes(router, bank));
  PROSPEKT_RETURN_IF_ERROR(AddAdminRoutes(router, bank));
  PROSPEKT_RETURN_IF_ERROR(AddFeedRoutes(router, bank));
  PROSPEKT_RETURN_IF_ERROR(AddOperationRoutes(router, bank, options));
  if (web != nullptr) PROSPEKT_RETURN_IF_ERROR(AddWebRoutes(router, *web));
  return Status::Ok();
}

}  // namespace prospekt::server
