// The protocols side by side: reads the per-protocol results a run of
// scripts/bench.sh left in <dir>/<protocol>/ (efficiency.csv, scaling.csv,
// sustained.csv) and writes the comparison beside them: comparison.md (the
// notebook's Tables 1-3 for all three protocols, with its own figures
// alongside), comparison_scaling.csv and comparison_efficiency.csv (for the
// plots), and comparison.targets.tsv (the protocol targets, met or not).
// Scenarios that did not run are left out.
//
// Thread safety: a plain function.
#ifndef PARLEY_BENCH_COMPARISON_H_
#define PARLEY_BENCH_COMPARISON_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace parley::bench {

// `protocols` are the names of the subdirectories, in the order the tables
// show them. Errors: NOT_FOUND when no protocol has any results;
// INVALID_ARGUMENT for a results file that cannot be read as the bench writes
// it; the write's error.
absl::Status WriteComparison(const std::string& dir,
                             const std::vector<std::string>& protocols);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_COMPARISON_H_
