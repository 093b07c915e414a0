#include "engine/access/access_log.h"

#include <chrono>
#include <utility>

#include "events/access_codec.h"

namespace prospekt::access {
namespace {

std::int64_t SystemClockMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Reads of a whole stream go in pages of this many events.
constexpr std::size_t kPage = 1024;
// A route template is short; the bound keeps a bad caller from logging kilobytes.
constexpr std::size_t kMaxRouteBytes = 256;

store::NewEvent ToNewEvent(const AccessEvent& event, std::string_view actor,
                           std::int64_t occurred_at_us) {
  store::NewEvent out;
  out.event_type = std::string(AccessEventTypeName(event));
  out.occurred_at_us = occurred_at_us;
  out.actor = std::string(actor);
  out.payload = EncodeAccessEvent(event);
  return out;
}

}  // namespace

std::filesystem::path AccessLogFolder(const std::filesystem::path& data) {
  std::filesystem::path folder = data;
  // "DATA/" names the same folder as "DATA".
  if (!folder.has_filename()) folder = folder.parent_path();
  folder += ".access";
  return folder;
}

std::string ViewedClientStream(std::string_view client_id) {
  return "viewed-client-" + std::string(client_id);
}

std::string ViewedEmployeeStream(std::string_view employee_id) {
  return "viewed-employee-" + std::string(employee_id);
}

Status ValidateSubjectId(std::string_view id, std::string_view field) {
  if (id.empty() || id.size() > 100) {
    return Status::InvalidArgument(std::string(field) + " must hold 1 to 100 characters",
                                   std::string(field));
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) {
      return Status::InvalidArgument(
          std::string(field) + " may hold only letters, digits and . _ : -", std::string(field));
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<AccessLog>> AccessLog::Open(const std::filesystem::path& path,
                                                   AccessLogOptions options) {
  std::function<std::int64_t()> clock =
      options.clock ? options.clock : std::function<std::int64_t()>(SystemClockMicros);
  store::StoreOptions store_options;
  store_options.sync = options.sync;
  store_options.read_only = options.read_only;
  store_options.clock = clock;
  Result<std::unique_ptr<store::EventStore>> store = store::EventStore::Open(path, store_options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<AccessLog>(new AccessLog(std::move(store).value(), std::move(clock)));
}

AccessLog::AccessLog(std::unique_ptr<store::EventStore> store, std::function<std::int64_t()> clock)
    : store_(std::move(store)), clock_(std::move(clock)) {}

std::int64_t AccessLog::Now() const { return clock_(); }

Result<store::AppendResult> AccessLog::Append(std::string_view stream_id, const AccessEvent& event,
                                              std::string_view actor, std::int64_t occurred_at_us,
                                              store::ExpectedVersion expected) {
  store::AppendRequest request;
  request.stream_id = std::string(stream_id);
  request.expected_version = expected;
  request.events.push_back(ToNewEvent(event, actor, occurred_at_us));
  return store_->Append(std::move(request));
}

Result<std::vector<AccessRecord>> AccessLog::ReadStream(std::string_view stream_id,
                                                        std::uint64_t from_version,
                                                        std::size_t max_count) const {
  Result<std::vector<Envelope>> envelopes =
      store_->ReadStream(stream_id, from_version, store::Direction::kForward, max_count);
  if (!envelopes.ok()) return envelopes.status();
  std::vector<AccessRecord> records;
  records.reserve(envelopes->size());
  for (Envelope& envelope : *envelopes) {
    Result<AccessEvent> event = DecodeAccessEvent(envelope.event_type, envelope.payload);
    if (!event.ok()) {
      return Status::Corruption("access log seq " + std::to_string(envelope.seq) + ": " +
                                event.status().message());
    }
    records.push_back(AccessRecord{std::move(envelope), std::move(event).value()});
  }
  return records;
}

void AccessLog::RecordView(const Principal& viewer, ViewedSubject subject_kind,
                           std::string_view subject_id, std::string_view route,
                           std::uint64_t as_of_seq, std::function<void(Status)> done) {
  Status valid = ValidateSubjectId(subject_id, "subject_id");
  if (valid.ok() && (route.empty() || route.size() > kMaxRouteBytes)) {
    valid = Status::InvalidArgument(
        "route must hold 1 to " + std::to_string(kMaxRouteBytes) + " bytes", "route");
  }
  if (!valid.ok()) {
    done(std::move(valid));
    return;
  }
  const RecordViewed viewed{viewer.login,       viewer.employee_id,
                            subject_kind,       std::string(subject_id),
                            std::string(route), as_of_seq};
  store::AppendRequest request;
  request.stream_id = subject_kind == ViewedSubject::kHistory ? ViewedEmployeeStream(subject_id)
                                                              : ViewedClientStream(subject_id);
  request.events.push_back(ToNewEvent(viewed, viewer.login, Now()));
  store_->AppendAsync(
      std::move(request),
      [done = std::move(done)](Result<store::AppendResult> appended) { done(appended.status()); });
}

Result<std::vector<ViewRecord>> AccessLog::ViewersOf(std::string_view client_id,
                                                     std::int64_t from_us,
                                                     std::int64_t until_us) const {
  PROSPEKT_RETURN_IF_ERROR(ValidateSubjectId(client_id, "client_id"));
  return Views(ViewedClientStream(client_id), from_us, until_us);
}

Result<std::vector<ViewRecord>> AccessLog::ViewersOfEmployee(std::string_view employee_id,
                                                             std::int64_t from_us,
                                                             std::int64_t until_us) const {
  PROSPEKT_RETURN_IF_ERROR(ValidateSubjectId(employee_id, "employee_id"));
  return Views(ViewedEmployeeStream(employee_id), from_us, until_us);
}

Result<std::vector<ViewRecord>> AccessLog::Views(const std::string& stream_id, std::int64_t from_us,
                                                 std::int64_t until_us) const {
  if (until_us <= from_us) {
    return Status::InvalidArgument("the period must end after it starts", "until");
  }
  // recorded_at never decreases along the log, so neither along a stream: the walk
  // stops at the first record at or past `until_us`.
  // TODO(perf): a client viewed very often reads its stream from the start; a binary
  // search on stream versions would skip the records before `from_us`.
  std::vector<ViewRecord> views;
  std::uint64_t version = 1;
  for (;;) {
    Result<std::vector<AccessRecord>> page = ReadStream(stream_id, version, kPage);
    if (!page.ok()) return page.status();
    for (AccessRecord& record : *page) {
      const std::int64_t at = record.envelope.recorded_at_us;
      if (at >= until_us) return views;
      const auto* viewed = std::get_if<RecordViewed>(&record.event);
      if (viewed == nullptr) {
        return Status::Corruption("access log seq " + std::to_string(record.envelope.seq) + " in " +
                                  stream_id + " is a " + record.envelope.event_type);
      }
      if (at >= from_us) views.push_back(ViewRecord{record.envelope.seq, at, *viewed});
    }
    if (page->size() < kPage) return views;
    version += kPage;
  }
}

}  // namespace prospekt::access
