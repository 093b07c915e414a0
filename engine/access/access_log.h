// AccessLog: the bank's access log — an append-only, hash-chained EventStore of its own
// (in DATA.access beside the event log DATA) holding users, password changes, tokens
// issued and revoked, failed logins, and every read of a client card, audit trail or
// employee history by a person (the read audit). Events: events/access.capnp; streams
// and layout: engine/access/FORMAT.md. `prospekt verify --data DATA.access` walks its
// chain like the main log's.
//
// Streams:
//   credentials-all          every user and token event (Credentials folds this one)
//   logins-failed            every refused login
//   viewed-client-<id>       the reads of a client's card and audit trail
//   viewed-employee-<id>     the reads of an employee's history
// so "who viewed client X between two dates" is one stream read.
//
// Ownership: the AccessLog owns its EventStore. Thread-safe: any number of threads may
// append and read at once (the store's sequencer orders the appends). Credentials
// (credentials.h) keeps the fold of the credentials stream and must not outlive it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/access/principal.h"
#include "engine/store/event_store.h"
#include "events/access_events.h"
#include "events/envelope.h"
#include "events/status.h"

namespace prospekt::access {

// DATA -> DATA.access: where the access log of the event log in `data` lives.
std::filesystem::path AccessLogFolder(const std::filesystem::path& data);

inline constexpr std::string_view kCredentialsStream = "credentials-all";
inline constexpr std::string_view kFailedLoginsStream = "logins-failed";
// "viewed-client-<id>", "viewed-employee-<id>".
std::string ViewedClientStream(std::string_view client_id);
std::string ViewedEmployeeStream(std::string_view employee_id);

struct AccessLogOptions {
  // Appends are durable (fsynced) before they are acknowledged. Off only for tests and
  // throwaway demo data.
  bool sync = true;
  // Open without a writer (tools beside a running server); appends then fail.
  bool read_only = false;
  // The clock of recorded_at and of the reads' occurred_at, microseconds since the
  // epoch, UTC. Empty: the system clock. Tests inject a fake one.
  std::function<std::int64_t()> clock;
};

// One event of the access log with its envelope (seq, stream, times, actor).
struct AccessRecord {
  Envelope envelope;
  AccessEvent event;
};

// One read of the read audit.
struct ViewRecord {
  std::uint64_t seq = 0;          // in the access log
  std::int64_t viewed_at_us = 0;  // recorded_at: when the log took the record
  RecordViewed viewed;
  bool operator==(const ViewRecord&) const = default;
};

class AccessLog {
 public:
  // Opens (creating if needed) the access log in `path` (see AccessLogFolder). Errors
  // as store::EventStore::Open's (Corruption for damaged data, IOError when the folder
  // is locked by another process).
  static Result<std::unique_ptr<AccessLog>> Open(const std::filesystem::path& path,
                                                 AccessLogOptions options = {});
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Appends `event` to `stream_id` as `actor` (a login, or e.g. "cli"), durable on
  // return. `expected` as for the store (Aborted on a mismatch).
  Result<store::AppendResult> Append(
      std::string_view stream_id, const AccessEvent& event, std::string_view actor,
      std::int64_t occurred_at_us, store::ExpectedVersion expected = store::ExpectedVersion::Any());

  // Events of one stream from `from_version` (1 is the first), up to `max_count`.
  // Corruption when a stored payload is not an access event.
  Result<std::vector<AccessRecord>> ReadStream(std::string_view stream_id,
                                               std::uint64_t from_version,
                                               std::size_t max_count) const;

  // ---------------------------------------------------------------- read audit

  // Records that `viewer` read `subject_id` (a client for kCard and kTrail, an employee
  // for kHistory) through `route` (its template, e.g. "/api/clients/{client_id}/card"),
  // as of `as_of_seq` of the event log (0: the current view). Appended with the store's
  // AppendAsync: `done` runs once the record is durable (Ok) or refused — the server
  // sends the response only after an Ok, so that no read escapes the log. It runs on
  // the store's sequencer thread (or at once on the caller's for bad input: an
  // InvalidArgument naming "subject_id" or "route"), so it must be quick and not block.
  void RecordView(const Principal& viewer, ViewedSubject subject_kind, std::string_view subject_id,
                  std::string_view route, std::uint64_t as_of_seq,
                  std::function<void(Status)> done);

  // Who read the card or trail of `client_id` (resp. the history of `employee_id`)
  // with recorded_at in [from_us, until_us), oldest first. InvalidArgument for a bad id
  // or an empty range.
  Result<std::vector<ViewRecord>> ViewersOf(std::string_view client_id, std::int64_t from_us,
                                            std::int64_t until_us) const;
  Result<std::vector<ViewRecord>> ViewersOfEmployee(std::string_view employee_id,
                                                    std::int64_t from_us,
                                                    std::int64_t until_us) const;

  // The access log's clock (AccessLogOptions::clock).
  std::int64_t Now() const;

  // The store underneath, for verification, its head and the feed of tools.
  const store::EventStore& store() const { return *store_; }

 private:
  AccessLog(std::unique_ptr<store::EventStore> store, std::function<std::int64_t()> clock);

  Result<std::vector<ViewRecord>> Views(const std::string& stream_id, std::int64_t from_us,
                                        std::int64_t until_us) const;

  std::unique_ptr<store::EventStore> store_;
  const std::function<std::int64_t()> clock_;
};

// OK, or InvalidArgument on `field`: an id is 1..100 letters, digits and ". _ : -" (the
// domain's rule, so "viewed-client-" + id is a valid stream).
Status ValidateSubjectId(std::string_view id, std::string_view field);

}  // namespace prospekt::access
