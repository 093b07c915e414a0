// Executor: the write side's entry point. Execute(command, context) decides a command
// against the write model and appends the decided events atomically to their stream,
// or returns the rejection (decide.h) without writing anything.
//
// The Executor owns the EventStore and the WriteModel. The model is kept in step with
// the log inside the store's sequencer (StoreOptions::on_appended folds every appended
// event before the next decision runs; EventStore::DecideAndAppend runs the decision
// there), so a rule never sees a lagging state, however many callers race. At Open the
// model is rebuilt by folding the whole log.
// TODO(perf): snapshots of the model, so that start-up at 10M events takes seconds.
//
// Thread safety: Execute may be called from any number of threads. model() is for tests
// and tools, and only safe while no Execute is in flight.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/domain/commands.h"
#include "engine/domain/decide.h"
#include "engine/domain/write_model.h"
#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::domain {

class Executor {
 public:
  // Opens the store in `path` (see EventStore::Open; `options.on_appended` is replaced by
  // the model's hook) and rebuilds the model from its log.
  static Result<std::unique_ptr<Executor>> Open(const std::filesystem::path& path,
                                                store::StoreOptions options = {});

  // Use Open; the key keeps the constructor private while make_unique can call it.
  struct Key {
    explicit Key() = default;
  };
  explicit Executor(Key) {}
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Decides and appends. Returns the positions of the appended events, or the
  // rejection (decide.h), Corruption once the log held an event the model could not
  // read, or what the store returns. A non-empty `idempotency_key` used before answers
  // with the first append's positions without deciding again.
  Result<store::AppendResult> Execute(const Command& command, const CommandContext& context,
                                      std::string idempotency_key = {});

  // The same without blocking a thread per command in flight (for servers on a few
  // threads): `done` gets what Execute would return, on the store's sequencer thread
  // (see EventStore::AppendAsync), so it must be quick and must not block.
  void ExecuteAsync(Command command, CommandContext context, std::string idempotency_key,
                    store::EventStore::AppendCallback done);

  // Folds the whole log of `store` into a fresh model. Called by Open; exposed for tools
  // that check a rebuild. Not while appends are in flight.
  Status Rebuild(const store::EventStore& store);

  // The options that keep this executor's model in step with a store's appends.
  store::StoreOptions OptionsFor(store::StoreOptions base);

  const WriteModel& model() const { return model_; }
  store::EventStore& store() { return *store_; }

 private:
  // Folds one appended envelope (on the sequencer thread, or in Rebuild).
  void OnAppended(const Envelope& envelope);
  // Decides `command` against the model (sequencer thread) and makes its append request.
  Result<store::AppendRequest> DecideRequest(const Command& command,
                                             const CommandContext& context) const;
  // The append request of a decision.
  static store::AppendRequest ToRequest(Decision decision, const CommandContext& context);

  // Touched only on the store's sequencer thread once the store is open.
  WriteModel model_;
  Status model_status_;  // the first event the model could not fold; sticky
  // Declared last: destroyed first, so its sequencer never outlives the model.
  std::unique_ptr<store::EventStore> store_;
};

}  // namespace prospekt::domain
