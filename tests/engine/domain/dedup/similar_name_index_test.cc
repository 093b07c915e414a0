// The near-identical-name index finds exactly what a scan of every name in insertion
// order with NamesNearlyIdentical finds (the rule it replaced in WriteModel): a property
// test over a few thousand generated names (Cyrillic and Latin, several words, digits,
// short names) queried with typos, look-alike letters, reordered words and unrelated
// names, with removals and re-additions (corrected names) in between.
#include "engine/domain/dedup/similar_name_index.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/domain/dedup/internal/utf8.h"
#include "engine/domain/dedup/name_similarity.h"
#include "engine/domain/dedup/normalize.h"

namespace prospekt::domain::dedup {
namespace {

// The scan the index replaces: first entry, in insertion order, that the rule accepts.
struct BruteForce {
  std::vector<std::pair<std::string, std::string>> entries;  // (name, client id)
  void Add(const std::string& name, const std::string& id) {
    if (!name.empty()) entries.emplace_back(name, id);
  }
  void Remove(const std::string& id) {
    std::erase_if(entries, [&](const auto& entry) { return entry.second == id; });
  }
  const std::string* FindFirst(const std::string& query) const {
    for (const auto& [name, id] : entries) {
      if (NamesNearlyIdentical(name, query)) return &id;
    }
    return nullptr;
  }
};

// Deterministic generator of names and their near and far variants.
class Names {
 public:
  explicit Names(std::uint64_t seed) : random_(seed) {}

  std::uint64_t Below(std::uint64_t n) { return random_() % n; }

  // A raw name as a person would type it, normalised as the write model stores it.
  std::string Fresh() {
    static const char* const kWords[] = {
        "Иванов",   "Иван",     "Петрович", "Смирнова", "Ольга",      "Сергеевна",  "Волжский",
        "Агропром", "Северный", "Трейд",    "Ромашка",  "Лесков",     "Носков",     "Козлов",
        "Орлов",    "Фёдоров",  "Енисей",   "Romashka", "Trade",      "Volga",      "Invest",
        "Сервис",   "Ёлка",     "Пермь",    "Строй",    "Северсталь", "Медтехника", "Ай",
        "Ян",       "Ли",       "Бор",      "Мир"};
    constexpr std::size_t kCount = sizeof kWords / sizeof kWords[0];
    std::string raw;
    const std::uint64_t words = 1 + Below(3);
    for (std::uint64_t w = 0; w < words; ++w) {
      if (w > 0) raw += ' ';
      raw += kWords[Below(kCount)];
    }
    if (Below(4) == 0) raw += " " + std::to_string(Below(30));
    if (Below(5) == 0) raw = "ООО «" + raw + "»";
    return NormalizeName(raw);
  }

  // `name` with 0-3 random edits over code points: substitutions (often a Latin
  // look-alike or a digit), insertions and deletions.
  std::string Typo(const std::string& name) {
    static const char32_t kLetters[] = {U'а', U'о', U'е', U'и', U'a', U'o', U'e', U'x',
                                        U'к', U'с', U'1', U'2', U' ', U'й', U'ё', U'я'};
    constexpr std::size_t kCount = sizeof kLetters / sizeof kLetters[0];
    std::u32string code_points = Decode(name);
    const std::uint64_t edits = Below(4);
    for (std::uint64_t e = 0; e < edits; ++e) {
      const std::uint64_t kind = Below(3);
      const std::size_t at = code_points.empty() ? 0 : Below(code_points.size());
      const char32_t letter = kLetters[Below(kCount)];
      if (kind == 0 && !code_points.empty()) {
        code_points[at] = letter;
      } else if (kind == 1) {
        code_points.insert(code_points.begin() + static_cast<std::ptrdiff_t>(at), letter);
      } else if (!code_points.empty()) {
        code_points.erase(code_points.begin() + static_cast<std::ptrdiff_t>(at));
      }
    }
    std::string out;
    for (char32_t c : code_points) internal::AppendUtf8(c, out);
    return out;
  }

  // `name`'s words in a shuffled order.
  std::string Reordered(const std::string& name) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start <= name.size()) {
      const std::size_t space = std::min(name.find(' ', start), name.size());
      words.push_back(name.substr(start, space - start));
      start = space + 1;
    }
    std::shuffle(words.begin(), words.end(), random_);
    std::string out;
    for (const std::string& word : words) out += (out.empty() ? "" : " ") + word;
    return out;
  }

