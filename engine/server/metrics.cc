#include "engine/server/metrics.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <type_traits>
#include <utility>

namespace prospekt::server {
namespace {

bool IsNameChar(char c, bool first, bool colon_allowed) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return letter || (colon_allowed && c == ':') || (!first && c >= '0' && c <= '9');
}

bool IsValidName(std::string_view name, bool colon_allowed) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, colon_allowed)) return false;
  }
  return true;
}

// A number as Prometheus reads it: the shortest text that reads back the same double.
void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    const std::to_chars_result end = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end.ptr);
  }
}

// Label values escape '\', '"' and newlines; help texts '\' and newlines.
void AppendEscaped(std::string& out, std::string_view text, bool quote_too) {
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote_too) {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
}

// `{a="x",b="y"` plus `extra` (e.g. `le="0.5"`), closed with '}'; empty when there is
// nothing to put between the braces.
std::string LabelText(const std::vector<std::string>& names, const std::vector<std::string>& values,
                      std::string_view extra = {}) {
  if (names.empty() && extra.empty()) return {};
  std::string text = "{";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += ',';
    text += names[i];
    text += "=\"";
    AppendEscaped(text, values[i], /*quote_too=*/true);
    text += '"';
  }
  if (!extra.empty()) {
    if (!names.empty()) text += ',';
    text += extra;
  }
  text += '}';
  return text;
}

void RenderSamples(std::string& out, const FamilyBase& family,
                   const std::vector<std::string>& values, const Counter& counter) {
  out += family.name();
  out += LabelText(family.label_names(), values);
  out += ' ';
  out += std::to_string(counter.Value());
  out += '\n';
}

void RenderSamples(std::string& out, const FamilyBase& family,
                   const std::vector<std::string>& values, const Gauge& gauge) {
  out += family.name();
  out += LabelText(family.label_names(), values);
  out += ' ';
  AppendNumber(out, gauge.Value());
  out += '\n';
}

void RenderSamples(std::string& out, const FamilyBase& family,
                   const std::vector<std::string>& values, const Histogram& histogram) {
  const Histogram::Snapshot snapshot = histogram.Read();
  const std::vector<double>& bounds = family.bounds();
  for (std::size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    std::string le = "le=\"";
    if (i < bounds.size()) {
      AppendNumber(le, bounds[i]);
    } else {
      le += "+Inf";
    }
    le += '"';
    out += family.name();
    out += "_bucket";
    out += LabelText(family.label_names(), values, le);
    out += ' ';
    out += std::to_string(snapshot.cumulative[i]);
    out += '\n';
  }
  const std::string labels = LabelText(family.label_names(), values);
  out += family.name() + "_sum" + labels + ' ';
  AppendNumber(out, snapshot.sum);
  out += '\n';
  out += family.name() + "_count" + labels + ' ' + std::to_string(snapshot.count) + '\n';
}

template <typename A, typename B>
bool LexicographicallyLess(const A& a, const B& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](std::string_view x, std::string_view y) { return x < y; });
}

}  // namespace

std::vector<double> LatencyBucketsSeconds() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  // The first bucket whose upper bound is >= value (+Inf when none is).
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.cumulative.resize(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    snapshot.cumulative[i] = running;
  }
  snapshot.count = running;
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

bool LabelValuesLess::operator()(const std::vector<std::string>& a,
                                 const std::vector<std::string>& b) const {
  return a < b;
}
bool LabelValuesLess::operator()(const std::vector<std::string>& a,
                                 std::span<const std::string_view> b) const {
  return LexicographicallyLess(a, b);
}
bool LabelValuesLess::operator()(std::span<const std::string_view> a,
                                 const std::vector<std::string>& b) const {
  return LexicographicallyLess(a, b);
}

FamilyBase::FamilyBase(std::string name, std::string help, std::string_view type,
                       std::vector<std::string> label_names, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)),
      bounds_(std::move(bounds)) {}

namespace {

template <typename Metric>
std::string_view TypeName() {
  if constexpr (std::is_same_v<Metric, Counter>) return "counter";
  if constexpr (std::is_same_v<Metric, Gauge>) return "gauge";
  if constexpr (std::is_same_v<Metric, Histogram>) return "histogram";
}

}  // namespace

template <typename Metric>
Family<Metric>::Family(std::string name, std::string help, std::vector<std::string> label_names,
                       std::vector<double> bounds)
    : FamilyBase(std::move(name), std::move(help), TypeName<Metric>(), std::move(label_names),
                 std::move(bounds)) {
  if (label_names_.empty()) WithLabels(std::span<const std::string_view>());
}

template <typename Metric>
Metric& Family<Metric>::WithLabels(std::initializer_list<std::string_view> values) {
  return WithLabels(std::span<const std::string_view>(values.begin(), values.size()));
}

