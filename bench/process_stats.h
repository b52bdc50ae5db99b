// What the server process costs, read from /proc/<pid>: CPU seconds (user +
// system, all threads) and resident memory, current and peak. The peak can be
// reset between runs (Linux clear_refs), so each run reports its own high-water
// mark.
//
// Thread safety: const methods may be called from any thread.
#ifndef PARLEY_BENCH_PROCESS_STATS_H_
#define PARLEY_BENCH_PROCESS_STATS_H_

#include <cstdint>

namespace parley::bench {

struct ProcessSample {
  double cpu_seconds = 0;  // user + system since the process started
  int64_t rss_bytes = 0;   // VmRSS
  int64_t peak_rss_bytes =
      0;  // VmHWM: since start, or since the last ResetPeak
};

class ProcessStats {
 public:
  // pid 0 means "no process known": Read returns zeros and valid() is false.
  explicit ProcessStats(int pid) : pid_(pid) {}

  bool valid() const { return pid_ > 0; }
  int pid() const { return pid_; }
  ProcessSample Read() const;
  // Resets the peak to the current RSS. Returns false if the kernel refused
  // (the peak then stays the process's lifetime peak).
  bool ResetPeak() const;

 private:
  int pid_;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_PROCESS_STATS_H_
