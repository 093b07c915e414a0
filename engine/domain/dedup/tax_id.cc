#include "engine/domain/dedup/tax_id.h"

#include <array>
#include <cstddef>
#include <string>
#include <utility>

namespace prospekt::domain::dedup {
namespace {

// The control-digit weights of the Russian tax service's id format.
constexpr std::array<int, 9> kLegalEntityWeights = {2, 4, 10, 3, 5, 9, 4, 6, 8};
constexpr std::array<int, 10> kIndividualFirstWeights = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
constexpr std::array<int, 11> kIndividualSecondWeights = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int DigitValue(char c) { return c - '0'; }

// The control digit for the digits in front of it: weighted sum mod 11 mod 10 (a
// remainder of 10 gives 0). Precondition: `digits` holds at least `weights.size()` digits.
template <std::size_t N>
char ControlDigit(std::string_view digits, const std::array<int, N>& weights) {
  int sum = 0;
  for (std::size_t i = 0; i < N; ++i) sum += DigitValue(digits[i]) * weights[i];
  return static_cast<char>('0' + sum % 11 % 10);
}

Status Invalid(std::string rule) {
  return Status::InvalidArgument("tax id " + std::move(rule), "tax_id");
}

}  // namespace

std::string NormalizeTaxId(std::string_view tax_id) {
  std::string normalized;
  normalized.reserve(tax_id.size());
  for (std::size_t i = 0; i < tax_id.size(); ++i) {
    const char c = tax_id[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') continue;
    // U+00A0 NO-BREAK SPACE is C2 A0 in UTF-8.
    if (c == '\xC2' && i + 1 < tax_id.size() && tax_id[i + 1] == '\xA0') {
      ++i;
      continue;
    }
    normalized.push_back(c);
  }
  return normalized;
}

Status ValidateTaxId(std::string_view tax_id) {
  for (char c : tax_id) {
    if (!IsDigit(c)) return Invalid("may hold only digits 0-9");
  }
  if (tax_id.size() != 10 && tax_id.size() != 12) {
    return Invalid("must have 10 digits (legal entity) or 12 digits (individual), not " +
                   std::to_string(tax_id.size()));
  }
  // Without this rule the placeholder "0000000000" would pass the checksum and make every
  // record that carries it a duplicate of every other.
  if (tax_id.substr(0, 2) == "00") return Invalid("must not start with region code 00");
  if (tax_id.size() == 10) {
    if (ControlDigit(tax_id, kLegalEntityWeights) != tax_id[9]) {
      return Invalid("checksum does not match: control digit 10 is wrong");
    }
    return Status::Ok();
  }
  if (ControlDigit(tax_id, kIndividualFirstWeights) != tax_id[10]) {
    return Invalid("checksum does not match: control digit 11 is wrong");
  }
  if (ControlDigit(tax_id, kIndividualSecondWeights) != tax_id[11]) {
    return Invalid("checksum does not match: control digit 12 is wrong");
  }
  return Status::Ok();
}

}  // namespace prospekt::domain::dedup
