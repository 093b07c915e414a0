#include "projections/internal/id_table.h"

#include <functional>

namespace prospekt::projections::internal {
namespace {

constexpr std::uint64_t kIndexMask = 0xffff'ffffULL;

std::uint64_t Tag(std::uint64_t hash) { return hash & ~kIndexMask; }

}  // namespace

std::uint64_t IdTable::HashOf(std::string_view id) {
  // std::hash (libstdc++: murmur-style over the bytes), then a multiply so that the low
  // bits picking the slot and the high bits kept as the tag are both well mixed.
  return std::hash<std::string_view>{}(id) * 0x9e37'79b9'7f4a'7c15ULL;
}

std::uint32_t IdTable::Find(std::string_view id) const {
  if (slots_.empty()) return kNone;
  const std::uint64_t hash = HashOf(id);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (hash >> 16) & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return kNone;
    if (Tag(slot) == Tag(hash)) {
      const auto index = static_cast<std::uint32_t>((slot & kIndexMask) - 1);
      if (ids_[index] == id) return index;
    }
  }
}

std::uint32_t IdTable::Intern(std::string_view id) {
  if (const std::uint32_t found = Find(id); found != kNone) return found;
  // Invariant: indexes stay below kNone (4 billion ids: far beyond any bank).
  const auto index = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace_back(id);
  if (2 * ids_.size() > slots_.size()) {
    Grow();  // places every id, the new one included
  } else {
    Place(HashOf(id), index);
  }
  return index;
}

void IdTable::Place(std::uint64_t hash, std::uint32_t index) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = (hash >> 16) & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = Tag(hash) | (std::uint64_t{index} + 1);
}

void IdTable::Grow() {
  std::size_t size = slots_.empty() ? 16 : slots_.size();
  while (size < 2 * ids_.size()) size *= 2;
  slots_.assign(size, 0);
  for (std::uint32_t index = 0; index < ids_.size(); ++index) Place(HashOf(ids_[index]), index);
}

bool IdTable::Reindex() {
  slots_.clear();
  if (ids_.empty()) return true;
  std::size_t size = 16;
  while (size < 2 * ids_.size()) size *= 2;
  slots_.assign(size, 0);
  for (std::uint32_t index = 0; index < ids_.size(); ++index) {
    const std::uint32_t earlier = Find(ids_[index]);
    if (earlier != kNone) return false;
    Place(HashOf(ids_[index]), index);
  }
  return true;
}

}  // namespace prospekt::projections::internal
