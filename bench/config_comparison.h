// Server configurations side by side: reads the results that runs of
// scripts/bench.sh --cluster left in <dir>/<config>/ (scaling.csv,
// sustained.csv), one directory per configuration (SQLite on one instance,
// PostgreSQL on one and on two instances), and writes comparison.md beside
// them: message rates, latencies, and the CPU each message cost the servers
// and the database, the first configuration being the reference.
// Scenarios that did not run are left out.
//
// Thread safety: a plain function.
#ifndef PARLEY_BENCH_CONFIG_COMPARISON_H_
#define PARLEY_BENCH_CONFIG_COMPARISON_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace parley::bench {

// `configs` are the result directories, relative to `dir`, in the order the
// tables show them; a name of the form <store>-<instances>[/<protocol>]
// (sqlite-1/grpc, postgres-2/grpc) is spelled out in the tables.
// `p99_limit_ms` is the limit the runs' paced steps were held to. Errors:
// NOT_FOUND when no configuration has any results; INVALID_ARGUMENT for a
// results file that cannot be read as the bench writes it; the write's
// error.
absl::Status WriteConfigComparison(const std::string& dir,
                                   const std::vector<std::string>& configs,
                                   double p99_limit_ms);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_CONFIG_COMPARISON_H_
