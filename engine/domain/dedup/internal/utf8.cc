#include "engine/domain/dedup/internal/utf8.h"

namespace prospekt::domain::dedup::internal {
namespace {

Decoded Invalid(char32_t byte) { return {0xDC00 + byte, 1, false}; }

}  // namespace

Decoded DecodeUtf8(std::string_view text) {
  const char32_t b0 = static_cast<unsigned char>(text[0]);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t length = 0;
  char32_t code_point = 0;
  char32_t smallest = 0;  // Anything below is an overlong form.
  if ((b0 & 0xE0) == 0xC0) {
    length = 2;
    code_point = b0 & 0x1F;
    smallest = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    length = 3;
    code_point = b0 & 0x0F;
    smallest = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    length = 4;
    code_point = b0 & 0x07;
    smallest = 0x10000;
  } else {
    return Invalid(b0);
  }
  if (text.size() < length) return Invalid(b0);
  for (std::size_t i = 1; i < length; ++i) {
    const char32_t byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) != 0x80) return Invalid(b0);
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  if (code_point < smallest || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return Invalid(b0);
  }
  return {code_point, length, true};
}

void AppendUtf8(char32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace prospekt::domain::dedup::internal
