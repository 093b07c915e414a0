// The tax id (ИНН) rules: normalisation, length, digits, region and control digits.
// The valid ids below are real, published ones, checked by hand against the weights.
#include "engine/domain/dedup/tax_id.h"

#include <catch2/catch.hpp>

#include <string>

namespace prospekt::domain::dedup {
namespace {

TEST_CASE("valid legal-entity tax ids pass", "[domain][dedup][tax_id]") {
  // Sberbank: 7*2+7*4+0*10+7*3+0*5+8*9+3*4+8*6+9*8 = 267; 267 mod 11 = 3 = the 10th digit.
  for (const char* tax_id : {"7707083893",     // Sberbank
                             "7736207543",     // Yandex
                             "7702070139",     // VTB
                             "7830002293",     // Rostelecom
                             "7707083830"}) {  // weighted sum mod 11 = 10: control digit 0
    INFO(tax_id);
    CHECK(ValidateTaxId(tax_id).ok());
  }
}

TEST_CASE("valid individual tax ids pass", "[domain][dedup][tax_id]") {
  // 500100732259: first control sum 148 mod 11 = 5 (11th digit), second 141 mod 11 = 9.
  for (const char* tax_id : {"500100732259", "770708389003",
                             "770708389405"}) {  // first control sum mod 11 = 10: digit 0
    INFO(tax_id);
    CHECK(ValidateTaxId(tax_id).ok());
  }
}

TEST_CASE("invalid tax ids name the rule they break", "[domain][dedup][tax_id]") {
  struct Case {
    std::string tax_id;
    const char* rule;
  };
  const Case cases[] = {
      {"", "10 digits (legal entity) or 12 digits (individual), not 0"},
      {"770708389", "or 12 digits (individual), not 9"},
      {"77070838931", "not 11"},
      {"7707083893000", "not 13"},
      {"7707 083893", "only digits"},  // Not normalised.
      {"770708389O", "only digits"},   // Letter O for zero.
      {"-707083893", "only digits"},
      {"７707083893", "only digits"},    // Full-width digit.
      {"0000000000", "region code 00"},  // A placeholder that passes the checksum.
      {"000000000000", "region code 00"},
      {"7707083894", "control digit 10"},  // Last digit off by one.
      {"7707038893", "control digit 10"},  // Two digits swapped.
      {"1234567890", "control digit 10"},
      {"500100732269", "control digit 11"},
      {"500100732258", "control digit 12"},
      {"500100372259", "control digit 11"},  // Two digits swapped.
  };
  for (const Case& c : cases) {
    INFO(c.tax_id);
    const Status status = ValidateTaxId(c.tax_id);
    CHECK(status.code() == StatusCode::kInvalidArgument);
    CHECK(status.field() == "tax_id");
    CHECK_THAT(status.message(), Catch::Contains(c.rule));
  }
  CHECK_THAT(ValidateTaxId("7707083894").message(), Catch::Contains("checksum"));
}

TEST_CASE("every single-digit change of a valid tax id is caught", "[domain][dedup][tax_id]") {
  for (const std::string valid : {"7707083893", "500100732259"}) {
    for (std::size_t i = 0; i < valid.size(); ++i) {
      for (char digit = '0'; digit <= '9'; ++digit) {
        if (digit == valid[i]) continue;
        std::string changed = valid;
        changed[i] = digit;
        INFO(changed);
        CHECK_FALSE(ValidateTaxId(changed).ok());
      }
    }
  }
}

TEST_CASE("normalising a tax id strips white space only", "[domain][dedup][tax_id]") {
  CHECK(NormalizeTaxId("7707 083 893") == "7707083893");
  CHECK(NormalizeTaxId(" \t7707083893\r\n") == "7707083893");
  CHECK(NormalizeTaxId("5001\xC2\xA0"
                       "0073 2259") == "500100732259");     // No-break space.
  CHECK(NormalizeTaxId("7707-083-893") == "7707-083-893");  // Left for validation to reject.
  CHECK(NormalizeTaxId("") == "");
  CHECK(ValidateTaxId(NormalizeTaxId(" 7707 083 893 ")).ok());
}

}  // namespace
}  // namespace prospekt::domain::dedup