template <typename Metric>
Metric& Family<Metric>::WithLabels(std::span<const std::string_view> values) {
  assert(values.size() == label_names_.size());
  if (values.size() > label_names_.size()) values = values.first(label_names_.size());
  std::lock_guard lock(mu_);
  if (values.size() == label_names_.size()) {
    if (auto it = metrics_.find(values); it != metrics_.end()) return *it->second;
  }
  std::vector<std::string> key(values.begin(), values.end());
  key.resize(label_names_.size());
  auto& slot = metrics_[std::move(key)];
  if (!slot) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      slot = std::make_unique<Histogram>(bounds_);
    } else {
      slot = std::make_unique<Metric>();
    }
  }
  return *slot;
}

template <typename Metric>
void Family<Metric>::Render(std::string& out) const {
  out += "# HELP " + name_ + ' ';
  AppendEscaped(out, help_, /*quote_too=*/false);
  out += "\n# TYPE " + name_ + ' ';
  out += type_;
  out += '\n';
  std::lock_guard lock(mu_);
  for (const auto& [values, metric] : metrics_) RenderSamples(out, *this, values, *metric);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

template <typename F>
Result<F*> MetricsRegistry::AddFamily(std::string name, std::string help, std::string_view type,
                                      std::vector<std::string> label_names,
                                      std::vector<double> bounds) {
  if (!IsValidName(name, /*colon_allowed=*/true)) {
    return Status::InvalidArgument("the metric name '" + name + "' is not [a-zA-Z_:][a-zA-Z0-9_:]*",
                                   "name");
  }
  for (std::size_t i = 0; i < label_names.size(); ++i) {
    const std::string& label = label_names[i];
    if (!IsValidName(label, /*colon_allowed=*/false) || label.starts_with("__")) {
      return Status::InvalidArgument(
          "the label name '" + label + "' of " + name + " is not [a-zA-Z_][a-zA-Z0-9_]*", "labels");
    }
    if (type == "histogram" && label == "le") {
      return Status::InvalidArgument("a histogram's label must not be named 'le'", "labels");
    }
    if (std::find(label_names.begin(), label_names.begin() + static_cast<std::ptrdiff_t>(i),
                  label) != label_names.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Status::InvalidArgument("the label '" + label + "' of " + name + " appears twice",
                                     "labels");
    }
  }
  if (type == "histogram") {
    if (bounds.empty()) {
      return Status::InvalidArgument("a histogram needs at least one bucket", "bounds");
    }
    for (std::size_t i = 0; i < bounds.size(); ++i) {
      if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
        return Status::InvalidArgument(
            "the buckets of " + name + " must be finite and strictly increasing", "bounds");
      }
    }
  }
  std::lock_guard lock(mu_);
  for (const std::unique_ptr<FamilyBase>& family : families_) {
    if (family->name() != name) continue;
    if (family->type() == type && family->label_names() == label_names &&
        family->bounds() == bounds) {
      return static_cast<F*>(family.get());
    }
    return Status::InvalidArgument("the metric " + name + " is already registered as a " +
                                       std::string(family->type()) + " with other labels",
                                   "name");
  }
  auto family = std::make_unique<F>(std::move(name), std::move(help), std::move(label_names),
                                    std::move(bounds));
  F* added = family.get();
  families_.push_back(std::move(family));
  return added;
}

Result<CounterFamily*> MetricsRegistry::AddCounter(std::string name, std::string help,
                                                   std::vector<std::string> label_names) {
  return AddFamily<CounterFamily>(std::move(name), std::move(help), "counter",
                                  std::move(label_names), {});
}

Result<GaugeFamily*> MetricsRegistry::AddGauge(std::string name, std::string help,
                                               std::vector<std::string> label_names) {
  return AddFamily<GaugeFamily>(std::move(name), std::move(help), "gauge", std::move(label_names),
                                {});
}

Result<HistogramFamily*> MetricsRegistry::AddHistogram(std::string name, std::string help,
                                                       std::vector<double> bounds,
                                                       std::vector<std::string> label_names) {
  return AddFamily<HistogramFamily>(std::move(name), std::move(help), "histogram",
                                    std::move(label_names), std::move(bounds));
}

void MetricsRegistry::AddCollector(std::function<void()> collect) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collect));
}

std::string MetricsRegistry::RenderText() const {
  std::vector<std::function<void()>> collectors;
  {
    std::lock_guard lock(mu_);
    collectors = collectors_;
  }
  for (const std::function<void()>& collect : collectors) collect();
  std::string out;
  std::lock_guard lock(mu_);
  for (const std::unique_ptr<FamilyBase>& family : families_) family->Render(out);
  return out;
}

Response MetricsResponse(const MetricsRegistry& registry) {
  return Response::Text(200, registry.RenderText(), std::string(MetricsRegistry::kContentType));
}

}  // namespace prospekt::server
