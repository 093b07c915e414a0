#include "engine/app/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

namespace prospekt::app {

namespace {
constexpr int kBarWidth = 50;
}  // namespace

ProgressBar::ProgressBar(std::string unit, bool enabled, std::FILE* out)
    : unit_(std::move(unit)),
      enabled_(enabled),
      out_(out),
      terminal_(::isatty(::fileno(out)) == 1) {}

std::string ProgressBar::Grouped(std::uint64_t number) {
  std::string digits = std::to_string(number);
  for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
  return digits;
}

void ProgressBar::Show(std::uint64_t done, std::uint64_t total, const std::string& detail) {
  if (!enabled_ || total == 0) return;
  done = std::min(done, total);
  const int percent = static_cast<int>(100 * done / total);
  const std::string counts =
      Grouped(done) + " / " + Grouped(total) + " " + unit_ + (detail.empty() ? "" : ", " + detail);
  if (terminal_) {
    const std::string bar(static_cast<std::size_t>(percent * kBarWidth / 100), '#');
    std::fprintf(out_, "\r[%-*s] %3d%%  %s", kBarWidth, bar.c_str(), percent, counts.c_str());
    std::fflush(out_);
    drawn_ = true;
    return;
  }
  const int tenth = percent / 10;
  if (tenth == last_tenth_) return;
  last_tenth_ = tenth;
  std::fprintf(out_, "%3d%%  %s\n", percent, counts.c_str());
}

void ProgressBar::Finish() {
  if (!drawn_) return;
  std::fputc('\n', out_);
  drawn_ = false;
}

}  // namespace prospekt::app
