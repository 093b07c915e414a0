#include "bench/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <cstdio>

namespace prospekt::bench {
namespace {

// 1234567.8 -> "1,234,568": throughputs span six orders of magnitude.
std::string Grouped(double value) {
  const std::string digits = std::to_string(static_cast<long long>(value + 0.5));
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return grouped;
}

std::string Fixed(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", value);
  return text;
}

}  // namespace

std::optional<double> Figure::Ratio() const {
  if (!baseline || *baseline <= 0) return std::nullopt;
  return value / *baseline;
}

std::optional<double> Figure::RatioNoSync() const {
  if (!baseline_nosync || *baseline_nosync <= 0) return std::nullopt;
  return value / *baseline_nosync;
}

bool Figure::TargetMet() const {
  if (!target) return true;
  const std::optional<double> measured = target->on_ratio ? Ratio() : value;
  if (!measured) return false;
  return target->at_most ? *measured < target->minimum : *measured >= target->minimum;
}

void Reporter::Note(const std::string& text) const {
  std::fprintf(json_ ? stderr : stdout, "%s\n", text.c_str());
  std::fflush(json_ ? stderr : stdout);
}

void Reporter::Print(const Figure& figure) const {
  if (json_) {
    nlohmann::json line = {{"name", figure.name}, {"value", figure.value}, {"unit", figure.unit}};
    if (figure.baseline) {
      line["baseline"] = *figure.baseline;
      line["baseline_name"] = figure.baseline_name;
      if (auto ratio = figure.Ratio()) line["ratio"] = *ratio;
    }
    if (figure.baseline_nosync) {
      line["baseline_nosync"] = *figure.baseline_nosync;
      if (auto ratio = figure.RatioNoSync()) line["ratio_nosync"] = *ratio;
    }
    if (figure.target) {
      line["target"] = figure.target->minimum;
      line["target_on"] = figure.target->on_ratio ? "ratio" : "value";
      line["target_is"] = figure.target->at_most ? "maximum" : "minimum";
      line["target_met"] = figure.TargetMet();
    }
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
    return;
  }
  std::string text = "  " + figure.label;
  text.resize(std::max<std::size_t>(text.size() + 1, 34), ' ');
  // Latencies (a few ms) keep their decimals; throughputs are grouped whole numbers.
  text += (figure.value < 100 ? Fixed(figure.value) : Grouped(figure.value)) + " " + figure.unit;
  if (figure.baseline) {
    text += " | " + figure.baseline_name + " " + Grouped(*figure.baseline);
    if (auto ratio = figure.Ratio()) text += ", ratio " + Fixed(*ratio);
  }
  if (figure.baseline_nosync) {
    text += " | bare sync=false " + Grouped(*figure.baseline_nosync);
    if (auto ratio = figure.RatioNoSync()) text += ", ratio " + Fixed(*ratio);
  }
  if (figure.target) {
    text += " | target " + std::string(figure.target->on_ratio ? "ratio " : "") +
            (figure.target->at_most ? "< " : "≥ ") +
            (figure.target->on_ratio ? Fixed(figure.target->minimum)
                                     : Grouped(figure.target->minimum)) +
            (figure.TargetMet() ? ": met" : ": MISSED");
  }
  std::printf("%s\n", text.c_str());
  std::fflush(stdout);
}

}  // namespace prospekt::bench
