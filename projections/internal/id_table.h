// IdTable: the string ids one view knows (clients, employees, branches, ...) interned as
// dense indexes 0, 1, 2, ... in the order they first appear, so that a hot view keeps its
// per-id state in vectors and pays one hash look-up per id and event instead of a
// string-keyed tree walk in every map.
//
// The index of an id never changes (ids are never removed), so indexes stored elsewhere
// in the view stay valid. Its snapshot encoding (view_codec.h) is the ids in index
// order — the same bytes for the same log, whatever the history of the process — and the
// hash index is rebuilt when a snapshot is decoded (Reindex).
//
// A plain value (copyable, comparable by its ids); thread-compatible: const members may
// be called from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace prospekt::projections::internal {

class IdTable {
 public:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  // The index of `id`, or kNone when the table does not hold it.
  std::uint32_t Find(std::string_view id) const;
  // The index of `id`, added at the end when new.
  std::uint32_t Intern(std::string_view id);
  // Starts loading the slot a look-up of `id` reads first (a hint: changes nothing), so
  // that a fold can ask for the ids of events a few ahead while it applies this one.
  void Prefetch(std::string_view id) const;

  // Precondition: index < size().
  const std::string& operator[](std::uint32_t index) const { return ids_[index]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(ids_.size()); }

  bool operator==(const IdTable& other) const { return ids_ == other.ids_; }

  // For the snapshot codec: the ids in index order, then the hash index rebuilt from
  // them. False when the decoded ids repeat one (damaged bytes: a table never does).
  friend auto Fields(IdTable& self) { return std::tie(self.ids_); }
  friend auto Fields(const IdTable& self) { return std::tie(self.ids_); }
  bool Reindex();

 private:
  // Open addressing, linear probing, at most half full. A slot holds the id's index
  // (+1; 0: empty), the upper half of its hash, and, for ids of up to kInline bytes, the
  // id itself: a look-up of a short id then reads one slot, not the slot and the id's
  // string elsewhere (at a bank's scale each would be a cache miss). The hash is only
  // kept in memory (never in a snapshot), so it may change between builds.
  static constexpr std::size_t kInline = 22;
  struct Slot {
    std::uint32_t index_plus_one = 0;
    std::uint32_t tag = 0;
    std::uint8_t size = 0;  // of the inline id; kLong: the id is longer, compare ids_
    char bytes[kInline + 1] = {};
  };
  static_assert(sizeof(Slot) == 32);
  static constexpr std::uint8_t kLong = 0xff;

  static std::uint64_t HashOf(std::string_view id);
  bool Matches(const Slot& slot, std::uint32_t tag, std::string_view id) const;
  void Place(std::uint64_t hash, std::uint32_t index);  // into a slot known to be free
  void Rehash();  // sizes the slots for ids_ and places every id

  std::vector<std::string> ids_;
  std::vector<Slot> slots_;  // size 0 or a power of two
};

}  // namespace prospekt::projections::internal
