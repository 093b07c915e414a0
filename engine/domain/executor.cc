#include "engine/domain/executor.h"

#include <utility>

#include "events/domain_codec.h"

namespace prospekt::domain {

Result<std::unique_ptr<Executor>> Executor::Open(const std::filesystem::path& path,
                                                 store::StoreOptions options) {
  auto executor = std::make_unique<Executor>(Key{});
  Result<std::unique_ptr<store::EventStore>> opened =
      store::EventStore::Open(path, executor->OptionsFor(std::move(options)));
  if (!opened.ok()) return opened.status();
  // No append can run yet (nobody else has the store), so folding here cannot race
  // the sequencer's hook.
  Status rebuilt = executor->Rebuild(**opened);
  if (!rebuilt.ok()) return rebuilt;
  executor->store_ = std::move(opened).value();
  return executor;
}

store::StoreOptions Executor::OptionsFor(store::StoreOptions base) {
  base.on_appended = [this](const Envelope& envelope) { OnAppended(envelope); };
  return base;
}

Status Executor::Rebuild(const store::EventStore& store) {
  model_ = WriteModel();
  model_status_ = Status::Ok();
  constexpr std::size_t kBatch = 4096;
  std::uint64_t next_seq = 1;
  while (true) {
    Result<std::vector<Envelope>> batch = store.ReadAll(next_seq, kBatch);
    if (!batch.ok()) return batch.status();
    for (const Envelope& envelope : *batch) {
      OnAppended(envelope);
      next_seq = envelope.seq + 1;
    }
    PROSPEKT_RETURN_IF_ERROR(model_status_);
    if (batch->size() < kBatch) return Status::Ok();
  }
}

void Executor::OnAppended(const Envelope& envelope) {
  if (!model_status_.ok()) return;
  Result<DomainEvent> event = DecodeDomainEvent(envelope.event_type, envelope.payload);
  if (!event.ok()) {
    // A model that skipped an event could let a rule pass that the log forbids, so
    // every later decision is refused until an operator looks.
    model_status_ = Status::Corruption("event " + std::to_string(envelope.seq) +
                                       " cannot be folded: " + event.status().message());
    return;
  }
  model_.Apply(*event, envelope.occurred_at_us);
}

store::AppendRequest Executor::ToRequest(Decision decision, const CommandContext& context) {
  store::AppendRequest request;
  request.stream_id = std::move(decision.stream_id);
  // Any version: the decision ran on the sequencer against the model of the whole log,
  // so no concurrent writer can have slipped in between.
  request.expected_version = store::ExpectedVersion::Any();
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
                                                     const CommandContext& context) const {
  PROSPEKT_RETURN_IF_ERROR(model_status_);
  Result<Decision> decision = Decide(model_, command, context);
  if (!decision.ok()) return decision.status();
  return ToRequest(std::move(decision).value(), context);
}

Result<store::AppendResult> Executor::Execute(const Command& command, const CommandContext& context,
                                              std::string idempotency_key) {
  return store_->DecideAndAppend(std::move(idempotency_key), [this, &command, &context] {
    return DecideRequest(command, context);
  });
}

void Executor::ExecuteAsync(Command command, CommandContext context, std::string idempotency_key,
                            store::EventStore::AppendCallback done) {
  store_->DecideAndAppendAsync(
      std::move(idempotency_key),
      [this, command = std::move(command), context = std::move(context)] {
        return DecideRequest(command, context);
      },
      std::move(done));
}

}  // namespace prospekt::domain
