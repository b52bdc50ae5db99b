// parley_bench: the load generator behind scripts/bench.sh. It drives a running
// Parley server through the client library and the callback API and writes, per
// scenario, <scenario>.json, <scenario>.md and CSV tables into --out.
// bench/README.md explains the scenarios.
//
// Exit status: 0 when every correctness check passed (exactly-once delivery,
// storage), 1 when one failed, 2 for bad flags. Missed performance targets
// never fail the run: benchmarks are not tests.
#include <sys/resource.h>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "common/log.h"
#include "comparison.h"
#include "config_comparison.h"
#include "heartbeat.h"
#include "progress.h"
#include "report.h"
#include "scenarios.h"
#include "socket_loops.h"
#include "wire_counter.h"

ABSL_FLAG(std::vector<std::string>, address,
          std::vector<std::string>({"127.0.0.1:50051"}),
          "the server's listener for --protocol, host:port; comma-separated, "
          "one per instance, for several servers on one PostgreSQL database "
          "(connection and account i use instance i modulo their number)");
ABSL_FLAG(std::string, protocol, "grpc",
          "the wire protocol to measure: grpc, binary or json");
ABSL_FLAG(std::string, compare, "",
          "instead of running scenarios: compare the results of a run in this "
          "directory, one subdirectory per protocol of --protocols, and write "
          "comparison.md and its tables there");
ABSL_FLAG(std::vector<std::string>, protocols,
          std::vector<std::string>({"grpc", "binary", "json"}),
          "with --compare: the protocols to compare, in table order");
ABSL_FLAG(std::string, compare_configs, "",
          "instead of running scenarios: compare the server configurations "
          "of a cluster run in this directory (one subdirectory per entry of "
          "--configs) and write comparison.md there");
ABSL_FLAG(std::vector<std::string>, configs, {},
          "with --compare_configs: the result directories to compare, "
          "relative to it, in table order (e.g. sqlite-1/grpc); "
          "--p99_limit_ms names the limit their paced steps were held to");
ABSL_FLAG(int, socket_threads, 2,
          "event-loop threads driving the binary and JSON connections (gRPC's "
          "callback API has its own threads)");
ABSL_FLAG(std::vector<std::string>, server_pid, {},
          "the server's process id, for its CPU and memory; comma-separated "
          "for several instances, whose CPU and memory are summed (empty: "
          "unknown)");
ABSL_FLAG(int, database_pid, 0,
          "PostgreSQL's postmaster's process id: the CPU of it and its "
          "children (the backends) is reported beside the server's (0: none, "
          "as with SQLite, which runs inside the server)");
ABSL_FLAG(std::string, out, ".", "directory for the results");
ABSL_FLAG(
    std::vector<std::string>, scenarios, {},
    "comma-separated: efficiency, scaling, sustained, floor, subscribers, "
    "signout (sustained and floor run together when both are named; "
    "signout needs two --address instances)");
ABSL_FLAG(bool, smoke, false,
          "tiny sizes for CI: a few hundred messages, no timing targets");
ABSL_FLAG(int, setup_threads, 2,
          "threads creating accounts (PBKDF2 is CPU-bound)");
ABSL_FLAG(int, efficiency_runs, 5,
          "timed runs of the efficiency workflow (the first connects)");
ABSL_FLAG(std::vector<std::string>, scaling_k, {},
          "k values (default 10,20,30,40,100,300,1000)");
ABSL_FLAG(int, sustained_accounts, 100,
          "accounts in the sustained and floor scenarios");
ABSL_FLAG(int, sustained_connections, 4,
          "connections in the sustained and floor scenarios");
ABSL_FLAG(int, peak_in_flight, 16,
          "calls in flight in the closed-loop peak runs");
ABSL_FLAG(double, step_seconds, 3, "length of each paced step");
ABSL_FLAG(double, peak_seconds, 3, "length of each closed-loop peak run");
ABSL_FLAG(std::vector<std::string>, rates, {},
          "offered rates of the paced ladders");
ABSL_FLAG(int, refine_steps, 2,
          "bisections after a ladder's first failed rate");
ABSL_FLAG(double, p99_limit_ms, 5,
          "a paced step is held while its p99 latency (delivery for sends, "
          "reply for no-ops) stays within this");
ABSL_FLAG(std::vector<std::string>, subscriber_counts, {},
          "stream counts (default 1000,10000)");
ABSL_FLAG(int, subscriber_accounts, 1000, "accounts owning the streams");
ABSL_FLAG(int, subscriber_connections, 1000,
          "connections carrying the streams");
ABSL_FLAG(double, flow_rate, 1000,
          "messages per second during a subscribers flow");
ABSL_FLAG(bool, heartbeat, true,
          "with --protocol grpc, a no-op call every 200 ms, so gRPC 1.51's "
          "callback threads never go idle (see bench/heartbeat.h)");
ABSL_FLAG(double, flow_seconds, 5, "length of a subscribers flow");

