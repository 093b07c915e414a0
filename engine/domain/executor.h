// Executor: the write side's entry point. Execute(command, context) decides a command
// against the write model and appends the decided events atomically to their stream,
// or returns the rejection (decide.h) without writing anything.
//
// The Executor owns the EventStore, the WriteModel and the personal-data vault. The
// model is kept in step with the log inside the store's sequencer
// (StoreOptions::on_appended folds every appended event before the next decision runs;
// EventStore::DecideAndAppend runs the decision there), so a rule never sees a lagging
// state, however many callers race.
//
// Snapshots (like Redpanda's persisted_stm): at Open the model starts from the newest
// snapshot the store holds whose format this build reads (write_model_snapshot.h) and
// whose chain hash matches the log at its seq, then folds only the events after it; a
// snapshot that fails any check is logged (spdlog) and skipped, and with none left the
// whole log is folded. New snapshots are taken
//   - every ExecutorOptions::snapshot_every_events events: encoded on the sequencer
//     thread right after the event that crosses the mark is folded (the model is only
//     ever touched there, and a consistent copy would cost as much as the encoding),
//     then handed to a writer thread that waits until that event is durable and stores
//     the bytes, so the sequencer never waits for the disk or for the hashing. The
//     encoding is a stall of every command: measured at 10M events (151k clients, a
//     67 MB snapshot) 3.7 s on average on 2 busy cores (README), once per million
//     events, which a branch network makes in weeks. TODO(perf): encode a persistent
//     (copy-on-write) model on the writer thread to remove the stall;
//   - after Open folded that many events past the newest snapshot;
//   - at a clean Close, when the log moved past the newest snapshot.
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
// uses it. The model folds clear texts: every appended event, live or at Open, goes
// through one path that opens its sealed texts (keys cached in memory, a key-store read
// on a miss) before WriteModel::Apply; a text whose key is gone reads as erased ("").
//
// Erasure: EraseClientData is decided into PersonalDataErased; once that append is
// durable, Execute shreds the client's key on the calling thread (the shred flushes and
// compacts, which must never stall the sequencer). A crash between the two is repaired
// at the next Open: every client the model holds as erased (from the snapshot or from
// the events folded after it) whose erasure is not complete (PersonalDataVault::
// ErasureComplete) is shredded again before any command runs.
//
// Snapshots and personal data: a snapshot holds the model, so the personal data it knows
// in clear (texts are opened before they are folded). ShredKey deletes every snapshot
// (EventStore::DeleteSnapshots) before it deletes the key, so an erasure that completed
// leaves no snapshot that knew the erased data; the next snapshot is taken from the
// model after the erasure, which no longer holds it.
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

struct ExecutorOptions {
  // Snapshot the model every this many events (0: never while running).
  std::uint64_t snapshot_every_events = 1'000'000;
  // Snapshot at a clean close when the log moved past the newest snapshot.
  bool snapshot_at_close = true;
  // Start from the newest usable snapshot; false folds the whole log (checks, timings).
  bool load_snapshot = true;
};

// How Open built the model, and the snapshots taken since (for tools and benchmarks).
struct ExecutorStats {
  std::uint64_t loaded_snapshot_seq = 0;       // 0: folded from the first event
  std::vector<std::string> skipped_snapshots;  // why each newer snapshot was not used
  std::uint64_t folded_at_open = 0;            // events folded at Open after the snapshot
  std::uint64_t snapshots_taken = 0;
  std::uint64_t snapshot_encode_us_max = 0;  // the longest encoding (sequencer stall)
  std::uint64_t snapshot_encode_us_total = 0;
  std::uint64_t snapshot_bytes_last = 0;
};

