// Unit tests of the Prometheus text writer: the exact lines a scraper reads.
#include "server/metrics/prometheus_text.h"

#include <catch2/catch.hpp>

namespace parley {
namespace {

TEST_CASE("a family starts with its HELP and TYPE lines, then its samples",
          "[metrics]") {
  PrometheusText page;
  page.Family("parley_things_total", "counter", "Things.");
  page.Sample("parley_things_total", {{"kind", "a"}, {"size", "big"}},
              int64_t{3});
  page.Sample("parley_things_total", {}, int64_t{4});
  CHECK(page.text() ==
        "# HELP parley_things_total Things.\n"
        "# TYPE parley_things_total counter\n"
        "parley_things_total{kind=\"a\",size=\"big\"} 3\n"
        "parley_things_total 4\n");
}

TEST_CASE("label values escape backslash, quote and line feed", "[metrics]") {
  PrometheusText page;
  page.Sample("m", {{"v", "a\\b\"c\nd"}}, int64_t{1});
  CHECK(page.text() == "m{v=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST_CASE("a histogram writes cumulative buckets, +Inf, sum and count",
          "[metrics]") {
  Histogram histogram{0.5, 1};
  histogram.Observe(0.25);
  histogram.Observe(0.5);  // a bound is inclusive
  histogram.Observe(0.75);
  histogram.Observe(3);
  PrometheusText page;
  page.Histogram("h", {{"k", "v"}}, histogram.Snapshot());
  CHECK(page.text() ==
        "h_bucket{k=\"v\",le=\"0.5\"} 2\n"
        "h_bucket{k=\"v\",le=\"1\"} 3\n"
        "h_bucket{k=\"v\",le=\"+Inf\"} 4\n"
        "h_sum{k=\"v\"} 4.5\n"
        "h_count{k=\"v\"} 4\n");
}

}  // namespace
}  // namespace parley
