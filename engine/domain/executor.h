// Executor: the write side's entry point. Execute(command, context) decides a command
// against the write model and appends the decided events atomically to their stream,
// or returns the rejection (decide.h) without writing anything.
//
// The Executor owns the EventStore, the WriteModel and the personal-data vault. The
// model is kept in step with the log inside the store's sequencer
// (StoreOptions::on_appended folds every appended event before the next decision runs;
// EventStore::DecideAndAppend runs the decision there), so a rule never sees a lagging
// state, however many callers race. At Open the model is rebuilt by folding the whole
// log.
// TODO(perf): snapshots of the model, so that start-up at 10M events takes seconds.
//
// Personal data (issue 3). Deciders stay pure and decide in clear; the Executor seals
// the decided events on the sequencer thread before they are appended, each text with
// its client's key (personal_data.h). The rule, one for every event that carries a
// PersonalText:
//   - ClientRegistered: phones, e-mails and the address are sealed for every client (a
//     legal entity's contact data may well be a person's); the name is sealed for an
//     individual and stays clear for a legal entity (a registry fact, and what staff
//     search for).
//   - ClientDetailsCorrected: before and after are sealed for "phones", "emails",
//     "address", and for "name" of an individual; "name" of a legal entity, "tax_id"
//     and "industry" stay clear (the tax id is plain text in ClientRegistered too).
//   - An empty text stays clear: there is nothing in it to hide.
// Keys: the key of a RegisterClient's client (and of a CorrectClientDetails's client,
// for clients registered before sealing) is ensured on the calling thread before the
// command is queued: PutKey syncs, so the key is durable before any event sealed with it
// is appended, and the sequencer never writes keys. A key made for a registration that
// is then refused is harmless: it seals nothing, and a later registration of that id
// uses it. The model folds clear texts: every appended event, live or in Rebuild, goes
// through one path that opens its sealed texts (keys cached in memory, a key-store read
// on a miss) before WriteModel::Apply; a text whose key is gone reads as erased ("").
//
// Erasure: EraseClientData is decided into PersonalDataErased; once that append is
// durable, Execute shreds the client's key on the calling thread (the shred flushes and
// compacts, which must never stall the sequencer). A crash between the two is repaired
// at the next Open: Rebuild sees the erasure and the shred is done again.
//
// Thread safety: Execute may be called from any number of threads. model() is for tests
// and tools, and only safe while no Execute is in flight.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/domain/commands.h"
#include "engine/domain/decide.h"
#include "engine/domain/personal_data.h"
#include "engine/domain/write_model.h"
#include "engine/store/event_store.h"
#include "events/status.h"

namespace prospekt::domain {

class Executor {
 public:
  // Opens the store in `path` (see EventStore::Open; `options.on_appended` is replaced by
  // the model's hook), rebuilds the model from its log and finishes erasures a crash cut
  // short. `random` makes keys and nonces (libsodium's generator when empty; see
  // SeededRandomBytes for tests and the demo).
  static Result<std::unique_ptr<Executor>> Open(const std::filesystem::path& path,
                                                store::StoreOptions options = {},
                                                RandomBytes random = {});

  // Use Open; the key keeps the constructor private while make_unique can call it.
  struct Key {
    explicit Key() = default;
  };
  explicit Executor(Key) {}
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Decides and appends. Returns the positions of the appended events, or the
  // rejection (decide.h), Corruption once the log held an event the model could not
  // read, or what the store (or the vault) returns. A non-empty `idempotency_key` used
  // before answers with the first append's positions without deciding again.
  // EraseClientData returns once the key is shredded too; when the shred fails the
  // event is durable and the error is returned (a retry with the same idempotency key,
  // or the next Open, shreds again).
  Result<store::AppendResult> Execute(const Command& command, const CommandContext& context,
                                      std::string idempotency_key = {});

  // The same without blocking a thread per command in flight (for servers on a few
  // threads): `done` gets what Execute would return, on the store's sequencer thread
  // (see EventStore::AppendAsync), so it must be quick and must not block. Two limits:
  // a command that needs a personal-data key (RegisterClient, a correction of personal
  // data) ensures it on the calling thread first, which blocks for one synced key write
  // when the key is new; and EraseClientData is refused (InvalidArgument, field
  // "command") because its shred must not run on the sequencer — use Execute.
  void ExecuteAsync(Command command, CommandContext context, std::string idempotency_key,
                    store::EventStore::AppendCallback done);

  // Folds the whole log of `store` into a fresh model. Called by Open; exposed for tools
  // that check a rebuild. Not while appends are in flight.
  Status Rebuild(const store::EventStore& store);

  // The options that keep this executor's model in step with a store's appends.
  store::StoreOptions OptionsFor(store::StoreOptions base);

  const WriteModel& model() const { return model_; }
  store::EventStore& store() { return *store_; }
  PersonalDataVault& vault() { return *vault_; }

 private:
  // The key a command's decision may seal with, got before it is queued.
  struct CommandKey {
    std::string client_id;           // "" when the command carries no personal data
    std::optional<std::string> key;  // nullopt: the client's data was erased
  };
  Result<CommandKey> PrepareKey(const Command& command);

  // Folds one appended envelope (on the sequencer thread, or in Rebuild from `keys`).
  void OnAppended(const Envelope& envelope);
  void Fold(const Envelope& envelope, const store::EventStore& keys);
  // Replaces the sealed texts of `event` by their clear text ("" when erased).
  Status OpenPersonalData(DomainEvent& event, const store::EventStore& keys);
  // The client's key from the cache, else from the key store (then cached).
  Result<std::optional<std::string>> KeyOf(const std::string& client_id,
                                           const store::EventStore& keys);
  void CacheKey(const std::string& client_id, std::optional<std::string> key);

  // Decides `command` against the model (sequencer thread), seals its personal data and
  // makes its append request.
  Result<store::AppendRequest> DecideRequest(const Command& command, const CommandContext& context,
                                             const CommandKey& key);
  // Seals the personal texts of `decision` (the rule above) with `key`.
  Status Seal(Decision& decision, const CommandKey& key) const;
  // The append request of a decision.
  static store::AppendRequest ToRequest(Decision decision, const CommandContext& context);

  RandomBytes random_;
  // Touched only on the store's sequencer thread once the store is open.
  WriteModel model_;
  Status model_status_;  // the first event the model could not fold; sticky
  // client id -> key (nullopt: erased). Bounded: cleared when it grows past a limit, so
  // it holds the keys of recent registrations and corrections, not of every client.
  std::unordered_map<std::string, std::optional<std::string>> keys_;
  // Clients whose erasure Rebuild folded: Open checks that their shred finished.
  std::vector<std::string> erased_in_log_;
  bool rebuilding_ = false;
  // Declared after the model: destroyed before it, so the sequencer never outlives the
  // model. The vault refers to the store, so it is declared after it (destroyed first).
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<PersonalDataVault> vault_;
};

}  // namespace prospekt::domain
