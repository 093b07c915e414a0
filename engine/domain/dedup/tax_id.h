// The Russian taxpayer id (ИНН) as a duplicate key: two client records with the same valid
// tax id are the same legal entity or person, so the id is checked before it is trusted.
// A legal entity's id has 10 digits, an individual's (and a sole trader's) 12; the last
// one or two digits are control digits over the others (weighted sum mod 11 mod 10).
// The first two digits are the region code of the issuing tax office; no region is 00.
// Pure functions, no I/O, safe from any thread.
#pragma once

#include <string>
#include <string_view>

#include "events/status.h"

namespace prospekt::domain::dedup {

// `tax_id` without its whitespace (ASCII white space and the no-break space U+00A0 that
// office software inserts), e.g. "7707 083 893" -> "7707083893". Nothing else changes:
// other characters are left for ValidateTaxId to reject.
std::string NormalizeTaxId(std::string_view tax_id);

// OK, or InvalidArgument (field "tax_id") naming the rule `tax_id` breaks: digits only,
// 10 or 12 of them, a region other than 00, the control digit(s). Expects a normalised
// id: spaces are not digits.
Status ValidateTaxId(std::string_view tax_id);

}  // namespace prospekt::domain::dedup
