#include "engine/api/iso_time.h"

#include <chrono>
#include <cstdio>

#include "engine/domain/iso_week.h"

namespace prospekt::api {
namespace {

// At most this much of a refused text is quoted back in the message.
constexpr std::size_t kQuotedChars = 40;

std::string Quoted(std::string_view text) {
  if (text.size() <= kQuotedChars) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kQuotedChars)) + "...'";
}

// Reads fixed-width decimal fields left to right; any mismatch makes it fail for good.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool Digits(int count, int& out) {
    if (text_.size() - at_ < static_cast<std::size_t>(count)) return false;
    int value = 0;
    for (int i = 0; i < count; ++i) {
      const char c = text_[at_++];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    out = value;
    return true;
  }
  // The next characters are `literal`: consumes them.
  bool Take(std::string_view literal) {
    if (text_.substr(at_, literal.size()) != literal) return false;
    at_ += literal.size();
    return true;
  }
  // 1 to 6 digits as microseconds; a longer fraction is refused (the log keeps µs).
  bool Fraction(int& micros) {
    int digits = 0;
    micros = 0;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') {
      if (++digits > 6) return false;
      micros = micros * 10 + (text_[at_++] - '0');
    }
    for (int i = digits; i < 6; ++i) micros *= 10;
    return digits > 0;
  }
  bool done() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
};

// Parses the shapes `form` allows into `out`; false for any other text.
bool ReadShape(std::string_view text, TimeForm form, Fields& out) {
  Reader in(text);
  const bool lenient = form == TimeForm::kDateOrInstant;
  if (!in.Digits(4, out.year) || !in.Take("-") || !in.Digits(2, out.month) || !in.Take("-") ||
      !in.Digits(2, out.day)) {
    return false;
  }
  if (in.done()) return lenient;
  if (!in.Take("T") || !in.Digits(2, out.hour) || !in.Take(":") || !in.Digits(2, out.minute)) {
    return false;
  }
  if (in.done()) return lenient;
  const bool seconds = in.Take(":");
  if (seconds) {
    if (!in.Digits(2, out.second)) return false;
    if (in.Take(".") && !in.Fraction(out.micros)) return false;
  } else if (!lenient) {
    return false;
  }
  if (in.done()) return lenient;
  if (!in.Take("Z") && !in.Take("+00:00")) return false;
  return in.done();
}

}  // namespace

Result<std::int64_t> ParseUtcTime(std::string_view text, std::string_view field, TimeForm form) {
  const std::string name(field);
  Fields f;
  if (!ReadShape(text, form, f)) {
    const char* shapes = form == TimeForm::kInstant
                             ? " must be an ISO-8601 UTC time like 2026-01-05T10:00:00Z (an "
                               "optional fraction of up to 6 digits, Z or +00:00), not "
                             : " must be a UTC date or time like 2026-01-05, 2026-01-05T10:00 "
                               "or 2026-01-05T10:00:00Z, not ";
    return Status::InvalidArgument(name + shapes + Quoted(text), name);
  }
  using namespace std::chrono;
  const year_month_day date{year{f.year}, month{static_cast<unsigned>(f.month)},
                            day{static_cast<unsigned>(f.day)}};
  if (f.year < 1970 || !date.ok()) {
    return Status::InvalidArgument(
        name + " names no day of the years 1970 to 9999: " + Quoted(text), name);
  }
  if (f.hour > 23 || f.minute > 59 || f.second > 59) {
    return Status::InvalidArgument(name + " names no time of day: " + Quoted(text), name);
  }
  return duration_cast<microseconds>(sys_days{date}.time_since_epoch() + hours{f.hour} +
                                     minutes{f.minute} + seconds{f.second})
             .count() +
         f.micros;
}

Result<domain::IsoWeek> ParseIsoWeek(std::string_view text, std::string_view field) {
  Reader in(text);
  int year = 0, week = 0;
  if (in.Digits(4, year) && in.Take("-W") && in.Digits(2, week) && in.done()) {
    const domain::IsoWeek parsed{static_cast<std::uint16_t>(year), static_cast<std::uint8_t>(week)};
    if (domain::IsValidIsoWeek(parsed)) return parsed;
    return Status::InvalidArgument(
        std::string(field) + " names no ISO week of the years 1970 to 9999: " + Quoted(text),
        std::string(field));
  }
  return Status::InvalidArgument(
      std::string(field) + " must be an ISO week like 2026-W03, not " + Quoted(text),
      std::string(field));
}

std::string FormatIsoWeek(const domain::IsoWeek& week) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04u-W%02u", static_cast<unsigned>(week.year),
                static_cast<unsigned>(week.week));
  return buffer;
}

}  // namespace prospekt::api
