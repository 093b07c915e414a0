// ProgressBar: how long work of the CLI (a rebuild, a demo bank, an import) shows how far
// it is, on standard error. On a terminal it redraws one line,
//   [#########################                         ]  50%  30,000 / 60,000 rows
// and ends it with a line break at Finish(); elsewhere (a log file, CI) it prints a
// plain line at each tenth of the way instead, so logs stay short and readable.
//
// Not thread-safe: one thread reports.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace prospekt::app {

class ProgressBar {
 public:
  // `unit` names what is counted ("events", "rows", "working days"). `enabled` false
  // prints nothing at all.
  ProgressBar(std::string unit, bool enabled = true, std::FILE* out = stderr);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { Finish(); }

  // `done` of `total` (total 0: nothing to show). `detail`, if any, follows the counts.
  void Show(std::uint64_t done, std::uint64_t total, const std::string& detail = {});
  // Ends the terminal's line. Idempotent.
  void Finish();

  // 1234567 as "1,234,567" (for the bar and for summaries).
  static std::string Grouped(std::uint64_t number);

 private:
  std::string unit_;
  bool enabled_;
  std::FILE* out_;
  bool terminal_;
  bool drawn_ = false;   // a terminal line is open
  int last_tenth_ = -1;  // elsewhere: the last tenth printed
};

}  // namespace prospekt::app
