#include "replay/verify_chain.h"

#include <string_view>

namespace prospekt::replay {

Result<ChainReport> VerifyChain(const store::EventStore& store,
                                const std::function<void(std::uint64_t)>& progress,
                                std::uint64_t progress_every) {
  ChainReport report;
  std::uint64_t expected_seq = 1;
  ChainHash previous_hash = kGenesisHash;
  std::int64_t previous_recorded_at = INT64_MIN;

  // A seq acknowledged earlier, kept outside RocksDB: the log must reach it unchanged.
  Result<std::optional<store::LogHead>> head_mark = store.HeadMark();
  if (!head_mark.ok()) return head_mark.status();
  const std::optional<store::LogHead> mark = *head_mark;

  auto broken = [&](std::uint64_t seq, std::string problem) {
    report.intact = false;
    report.first_broken_seq = seq;
    report.problem = std::move(problem);
    return false;
  };

  Status scanned = store.ScanRaw(1, [&](std::uint64_t key_seq, std::string_view bytes) {
    if (key_seq != expected_seq) {
      return broken(expected_seq, "seq " + std::to_string(expected_seq) +
                                      " is missing: the next stored event is seq " +
                                      std::to_string(key_seq));
    }
    Result<Envelope> envelope = DecodeEnvelope(bytes);
    if (!envelope.ok()) return broken(key_seq, envelope.status().message());
    if (envelope->seq != key_seq) {
      return broken(key_seq, "the envelope stored at seq " + std::to_string(key_seq) +
                                 " claims seq " + std::to_string(envelope->seq));
    }
    if (envelope->prev_hash != previous_hash) {
      if (key_seq == 1) return broken(1, "the first envelope does not start the chain");
      // Either the previous envelope was altered after this one was chained to it, or
      // this envelope's link was; the first envelope that no longer fits is the former.
      return broken(key_seq - 1, "envelope at seq " + std::to_string(key_seq - 1) +
                                     " does not hash to the prev_hash stored in seq " +
                                     std::to_string(key_seq) + " (one of them was altered)");
    }
    if (envelope->recorded_at_us < previous_recorded_at) {
      return broken(key_seq, "recorded_at goes back in time at seq " + std::to_string(key_seq));
    }
    previous_hash = HashEnvelopeBytes(bytes);
    if (mark && key_seq == mark->last_seq && previous_hash != mark->hash) {
      return broken(key_seq, "seq " + std::to_string(key_seq) +
                                 " is not the event acknowledged at that position (head mark)");
    }
    previous_recorded_at = envelope->recorded_at_us;
    report.head = {key_seq, previous_hash, envelope->recorded_at_us};
    ++report.events_checked;
    ++expected_seq;
    if (progress && key_seq % progress_every == 0) progress(key_seq);
    return true;
  });
  if (!scanned.ok()) {
    // Damage that RocksDB itself detected (a block checksum) while walking.
    if (scanned.code() != StatusCode::kCorruption) return scanned;
    report.intact = false;
    report.first_broken_seq = expected_seq;
    report.problem = "the storage under seq " + std::to_string(expected_seq) +
                     " is damaged: " + scanned.message();
    return report;
  }
  if (!report.intact) return report;
  if (mark && report.head.last_seq < mark->last_seq) {
    report.intact = false;
    report.first_broken_seq = report.head.last_seq + 1;
    report.problem = "the log ends at seq " + std::to_string(report.head.last_seq) + " but seq " +
                     std::to_string(mark->last_seq) +
                     " was acknowledged (head mark): data files are missing or cut short";
    return report;
  }

  Result<store::LogHead> recorded = store.RecordedHead();
  if (!recorded.ok()) {
    if (recorded.status().code() == StatusCode::kNotFound && report.events_checked == 0) {
      return report;  // an empty log is intact
    }
    report.intact = false;
    report.first_broken_seq = report.head.last_seq;
    report.problem = recorded.status().message();
    return report;
  }
  if (recorded->last_seq != report.head.last_seq) {
    report.intact = false;
    report.first_broken_seq = std::min(recorded->last_seq, report.head.last_seq) + 1;
    report.problem = "the head record names seq " + std::to_string(recorded->last_seq) +
                     " but the log ends at seq " + std::to_string(report.head.last_seq);
  } else if (recorded->hash != report.head.hash) {
    report.intact = false;
    report.first_broken_seq = report.head.last_seq;
    report.problem = "the last envelope (seq " + std::to_string(report.head.last_seq) +
                     ") does not hash to the head record";
  }
  return report;
}

}  // namespace prospekt::replay
