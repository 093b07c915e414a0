#include "projections/internal/subjects.h"

#include <type_traits>
#include <variant>

namespace prospekt::projections::internal {

ClientRefs ClientsOf(const domain::DomainEvent& event) {
  using namespace domain;  // NOLINT(google-build-using-namespace): the event vocabulary
  return std::visit(
      [](const auto& e) -> ClientRefs {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, ClientsLinked> || std::is_same_v<E, ClientsUnlinked>) {
          return {{&e.client_id, &e.other_client_id}, 2};
        } else if constexpr (std::is_same_v<E, ClientMergedAsDuplicate> ||
                             std::is_same_v<E, ClientUnmerged>) {
          return {{&e.duplicate_id, &e.survivor_id}, 2};
        } else if constexpr (std::is_same_v<E, TaskAssigned>) {
          if (e.client_id.empty()) return {};
          return {{&e.client_id, nullptr}, 1};
        } else if constexpr (requires { e.client_id; }) {
          return {{&e.client_id, nullptr}, 1};
        } else {
          return {};
        }
      },
      event);
}

}  // namespace prospekt::projections::internal
