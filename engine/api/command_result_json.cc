#include "engine/api/command_result_json.h"

#include <string>
#include <variant>

#include "events/domain_codec.h"
#include "events/envelope_json.h"

namespace prospekt::api {
namespace {

using nlohmann::json;

json Warning(const domain::DontDisturbWarned& warned) {
  const std::string at = FormatUtcMicros(warned.colleague_contact_at_us);
  return {{"kind", "dont_disturb"},
          {"client_id", warned.client_id},
          {"warned_employee_id", warned.warned_employee_id},
          {"colleague_id", warned.colleague_id},
          {"colleague_contact_at", at},
          {"colleague_contact_at_us", warned.colleague_contact_at_us},
          {"action", warned.action},
          {"message", "colleague " + warned.colleague_id + " contacted client " + warned.client_id +
                          " at " + at + ", within the branch's don't-disturb period"}};
}

}  // namespace

Result<json> CommandResultToJson(const std::vector<Envelope>& appended, const ErasedCheck& erased) {
  if (appended.empty()) return Status::Corruption("a command's append holds no events");
  const Envelope& last = appended.back();
  json events = json::array();
  json warnings = json::array();
  for (std::size_t i = 0; i < appended.size(); ++i) {
    const Envelope& envelope = appended[i];
    // Invariant: one append is one stream, at consecutive seqs.
    if (envelope.stream_id != last.stream_id || envelope.seq != appended[0].seq + i) {
      return Status::Corruption("seqs " + std::to_string(appended[0].seq) + ".." +
                                std::to_string(last.seq) + " are not one append");
    }
    Result<domain::DomainEvent> event = DecodeDomainEvent(envelope.event_type, envelope.payload);
    if (!event.ok()) {
      return Status::Corruption("seq " + std::to_string(envelope.seq) +
                                " holds no domain event: " + event.status().message());
    }
    if (const auto* warned = std::get_if<domain::DontDisturbWarned>(&*event)) {
      warnings.push_back(Warning(*warned));
    }
    events.push_back(DomainEventToJson(*event, erased));
  }
  return json{{"seq", last.seq},
              {"stream_id", last.stream_id},
              {"stream_version", last.stream_version},
              {"events", std::move(events)},
              {"warnings", std::move(warnings)}};
}

Result<json> CommandResultJson(const store::EventStore& log, const store::AppendResult& result,
                               const ErasedCheck& erased) {
  if (result.last_seq < result.first_seq || result.first_seq == 0) {
    return Status::InvalidArgument("no append at seqs " + std::to_string(result.first_seq) + ".." +
                                   std::to_string(result.last_seq));
  }
  const std::size_t count = static_cast<std::size_t>(result.last_seq - result.first_seq + 1);
  // A fresh append carries its envelopes as written: no need to read them back.
  if (!result.appended.empty()) {
    if (result.appended.size() != count || result.appended.front().seq != result.first_seq) {
      return Status::InvalidArgument("the envelopes of the append are not seqs " +
                                     std::to_string(result.first_seq) + ".." +
                                     std::to_string(result.last_seq));
    }
    return CommandResultToJson(result.appended, erased);
  }
  Result<std::vector<Envelope>> appended = log.ReadAll(result.first_seq, count);
  if (!appended.ok()) return appended.status();
  if (appended->size() != count) {
    return Status::NotFound("the log does not hold seqs " + std::to_string(result.first_seq) +
                            ".." + std::to_string(result.last_seq));
  }
  return CommandResultToJson(*appended, erased);
}

}  // namespace prospekt::api
