#include "engine/domain/dedup/name_similarity.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/domain/dedup/internal/utf8.h"

namespace prospekt::domain::dedup {
namespace {

// Names up to this many bytes are compared without touching the heap.
constexpr std::size_t kInlineBytes = 128;
// Names of up to this many code points allow one edit, longer ones two.
constexpr std::size_t kShortNameCodePoints = 10;

// `size` elements, inline up to N and on the heap beyond: names are short, so the heap is
// the rare case, but a long name must still work.
template <typename T, std::size_t N>
class SmallBuffer {
 public:
  explicit SmallBuffer(std::size_t size) : size_(size) {
    if (size_ > N) heap_.resize(size_);
  }
  SmallBuffer(const SmallBuffer&) = delete;
  SmallBuffer& operator=(const SmallBuffer&) = delete;

  std::span<T> span() { return {size_ > N ? heap_.data() : inline_.data(), size_}; }

 private:
  std::array<T, N> inline_{};
  std::vector<T> heap_;
  std::size_t size_;
};

// Decodes `utf8` into `out`, which has room for one code point per byte (never fewer
// code points than bytes), and returns the code points.
std::u32string_view Decode(std::string_view utf8, std::span<char32_t> out) {
  std::size_t count = 0;
  while (!utf8.empty()) {
    const internal::Decoded decoded = internal::DecodeUtf8(utf8);
    utf8.remove_prefix(decoded.length);
    out[count++] = decoded.code_point;
  }
  return {out.data(), count};
}

bool IsDigit(char32_t c) { return c >= U'0' && c <= U'9'; }

// Whether `a` and `b` hold the same digits in the same order.
bool SameDigits(std::u32string_view a, std::u32string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (true) {
    while (i < a.size() && !IsDigit(a[i])) ++i;
    while (j < b.size() && !IsDigit(b[j])) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (a[i] != b[j]) return false;
    ++i;
    ++j;
  }
}

// Whether the Levenshtein distance between `a` and `b` is at most `limit`. The classic
// dynamic programme, one row at a time over the shorter string; it stops as soon as a
// whole row exceeds `limit`, since row minima never decrease.
bool WithinEditDistance(std::u32string_view a, std::u32string_view b, std::size_t limit) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > limit) return false;
  SmallBuffer<std::size_t, kInlineBytes + 1> row_buffer(b.size() + 1);
  const std::span<std::size_t> row = row_buffer.span();
  // row[j]: the distance between the first i code points of a and the first j of b.
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];  // The previous row's value at j - 1.
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > limit) return false;
  }
  return row[b.size()] <= limit;
}

std::vector<std::string_view> SortedWords(std::string_view name) {
  std::vector<std::string_view> words;
  while (!name.empty()) {
    const std::size_t space = name.find(' ');
    if (space != 0) words.push_back(name.substr(0, space));
    if (space == std::string_view::npos) break;
    name.remove_prefix(space + 1);
  }
  std::sort(words.begin(), words.end());
  return words;
}

}  // namespace

bool NamesNearlyIdentical(std::string_view a_normalized, std::string_view b_normalized) {
  if (a_normalized.empty() || b_normalized.empty()) return false;
  if (a_normalized == b_normalized) return true;
  // The same words in another order: equal byte lengths and several words each, which
  // the checks in front keep the common case from paying for.
  if (a_normalized.size() == b_normalized.size() &&
      a_normalized.find(' ') != std::string_view::npos &&
      SortedWords(a_normalized) == SortedWords(b_normalized)) {
    return true;
  }

  SmallBuffer<char32_t, kInlineBytes> a_buffer(a_normalized.size());
  SmallBuffer<char32_t, kInlineBytes> b_buffer(b_normalized.size());
  const std::u32string_view a = Decode(a_normalized, a_buffer.span());
  const std::u32string_view b = Decode(b_normalized, b_buffer.span());
  if (!SameDigits(a, b)) return false;
  const std::size_t limit = std::min(a.size(), b.size()) <= kShortNameCodePoints ? 1 : 2;
  return WithinEditDistance(a, b, limit);
}

}  // namespace prospekt::domain::dedup