 private:
  static std::u32string Decode(std::string_view utf8) {
    std::u32string out;
    while (!utf8.empty()) {
      const internal::Decoded decoded = internal::DecodeUtf8(utf8);
      utf8.remove_prefix(decoded.length);
      out.push_back(decoded.code_point);
    }
    return out;
  }

  std::mt19937_64 random_;
};

TEST_CASE("the name index finds what a scan of every name finds", "[domain][dedup][name]") {
  Names names(20261123);
  SimilarNameIndex index;
  BruteForce scan;
  std::vector<std::string> added;
  std::uint64_t hits = 0;
  std::uint64_t queries = 0;

  auto check = [&](const std::string& query) {
    const std::string* expected = scan.FindFirst(query);
    const std::string* found = index.FindFirst(query);
    INFO("query \"" << query << "\"");
    REQUIRE((expected == nullptr) == (found == nullptr));
    if (expected != nullptr) {
      CHECK(*found == *expected);
      ++hits;
    }
    ++queries;
  };
  auto query_near = [&]() {
    const std::uint64_t kind = names.Below(4);
    if (added.empty() || kind == 0) return names.Fresh();
    const std::string& base = added[names.Below(added.size())];
    if (kind == 1) return names.Reordered(base);
    if (kind == 2) return names.Typo(base);
    return names.Typo(names.Reordered(base));
  };

  constexpr int kNames = 3000;
  for (int i = 0; i < kNames; ++i) {
    // New names are often near an existing one, as duplicates are.
    const std::string name = i % 3 == 0 ? query_near() : names.Fresh();
    const std::string id = "c" + std::to_string(i);
    index.Add(name, id);
    scan.Add(name, id);
    if (!name.empty()) added.push_back(name);
    if (i % 10 == 0) check(query_near());
    if (i % 50 == 49) {
      // A corrected name: the client's entry leaves and comes back at the end.
      const std::string corrected_id =
          "c" + std::to_string(names.Below(static_cast<std::uint64_t>(i)));
      const std::string corrected = names.Typo(added[names.Below(added.size())]);
      index.Remove(corrected_id);
      scan.Remove(corrected_id);
      index.Add(corrected, corrected_id);
      scan.Add(corrected, corrected_id);
    }
  }
  for (int q = 0; q < 700; ++q) check(query_near());
  // The answers are not all "none": the property is exercised on real matches.
  CHECK(hits > queries / 4);
  CHECK(index.size() == scan.entries.size());

  // The entries come back in order, and re-adding them gives an equal index.
  SimilarNameIndex copy;
  std::vector<std::pair<std::string, std::string>> listed;
  index.ForEach([&](const std::string& name, const std::string& id) {
    listed.emplace_back(name, id);
    copy.Add(name, id);
  });
  CHECK(listed == scan.entries);
  CHECK(copy == index);
}

TEST_CASE("the name index on short names and edge cases", "[domain][dedup][name]") {
  SimilarNameIndex index;
  CHECK(index.FindFirst("ромашка") == nullptr);
  index.Add("", "empty");  // no key
  CHECK(index.size() == 0);
  index.Add("я", "c1");
  index.Add("ай", "c2");
  index.Add("ромашка", "c3");
  index.Add("иванов иван", "c4");
  index.Add("северстальинвест", "c5");
  const auto id = [&](std::string_view query) -> std::string {
    const std::string* found = index.FindFirst(query);
    return found == nullptr ? "-" : *found;
  };
  CHECK(id("ю") == "c1");  // one edit on a one-letter name
  CHECK(id("а") == "c1");
  CHECK(id("ай") == "c2");
  CHECK(id("ромашкa") == "c3");  // Latin 'a'
  CHECK(id("ромашк") == "c3");
  CHECK(id("иван иванов") == "c4");
  CHECK(id("сиверстальинвесд") == "c5");  // two edits on a long name
  CHECK(id("ромашка 17") == "-");         // digits never match by insertion
  CHECK(id("") == "-");
  index.Remove("c3");
  CHECK(id("ромашка") == "-");
  index.Add("ромашка", "c6");
  CHECK(id("ромашка") == "c6");
  index.Add("ромашка", "c7");  // a forced duplicate: the first holder answers
  CHECK(id("ромашка") == "c6");
}

}  // namespace
}  // namespace prospekt::domain::dedup
