#include "engine/domain/executor.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "engine/domain/internal/decide_helpers.h"
#include "engine/domain/write_model_snapshot.h"
#include "events/domain_codec.h"

namespace prospekt::domain {
namespace {

// Keys cached in memory before the cache is cleared; a few hundred kB of keys.
constexpr std::size_t kMaxCachedKeys = 4096;

// Whether the text of `field` in a ClientDetailsCorrected of a client of `kind` is
// sealed (the rule in executor.h).
bool SealedField(ClientKind kind, std::string_view field) {
  if (field == "phones" || field == "emails" || field == "address") return true;
  return field == "name" && kind == ClientKind::kIndividual;
}

// The sealed-or-not texts of a ClientRegistered that the rule seals.
std::vector<PersonalText*> SealedTexts(ClientRegistered& e) {
  std::vector<PersonalText*> texts;
  if (e.kind == ClientKind::kIndividual) texts.push_back(&e.name);
  for (PersonalText& phone : e.contact.phones) texts.push_back(&phone);
  for (PersonalText& email : e.contact.emails) texts.push_back(&email);
  texts.push_back(&e.contact.address);
  return texts;
}

}  // namespace

// Stores the snapshots the sequencer encodes, on its own thread, once the event each
// reflects is durable. At most one waits: a newer snapshot replaces one not yet
// started (only the newest matters). The store must outlive it.
class Executor::SnapshotWriter {
 public:
  explicit SnapshotWriter(store::EventStore& store) : store_(store), thread_([this] { Run(); }) {}
  SnapshotWriter(const SnapshotWriter&) = delete;
  SnapshotWriter& operator=(const SnapshotWriter&) = delete;
  ~SnapshotWriter() { Stop(); }

  void Submit(std::uint64_t seq, std::string bytes) {
    {
      std::lock_guard lock(mu_);
      pending_.emplace(seq, std::move(bytes));
    }
    cv_.notify_one();
  }

  // Stores what is pending if its event is durable by now, then joins. Call after the
  // store's appends stopped, so that nothing more can become durable.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mu_);
    while (true) {
      cv_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
      if (!pending_) return;
      auto [seq, bytes] = std::move(*pending_);
      pending_.reset();
      lock.unlock();
      // The group holding `seq` may still be being written.
      bool durable = false;
      while (!(durable = store_.WaitForSeq(seq, std::chrono::milliseconds(50)))) {
        std::lock_guard stop_lock(mu_);
        if (stopping_) break;
      }
      if (!durable) durable = store_.WaitForSeq(seq, std::chrono::milliseconds(0));
      if (durable) {
        if (Status put = store_.PutSnapshot(seq, bytes); !put.ok()) {
          spdlog::warn("write model snapshot of seq {} not stored: {}", seq, put.ToString());
        }
      }
      lock.lock();
    }
  }

  store::EventStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<std::pair<std::uint64_t, std::string>> pending_;  // Guarded by mu_.
  bool stopping_ = false;                                         // Guarded by mu_.
  std::thread thread_;                                            // started last
};

Executor::Executor(Key) {}

Executor::~Executor() {
  if (Status closed = Close(); !closed.ok()) {
    spdlog::warn("closing the executor: {}", closed.ToString());
  }
}

Result<std::unique_ptr<Executor>> Executor::Open(const std::filesystem::path& path,
                                                 store::StoreOptions options,
                                                 ExecutorOptions executor_options,
                                                 RandomBytes random) {
  auto executor = std::make_unique<Executor>(Key{});
  executor->options_ = executor_options;
  executor->random_ = std::move(random);
  const bool read_only = options.read_only;
  Result<std::unique_ptr<store::EventStore>> opened =
      store::EventStore::Open(path, executor->OptionsFor(std::move(options)));
  if (!opened.ok()) {
    executor->closed_ = true;
    return opened.status();
  }
  // No append can run yet (nobody else has the store), so folding here cannot race
  // the sequencer's hook.
  Status loaded = executor->Load(**opened);
  executor->store_ = std::move(opened).value();
  if (!loaded.ok()) {
    executor->closed_ = true;  // no closing snapshot of a model that failed to load
    return loaded;
  }
  executor->vault_ = std::make_unique<PersonalDataVault>(*executor->store_, executor->random_);
  if (!read_only) {
    // An erasure whose event is durable but whose shred a crash cut short is finished
    // now, before any command runs and before any snapshot is taken.
    if (Status finished = executor->FinishErasures(); !finished.ok()) {
      executor->closed_ = true;
      return finished;
    }
    executor->writer_ = std::make_unique<SnapshotWriter>(*executor->store_);
    const std::uint64_t every = executor->options_.snapshot_every_events;
    if (every != 0 && executor->applied_seq_ - executor->snapshot_seq_ >= every) {
      executor->TakeSnapshot();
    }
  }
  return executor;
}

