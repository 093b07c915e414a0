#include "engine/domain/dedup/similar_name_index.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "engine/domain/dedup/internal/utf8.h"
#include "engine/domain/dedup/name_similarity.h"

// Why pieces and not the other usual schemes. The rule allows 2 edits over code points
// for names of more than 10 of them, and bank names run to 20-40 code points:
//   - a symmetric-delete (deletion neighbourhood) key set holds C(L, 2) + L + 1 keys per
//     name for 2 edits: ~450 keys for a 30-letter name, ~45M for 100k clients;
//   - q-gram count filters need long posting lists for common grams ("ов", "ский");
//   - three fixed pieces per stored name cost 3 keys per name, and a query looks up
//     each piece at each shift it can have: at most 5 lengths x 3 pieces x 5 shifts =
//     75 hash look-ups, whose lists hold only names sharing a third of the query
//     at the same place.
// Completeness (the index misses nothing the scan finds): let e (L code points) and q
// (n) be within the rule's limit k (1, or 2 when both are longer than 10). Then
// |L - n| <= k. Cut e into pieces [iL/3, (i+1)L/3), i = 0..2. An optimal alignment of e
// with q uses at most k <= 2 edits, so at least one piece holds no edit: it reappears in
// q as the same code points starting at its own position shifted by (insertions -
// deletions before it), within [-k, k]. The query tries exactly those (L, i, shift).
// Empty pieces (names of 1 or 2 code points) give the same key for every name of that
// length, so such names are all candidates: still complete. A typo match must also keep
// the digits in order (SameDigits), so piece keys include the name's digit sequence:
// numbered names ("волжский агропром 12345", the bulk of a large bank) then share a
// bucket only with names of the same number. Equal names are within any limit and have
// the same digits; reordered words share the signature (which has no digit part: the
// reordering rule does not ask for the digits' order). Every candidate then goes through
// NamesNearlyIdentical, so the answers are the rule's, and the lowest entry index that
// passes is the first in insertion order, as in the scan.

