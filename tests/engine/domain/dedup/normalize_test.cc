// The normal forms of phones, e-mail addresses and names that duplicates are found by.
#include "engine/domain/dedup/normalize.h"

#include <catch2/catch.hpp>

#include <string>

namespace prospekt::domain::dedup {
namespace {

struct Case {
  std::string input;
  std::string normalized;
};

TEST_CASE("Russian phone numbers become 11 digits starting with 7", "[domain][dedup][phone]") {
  const Case cases[] = {
      {"8 (495) 123-45-67", "74951234567"},
      {"+7 495 1234567", "74951234567"},
      {"4951234567", "74951234567"},
      {"+7(495)123-45-67", "74951234567"},
      {"7 495 123 45 67", "74951234567"},
      {"8 495 123–45–67", "74951234567"},  // En dashes.
      {"тел.: +7 (495) 123-45-67", "74951234567"},
      {"+7 (495) 123-45-67 доб. 123", "74951234567"},  // The extension is not the number.
      {"8-495-123-45-67 ext 12", "74951234567"},
      {"+7 495 123-45-67, +7 495 765-43-21", "74951234567"},  // The first of a list.
      {"8 (495) 123-45-67; 8 (495) 765-43-21", "74951234567"},
      {"8-800-555-35-35", "78005553535"},
      {"8 912 345 67 89", "79123456789"},
      {"007 495 123 45 67", "74951234567"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(NormalizePhone(c.input) == c.normalized);
  }
}

TEST_CASE("foreign phone numbers keep their digits", "[domain][dedup][phone]") {
  const Case cases[] = {
      {"+380 44 123 45 67", "380441234567"},
      {"00380 44 123 45 67", "380441234567"},
      {"8 10 380 44 123 45 67", "380441234567"},  // Russian prefix for abroad.
      {"+44 20 7946 0958", "442079460958"},
      {"+375 (17) 123-45-67", "375171234567"},
      {"044 123 45 67", "0441234567"},  // Ukrainian domestic form: no country is guessed.
      {"380441234567", "380441234567"},
      {"+8 495 123 45 67", "84951234567"},  // '+' says the 8 is not a trunk prefix.
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(NormalizePhone(c.input) == c.normalized);
  }
}

TEST_CASE("short, long and digit-free phones give no key", "[domain][dedup][phone]") {
  CHECK(NormalizePhone("") == "");
  CHECK(NormalizePhone("нет") == "");
  CHECK(NormalizePhone("123-45") == "");
  CHECK(NormalizePhone("+7") == "");
  CHECK(NormalizePhone("12-34-567") == "1234567");  // 7 digits: a local number still counts.
  CHECK(NormalizePhone("4070 2810 1000 0000 1234") == "");  // An account number, 20 digits.
  CHECK(NormalizePhone("\xFF\xFE 8 495 123 45 67") == "74951234567");  // Bad bytes skipped.
}

TEST_CASE("e-mail addresses are trimmed and lower-cased", "[domain][dedup][email]") {
  const Case cases[] = {
      {" Ivan.Petrov@Mail.RU ", "ivan.petrov@mail.ru"},
      {"ivan.petrov@mail.ru", "ivan.petrov@mail.ru"},
      {"\tINFO@ROMASHKA.RU\r\n", "info@romashka.ru"},
      {"ivan+crm@yandex.ru", "ivan+crm@yandex.ru"},  // Only Gmail's rules are applied.
      {"i.van@bank.co.uk", "i.van@bank.co.uk"},
      {"Иван@Почта.рф", "Иван@Почта.рф"},  // Only ASCII is lowered.
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(NormalizeEmail(c.input) == c.normalized);
  }
}

TEST_CASE("Gmail addresses lose dots and +tags", "[domain][dedup][email]") {
  const Case cases[] = {
      {"I.Van.Petrov@gmail.com", "ivanpetrov@gmail.com"},
      {"ivanpetrov+bank@gmail.com", "ivanpetrov@gmail.com"},
      {"Ivan.Petrov+a.b+c@GMAIL.COM", "ivanpetrov@gmail.com"},
      {"ivan.petrov@googlemail.com", "ivanpetrov@gmail.com"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(NormalizeEmail(c.input) == c.normalized);
  }
}

TEST_CASE("strings not shaped like local@domain give no key", "[domain][dedup][email]") {
  for (const char* email :
       {"", "   ", "ivan.petrov", "ivan@", "@mail.ru", "ivan@@mail.ru", "ivan@petrov@mail.ru",
        "ivan petrov@mail.ru", "ivan@mail", "ivan@.mail.ru", "ivan@mail.ru.", "ivan@mail..ru",
        "ivan@mail.ru\x01", "+tag@gmail.com", "...@gmail.com"}) {
    INFO(email);
    CHECK(NormalizeEmail(email) == "");
  }
}

TEST_CASE("legal forms, quotes and case do not change a name", "[domain][dedup][name]") {
  for (const char* name : {"ООО \"Ромашка\"",
                           "«ООО \"Ромашка\"»",
                           "ООО «Ромашка»",
                           "Ромашка ООО",
                           "ромашка",
                           "РОМАШКА",
                           "  Ромашка,  ООО. ",
                           "ООО“Ромашка”",
                           "ООО 'Ромашка'",
                           "ЗАО Ромашка",
                           "ПАО «Ромашка»",
                           "АО \"Ромашка\"",
                           "ТОВ «Ромашка»",
                           "ПП Ромашка",
                           "Ромашка LLC",
                           "Ромашка, Ltd.",
                           "OOO Ромашка",  // OOO typed in Latin letters.
                           "Общество с ограниченной ответственностью «Ромашка»",
                           "Товариство з обмеженою відповідальністю \"Ромашка\"",
                           "Публичное акционерное общество Ромашка"}) {
    INFO(name);
    CHECK(NormalizeName(name) == "ромашка");
  }
}

TEST_CASE("names are folded to lower-case words", "[domain][dedup][name]") {
  const Case cases[] = {
      {"Ёлка", "елка"},
      {"ЁЖИК и Ёлка", "ежик и елка"},
      {"ИП Иванов Иван Иванович", "иванов иван иванович"},
      {"Иванов И.И.", "иванов и и"},
      {"Ромашка-Плюс", "ромашка плюс"},
      {"Ромашка — Плюс", "ромашка плюс"},
      {"Строй №1", "строй 1"},
      {"Romashka Inc.", "romashka"},
      {"ACME GmbH", "acme"},
      {"Sberbank JSC", "sberbank"},
      {"Дем'яненко", "демяненко"},
      {"Дем’яненко", "демяненко"},
      {"O'Brien", "obrien"},
      {"ЄВРОПА Інвест Їжак Ґанок", "європа інвест їжак ґанок"},
      {"ФОП Шевченко Тарас", "шевченко тарас"},
      {"Ива\xCC\x81нов", "иванов"},  // Combining acute (a stress mark) is dropped.
      {"Андреи\xCC\x86", "андрей"},  // и + combining breve is й.
      {"Müller GmbH", "müller"},
      {"ÉCOLE", "école"},
      {"Қазақ Ғарыш", "қазақ ғарыш"},  // Kazakh letters of the Cyrillic block.
      {"Ромашка 2000", "ромашка 2000"},
      {"Ромашка\xFF"
       "Плюс",
       "ромашка плюс"},  // A bad byte separates words.
      {"Ромашка\tПлюс\n", "ромашка плюс"},
      {"Банк\xC2\xA0ВТБ", "банк втб"},   // No-break space.
      {"Товарищество", "товарищество"},  // Not a legal form: only whole words are.
      {"Аою", "аою"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    CHECK(NormalizeName(c.input) == c.normalized);
  }
}

TEST_CASE("a name of nothing but legal forms and punctuation gives no key",
          "[domain][dedup][name]") {
  for (const char* name : {"", "   ", "ООО", "«»", "ИП", "LLC, Ltd.", "\xFF\xFE"}) {
    INFO(name);
    CHECK(NormalizeName(name) == "");
  }
}

}  // namespace
}  // namespace prospekt::domain::dedup
