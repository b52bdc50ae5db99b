// What a set of processes costs, read from /proc: CPU seconds (user + system,
// all threads) and resident memory, current and peak, each summed over the
// processes. Several processes: the instances of a server cluster, or a
// database server and its children. The peak can be reset between runs (Linux
// clear_refs), so each run reports its own high-water mark.
//
// Thread safety: const methods may be called from any thread.
#ifndef PARLEY_BENCH_PROCESS_STATS_H_
#define PARLEY_BENCH_PROCESS_STATS_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace parley::bench {

struct ProcessSample {
  double cpu_seconds = 0;  // user + system since the processes started
  int64_t rss_bytes = 0;   // VmRSS
  // VmHWM, since start or since the last ResetPeak. Summed over processes
  // whose peaks need not have come at the same moment: an upper bound of
  // their peak together.
  int64_t peak_rss_bytes = 0;
};

class ProcessStats {
 public:
  // No process known: Read returns zeros and valid() is false.
  ProcessStats() = default;
  // The processes `pids`. With `children`, the CPU of each one's child
  // processes counts too: of those alive (found in /proc by their parent
  // pid) and of those it has already reaped (its cutime and cstime), so the
  // CPU of a child that exits between two reads still counts in the second.
  // That is how a PostgreSQL server is measured: the
  // postmaster forks a backend per connection and reaps it when the
  // connection closes. Memory is never counted for children (PostgreSQL's
  // shared buffers would count once per backend).
  explicit ProcessStats(std::vector<int> pids, bool children = false)
      : pids_(std::move(pids)), children_(children) {}

  bool valid() const { return !pids_.empty(); }
  ProcessSample Read() const;
  // Resets the peaks to the current RSS. Returns false if the kernel refused
  // (a peak then stays its process's lifetime peak).
  bool ResetPeak() const;

 private:
  std::vector<int> pids_;
  bool children_ = false;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_PROCESS_STATS_H_
