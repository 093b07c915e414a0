// The response body of an executed command, built from the envelopes the command
// appended as the log holds them (those the append hands back, not the decision in
// memory), so that a retry with the same idempotency key, which gets the first append's
// positions back from the Executor and reads them from the log, builds the very same
// body:
//
//   {"seq": <last seq of the append>, "stream_id": "client-c1",
//    "stream_version": <the stream's version after it (for If-Match next time)>,
//    "events": [DomainEventToJson of each appended event, in seq order],
//    "warnings": [{"kind": "dont_disturb", "client_id", "warned_employee_id",
//                  "colleague_id", "colleague_contact_at", "colleague_contact_at_us",
//                  "action", "message"}, ...]}
//
// The warnings are the don't-disturb warnings the domain recorded with the command
// (DontDisturbWarned events: a colleague contacted the client within the branch's
// don't-disturb period); the command went through regardless. "seq" is what a later
// query passes as min_seq to read its own write. Thread-safe; CommandResultJson reads
// the store for a retry, and an `erased` check may read its key store for any answer, so
// call it from the caller's own thread, not inside an ExecuteAsync callback (that runs
// on the store's sequencer, which must never wait for a read).
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "engine/store/event_store.h"
#include "events/domain_json.h"
#include "events/envelope.h"
#include "events/status.h"

namespace prospekt::api {

// The body for `appended`, the envelopes of one append (one stream, consecutive seqs).
// Corruption when they are empty, of several streams, or hold no domain event.
// `erased` as in DomainEventToJson.
Result<nlohmann::json> CommandResultToJson(const std::vector<Envelope>& appended,
                                           const ErasedCheck& erased = {});

// The envelopes of `result` (first_seq..last_seq): those it carries (a fresh append),
// else read from `log` (a duplicate), then as above.
Result<nlohmann::json> CommandResultJson(const store::EventStore& log,
                                         const store::AppendResult& result,
                                         const ErasedCheck& erased = {});

}  // namespace prospekt::api
