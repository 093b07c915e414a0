// How store_bench prints its figures: a readable table for people, or with --json one
// JSON object per figure per line for scripts (bench/peers/*/run.sh, CI):
//   {"name":"append_p64_e1","value":123456.7,"unit":"events/s","baseline":...,
//    "ratio":...,"target":100000,"target_on":"value","target_met":true,...}
// Notes (progress, the setup) go to stdout as text, to stderr with --json, so that
// stdout stays pure JSON lines. Not thread-safe: the harness prints from one thread.
#pragma once

#include <optional>
#include <string>

namespace prospekt::bench {

// A "≥ target" a figure is reported against, on its value or on its ratio; or, for
// latencies, a "< target" (at_most).
struct Target {
  double minimum = 0;  // the bound: a minimum, or with at_most a maximum
  bool on_ratio = false;
  bool at_most = false;
};

struct Figure {
  std::string name;   // stable identifier, e.g. "append_p64_e1"
  std::string label;  // for people, e.g. "64 producers x 1 event"
  double value = 0;
  std::string unit;
  std::optional<double> baseline;         // the bare RocksDB figure (sync = true for appends)
  std::string baseline_name;              // what the baseline is
  std::optional<double> baseline_nosync;  // bare RocksDB with sync = false (appends)
  std::optional<Target> target;

  std::optional<double> Ratio() const;
  std::optional<double> RatioNoSync() const;
  bool TargetMet() const;
};

class Reporter {
 public:
  explicit Reporter(bool json) : json_(json) {}

  void Note(const std::string& text) const;
  void Print(const Figure& figure) const;

 private:
  bool json_;
};

}  // namespace prospekt::bench
