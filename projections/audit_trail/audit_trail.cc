#include "projections/audit_trail/audit_trail.h"

#include <algorithm>
#include <set>
#include <type_traits>
#include <variant>

#include "projections/internal/subjects.h"

namespace prospekt::projections {

void Evolve(AuditTrailView& view, const Envelope& envelope, const domain::DomainEvent& event) {
  for (const std::string* client_id : internal::ClientsOf(event)) {
    const std::uint32_t index = view.client_ids.Intern(*client_id);
    if (index >= view.seqs_by_client.size()) view.seqs_by_client.resize(index + 1);
    std::vector<std::uint64_t>& seqs = view.seqs_by_client[index];
    if (seqs.empty() || seqs.back() != envelope.seq) seqs.push_back(envelope.seq);
  }
  if (const auto* merged = std::get_if<domain::ClientMergedAsDuplicate>(&event)) {
    view.merges_by_survivor[merged->survivor_id].push_back(
        {envelope.seq, merged->duplicate_id, true});
  } else if (const auto* unmerged = std::get_if<domain::ClientUnmerged>(&event)) {
    view.merges_by_survivor[unmerged->survivor_id].push_back(
        {envelope.seq, unmerged->duplicate_id, false});
  }
}

std::vector<std::uint64_t> AuditTrailSeqs(const AuditTrailView& view, std::string_view client_id,
                                          std::uint64_t as_of_seq) {
  auto own_seqs = [&](std::string_view id, std::vector<std::uint64_t>& out) {
    const std::uint32_t index = view.client_ids.Find(id);
    if (index == internal::IdTable::kNone) return;
    const std::vector<std::uint64_t>& own = view.seqs_by_client[index];
    const auto end = std::upper_bound(own.begin(), own.end(), as_of_seq);
    out.insert(out.end(), own.begin(), end);
  };
  std::vector<std::uint64_t> seqs;
  own_seqs(client_id, seqs);
  auto merges = view.merges_by_survivor.find(client_id);
  if (merges != view.merges_by_survivor.end()) {
    std::set<std::string_view> merged_now;
    for (const MergeMark& mark : merges->second) {
      if (mark.seq > as_of_seq) break;
      if (mark.merged) {
        merged_now.insert(mark.duplicate_id);
      } else {
        merged_now.erase(mark.duplicate_id);
      }
    }
    for (std::string_view duplicate : merged_now) own_seqs(duplicate, seqs);
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  }
  return seqs;
}

}  // namespace prospekt::projections
