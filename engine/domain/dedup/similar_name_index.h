// SimilarNameIndex: the normalised names of one region's clients, indexed so that a new
// registration finds "the first client whose name is nearly identical" (name_similarity.h)
// without comparing its name with every client of the region. It finds exactly what a
// scan in insertion order with NamesNearlyIdentical finds (the rule stays the rule: the
// index only proposes candidates, each is checked with NamesNearlyIdentical), which
// tests/engine/domain/dedup/similar_name_index_test.cc checks against such a scan.
//
// How candidates are found (why this scheme, see similar_name_index.cc):
//   - typos: each name of L code points is cut into three fixed pieces; two edits
//     cannot touch all three, so a name within the rule's edit limit shares one piece
//     with the query, shifted by at most two positions (pigeonhole, as in PassJoin),
//     and has the same digits in the same order (the rule demands it);
//   - reordered words: a signature of the name's words in sorted order.
//
// Owns copies of the names and client ids. Pure data, no I/O; not thread-safe (the
// write model owns one per region and touches it on one thread).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace prospekt::domain::dedup {

class SimilarNameIndex {
 public:
  // Adds `client_id` under `normalized_name` (NormalizeName's output) after every
  // entry already there. An empty name is no key and is not added.
  void Add(std::string normalized_name, std::string client_id);

  // Removes every entry of `client_id` (a corrected or erased name).
  void Remove(std::string_view client_id);

  // The client id of the first entry, in insertion order, whose name is nearly
  // identical to `normalized_name`; nullptr when there is none. The pointer stays valid
  // until the next Add or Remove.
  const std::string* FindFirst(std::string_view normalized_name) const;

  // Visits the entries (name, client id) in insertion order: what a snapshot stores.
  // Adding them in that order to an empty index gives an equal index.
  void ForEach(const std::function<void(const std::string& name, const std::string& client_id)>&
                   visit) const;

  std::size_t size() const { return live_; }

  // Equal when both hold the same entries in the same order (tombstones left by
  // Remove and the posting lists are not part of the value).
  bool operator==(const SimilarNameIndex& other) const;

 private:
  struct Entry {
    std::string name, client_id;
    bool live = true;
  };
  // Calls `use` with every candidate key of a stored name.
  static void EntryKeys(std::string_view name, const std::function<void(std::uint64_t)>& use);

  // Insertion order; removed entries stay as tombstones so that indexes stay stable.
  std::vector<Entry> entries_;
  std::size_t live_ = 0;
  // Candidate key -> indexes into entries_, ascending. Keys are 64-bit hashes: a
  // collision only proposes one more candidate, which the rule then refuses.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> postings_;
  // client id -> its entries' indexes.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_client_;
};

}  // namespace prospekt::domain::dedup
