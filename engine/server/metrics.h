// A small metrics registry rendering the Prometheus text format (version 0.0.4):
// counters, gauges and histograms with fixed buckets, each in a family with a name, a
// help text and fixed label names.
//
// The server records HTTP requests and latency here; the integrator adds the store's
// appends, fsync latency and group sizes (StoreOptions::on_group_committed), projection
// lags (through a collector that sets gauges before each render) and the feed's
// consumers.
//
// Ownership and threads: the registry owns its families and they own their metrics;
// pointers and references handed out stay valid for the registry's lifetime. Every
// member is safe from any thread. Updating a metric is lock-free (relaxed atomics);
// WithLabels takes the family's mutex to find or make the labelled metric, so callers
// on a hot path may keep the reference.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/server/request.h"
#include "events/status.h"

namespace prospekt::server {

// Latency buckets in seconds, 100 µs to 10 s (the Prometheus unit for durations).
std::vector<double> LatencyBucketsSeconds();

class Counter {
 public:
  void Increment(std::uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds` are the buckets' upper bounds (inclusive, strictly increasing, finite); they
  // must outlive the histogram (its family owns them).
  explicit Histogram(const std::vector<double>& bounds);
  // Counts `value` in its bucket and adds it to the sum; NaN is ignored.
  void Observe(double value);

  struct Snapshot {
    std::vector<std::uint64_t> cumulative;  // one per bound, then the +Inf bucket
    double sum = 0;
    std::uint64_t count = 0;  // equals cumulative.back()
  };
  Snapshot Read() const;

 private:
  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket (not cumulative), +Inf last
  std::atomic<double> sum_{0};
};

// Orders label value lists, also against views of them (lookups without allocating).
struct LabelValuesLess {
  using is_transparent = void;
  bool operator()(const std::vector<std::string>& a, const std::vector<std::string>& b) const;
  bool operator()(const std::vector<std::string>& a, std::span<const std::string_view> b) const;
  bool operator()(std::span<const std::string_view> a, const std::vector<std::string>& b) const;
};

class FamilyBase {
 public:
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const { return name_; }
  std::string_view type() const { return type_; }  // "counter", "gauge" or "histogram"
  const std::vector<std::string>& label_names() const { return label_names_; }
  const std::vector<double>& bounds() const { return bounds_; }  // histograms only

  // Appends the family's # HELP, # TYPE and sample lines.
  virtual void Render(std::string& out) const = 0;

 protected:
  FamilyBase(std::string name, std::string help, std::string_view type,
             std::vector<std::string> label_names, std::vector<double> bounds);

  const std::string name_;
  const std::string help_;
  const std::string_view type_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;
};

template <typename Metric>
class Family final : public FamilyBase {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names,
         std::vector<double> bounds = {});

  // The metric for these label values, in the family's label order, made on first use.
  // Precondition: one value per label name (asserted; in release builds missing values
  // are empty and extra ones ignored, so the output stays well-formed).
  Metric& WithLabels(std::initializer_list<std::string_view> values);
  Metric& WithLabels(std::span<const std::string_view> values);

  void Render(std::string& out) const override;

 private:
  mutable std::mutex mu_;
  // Guarded by mu_ (the map; the metrics themselves are atomic).
  std::map<std::vector<std::string>, std::unique_ptr<Metric>, LabelValuesLess> metrics_;
};

extern template class Family<Counter>;
extern template class Family<Gauge>;
extern template class Family<Histogram>;
using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

class MetricsRegistry {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Registers a family. Adding a name again with the same type, labels (and bounds)
  // returns the family already there, so two servers can share one registry.
  // InvalidArgument for a name outside [a-zA-Z_:][a-zA-Z0-9_:]*, a label name outside
  // [a-zA-Z_][a-zA-Z0-9_]* or starting with "__" or repeated, "le" on a histogram,
  // bounds that are empty, not finite or not strictly increasing, or a name already
  // registered differently. A family without labels renders (as 0) from the start.
  Result<CounterFamily*> AddCounter(std::string name, std::string help,
                                    std::vector<std::string> label_names = {});
  Result<GaugeFamily*> AddGauge(std::string name, std::string help,
                                std::vector<std::string> label_names = {});
  Result<HistogramFamily*> AddHistogram(std::string name, std::string help,
                                        std::vector<double> bounds,
                                        std::vector<std::string> label_names = {});

  // `collect` runs at the start of every RenderText (on the rendering thread, without
  // the registry's lock): it sets gauges whose values are read rather than pushed,
  // such as projection lags. It must not call RenderText.
  void AddCollector(std::function<void()> collect);

  // Every family in the order registered, labelled metrics sorted by label values.
  std::string RenderText() const;

 private:
  template <typename F>
  Result<F*> AddFamily(std::string name, std::string help, std::string_view type,
                       std::vector<std::string> label_names, std::vector<double> bounds);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<FamilyBase>> families_;  // Guarded by mu_.
  std::vector<std::function<void()>> collectors_;      // Guarded by mu_.
};

// The response for a GET /metrics route: 200, the text format's content type.
Response MetricsResponse(const MetricsRegistry& registry);

}  // namespace prospekt::server
