// Normal forms of the contact data a duplicate is recognised by: phone numbers, e-mail
// addresses and client names. Two records whose normal forms are equal are candidates
// for the same client (DOMAIN.md: entry procedures exclude duplicates); the forms are
// comparison keys, never shown to users or written back over what was entered.
// Each function returns "" when its input cannot serve as a key, so callers skip it rather
// than match every empty field with every other. Pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace prospekt::domain::dedup {

// The digits of a phone number in international form, without "+" or "00":
//   Russian numbers become 11 digits starting with 7: "8 (495) 123-45-67",
//   "+7 495 1234567" and "4951234567" all give "74951234567". Ten digits not starting
//   with 0 are a Russian number without its country code; eleven starting with 8
//   (the domestic trunk prefix) are one with it.
//   Other numbers keep their digits: "+380 44 123 45 67" and "00380441234567" give
//   "380441234567"; the Russian international prefix "8 10" is dropped like "00".
// Reading stops at the first letter or list separator (',' ';' '/') after the first digit,
// so an extension ("доб. 12", "ext 12") or a second number does not join the key.
// Returns "" when fewer than 7 digits remain (not a whole number) or more than 15 (the
// E.164 maximum: an account number or two numbers run together, not one phone).
std::string NormalizePhone(std::string_view phone);

// `email` trimmed and in lower case (ASCII only: a non-ASCII domain stays as entered).
// For Gmail, which ignores dots and "+tags" in the mailbox name, those are dropped and
// googlemail.com becomes gmail.com: "I.Van+crm@GoogleMail.com" -> "ivan@gmail.com".
// Other providers keep dots and tags: their rules differ and a wrong merge is worse than
// a missed one. Returns "" unless the address has the shape local@domain: one '@', no
// white space inside, a non-empty local part, a domain with a dot inside and no empty
// label.
std::string NormalizeEmail(std::string_view email);

// A client's name (UTF-8, Latin or Cyrillic) reduced to lower-case words separated by
// single spaces, with legal-form words dropped, so that «ООО "Ромашка"», "Ромашка ООО"
// and "ромашка" all give "ромашка".
//   Case: A-Z, Latin-1 letters and all Cyrillic letters are lowered; ё becomes е.
//   Punctuation, quotes, symbols and white space separate words ("Ромашка-Плюс" ->
//   "ромашка плюс", "Иванов И.И." -> "иванов и и"); apostrophes (' ’ ʼ `) are removed
//   without a break, so "Дем'яненко" and "Демяненко" agree. Bad UTF-8 bytes separate too.
//   Combining accents are dropped ("Ива́нов" -> "иванов"), except that a decomposed й,
//   ў, ї or ё is put back together first, so it does not turn into и, у, і or е.
//   Legal-form words are dropped wherever they stand: Russian ооо оао зао пао нао ао ип
//   чп, Ukrainian тов пп пат прат ат фоп тдв, English and German llc ltd limited inc jsc
//   plc llp gmbh corp, the Russian forms typed in Latin letters ooo oao zao pao, and the
//   spelled-out forms ("общество с ограниченной ответственностью", "товариство з
//   обмеженою відповідальністю", "индивидуальный предприниматель", ...; the full list
//   is in normalize.cc).
// Other scripts and digits are kept as they are. Returns "" when nothing else remains.
std::string NormalizeName(std::string_view name);

}  // namespace prospekt::domain::dedup
