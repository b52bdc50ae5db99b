// The bench's scenarios (bench/README.md describes each). Every scenario runs
// against a server the caller started, checks what it must (exactly-once
// delivery, storage), and returns its results; main.cc writes them out.
#ifndef PARLEY_BENCH_SCENARIOS_H_
#define PARLEY_BENCH_SCENARIOS_H_

#include <set>
#include <string>
#include <vector>

#include "connection.h"
#include "process_stats.h"
#include "report.h"

namespace parley::bench {

struct BenchContext {
  Endpoint endpoint;  // the server instances, and the protocol measured
  std::set<int> server_ports;  // the port of each of endpoint.addresses
  // The server processes (every instance), for CPU and memory.
  ProcessStats server;
  // The database server (PostgreSQL's postmaster and its backends), for CPU;
  // not valid with SQLite, which runs inside the server.
  ProcessStats database;
  std::string out_dir;    // where CSV files go
  bool smoke = false;     // tiny sizes, for CI
  int setup_threads = 2;  // threads that create accounts (PBKDF2 is CPU-bound)
  // Local ports of the bench's own heartbeat connections, left out of wire
  // counts.
  std::set<int> heartbeat_ports;
};

struct ScenarioResult {
  Json json = Json::Object();
  std::vector<Target> targets;
  std::string markdown;  // a section for bench/results/summary.md
  bool ok = true;        // every correctness check passed
  std::string failure;   // why not, when !ok
};

// Options of the scenarios, filled in from flags (see main.cc).
struct ScalingOptions {
  std::vector<int> ks = {10, 20, 30, 40, 100, 300, 1000};
};

struct ThroughputOptions {
  int accounts = 100;
  int connections = 4;
  int peak_in_flight = 16;  // closed-loop peak: calls in flight
  double peak_seconds = 3;
  double step_seconds = 3;  // each paced step
  std::vector<double> rates = {1000,  2000,  5000,  10000, 15000, 20000,
                               25000, 30000, 35000, 40000, 45000, 50000,
                               55000, 60000, 70000, 80000};
  double p99_limit_us = 5000;  // a step is held while p99 stays under this
  int refine_steps =
      2;              // bisections between the last held and first failed rate
  bool send = true;   // run the SendMessage ladder
  bool floor = true;  // run the Health/Check ladder
};

struct SubscriberOptions {
  std::vector<int> counts = {1000, 10000};
  int accounts = 1000;
  int connections = 1000;
  double flow_rate = 1000;  // messages per second during each flow
  double flow_seconds = 5;
};

ScenarioResult RunEfficiency(const BenchContext& context, int repetitions);
ScenarioResult RunScaling(const BenchContext& context,
                          const ScalingOptions& options);
ScenarioResult RunThroughput(const BenchContext& context,
                             const ThroughputOptions& options);
ScenarioResult RunSubscribers(const BenchContext& context,
                              const SubscriberOptions& options);
// Needs two instances: a logout on the first until the second ends the
// session's stream, `rounds` times.
ScenarioResult RunSignOut(const BenchContext& context, int rounds);

}  // namespace parley::bench

#endif  // PARLEY_BENCH_SCENARIOS_H_
