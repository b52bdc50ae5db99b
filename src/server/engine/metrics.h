// The counting primitives of the server's metrics (docs/operations.md): a
// counter and a histogram with fixed buckets, each a few atomics, so the code
// that counts never takes a lock and never allocates. They hold numbers only;
// what to count is decided where it happens, and the metrics page
// (server/metrics_page.h) turns them into Prometheus text.
//
// Thread safety: every method is safe to call concurrently; a reader sees each
// number atomically, not all of them at one instant.
#ifndef PARLEY_SERVER_ENGINE_METRICS_H_
#define PARLEY_SERVER_ENGINE_METRICS_H_

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

namespace parley {

// A number that only goes up.
class Counter {
 public:
  void Add(int64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// What a Histogram has seen: `bounds[i]` is the upper bound (inclusive) of
// bucket i, `cumulative[i]` the observations at or below it, and `count` all
// of them (the +Inf bucket).
struct HistogramSnapshot {
  std::vector<double> bounds;
  std::vector<int64_t> cumulative;
  int64_t count = 0;
  double sum = 0;
};

// Observations sorted into buckets with fixed upper bounds, as Prometheus
// histograms are.
class Histogram {
 public:
  // `bounds` must be ascending and not empty; a last +Inf bucket is implied.
  Histogram(std::initializer_list<double> bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double value);
  HistogramSnapshot Snapshot() const;

 private:
  const std::vector<double> bounds_;
  // Per bucket, not cumulative; the last one is +Inf.
  const std::unique_ptr<std::atomic<int64_t>[]> buckets_;
  std::atomic<double> sum_{0};
};

// What the send pipeline (send_pipeline.h) counts.
struct SendMetrics {
  // Messages committed to the store.
  Counter stored;
  // Group transactions that failed for a reason other than a vanished
  // account: the store's errors on the send path.
  Counter commit_errors;
  // Messages per group transaction.
  Histogram batch_size{1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
  // Seconds per group transaction.
  Histogram commit_seconds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                           0.01,   0.025,   0.05,   0.1,   0.25,   1};
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_METRICS_H_
