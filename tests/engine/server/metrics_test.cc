// The metrics registry and its Prometheus text rendering.
#include "engine/server/metrics.h"

#include <catch2/catch.hpp>

#include <limits>
#include <thread>
#include <vector>

namespace prospekt::server {
namespace {

TEST_CASE("counters, gauges and histograms render in the Prometheus text format", "[server]") {
  MetricsRegistry registry;
  CounterFamily* requests =
      *registry.AddCounter("app_requests_total", "Requests.\nBy route.", {"route", "status"});
  GaugeFamily* lag = *registry.AddGauge("app_lag", "Lag \\ behind.");
  HistogramFamily* latency =
      *registry.AddHistogram("app_latency_seconds", "Latency.", {0.25, 0.5, 1}, {"route"});

  requests->WithLabels({"/b", "200"}).Increment(2);
  requests->WithLabels({"/a", "404"}).Increment();
  requests->WithLabels({"/a", "200"}).Increment();
  requests->WithLabels({"/a", "200"}).Increment();
  requests->WithLabels({"quote\"back\\slash\nline", "500"}).Increment();
  lag->WithLabels({}).Set(2.5);
  Histogram& a = latency->WithLabels({"/a"});
  for (const double seconds : {0.125, 0.25, 0.375, 0.75, 3.0}) a.Observe(seconds);

  CHECK(registry.RenderText() ==
        "# HELP app_requests_total Requests.\\nBy route.\n"
        "# TYPE app_requests_total counter\n"
        "app_requests_total{route=\"/a\",status=\"200\"} 2\n"
        "app_requests_total{route=\"/a\",status=\"404\"} 1\n"
        "app_requests_total{route=\"/b\",status=\"200\"} 2\n"
        "app_requests_total{route=\"quote\\\"back\\\\slash\\nline\",status=\"500\"} 1\n"
        "# HELP app_lag Lag \\\\ behind.\n"
        "# TYPE app_lag gauge\n"
        "app_lag 2.5\n"
        "# HELP app_latency_seconds Latency.\n"
        "# TYPE app_latency_seconds histogram\n"
        "app_latency_seconds_bucket{route=\"/a\",le=\"0.25\"} 2\n"
        "app_latency_seconds_bucket{route=\"/a\",le=\"0.5\"} 3\n"
        "app_latency_seconds_bucket{route=\"/a\",le=\"1\"} 4\n"
        "app_latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 5\n"
        "app_latency_seconds_sum{route=\"/a\"} 4.5\n"
        "app_latency_seconds_count{route=\"/a\"} 5\n");
}

TEST_CASE("a family without labels renders 0 before its first update", "[server]") {
  MetricsRegistry registry;
  REQUIRE(registry.AddCounter("x_total", "X.").ok());
  REQUIRE(registry.AddHistogram("h", "H.", {1}).ok());
  CHECK(registry.RenderText() ==
        "# HELP x_total X.\n# TYPE x_total counter\nx_total 0\n"
        "# HELP h H.\n# TYPE h histogram\nh_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\n"
        "h_sum 0\nh_count 0\n");
}

TEST_CASE("registering checks names, labels and buckets; the same family comes back", "[server]") {
  MetricsRegistry registry;
  Result<CounterFamily*> first = registry.AddCounter("a_total", "A.", {"route"});
  REQUIRE(first.ok());
  Result<CounterFamily*> again = registry.AddCounter("a_total", "A.", {"route"});
  REQUIRE(again.ok());
  CHECK(*again == *first);

  CHECK(registry.AddCounter("a_total", "A.", {"other"}).status().field() == "name");
  CHECK(registry.AddGauge("a_total", "A.", {"route"}).status().field() == "name");
  CHECK(registry.AddCounter("1abc", "X.").status().field() == "name");
  CHECK(registry.AddCounter("a-b", "X.").status().field() == "name");
  CHECK(registry.AddCounter("ok:name_total", "X.").ok());
  CHECK(registry.AddCounter("b_total", "X.", {"a:b"}).status().field() == "labels");
  CHECK(registry.AddCounter("b_total", "X.", {"__x"}).status().field() == "labels");
  CHECK(registry.AddCounter("b_total", "X.", {"x", "x"}).status().field() == "labels");
  CHECK(registry.AddHistogram("c", "X.", {1}, {"le"}).status().field() == "labels");
  CHECK(registry.AddHistogram("c", "X.", {}).status().field() == "bounds");
  CHECK(registry.AddHistogram("c", "X.", {1, 1}).status().field() == "bounds");
  CHECK(registry.AddHistogram("c", "X.", {2, 1}).status().field() == "bounds");
  CHECK(registry.AddHistogram("c", "X.", {1, std::numeric_limits<double>::infinity()})
            .status()
            .field() == "bounds");
}

TEST_CASE("collectors refresh gauges before each render", "[server]") {
  MetricsRegistry registry;
  Gauge& lag = (*registry.AddGauge("lag", "Lag."))->WithLabels({});
  int renders = 0;
  registry.AddCollector([&lag, &renders] { lag.Set(++renders * 10); });
  CHECK(registry.RenderText().find("lag 10\n") != std::string::npos);
  CHECK(registry.RenderText().find("lag 20\n") != std::string::npos);
}

TEST_CASE("metrics count correctly from many threads", "[server]") {
  MetricsRegistry registry;
  CounterFamily* family = *registry.AddCounter("n_total", "N.", {"thread"});
  HistogramFamily* histogram = *registry.AddHistogram("d", "D.", LatencyBucketsSeconds());
  constexpr int kThreads = 4;
  constexpr int kEach = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([family, histogram, t] {
      const std::string label = std::to_string(t % 2);
      for (int i = 0; i < kEach; ++i) {
        family->WithLabels({label}).Increment();
        histogram->WithLabels({}).Observe(0.001);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(family->WithLabels({"0"}).Value() == 2 * kEach);
  CHECK(family->WithLabels({"1"}).Value() == 2 * kEach);
  const Histogram::Snapshot snapshot = histogram->WithLabels({}).Read();
  CHECK(snapshot.count == kThreads * kEach);
  CHECK(snapshot.cumulative[3] == kThreads * kEach);  // 0.001 is in the bucket le="0.001"
  CHECK(snapshot.cumulative[2] == 0);
}

}  // namespace
}  // namespace prospekt::server
