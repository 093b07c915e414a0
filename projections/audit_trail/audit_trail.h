// Client audit trail projection: for every client, the seqs of every event about it —
// its own stream, the links and merges naming it, tasks about it — so that an auditor
// can read the client's whole history (actor, on-behalf-of, time, and before/after of
// corrections are in the envelopes themselves) as it stands now or as of any seq.
//
// The view is an append-only index; "as of seq S" filters it, so it keeps only its
// latest snapshot (SnapshotRetention::kLatest). Merged duplicates' events belong to the
// survivor's trail while the merge stands. Pure fold (projection.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "events/domain_events.h"
#include "events/envelope.h"
#include "projections/internal/id_table.h"
#include "projections/projection.h"

namespace prospekt::projections {

struct MergeMark {
  std::uint64_t seq = 0;
  std::string duplicate_id;
  bool merged = true;  // false: un-merged at seq
  bool operator==(const MergeMark&) const = default;
  friend auto Fields(internal::FieldsOf<MergeMark> auto& self) { return std::tie(self.seq, self.duplicate_id, self.merged); }
};

// Client ids are interned (internal/id_table.h); the trails are indexed by them.
struct AuditTrailView {
  internal::IdTable client_ids;
  std::vector<std::vector<std::uint64_t>> seqs_by_client;  // by client index
  std::map<std::string, std::vector<MergeMark>, std::less<>> merges_by_survivor;
  bool operator==(const AuditTrailView&) const = default;
  friend auto Fields(internal::FieldsOf<AuditTrailView> auto& self) {
    return std::tie(self.client_ids, self.seqs_by_client, self.merges_by_survivor);
  }
};

void Evolve(AuditTrailView& view, const Envelope& envelope, const domain::DomainEvent& event);

// Projection::Prefetch: the client's list (its header; the end it appends to follows).
inline void PrefetchClient(const AuditTrailView& view, std::uint32_t index) {
  if (index < view.seqs_by_client.size()) __builtin_prefetch(&view.seqs_by_client[index]);
}

// The seqs of the client's trail as of `as_of_seq`, ascending: its own events and those
// of the duplicates merged into it at that point. Empty for an unknown client.
std::vector<std::uint64_t> AuditTrailSeqs(const AuditTrailView& view, std::string_view client_id,
                                          std::uint64_t as_of_seq);

// v2: interned client ids.
inline constexpr ProjectionId kClientAuditTrail{"client_audit_trail", 2,
                                                SnapshotRetention::kLatest};

}  // namespace prospekt::projections
