#include "engine/domain/dedup/normalize.h"

#include <array>
#include <cstddef>
#include <vector>

#include "engine/domain/dedup/internal/utf8.h"

namespace prospekt::domain::dedup {
namespace {

using internal::AppendUtf8;
using internal::Decoded;
using internal::DecodeUtf8;

constexpr std::size_t kMinPhoneDigits = 7;
constexpr std::size_t kMaxPhoneDigits = 15;

bool IsAsciiDigit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool IsAsciiLetter(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'); }
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Letters of the scripts a phone field meets: Latin (with Latin-1 and Extended-A/B) and
// Cyrillic. Used only to find where the number ends.
bool IsLetter(char32_t c) {
  return IsAsciiLetter(c) || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x400 && c <= 0x52F);
}

// Lower case for Latin-1 and Cyrillic (with the Cyrillic Supplement).
char32_t ToLower(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 0x20;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;  // À..Þ without ×
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;             // А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;             // Ѐ..Џ, among them Ё Є І Ї Ў
  // Upper case at even code points, lower case at the next odd one (Ґ ґ, Қ қ, Ү ү, ...).
  if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0 && c <= 0x52F)) {
    return c | 1;
  }
  if (c == 0x4C0) return 0x4CF;                              // Ӏ palochka
  if (c >= 0x4C1 && c <= 0x4CE && c % 2 == 1) return c + 1;  // Here upper case is odd.
  return c;
}

// Lower case, then ё -> е: Russian writes the two interchangeably.
char32_t FoldCase(char32_t c) {
  c = ToLower(c);
  return c == 0x451 ? 0x435 : c;
}

// Marks an apostrophe: part of a word in Ukrainian and in names like O'Brien, written
// with different characters or left out, so it is removed without breaking the word.
bool IsApostrophe(char32_t c) {
  return c == U'\'' || c == U'`' || c == 0xB4 || c == 0x2019 || c == 0x2BC;
}

bool IsCombiningMark(char32_t c) { return c >= 0x300 && c <= 0x36F; }

// `base` (already folded) followed by combining `mark`: the precomposed letter where one
// matters for Cyrillic names, else `base` alone (the accent is dropped).
char32_t Compose(char32_t base, char32_t mark) {
  if (mark == 0x306 && base == 0x438) return 0x439;  // и + breve = й
  if (mark == 0x306 && base == 0x443) return 0x45E;  // у + breve = ў
  if (mark == 0x308 && base == 0x456) return 0x457;  // і + diaeresis = ї
  return base;  // Among others е + diaeresis: ё, which folds to е anyway.
}

// Characters that separate words in a name: ASCII other than letters and digits, Latin-1
// punctuation and symbols (« » NBSP ...), general punctuation (dashes, quotes, spaces),
// letterlike symbols (№ ™), arrows, mathematical and other symbols, CJK punctuation,
// the byte-order mark and emoji. Anything else (letters of any script) is part of a word.
bool IsSeparator(char32_t c) {
  if (c < 0x80) return !IsAsciiLetter(c) && !IsAsciiDigit(c);
  return c <= 0xBF || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x214F) ||
         (c >= 0x2190 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF ||
         (c >= 0x1F000 && c <= 0x1FAFF);
}

// Legal forms, as the folded words they become; a single word or a spelled-out phrase.
constexpr std::array<std::string_view, 43> kLegalForms = {
    // Russian.
    "ооо", "оао", "зао", "пао", "нао", "ао", "ип", "чп", "общество с ограниченной ответственностью",
    "акционерное общество", "открытое акционерное общество", "закрытое акционерное общество",
    "публичное акционерное общество", "непубличное акционерное общество",
    "индивидуальный предприниматель", "частное предприятие",
    // Ukrainian.
    "тов", "пп", "пат", "прат", "ат", "фоп", "тдв", "товариство з обмеженою відповідальністю",
    "акціонерне товариство", "приватне акціонерне товариство", "публічне акціонерне товариство",
    "приватне підприємство", "фізична особа підприємець",
    // English and German.
    "llc", "ltd", "inc", "jsc", "plc", "llp", "gmbh", "corp", "limited liability company",
    "limited",
    // Russian forms typed with Latin letters.
    "ooo", "oao", "zao", "pao"};

