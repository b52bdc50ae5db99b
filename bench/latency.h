// Latency samples and their summary (percentiles), and the one clock the bench
// measures with.
//
// Every time in the bench is read from CLOCK_MONOTONIC in this process: a send,
// its reply and its live delivery are all seen by the bench itself, so no clock
// is compared across processes.
#ifndef PARLEY_BENCH_LATENCY_H_
#define PARLEY_BENCH_LATENCY_H_

#include <cstdint>
#include <vector>

namespace parley::bench {

// Nanoseconds on the monotonic clock.
int64_t NowNanos();

struct LatencySummary {
  int64_t count = 0;
  double mean_us = 0;
  double p50_us = 0;
  double p90_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
};

// Exact percentiles (nearest rank) of `nanos`, which is sorted in place.
LatencySummary Summarize(std::vector<int64_t>& nanos);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_LATENCY_H_