class Executor {
 public:
  // Opens the store in `path` (see EventStore::Open; `options.on_appended` is replaced by
  // the model's hook), builds the model (from a snapshot and the events after it, or by
  // folding the whole log; sealed texts are opened with their keys) and finishes
  // erasures a crash cut short. `random` makes keys and nonces (libsodium's generator
  // when empty; see SeededRandomBytes for tests and the demo).
  static Result<std::unique_ptr<Executor>> Open(const std::filesystem::path& path,
                                                store::StoreOptions options = {},
                                                ExecutorOptions executor_options = {},
                                                RandomBytes random = {});

  // Use Open; the key keeps the constructor private while make_unique can call it.
  struct Key {
    explicit Key() = default;
  };
  explicit Executor(Key);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  // Close()s, logging what fails.
  ~Executor();

  // Finishes the commands in flight, refuses later ones, and stores the closing
  // snapshot (ExecutorOptions::snapshot_at_close). Returns why that snapshot could not
  // be stored; the log itself is safe either way. Idempotent.
  Status Close();

  // Decides and appends. Returns the positions of the appended events, or the
  // rejection (decide.h), Corruption once the log held an event the model could not
  // read, or what the store (or the vault) returns: Aborted with the stream's current
  // version when context.expected_stream_version is set and the stream is at another
  // one (nothing is written). A non-empty `idempotency_key` used before answers with the
  // first append's positions without deciding again (nor checking the version).
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

  // Folds the whole log of `store` into a fresh model, ignoring snapshots. For tools
  // and tests that check a rebuild. Not while appends are in flight.
  Status Rebuild(const store::EventStore& store);

  // The options that keep this executor's model in step with a store's appends.
  store::StoreOptions OptionsFor(store::StoreOptions base);

  const WriteModel& model() const { return model_; }
  store::EventStore& store() { return *store_; }
  PersonalDataVault& vault() { return *vault_; }
  // Only safe while no Execute is in flight (or after Close).
  const ExecutorStats& stats() const { return stats_; }

 private:
  class SnapshotWriter;

  // The key a command's decision may seal with, got before it is queued.
  struct CommandKey {
    std::string client_id;           // "" when the command carries no personal data
    std::optional<std::string> key;  // nullopt: the client's data was erased
  };
  Result<CommandKey> PrepareKey(const Command& command);

  // Builds the model of `store`'s log: from a usable snapshot (when allowed) and the
  // events after it.
  Status Load(const store::EventStore& store);
  // Folds the events from `from_seq` to the end of the log, opening sealed texts with
  // the keys of `store`.
  Status FoldFrom(const store::EventStore& store, std::uint64_t from_seq);
  // Shreds again the key of every client the model holds as erased whose erasure a
  // crash cut short.
  Status FinishErasures();
  // Encodes the model at applied_seq_ and hands it to the writer.
  void TakeSnapshot();

  // Folds one appended envelope (on the sequencer thread, or in Load and Rebuild from
  // `keys`), and takes a snapshot when one is due.
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

  ExecutorOptions options_;
  RandomBytes random_;
  bool closed_ = false;
  // Touched only on the store's sequencer thread once the store is open.
  WriteModel model_;
  Status model_status_;             // the first event the model could not fold; sticky
  std::uint64_t applied_seq_ = 0;   // the last event folded into model_
  std::uint64_t snapshot_seq_ = 0;  // the newest snapshot loaded or taken
  ExecutorStats stats_;
  // client id -> key (nullopt: erased). Bounded: cleared when it grows past a limit, so
  // it holds the keys of recent registrations and corrections, not of every client.
  std::unordered_map<std::string, std::optional<std::string>> keys_;
  // Stores the snapshots the sequencer encodes; null until Open has built the model.
  // Stopped by Close before the store goes.
  std::unique_ptr<SnapshotWriter> writer_;
  // Declared after the model: destroyed before it, so the sequencer never outlives the
  // model. The vault refers to the store, so it is declared after it (destroyed first).
  std::unique_ptr<store::EventStore> store_;
  std::unique_ptr<PersonalDataVault> vault_;
};

}  // namespace prospekt::domain
