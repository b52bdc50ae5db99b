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
#include "heartbeat.h"
#include "progress.h"
#include "report.h"
#include "scenarios.h"
#include "socket_loops.h"
#include "wire_counter.h"

ABSL_FLAG(std::string, address, "127.0.0.1:50051",
          "the server's listener for --protocol, host:port");
ABSL_FLAG(std::string, protocol, "grpc",
          "the wire protocol to measure: grpc, binary or json");
ABSL_FLAG(std::string, compare, "",
          "instead of running scenarios: compare the results of a run in this "
          "directory, one subdirectory per protocol of --protocols, and write "
          "comparison.md and its tables there");
ABSL_FLAG(std::vector<std::string>, protocols,
          std::vector<std::string>({"grpc", "binary", "json"}),
          "with --compare: the protocols to compare, in table order");
ABSL_FLAG(int, socket_threads, 2,
          "event-loop threads driving the binary and JSON connections (gRPC's "
          "callback API has its own threads)");
ABSL_FLAG(int, server_pid, 0,
          "the server's process id, for its CPU and memory (0: unknown)");
ABSL_FLAG(std::string, out, ".", "directory for the results");
ABSL_FLAG(std::vector<std::string>, scenarios, {},
          "comma-separated: efficiency, scaling, sustained, floor, subscribers "
          "(sustained and floor run together when both are named)");
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
  if (const std::string dir = absl::GetFlag(FLAGS_compare); !dir.empty()) {
    const absl::Status written =
        WriteComparison(dir, absl::GetFlag(FLAGS_protocols));
    if (!written.ok()) {
      std::fprintf(stderr, "parley_bench: %s\n", written.ToString().c_str());
      return 1;
    }
    return 0;
  }
  BenchContext context;
  context.endpoint.address = absl::GetFlag(FLAGS_address);
  const std::string& address = context.endpoint.address;
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(address.substr(colon + 1), &context.server_port)) {
    std::fprintf(stderr, "parley_bench: --address must be host:port\n");
    return 2;
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
  context.server = ProcessStats(absl::GetFlag(FLAGS_server_pid));
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
        s != "floor" && s != "subscribers") {
      std::fprintf(stderr, "parley_bench: unknown scenario '%s'\n", s.c_str());
      return 2;
    }
  }
  std::unique_ptr<Heartbeat> heartbeat;
  if (absl::GetFlag(FLAGS_heartbeat) && *protocol == Protocol::kGrpc) {
    heartbeat = std::make_unique<Heartbeat>(address);
    if (!heartbeat->WaitConnected(absl::Seconds(10))) {
      std::fprintf(stderr, "parley_bench: cannot connect to %s\n",
                   address.c_str());
      return 1;
    }
    // The only connection so far: its bytes are left out of every wire count.
    absl::StatusOr<std::set<int>> ports =
        WireCounter(context.server_port).LocalPorts();
    if (ports.ok()) context.heartbeat_ports = *ports;
    heartbeat->Start();
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
  if (heartbeat) heartbeat->Stop();
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