// How many of `words`, from `first` on, spell `form`; 0 when they do not.
std::size_t MatchLength(const std::vector<std::string>& words, std::size_t first,
                        std::string_view form) {
  std::size_t count = 0;
  while (!form.empty()) {
    const std::size_t space = form.find(' ');
    if (first + count >= words.size() || words[first + count] != form.substr(0, space)) {
      return 0;
    }
    ++count;
    form = space == std::string_view::npos ? std::string_view{} : form.substr(space + 1);
  }
  return count;
}

// The longest legal form that starts at `words[first]`, in words; 0 when none does.
std::size_t LegalFormLength(const std::vector<std::string>& words, std::size_t first) {
  std::size_t longest = 0;
  for (std::string_view form : kLegalForms) {
    const std::size_t length = MatchLength(words, first, form);
    if (length > longest) longest = length;
  }
  return longest;
}

// Splits `name` into folded words (see NormalizeName).
std::vector<std::string> FoldedWords(std::string_view name) {
  std::vector<std::string> words;
  std::u32string word;
  const auto flush = [&words, &word] {
    if (word.empty()) return;
    std::string encoded;
    for (char32_t c : word) AppendUtf8(c, encoded);
    words.push_back(std::move(encoded));
    word.clear();
  };
  while (!name.empty()) {
    const Decoded decoded = DecodeUtf8(name);
    name.remove_prefix(decoded.length);
    if (!decoded.valid) {
      flush();
      continue;
    }
    const char32_t c = FoldCase(decoded.code_point);
    if (IsApostrophe(c)) continue;
    if (IsCombiningMark(c)) {
      if (!word.empty()) word.back() = Compose(word.back(), c);
      continue;
    }
    if (IsSeparator(c)) {
      flush();
      continue;
    }
    word.push_back(c);
  }
  flush();
  return words;
}

}  // namespace

std::string NormalizePhone(std::string_view phone) {
  std::string digits;
  bool international = false;  // A '+' came before the first digit.
  while (!phone.empty()) {
    const Decoded decoded = DecodeUtf8(phone);
    phone.remove_prefix(decoded.length);
    const char32_t c = decoded.code_point;
    if (IsAsciiDigit(c)) {
      digits.push_back(static_cast<char>(c));
    } else if (digits.empty()) {
      if (c == U'+') international = true;
    } else if (IsLetter(c) || c == U',' || c == U';' || c == U'/') {
      break;  // An extension or the next number begins.
    }
  }
  if (!international) {
    if (digits.starts_with("00")) {
      digits.erase(0, 2);
    } else if (digits.size() > 11 && digits.starts_with("810")) {
      // Russian long-distance 8, then 10 for abroad. No Russian area code starts with 1,
      // so an 11-digit number starting 810 cannot be domestic; a longer one is foreign.
      digits.erase(0, 3);
    } else if (digits.size() == 11 && digits[0] == '8') {
      digits[0] = '7';
    } else if (digits.size() == 10 && digits[0] != '0') {
      // A Russian number without its country code. Ten digits starting with 0 are not:
      // that is the trunk prefix of Ukraine and much of Europe.
      digits.insert(0, 1, '7');
    }
  }
  if (digits.size() < kMinPhoneDigits || digits.size() > kMaxPhoneDigits) return {};
  return digits;
}

std::string NormalizeEmail(std::string_view email) {
  while (!email.empty() && IsAsciiSpace(email.front())) email.remove_prefix(1);
  while (!email.empty() && IsAsciiSpace(email.back())) email.remove_suffix(1);
  std::string lowered;
  lowered.reserve(email.size());
  for (char c : email) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return {};  // White space or a control character.
    lowered.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  const std::size_t at = lowered.find('@');
  if (at == std::string::npos || at == 0 || lowered.find('@', at + 1) != std::string::npos) {
    return {};
  }
  std::string local = lowered.substr(0, at);
  std::string domain = lowered.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' ||
      domain.find('.') == std::string::npos || domain.find("..") != std::string::npos) {
    return {};
  }
  if (domain == "gmail.com" || domain == "googlemail.com") {
    domain = "gmail.com";
    local = local.substr(0, local.find('+'));
    std::erase(local, '.');
    if (local.empty()) return {};
  }
  return local + '@' + domain;
}

std::string NormalizeName(std::string_view name) {
  const std::vector<std::string> words = FoldedWords(name);
  std::string normalized;
  for (std::size_t i = 0; i < words.size();) {
    const std::size_t legal_form = LegalFormLength(words, i);
    if (legal_form > 0) {
      i += legal_form;
      continue;
    }
    if (!normalized.empty()) normalized.push_back(' ');
    normalized += words[i];
    ++i;
  }
  return normalized;
}

}  // namespace prospekt::domain::dedup
