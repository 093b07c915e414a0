// Whether two client names are close enough that the records are probably one client
// entered twice: the fuzzy half of duplicate detection, after exact keys (tax id, phone,
// e-mail) have found nothing. A "yes" flags the pair for a person to review; it never
// merges anything, so the rule may err towards asking, but not so far that reviewers
// learn to ignore it. Pure functions, safe from any thread.
#pragma once

#include <string_view>

namespace prospekt::domain::dedup {

// True when two names, both already passed through NormalizeName, are nearly identical:
//   - they are equal; or
//   - they hold the same words in another order ("иванов иван" / "иван иванов"),
//     compared as multisets; or
//   - they are a typo apart: a Levenshtein distance over Unicode code points (not bytes,
//     so a Cyrillic letter swapped for its Latin look-alike, "ромашка" / "ромашкa", is one
//     edit, as is "рамашка") of at most 1 when the shorter name has up to 10 code points,
//     at most 2 when it is longer.
//     Why these limits: one slip per short name, two per long one. Two edits in a short
//     name already join different real names ("козлов" / "орлов", "лесков" / "носков"),
//     while a long name ("северстальинвест") can take two slips and still resemble no
//     other. The shorter name is measured so that a short name cannot match a longer
//     one by insertions alone ("ромашка" / "ромашка 17" is no typo).
//     Edits must leave the digits alone: names that differ in their digits ("строй 1" /
//     "строй 2", "филиал 12" / "филиал 13") name different companies or branches.
// False when either name is empty: an empty normal form is no key at all.
// Cost: O(n * m) time over code points and one row of O(min(n, m)) memory, all on the
// stack for names of up to 128 bytes.
bool NamesNearlyIdentical(std::string_view a_normalized, std::string_view b_normalized);

}  // namespace prospekt::domain::dedup