Status Executor::FinishErasures() {
  // Every erased client, whether its erasure was folded just now or came with the
  // snapshot: a snapshot taken between the erasure's append and its shred holds the
  // erasure but the key may still be there.
  for (const auto& [client_id, client] : model_.clients()) {
    if (!client.personal_data_erased) continue;
    Result<bool> complete = PersonalDataVault::ErasureComplete(*store_, client_id);
    if (!complete.ok()) return complete.status();
    if (!*complete) PROSPEKT_RETURN_IF_ERROR(vault_->Erase(client_id));
  }
  return Status::Ok();
}

Status Executor::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  if (store_ == nullptr) return Status::Ok();
  // From here on the sequencer is gone: the model is this thread's.
  store_->StopAppends();
  if (writer_ != nullptr) writer_->Stop();
  if (writer_ == nullptr || !options_.snapshot_at_close || !model_status_.ok() ||
      applied_seq_ == 0) {
    return Status::Ok();
  }
  Result<std::vector<std::uint64_t>> stored = store_->SnapshotSeqs();
  if (!stored.ok()) return stored.status();
  if (!stored->empty() && stored->front() >= applied_seq_) return Status::Ok();
  return store_->PutSnapshot(applied_seq_, EncodeWriteModel(model_));
}

void Executor::TakeSnapshot() {
  const auto started = std::chrono::steady_clock::now();
  std::string bytes = EncodeWriteModel(model_);
  const auto micros =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now() - started)
                                     .count());
  ++stats_.snapshots_taken;
  stats_.snapshot_encode_us_total += micros;
  stats_.snapshot_encode_us_max = std::max(stats_.snapshot_encode_us_max, micros);
  stats_.snapshot_bytes_last = bytes.size();
  snapshot_seq_ = applied_seq_;
  writer_->Submit(applied_seq_, std::move(bytes));
}

Status Executor::Load(const store::EventStore& store) {
  model_ = WriteModel();
  model_status_ = Status::Ok();
  keys_.clear();
  applied_seq_ = 0;
  snapshot_seq_ = 0;
  if (options_.load_snapshot) {
    Result<std::vector<std::uint64_t>> seqs = store.SnapshotSeqs();
    if (!seqs.ok()) {
      spdlog::warn("listing write model snapshots: {}; folding the whole log",
                   seqs.status().ToString());
      stats_.skipped_snapshots.push_back(seqs.status().ToString());
    } else {
      for (std::uint64_t seq : *seqs) {
        // Never trusted blindly: the store checks the digest and the chain hash at its
        // seq, the codec the format and the structure.
        Result<std::string> bytes = store.GetSnapshot(seq);
        Result<WriteModel> model =
            bytes.ok() ? DecodeWriteModel(*bytes) : Result<WriteModel>(bytes.status());
        if (!model.ok()) {
          spdlog::warn("write model snapshot of seq {} ignored: {}", seq,
                       model.status().ToString());
          stats_.skipped_snapshots.push_back("seq " + std::to_string(seq) + ": " +
                                             model.status().ToString());
          continue;
        }
        model_ = std::move(model).value();
        applied_seq_ = seq;
        snapshot_seq_ = seq;
        stats_.loaded_snapshot_seq = seq;
        break;
      }
    }
  }
  const std::uint64_t from = applied_seq_;
  PROSPEKT_RETURN_IF_ERROR(FoldFrom(store, applied_seq_ + 1));
  stats_.folded_at_open = applied_seq_ - from;
  return Status::Ok();
}

store::StoreOptions Executor::OptionsFor(store::StoreOptions base) {
  base.on_appended = [this](const Envelope& envelope) { OnAppended(envelope); };
  return base;
}

Status Executor::Rebuild(const store::EventStore& store) {
  model_ = WriteModel();
  model_status_ = Status::Ok();
  keys_.clear();
  applied_seq_ = 0;
  return FoldFrom(store, 1);
}