namespace prospekt::domain::dedup {
namespace {

// Names of up to this many code points allow one edit, longer ones two (the rule's
// limits, name_similarity.h); the index is built for the larger.
constexpr std::size_t kShortNameCodePoints = 10;
constexpr std::size_t kMaxEdits = 2;
constexpr std::size_t kPieces = kMaxEdits + 1;

std::u32string Decode(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  while (!utf8.empty()) {
    const internal::Decoded decoded = internal::DecodeUtf8(utf8);
    utf8.remove_prefix(decoded.length);
    out.push_back(decoded.code_point);
  }
  return out;
}

// 64-bit FNV-1a over the key's parts, then a final mix: cheap, deterministic across
// runs and builds (std::hash is neither promised).
class KeyHash {
 public:
  explicit KeyHash(std::uint64_t domain) { Add(domain); }
  void Add(std::uint64_t value) {
    for (int i = 0; i < 4; ++i) {
      hash_ ^= (value >> (16 * i)) & 0xffff;
      hash_ *= 0x100000001b3ULL;
    }
  }
  std::uint64_t Done() const {
    std::uint64_t h = hash_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

constexpr std::uint64_t kPieceDomain = 1;
constexpr std::uint64_t kWordsDomain = 2;

// Piece `piece` of a name of `length` code points: [begin, end).
std::pair<std::size_t, std::size_t> PieceBounds(std::size_t length, std::size_t piece) {
  return {piece * length / kPieces, (piece + 1) * length / kPieces};
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

// The digits of a name in order: a typo match must keep them (name_similarity.h).
std::u32string Digits(std::u32string_view code_points) {
  std::u32string digits;
  for (char32_t c : code_points) {
    if (IsDigit(c)) digits.push_back(c);
  }
  return digits;
}

std::uint64_t PieceKey(std::size_t length, std::size_t piece, std::u32string_view code_points,
                       std::u32string_view digits) {
  KeyHash hash(kPieceDomain);
  hash.Add(length);
  hash.Add(piece);
  hash.Add(digits.size());
  for (char32_t c : digits) hash.Add(c);
  for (char32_t c : code_points) hash.Add(c);
  return hash.Done();
}

// The words in sorted order; only for names of several words (NamesNearlyIdentical's
// reordering rule needs a space in both names).
bool WordsKey(std::string_view name, std::uint64_t& key) {
  if (name.find(' ') == std::string_view::npos) return false;
  std::vector<std::string_view> words;
  while (!name.empty()) {
    const std::size_t space = name.find(' ');
    if (space != 0) words.push_back(name.substr(0, space));
    if (space == std::string_view::npos) break;
    name.remove_prefix(space + 1);
  }
  std::sort(words.begin(), words.end());
  KeyHash hash(kWordsDomain);
  for (std::string_view word : words) {
    hash.Add(word.size());
    for (char c : word) hash.Add(static_cast<unsigned char>(c));
  }
  key = hash.Done();
  return true;
}

// The rule's edit limit for two names of these lengths in code points.
std::size_t EditLimit(std::size_t a, std::size_t b) {
  return std::min(a, b) <= kShortNameCodePoints ? 1 : kMaxEdits;
}

}  // namespace

void SimilarNameIndex::EntryKeys(std::string_view name,
                                 const std::function<void(std::uint64_t)>& use) {
  const std::u32string code_points = Decode(name);
  const std::u32string digits = Digits(code_points);
  const std::size_t length = code_points.size();
  for (std::size_t piece = 0; piece < kPieces; ++piece) {
    const auto [begin, end] = PieceBounds(length, piece);
    use(PieceKey(length, piece, std::u32string_view(code_points).substr(begin, end - begin),
                 digits));
  }
  std::uint64_t words = 0;
  if (WordsKey(name, words)) use(words);
}

void SimilarNameIndex::Add(std::string normalized_name, std::string client_id) {
  if (normalized_name.empty()) return;
  const auto index = static_cast<std::uint32_t>(entries_.size());
  EntryKeys(normalized_name, [&](std::uint64_t key) {
    std::vector<std::uint32_t>& list = postings_[key];
    // Two pieces of one name may share a key (a collision, or the same empty piece).
    if (list.empty() || list.back() != index) list.push_back(index);
  });
  by_client_[client_id].push_back(index);
  entries_.push_back(Entry{std::move(normalized_name), std::move(client_id), true});
  ++live_;
}

void SimilarNameIndex::Remove(std::string_view client_id) {
  auto found = by_client_.find(std::string(client_id));
  if (found == by_client_.end()) return;
  for (std::uint32_t index : found->second) {
    Entry& entry = entries_[index];
    EntryKeys(entry.name, [&](std::uint64_t key) {
      auto list = postings_.find(key);
      if (list == postings_.end()) return;
      std::erase(list->second, index);
      if (list->second.empty()) postings_.erase(list);
    });
    entry.live = false;
    entry.name.clear();
    entry.name.shrink_to_fit();
    --live_;
  }
  by_client_.erase(found);
}

const std::string* SimilarNameIndex::FindFirst(std::string_view normalized_name) const {
  if (normalized_name.empty() || live_ == 0) return nullptr;
  const std::u32string query = Decode(normalized_name);
  const std::u32string digits = Digits(query);
  const std::size_t n = query.size();
  std::vector<std::uint32_t> candidates;
  auto collect = [&](std::uint64_t key) {
    auto list = postings_.find(key);
    if (list != postings_.end()) {
      candidates.insert(candidates.end(), list->second.begin(), list->second.end());
    }
  };
  const std::size_t shortest = n > kMaxEdits ? n - kMaxEdits : 1;
  for (std::size_t length = shortest; length <= n + kMaxEdits; ++length) {
    const std::size_t limit = EditLimit(n, length);
    if ((length > n ? length - n : n - length) > limit) continue;
    for (std::size_t piece = 0; piece < kPieces; ++piece) {
      const auto [begin, end] = PieceBounds(length, piece);
      const std::size_t piece_length = end - begin;
      // Shifts -limit..limit, kept inside the query.
      const std::size_t from = begin > limit ? begin - limit : 0;
      for (std::size_t start = from; start <= begin + limit && start + piece_length <= n; ++start) {
        collect(PieceKey(length, piece, std::u32string_view(query).substr(start, piece_length),
                         digits));
      }
    }
  }
  std::uint64_t words = 0;
  if (WordsKey(normalized_name, words)) collect(words);

  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  for (std::uint32_t index : candidates) {
    const Entry& entry = entries_[index];
    // Same argument order as the scan this replaces (the rule is symmetric anyway).
    if (entry.live && NamesNearlyIdentical(entry.name, normalized_name)) return &entry.client_id;
  }
  return nullptr;
}

void SimilarNameIndex::ForEach(
    const std::function<void(const std::string& name, const std::string& client_id)>& visit) const {
  for (const Entry& entry : entries_) {
    if (entry.live) visit(entry.name, entry.client_id);
  }
}

bool SimilarNameIndex::operator==(const SimilarNameIndex& other) const {
  if (live_ != other.live_) return false;
  auto a = entries_.begin();
  auto b = other.entries_.begin();
  while (true) {
    while (a != entries_.end() && !a->live) ++a;
    while (b != other.entries_.end() && !b->live) ++b;
    if (a == entries_.end() || b == other.entries_.end()) {
      return a == entries_.end() && b == other.entries_.end();
    }
    if (a->name != b->name || a->client_id != b->client_id) return false;
    ++a;
    ++b;
  }
}

}  // namespace prospekt::domain::dedup
