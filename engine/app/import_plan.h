// The plan of a client import: what each row will do, decided against a copy of the
// write model before anything is written, so that an import is all or nothing for every
// rule the domain checks (`prospekt import`, import_command.h, runs the plan).
//
// Each row, in file order, is decided (domain::Decide) against the model as the rows
// before it will have left it — a row that duplicates an earlier row of the same file is
// seen as a duplicate, as it would be when executed in order:
//   register            decided: it will be appended;
//   already registered  the client id is registered with the same kind, name, tax id and
//                       branch (a re-run of an import, or one cut short): nothing to do;
//   duplicate skipped   the domain found a duplicate (same tax id, phone, e-mail or a
//                       similar name in the region) and OnDuplicate::kSkip says to leave
//                       the row out;
//   refused             any other rejection (the id is registered with other details or
//                       is on an earlier line of the file, an unknown branch, a bad tax
//                       id, the actor may not register there, a duplicate under
//                       OnDuplicate::kRefuse, ...).
// A plan with a refused row must not be run.
//
// Pure: the model is a copy owned by the call. Any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/api/client_import.h"
#include "engine/domain/commands.h"
#include "engine/domain/write_model.h"
#include "events/status.h"

namespace prospekt::app {

enum class OnDuplicate {
  kRefuse,  // a duplicate refuses the whole import (the domain's default)
  kSkip,    // leave duplicates out, register the rest
  kForce,   // register them anyway, recording which client each duplicates
};

// "refuse", "skip" or "force"; InvalidArgument (field "on_duplicate") otherwise.
Result<OnDuplicate> ParseOnDuplicate(std::string_view name);

enum class RowVerdict { kRegister, kAlreadyRegistered, kDuplicateSkipped, kRefused };

struct PlannedRow {
  std::size_t line = 0;
  RowVerdict verdict = RowVerdict::kRegister;
  domain::RegisterClient command;  // as it will be executed (force set by kForce)
  Status reason;                   // the refusal, or why a duplicate was skipped; Ok otherwise
};

struct ImportPlan {
  std::vector<PlannedRow> rows;  // in file order
  std::size_t to_register = 0, already_registered = 0, duplicates_skipped = 0, refused = 0;
};

// Plans `rows` against `model` (a copy: the rows are folded into it as they are
// decided) with `context` for each decision.
ImportPlan PlanImport(domain::WriteModel model, std::vector<api::ImportRow> rows,
                      const domain::CommandContext& context, OnDuplicate on_duplicate);

}  // namespace prospekt::app