namespace parley::bench {
namespace {

// Rounds of the sign-out scenario.
constexpr int kSignOutRounds = 30;

template <typename T>
bool ParseList(const std::vector<std::string>& texts, std::vector<T>* out) {
  if (texts.empty()) return true;
  out->clear();
  for (const std::string& t : texts) {
    double v;
    if (!absl::SimpleAtod(t, &v) || v <= 0) return false;
    out->push_back(static_cast<T>(v));
  }
  return true;
}

bool Named(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// Writes a scenario's JSON and Markdown; returns whether its checks passed.
bool Save(const BenchContext& context, const std::string& name,
          const ScenarioResult& r) {
  Json doc = Json::Object();
  doc.Set("scenario", name)
      .Set("protocol", ProtocolName(context.endpoint.protocol))
      .Set("smoke", context.smoke)
      .Set("checks_passed", r.ok)
      .Set("failure", r.failure)
      .Set("result", r.json)
      .Set("targets", ToJson(r.targets));
  absl::Status s = WriteResult(context.out_dir, name + ".json", doc.Dump(2));
  if (s.ok()) s = WriteResult(context.out_dir, name + ".md", r.markdown);
  if (!s.ok()) std::fprintf(stderr, "parley_bench: %s\n", s.ToString().c_str());
  std::string targets;
  for (const Target& t : r.targets) {
    absl::StrAppend(&targets, t.name, "\t", t.goal, "\t", t.figure, "\t",
                    t.met ? "met" : "NOT met", "\n");
  }
  if (!targets.empty()) {
    WriteResult(context.out_dir, name + ".targets.tsv", targets).IgnoreError();
  }
  SetProgressScope(name);
  Note(r.ok ? "checks passed" : absl::StrCat("CHECK FAILED: ", r.failure));
  return r.ok && s.ok();
}

int Main() {
  const std::string compare = absl::GetFlag(FLAGS_compare);
  const std::string compare_configs = absl::GetFlag(FLAGS_compare_configs);
  if (!compare.empty() || !compare_configs.empty()) {
    const absl::Status written =
        compare.empty()
            ? WriteConfigComparison(compare_configs,
                                    absl::GetFlag(FLAGS_configs),
                                    absl::GetFlag(FLAGS_p99_limit_ms))
            : WriteComparison(compare, absl::GetFlag(FLAGS_protocols));
    if (!written.ok()) {
      std::fprintf(stderr, "parley_bench: %s\n", written.ToString().c_str());
      return 1;
    }
    return 0;
  }
  BenchContext context;
  context.endpoint.addresses = absl::GetFlag(FLAGS_address);
  for (const std::string& address : context.endpoint.addresses) {
    const size_t colon = address.rfind(':');
    int port = 0;
    if (colon == std::string::npos ||
        !absl::SimpleAtoi(address.substr(colon + 1), &port)) {
      std::fprintf(stderr,
                   "parley_bench: --address must be host:port, or several, "
                   "comma-separated\n");
      return 2;
    }
    context.server_ports.insert(port);
  }
  if (context.endpoint.addresses.empty()) {
    std::fprintf(stderr, "parley_bench: --address names no server\n");
    return 2;
  }
  std::vector<int> server_pids;
  for (const std::string& text : absl::GetFlag(FLAGS_server_pid)) {
    int pid = 0;
    if (!absl::SimpleAtoi(text, &pid) || pid <= 0) {
      std::fprintf(stderr,
                   "parley_bench: --server_pid takes process ids, "
                   "comma-separated\n");
      return 2;
    }
    server_pids.push_back(pid);
  }
  const std::optional<Protocol> protocol =
      ParseProtocol(absl::GetFlag(FLAGS_protocol));
  if (!protocol) {
    std::fprintf(stderr,
                 "parley_bench: --protocol must be grpc, binary or json\n");
    return 2;
  }
  context.endpoint.protocol = *protocol;
  SocketLoops loops(absl::GetFlag(FLAGS_socket_threads));
  context.endpoint.loops = &loops;
  context.server = ProcessStats(std::move(server_pids));
  if (const int pid = absl::GetFlag(FLAGS_database_pid); pid > 0) {
    context.database = ProcessStats({pid}, /*children=*/true);
  }
  context.out_dir = absl::GetFlag(FLAGS_out);
  context.smoke = absl::GetFlag(FLAGS_smoke);
  context.setup_threads = absl::GetFlag(FLAGS_setup_threads);

  ScalingOptions scaling;
  ThroughputOptions throughput;
  SubscriberOptions subscribers;
  int efficiency_runs = absl::GetFlag(FLAGS_efficiency_runs);
  throughput.accounts = absl::GetFlag(FLAGS_sustained_accounts);
  throughput.connections = absl::GetFlag(FLAGS_sustained_connections);
  throughput.peak_in_flight = absl::GetFlag(FLAGS_peak_in_flight);
  throughput.step_seconds = absl::GetFlag(FLAGS_step_seconds);
  throughput.refine_steps = absl::GetFlag(FLAGS_refine_steps);
  throughput.p99_limit_us = absl::GetFlag(FLAGS_p99_limit_ms) * 1000;
  throughput.peak_seconds = absl::GetFlag(FLAGS_peak_seconds);
  subscribers.accounts = absl::GetFlag(FLAGS_subscriber_accounts);
  subscribers.connections = absl::GetFlag(FLAGS_subscriber_connections);
  subscribers.flow_rate = absl::GetFlag(FLAGS_flow_rate);
  subscribers.flow_seconds = absl::GetFlag(FLAGS_flow_seconds);
  if (context.smoke) {
    // A few hundred messages in all; every check still runs.
    efficiency_runs = 1;
    scaling.ks = {10, 20};
    throughput.accounts = 10;
    throughput.connections = 2;
    throughput.peak_seconds = 0.2;
    throughput.step_seconds = 0.2;
    throughput.rates = {500};
    throughput.refine_steps = 0;
    subscribers.counts = {20, 60};
    subscribers.accounts = 20;
    subscribers.connections = 10;
    subscribers.flow_rate = 100;
    subscribers.flow_seconds = 0.5;
  }
  if (!ParseList(absl::GetFlag(FLAGS_scaling_k), &scaling.ks) ||
      !ParseList(absl::GetFlag(FLAGS_rates), &throughput.rates) ||
      !ParseList(absl::GetFlag(FLAGS_subscriber_counts), &subscribers.counts)) {
    std::fprintf(stderr, "parley_bench: list flags take positive numbers\n");
    return 2;
  }
  if (throughput.accounts < 2 || subscribers.accounts < 2) {
    std::fprintf(stderr, "parley_bench: scenarios need at least 2 accounts\n");
    return 2;
  }
  for (int count : subscribers.counts) {
    if (count % subscribers.accounts != 0) {
      std::fprintf(stderr,
                   "parley_bench: --subscriber_counts must be multiples of "
                   "--subscriber_accounts\n");
      return 2;
    }
  }

  // Every connection and stream is a file descriptor.
  rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 &&
      files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  const std::vector<std::string> scenarios = absl::GetFlag(FLAGS_scenarios);
  if (scenarios.empty()) {
    std::fprintf(stderr,
                 "parley_bench: name at least one scenario with --scenarios\n");
    return 2;
  }
  for (const std::string& s : scenarios) {
    if (s != "efficiency" && s != "scaling" && s != "sustained" &&
        s != "floor" && s != "subscribers" && s != "signout") {
      std::fprintf(stderr, "parley_bench: unknown scenario '%s'\n", s.c_str());
      return 2;
    }
  }
  // One heartbeat per instance: each server's callback threads must stay
  // awake, not only the first one's.
  std::vector<std::unique_ptr<Heartbeat>> heartbeats;
  if (absl::GetFlag(FLAGS_heartbeat) && *protocol == Protocol::kGrpc) {
    for (const std::string& address : context.endpoint.addresses) {
      heartbeats.push_back(std::make_unique<Heartbeat>(address));
      if (!heartbeats.back()->WaitConnected(absl::Seconds(10))) {
        std::fprintf(stderr, "parley_bench: cannot connect to %s\n",
                     address.c_str());
        return 1;
      }
    }
    // The only connections so far: their bytes are left out of every wire
    // count.
    absl::StatusOr<std::set<int>> ports =
        WireCounter(context.server_ports).LocalPorts();
    if (ports.ok()) context.heartbeat_ports = *ports;
    for (std::unique_ptr<Heartbeat>& heartbeat : heartbeats) heartbeat->Start();
  }
  bool ok = true;
  if (Named(scenarios, "efficiency")) {
    ok &= Save(context, "efficiency", RunEfficiency(context, efficiency_runs));
  }
  if (Named(scenarios, "scaling")) {
    ok &= Save(context, "scaling", RunScaling(context, scaling));
  }
  if (Named(scenarios, "sustained") || Named(scenarios, "floor")) {
    throughput.send = Named(scenarios, "sustained");
    throughput.floor = Named(scenarios, "floor");
    ok &= Save(context, "sustained", RunThroughput(context, throughput));
  }
  if (Named(scenarios, "subscribers")) {
    ok &= Save(context, "subscribers", RunSubscribers(context, subscribers));
  }
  if (Named(scenarios, "signout")) {
    ok &= Save(context, "signout",
               RunSignOut(context, context.smoke ? 3 : kSignOutRounds));
  }
  for (std::unique_ptr<Heartbeat>& heartbeat : heartbeats) heartbeat->Stop();
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace parley::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Parley load generator. Usually run by scripts/bench.sh. Flags: "
      "--helpfull");
  absl::ParseCommandLine(argc, argv);
  parley::SetLogLevel(parley::LogLevel::kWarning);
  // Debian's Abseil checks every Mutex acquisition for lock-order cycles (a
  // debug aid that costs the bench CPU the server should get); the bench's
  // locking is simple.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  return parley::bench::Main();
}
