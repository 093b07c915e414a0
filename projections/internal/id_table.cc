#include "projections/internal/id_table.h"

#include <cstring>

namespace prospekt::projections::internal {

std::uint64_t IdTable::HashOf(std::string_view id) {
  // Ids are short (10 to 20 bytes here): two overlapping 8-byte loads cover them, longer
  // ones are folded in 16 bytes at a time; each step is a 64x64->128-bit multiply whose
  // halves are xored (the "mum" of wyhash), so low and high bits are both well mixed.
  constexpr std::uint64_t kA = 0xa076'1d64'78bd'642fULL;
  constexpr std::uint64_t kB = 0xe703'7ed1'a0b4'28dbULL;
  auto mum = [](std::uint64_t a, std::uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
  };
  auto load8 = [](const char* at) {
    std::uint64_t value = 0;
    std::memcpy(&value, at, 8);
    return value;
  };
  auto load4 = [](const char* at) {
    std::uint32_t value = 0;
    std::memcpy(&value, at, 4);
    return std::uint64_t{value};
  };
  const char* at = id.data();
  std::size_t left = id.size();
  std::uint64_t seed = kB ^ static_cast<std::uint64_t>(left);
  while (left > 16) {
    seed = mum(load8(at) ^ kA, load8(at + 8) ^ seed);
    at += 16;
    left -= 16;
  }
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (left >= 8) {
    a = load8(at);
    b = load8(at + left - 8);
  } else if (left >= 4) {
    a = load4(at);
    b = load4(at + left - 4);
  } else if (left > 0) {
    a = (std::uint64_t{static_cast<unsigned char>(at[0])} << 16) |
        (std::uint64_t{static_cast<unsigned char>(at[left / 2])} << 8) |
        std::uint64_t{static_cast<unsigned char>(at[left - 1])};
  }
  return mum(a ^ kA, mum(b ^ seed, kB ^ kA));
}

bool IdTable::Matches(const Slot& slot, std::uint32_t tag, std::string_view id) const {
  if (slot.tag != tag) return false;
  if (slot.size == kLong) return ids_[slot.index_plus_one - 1] == id;
  return slot.size == id.size() && std::memcmp(slot.bytes, id.data(), id.size()) == 0;
}

std::uint32_t IdTable::Find(std::string_view id) const {
  if (slots_.empty()) return kNone;
  const std::uint64_t hash = HashOf(id);
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.index_plus_one == 0) return kNone;
    if (Matches(slot, tag, id)) return slot.index_plus_one - 1;
  }
}

void IdTable::Prefetch(std::string_view id) const {
  if (slots_.empty()) return;
  __builtin_prefetch(&slots_[HashOf(id) & (slots_.size() - 1)]);
}

std::uint32_t IdTable::Intern(std::string_view id) {
  if (const std::uint32_t found = Find(id); found != kNone) return found;
  // Invariant: indexes stay below kNone (4 billion ids: far beyond any bank).
  const auto index = static_cast<std::uint32_t>(ids_.size());
  ids_.emplace_back(id);
  if (2 * ids_.size() > slots_.size()) {
    Rehash();  // places every id, the new one included
  } else {
    Place(HashOf(id), index);
  }
  return index;
}

void IdTable::Place(std::uint64_t hash, std::uint32_t index) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].index_plus_one != 0) i = (i + 1) & mask;
  Slot& slot = slots_[i];
  slot.index_plus_one = index + 1;
  slot.tag = static_cast<std::uint32_t>(hash >> 32);
  const std::string& id = ids_[index];
  if (id.size() <= kInline) {
    slot.size = static_cast<std::uint8_t>(id.size());
    std::memcpy(slot.bytes, id.data(), id.size());
  } else {
    slot.size = kLong;
  }
}

void IdTable::Rehash() {
  std::size_t size = 16;
  while (size < 2 * ids_.size()) size *= 2;
  slots_.assign(size, Slot{});
  for (std::uint32_t index = 0; index < ids_.size(); ++index) Place(HashOf(ids_[index]), index);
}

bool IdTable::Reindex() {
  slots_.clear();
  if (ids_.empty()) return true;
  std::size_t size = 16;
  while (size < 2 * ids_.size()) size *= 2;
  slots_.assign(size, Slot{});
  // As Rehash, checking that no id repeats (which a damaged snapshot could hold).
  for (std::uint32_t index = 0; index < ids_.size(); ++index) {
    if (Find(ids_[index]) != kNone) return false;  // a repeated id
    Place(HashOf(ids_[index]), index);
  }
  return true;
}

}  // namespace prospekt::projections::internal