Status Executor::FoldFrom(const store::EventStore& store, std::uint64_t from_seq) {
  constexpr std::size_t kBatch = 4096;
  std::uint64_t next_seq = from_seq;
  while (true) {
    Result<std::vector<Envelope>> batch = store.ReadAll(next_seq, kBatch);
    if (!batch.ok()) return batch.status();
    for (const Envelope& envelope : *batch) {
      Fold(envelope, store);
      next_seq = envelope.seq + 1;
    }
    PROSPEKT_RETURN_IF_ERROR(model_status_);
    if (batch->size() < kBatch) return Status::Ok();
  }
}

void Executor::OnAppended(const Envelope& envelope) { Fold(envelope, *store_); }

void Executor::Fold(const Envelope& envelope, const store::EventStore& keys) {
  if (!model_status_.ok()) return;
  Result<DomainEvent> event = DecodeDomainEvent(envelope.event_type, envelope.payload);
  Status opened = event.ok() ? OpenPersonalData(*event, keys) : event.status();
  if (!opened.ok()) {
    // A model that skipped an event could let a rule pass that the log forbids, so
    // every later decision is refused until an operator looks.
    model_status_ = Status::Corruption("event " + std::to_string(envelope.seq) +
                                       " cannot be folded: " + opened.message());
    return;
  }
  if (const auto* erased = std::get_if<PersonalDataErased>(&*event)) {
    CacheKey(erased->client_id, std::nullopt);
  }
  model_.Apply(*event, envelope.occurred_at_us);
  applied_seq_ = envelope.seq;
  const std::uint64_t every = options_.snapshot_every_events;
  if (writer_ != nullptr && every != 0 && applied_seq_ - snapshot_seq_ >= every) {
    TakeSnapshot();
  }
}

Status Executor::OpenPersonalData(DomainEvent& event, const store::EventStore& keys) {
  std::string client_id;
  for (PersonalText* text : PersonalTextsOf(event, &client_id)) {
    if (text->form == PersonalText::Form::kClear) continue;
    Result<std::optional<std::string>> key = KeyOf(client_id, keys);
    if (!key.ok()) return key.status();
    Result<std::optional<std::string>> clear = PersonalDataVault::OpenWith(*key, client_id, *text);
    if (!clear.ok()) return clear.status();
    // Erased: the model sees "" (WriteModel's ClearText of a sealed text).
    if (clear->has_value()) *text = PersonalText{PersonalText::Form::kClear, std::move(**clear)};
  }
  return Status::Ok();
}

Result<std::optional<std::string>> Executor::KeyOf(const std::string& client_id,
                                                   const store::EventStore& keys) {
  auto cached = keys_.find(client_id);
  if (cached != keys_.end()) return cached->second;
  // A miss: in Rebuild (each client's key is needed about once there, so no cache could
  // save this read), or live for a key the cache dropped. A read of the keys column
  // family, never a write, so it cannot wait for the sequencer.
  Result<std::optional<std::string>> key = PersonalDataVault::LoadKey(keys, client_id);
  if (key.ok()) CacheKey(client_id, *key);
  return key;
}

void Executor::CacheKey(const std::string& client_id, std::optional<std::string> key) {
  if (keys_.size() >= kMaxCachedKeys && keys_.find(client_id) == keys_.end()) {
    for (auto& [id, cached] : keys_) {
      if (cached.has_value()) sodium_memzero(cached->data(), cached->size());
    }
    keys_.clear();
  }
  keys_[client_id] = std::move(key);
}

Result<Executor::CommandKey> Executor::PrepareKey(const Command& command) {
  CommandKey prepared;
  if (const auto* registration = std::get_if<RegisterClient>(&command)) {
    prepared.client_id = registration->client_id;
  } else if (const auto* correction = std::get_if<CorrectClientDetails>(&command)) {
    // Any personal field (the kind is not known off the sequencer): a legal entity's
    // key exists from its registration anyway.
    if (SealedField(ClientKind::kIndividual, correction->field)) {
      prepared.client_id = correction->client_id;
    }
  }
  // A malformed id is left to the decider's InvalidArgument; no key is made for it.
  if (prepared.client_id.empty() || !internal::ValidateId(prepared.client_id, "client_id").ok()) {
    return CommandKey{};
  }
  Result<std::optional<std::string>> key = vault_->EnsureKey(prepared.client_id);
  if (!key.ok()) return key.status();
  prepared.key = std::move(*key);
  return prepared;
}

