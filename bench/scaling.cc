// Scenario 2, scaling: the notebook's all-pairs test (section 3.3). k accounts,
// each on its own connection with a live stream; every pair of accounts
// exchanges one message (k(k-1)/2 in all), each account sending its share one
// call after another and all accounts at once. Setup (accounts, sign-in,
// streams) and teardown (deleting the accounts) are timed apart from the
// message traffic, which runs from the first send to the last reply or live
// delivery. With several server instances, account i and its stream are on
// instance i modulo their number: with two, about half the pairs exchange
// their message across instances.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "call_driver.h"
#include "delivery_check.h"
#include "fleet.h"
#include "latency.h"
#include "progress.h"
#include "scenarios.h"
#include "wire_counter.h"

namespace parley::bench {
namespace {

// The notebook's gRPC columns of Tables 2 and 3.
struct NotebookRow {
  int k;
  double elapsed_s;
  double messages_per_s;
  double max_latency_s;
  int64_t bytes_sent;
  int64_t bytes_received;
};
constexpr NotebookRow kNotebook[] = {
    {10, 0.111, 404.069, 0.075, 5826, 1825},
    {20, 0.214, 886.848, 0.152, 21361, 6730},
    {30, 0.374, 1162.195, 0.298, 46596, 14745},
    {40, 0.665, 1172.181, 0.563, 81531, 25860},
};

const NotebookRow* NotebookFor(int k) {
  for (const NotebookRow& row : kNotebook) {
    if (row.k == k) return &row;
  }
  return nullptr;
}

double Seconds(int64_t ns) { return static_cast<double>(ns) / 1e9; }

struct KResult {
  int k = 0;
  int64_t messages = 0;
  int64_t cross_instance = 0;  // messages whose delivery crosses instances
  double setup_s = 0, traffic_s = 0, teardown_s = 0;
  LatencySummary send, delivery;
  double server_cpu_traffic_s = 0, server_cpu_all_s = 0;
  double database_cpu_traffic_s = 0;
  double server_peak_rss_mb = 0;
  MethodBytes payload_traffic, payload_all;
  WireBytes wire_traffic;
  DeliveryCheck deliveries;
  StoreCheck stored;
  bool ok = false;
  std::string failure;
};

KResult RunK(const BenchContext& context, int k) {
  KResult r;
  r.k = k;
  const bool peak_reset = context.server.ResetPeak();
  (void)peak_reset;
  const ProcessSample server_start = context.server.Read();
  ByteCounter setup_bytes;
  ByteCounter traffic_bytes;
  WireCounter wire(context.server_ports, context.heartbeat_ports);

  Progress(absl::StrCat("k=", k, ": creating accounts"));
  const int64_t setup_start = NowNanos();
  absl::StatusOr<std::unique_ptr<Fleet>> made = Fleet::Create(
      context, absl::StrCat("k", k, "_"), k, k, &setup_bytes, &traffic_bytes);
  if (!made.ok()) {
    r.failure = made.status().ToString();
    return r;
  }
  Fleet& fleet = **made;
  if (absl::Status s = fleet.OpenStreams(k, absl::Seconds(60)); !s.ok()) {
    r.failure = s.ToString();
    return r;
  }
  r.setup_s = Seconds(NowNanos() - setup_start);

  // Every pair once, the direction alternating so each account sends about half
  // its pairs.
  CallPlan plan;
  std::vector<std::vector<int64_t>> lanes(k);
  for (int i = 0; i < k; ++i) {
    for (int j = i + 1; j < k; ++j) {
      const bool forward = (i + j) % 2 == 1;
      const int from = forward ? i : j;
      const int to = forward ? j : i;
      lanes[from].push_back(plan.size());
      plan.Add(from, to);
      if (fleet.CrossesInstances(from, to)) ++r.cross_instance;
    }
  }
  r.messages = plan.size();

  CallDriver driver(CallKind::kSendMessage, fleet.account_connections(),
                    &fleet.accounts(), "hello");
  traffic_bytes.Reset();
  const absl::StatusOr<WireBytes> wire_before = wire.Read();
  const ProcessSample cpu_before = context.server.Read();
  const ProcessSample database_before = context.database.Read();
  Progress(absl::StrCat("k=", k, ": sending ", plan.size(), " messages"));
  const int64_t traffic_start = NowNanos();
  driver.RunLanes(&plan, std::move(lanes));
  int64_t next_progress = NowNanos() + 250'000'000;
  while (!driver.WaitIdle(absl::Milliseconds(250))) {
    if (NowNanos() > traffic_start + 300'000'000'000) break;
    if (NowNanos() >= next_progress) {
      Progress(absl::StrCat("k=", k, ": ", driver.completed(), "/", plan.size(),
                            " sent, ", fleet.streams().messages(),
                            " delivered"));
      next_progress = NowNanos() + 250'000'000;
    }
  }
  int64_t acknowledged = 0;
  int64_t last_reply = traffic_start;
  for (const CallRecord& c : driver.records()) {
    if (c.code == 0) ++acknowledged;
    last_reply = std::max(last_reply, c.done_ns);
  }
  fleet.streams().WaitMessages(acknowledged, absl::Seconds(60));
  const ProcessSample cpu_after = context.server.Read();
  const ProcessSample database_after = context.database.Read();
  const absl::StatusOr<WireBytes> wire_after = wire.Read();
  r.payload_traffic = traffic_bytes.Total();
  if (wire_before.ok() && wire_after.ok()) {
    r.wire_traffic = *wire_after - *wire_before;
  }

  std::vector<Delivery> deliveries = fleet.streams().TakeDeliveries();
  r.deliveries = CheckDeliveries(plan, driver.records(), deliveries,
                                 fleet.stream_accounts(), k);
  const int64_t traffic_end =
      std::max(last_reply, r.deliveries.last_received_ns);
  r.traffic_s = Seconds(traffic_end - traffic_start);
  r.server_cpu_traffic_s = cpu_after.cpu_seconds - cpu_before.cpu_seconds;
  r.database_cpu_traffic_s =
      database_after.cpu_seconds - database_before.cpu_seconds;
  std::vector<int64_t> send_ns;
  send_ns.reserve(driver.records().size());
  for (const CallRecord& c : driver.records()) {
    send_ns.push_back(c.done_ns - c.start_ns);
  }
  r.send = Summarize(send_ns);
  r.delivery = Summarize(r.deliveries.latencies_ns);
  r.deliveries.latencies_ns.clear();

  Progress(absl::StrCat("k=", k, ": checking storage"));
  r.stored = CheckStored(plan, driver.records(), fleet.accounts(),
                         fleet.account_connections(), 4);
  const MethodBytes before_teardown = traffic_bytes.Total();
  Progress(absl::StrCat("k=", k, ": deleting accounts"));
  const int64_t teardown_start = NowNanos();
  absl::Status deleted = fleet.DeleteAccounts(4);
  r.teardown_s = Seconds(NowNanos() - teardown_start);
  MethodBytes teardown = traffic_bytes.Total();
  teardown.calls -= before_teardown.calls;
  teardown.sent_bytes -= before_teardown.sent_bytes;
  teardown.received_bytes -= before_teardown.received_bytes;
  teardown.sent_messages -= before_teardown.sent_messages;
  teardown.received_messages -= before_teardown.received_messages;
  r.payload_all = setup_bytes.Total();
  r.payload_all += r.payload_traffic;
  r.payload_all += teardown;
  const ProcessSample server_end = context.server.Read();
  r.server_cpu_all_s = server_end.cpu_seconds - server_start.cpu_seconds;
  r.server_peak_rss_mb =
      static_cast<double>(server_end.peak_rss_bytes) / (1 << 20);

  r.ok = r.deliveries.exactly_once() && r.stored.ok() && deleted.ok();
  if (!r.deliveries.exactly_once()) r.failure = r.deliveries.Describe();
  if (!r.stored.ok()) r.failure = r.stored.Describe();
  if (!deleted.ok()) r.failure = deleted.ToString();
  return r;
}

}  // namespace

ScenarioResult RunScaling(const BenchContext& context,
                          const ScalingOptions& options) {
  SetProgressScope("scaling");
  ScenarioResult result;
  CsvTable csv({"k",
                "messages",
                "setup_s",
                "traffic_s",
                "teardown_s",
                "total_s",
                "msgs_per_s",
                "msgs_per_s_total",
                "send_p50_ms",
                "send_p99_ms",
                "send_max_ms",
                "delivery_p50_ms",
                "delivery_p99_ms",
                "delivery_max_ms",
                "server_cpu_traffic_s",
                "server_cpu_all_s",
                "server_peak_rss_mb",
                "payload_sent_traffic",
                "payload_received_traffic",
                "payload_sent_all",
                "payload_received_all",
                "wire_sent_traffic",
                "wire_received_traffic",
                "exactly_once",
                "stored",
                "notebook_elapsed_s",
                "notebook_msgs_per_s",
                "notebook_max_latency_s",
                "notebook_bytes_sent",
                "notebook_bytes_received",
                "instances",
                "cross_instance_messages",
                "database_cpu_traffic_s"});
  Json rows = Json::Array();
  // The database's own process only with PostgreSQL; SQLite's work is in the
  // server's CPU.
  const bool database = context.database.valid();
  const int instances = context.endpoint.instances();
  std::string table = absl::StrCat(
      "| k | messages | setup s | traffic s | msgs/s | send p50 / p99 / max ms "
      "| delivery p50 / p99 / max ms | server CPU s | ",
      database ? "database CPU s | " : "",
      "peak RSS MB | payload B/msg (sent, recv) | wire B/msg (sent, recv) | "
      "exactly once + stored | notebook gRPC: elapsed s, msgs/s, max latency "
      "s |\n|---:|---:|---:|---:|---:|---|---|---:|",
      database ? "---:|" : "", "---:|---|---|---|---|\n");
  for (int k : options.ks) {
    KResult r = RunK(context, k);
    if (!r.ok) {
      result.ok = false;
      if (result.failure.empty()) {
        result.failure = absl::StrCat("k=", k, ": ", r.failure);
      }
      Note(absl::StrCat("k=", k, " FAILED: ", r.failure));
      if (r.messages == 0) continue;
    }
    const NotebookRow* nb = NotebookFor(k);
    const double total_s = r.setup_s + r.traffic_s + r.teardown_s;
    const double rate = static_cast<double>(r.messages) / r.traffic_s;
    const double per_msg =
        static_cast<double>(std::max<int64_t>(1, r.messages));
    csv.Add({absl::StrCat(k),
             absl::StrCat(r.messages),
             Fixed(r.setup_s, 3),
             Fixed(r.traffic_s, 4),
             Fixed(r.teardown_s, 3),
             Fixed(total_s, 3),
             Fixed(rate, 0),
             Fixed(static_cast<double>(r.messages) / total_s, 0),
             Fixed(r.send.p50_us / 1e3, 3),
             Fixed(r.send.p99_us / 1e3, 3),
             Fixed(r.send.max_us / 1e3, 3),
             Fixed(r.delivery.p50_us / 1e3, 3),
             Fixed(r.delivery.p99_us / 1e3, 3),
             Fixed(r.delivery.max_us / 1e3, 3),
             Fixed(r.server_cpu_traffic_s, 2),
             Fixed(r.server_cpu_all_s, 2),
             Fixed(r.server_peak_rss_mb, 1),
             absl::StrCat(r.payload_traffic.sent_bytes),
             absl::StrCat(r.payload_traffic.received_bytes),
             absl::StrCat(r.payload_all.sent_bytes),
             absl::StrCat(r.payload_all.received_bytes),
             absl::StrCat(r.wire_traffic.sent),
             absl::StrCat(r.wire_traffic.received),
             r.deliveries.exactly_once() ? "yes" : "no",
             r.stored.ok() ? "yes" : "no",
             nb ? Fixed(nb->elapsed_s, 3) : "",
             nb ? Fixed(nb->messages_per_s, 1) : "",
             nb ? Fixed(nb->max_latency_s, 3) : "",
             nb ? absl::StrCat(nb->bytes_sent) : "",
             nb ? absl::StrCat(nb->bytes_received) : "",
             absl::StrCat(instances),
             absl::StrCat(r.cross_instance),
             database ? Fixed(r.database_cpu_traffic_s, 2) : ""});
    Json row = Json::Object();
    row.Set("k", k)
        .Set("messages", r.messages)
        .Set("setup_s", r.setup_s)
        .Set("traffic_s", r.traffic_s)
        .Set("teardown_s", r.teardown_s)
        .Set("total_s", total_s)
        .Set("messages_per_s", rate)
        .Set("messages_per_s_over_total",
             static_cast<double>(r.messages) / total_s)
        .Set("send_latency", ToJson(r.send))
        .Set("delivery_latency", ToJson(r.delivery))
        .Set("server_cpu_traffic_s", r.server_cpu_traffic_s)
        .Set("server_cpu_all_s", r.server_cpu_all_s)
        .Set("instances", instances)
        .Set("cross_instance_messages", r.cross_instance)
        .Set("server_peak_rss_mb", r.server_peak_rss_mb)
        .Set("payload_traffic", ToJson(r.payload_traffic))
        .Set("payload_whole_run", ToJson(r.payload_all))
        .Set("wire_traffic", ToJson(r.wire_traffic))
        .Set("deliveries", r.deliveries.Describe())
        .Set("stored", r.stored.Describe())
        .Set("exactly_once", r.deliveries.exactly_once())
        .Set("stored_ok", r.stored.ok());
    if (nb != nullptr) {
      row.Set("notebook", Json::Object()
                              .Set("elapsed_s", nb->elapsed_s)
                              .Set("messages_per_s", nb->messages_per_s)
                              .Set("max_latency_s", nb->max_latency_s)
                              .Set("bytes_sent", nb->bytes_sent)
                              .Set("bytes_received", nb->bytes_received));
    }
    if (database) row.Set("database_cpu_traffic_s", r.database_cpu_traffic_s);
    rows.Push(std::move(row));
    absl::StrAppend(
        &table, "| ", k, " | ", r.messages, " | ", Fixed(r.setup_s, 2), " | ",
        Fixed(r.traffic_s, 3), " | ", Fixed(rate, 0), " | ",
        Fixed(r.send.p50_us / 1e3, 2), " / ", Fixed(r.send.p99_us / 1e3, 2),
        " / ", Fixed(r.send.max_us / 1e3, 1), " | ",
        Fixed(r.delivery.p50_us / 1e3, 2), " / ",
        Fixed(r.delivery.p99_us / 1e3, 2), " / ",
        Fixed(r.delivery.max_us / 1e3, 1), " | ",
        Fixed(r.server_cpu_traffic_s, 2), " | ",
        database ? absl::StrCat(Fixed(r.database_cpu_traffic_s, 2), " | ") : "",
        Fixed(r.server_peak_rss_mb, 0), " | ",
        Fixed(static_cast<double>(r.payload_traffic.sent_bytes) / per_msg, 1),
        ", ",
        Fixed(static_cast<double>(r.payload_traffic.received_bytes) / per_msg,
              1),
        " | ", Fixed(static_cast<double>(r.wire_traffic.sent) / per_msg, 1),
        ", ", Fixed(static_cast<double>(r.wire_traffic.received) / per_msg, 1),
        " | ", r.deliveries.exactly_once() && r.stored.ok() ? "yes" : "**no**",
        " | ",
        nb ? absl::StrCat(Fixed(nb->elapsed_s, 3), ", ",
                          Fixed(nb->messages_per_s, 0), ", ",
                          Fixed(nb->max_latency_s, 3))
           : "-",
        " |\n");
    Note(absl::StrCat(
        "k=", k, ": ", r.messages, " messages in ", Fixed(r.traffic_s, 3),
        " s (", Fixed(rate, 0), "/s), delivery p99 ",
        Fixed(r.delivery.p99_us / 1e3, 2), " ms",
        instances > 1
            ? absl::StrCat(", ", r.cross_instance, " across instances")
            : "",
        "; ", r.deliveries.Describe(), "; ", r.stored.Describe()));
    if (k == 40) {
      result.targets.push_back(Target{"scaling k=40: message traffic",
                                      "< 0.1 s",
                                      absl::StrCat(Fixed(r.traffic_s, 4), " s"),
                                      r.traffic_s < 0.1 && r.ok});
    }
    if (k == 300 && instances > 1) {
      result.targets.push_back(
          Target{absl::StrCat("scaling k=300 over ", instances,
                              " instances: exactly once, across instances"),
                 "every message delivered live exactly once and stored",
                 absl::StrCat(r.ok ? "nothing lost" : r.failure, " (",
                              r.cross_instance, " of ", r.messages,
                              " delivered across instances)"),
                 r.ok});
    }
    if (k == 1000) {
      result.targets.push_back(
          Target{"scaling k=1000: message traffic, nothing lost",
                 "< 30 s, exactly once, all stored",
                 absl::StrCat(Fixed(r.traffic_s, 2), " s, ",
                              r.ok ? "nothing lost" : r.failure),
                 r.traffic_s < 30 && r.ok});
    }
  }
  if (absl::Status s = WriteResult(context.out_dir, "scaling.csv", csv.Text());
      !s.ok()) {
    Note(s.ToString());
  }
  result.json.Set("rows", std::move(rows));
  result.markdown = absl::StrCat(
      "## Scaling (every pair exchanges one message)\n\n"
      "Setup (accounts with client-side PBKDF2, sign-in, streams) and teardown "
      "are timed "
      "apart; traffic runs from the first send to the last reply or "
      "delivery.",
      instances > 1
          ? absl::StrCat(" Over ", instances,
                         " server instances on one database: account i and "
                         "its stream on instance i mod ",
                         instances,
                         ", so a message whose sender and recipient are on "
                         "different instances is delivered across them. "
                         "Server CPU and peak RSS are summed over the "
                         "instances.")
          : "",
      database ? " Database CPU: PostgreSQL's processes (the postmaster and "
                 "its backends) over the traffic."
               : "",
      "\n\n", table, "\n");
  return result;
}

}  // namespace parley::bench
