#include "engine/domain/decide.h"

#include "engine/domain/internal/decide_helpers.h"

namespace prospekt::domain {

Result<Decision> Decide(const WriteModel& model, const Command& command,
                        const CommandContext& context) {
  // One overload per command: a command without a decider does not compile.
  return std::visit(
      [&](const auto& c) -> Result<Decision> { return internal::DecideOne(model, c, context); },
      command);
}

}  // namespace prospekt::domain