Status Executor::Seal(Decision& decision, const CommandKey& key) const {
  for (DomainEvent& event : decision.events) {
    std::string client_id;
    std::vector<PersonalText*> texts;
    if (auto* registered = std::get_if<ClientRegistered>(&event)) {
      client_id = registered->client_id;
      texts = SealedTexts(*registered);
    } else if (auto* corrected = std::get_if<ClientDetailsCorrected>(&event)) {
      const WriteModel::Client* client = model_.FindClient(corrected->client_id);
      if (client != nullptr && SealedField(client->kind, corrected->field)) {
        client_id = corrected->client_id;
        texts = {&corrected->before, &corrected->after};
      }
    }
    for (PersonalText* text : texts) {
      if (text->form != PersonalText::Form::kClear || text->bytes.empty()) continue;
      // Never append personal data in clear: without the client's key, refuse.
      if (key.client_id != client_id || !key.key.has_value()) {
        return Status::FailedPrecondition(
            "the personal data of client " + client_id + " was erased (no key to seal with)",
            "client_id");
      }
      *text = PersonalDataVault::SealWith(*key.key, client_id, text->bytes, random_);
    }
  }
  return Status::Ok();
}

store::AppendRequest Executor::ToRequest(Decision decision, const CommandContext& context) {
  store::AppendRequest request;
  request.stream_id = std::move(decision.stream_id);
  // The decision ran on the sequencer against the model of the whole log, so no
  // concurrent writer can have slipped in between: a version is expected only when the
  // caller asks for one (it decided to send the command on what it saw of the stream).
  request.expected_version = context.expected_stream_version
                                 ? store::ExpectedVersion::Exactly(*context.expected_stream_version)
                                 : store::ExpectedVersion::Any();
  for (const DomainEvent& event : decision.events) {
    store::NewEvent out;
    out.event_type = std::string(EventTypeName(event));
    out.occurred_at_us = decision.occurred_at_us;
    out.actor = context.actor.employee_id;
    out.on_behalf_of = decision.on_behalf_of;
    out.correlation_id = context.correlation_id;
    out.payload = EncodeDomainEvent(event);
    request.events.push_back(std::move(out));
  }
  return request;
}

Result<store::AppendRequest> Executor::DecideRequest(const Command& command,
                                                     const CommandContext& context,
                                                     const CommandKey& key) {
  PROSPEKT_RETURN_IF_ERROR(model_status_);
  Result<Decision> decision = Decide(model_, command, context);
  if (!decision.ok()) return decision.status();
  PROSPEKT_RETURN_IF_ERROR(Seal(*decision, key));
  // The fold of these events (next, on this thread) opens them with this key.
  if (!key.client_id.empty()) CacheKey(key.client_id, key.key);
  return ToRequest(std::move(decision).value(), context);
}

Result<store::AppendResult> Executor::Execute(const Command& command, const CommandContext& context,
                                              std::string idempotency_key) {
  Result<CommandKey> key = PrepareKey(command);
  if (!key.ok()) return key.status();
  Result<store::AppendResult> result = store_->DecideAndAppend(
      std::move(idempotency_key),
      [this, &command, &context, &key] { return DecideRequest(command, context, *key); });
  if (const auto* erase = std::get_if<EraseClientData>(&command); erase != nullptr && result.ok()) {
    // The erasure is durable in the log; now the key goes, on this thread.
    PROSPEKT_RETURN_IF_ERROR(vault_->Erase(erase->client_id));
  }
  return result;
}

void Executor::ExecuteAsync(Command command, CommandContext context, std::string idempotency_key,
                            store::EventStore::AppendCallback done) {
  if (std::holds_alternative<EraseClientData>(command)) {
    done(Status::InvalidArgument(
        "EraseClientData runs through Execute: shredding the key must not block the sequencer",
        "command"));
    return;
  }
  Result<CommandKey> key = PrepareKey(command);
  if (!key.ok()) {
    done(key.status());
    return;
  }
  store_->DecideAndAppendAsync(
      std::move(idempotency_key),
      [this, command = std::move(command), context = std::move(context),
       prepared = std::move(key).value()] { return DecideRequest(command, context, prepared); },
      std::move(done));
}

}  // namespace prospekt::domain
