#include "latency.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace parley::bench {

int64_t NowNanos() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

LatencySummary Summarize(std::vector<int64_t>& nanos) {
  LatencySummary s;
  if (nanos.empty()) return s;
  std::sort(nanos.begin(), nanos.end());
  const size_t n = nanos.size();
  auto rank = [&](double q) {
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(n)));
    return static_cast<double>(nanos[std::clamp<size_t>(i, 1, n) - 1]) / 1000.0;
  };
  double sum = 0;
  for (int64_t v : nanos) sum += static_cast<double>(v);
  s.count = static_cast<int64_t>(n);
  s.mean_us = sum / static_cast<double>(n) / 1000.0;
  s.p50_us = rank(0.50);
  s.p90_us = rank(0.90);
  s.p99_us = rank(0.99);
  s.p999_us = rank(0.999);
  s.max_us = static_cast<double>(nanos.back()) / 1000.0;
  return s;
}

}  // namespace parley::bench
