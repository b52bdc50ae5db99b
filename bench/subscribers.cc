// Scenario 5, subscribers: many live Subscribe streams at once (1,000, then
// 10,000), spread over many connections, with a steady flow of messages.
// Reported: the server's resident memory with the streams open (per stream,
// against the same server before any stream was opened), and the delivery
// latency of the flow to every stream of each recipient.
#include <algorithm>
#include <thread>

#include "absl/strings/str_cat.h"
#include "call_driver.h"
#include "delivery_check.h"
#include "fleet.h"
#include "latency.h"
#include "progress.h"
#include "scenarios.h"

namespace parley::bench {
namespace {

double Megabytes(int64_t bytes) {
  return static_cast<double>(bytes) / (1 << 20);
}

// The server's RSS after it has been left alone for a moment.
ProcessSample Settled(const BenchContext& context) {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  return context.server.Read();
}

}  // namespace

ScenarioResult RunSubscribers(const BenchContext& context,
                              const SubscriberOptions& options) {
  SetProgressScope("subscribers");
  ScenarioResult result;
  absl::StatusOr<std::unique_ptr<Fleet>> made = Fleet::Create(
      context, "s", options.accounts, options.connections, nullptr, nullptr);
  if (!made.ok()) {
    result.ok = false;
    result.failure = made.status().ToString();
    return result;
  }
  Fleet& fleet = **made;
  const ProcessSample baseline = Settled(context);
  Note(absl::StrCat(options.accounts, " accounts signed in over ",
                    fleet.connection_count(),
                    " connections, no stream yet: server RSS ",
                    Fixed(Megabytes(baseline.rss_bytes), 1), " MB"));

  CsvTable csv({"streams", "accounts", "connections", "server_rss_idle_mb",
                "server_rss_peak_flow_mb", "rss_per_stream_kb",
                "rss_per_stream_marginal_kb", "messages", "deliveries",
                "deliveries_per_s", "delivery_p50_ms", "delivery_p99_ms",
                "delivery_max_ms", "exactly_once"});
  Json rows = Json::Array();
  std::string table =
      "| streams | connections | server RSS idle MB | RSS peak during flow MB "
      "| KB per stream "
      "| KB per added stream | deliveries/s | delivery p50 / p99 / max ms | "
      "exactly once |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---|---|\n";
  ProcessSample previous = baseline;
  int previous_streams = 0;
  int64_t delivered_before = 0;
  double peak_at_largest = 0;
  int largest = 0;
  for (int count : options.counts) {
    Progress(absl::StrCat("opening ", count, " streams"));
    if (absl::Status s = fleet.OpenStreams(count, absl::Seconds(180));
        !s.ok()) {
      result.ok = false;
      result.failure = s.ToString();
      return result;
    }
    const ProcessSample idle = Settled(context);
    const double per_stream_kb =
        static_cast<double>(idle.rss_bytes - baseline.rss_bytes) / count / 1024;
    const double marginal_kb =
        static_cast<double>(idle.rss_bytes - previous.rss_bytes) /
        std::max(1, count - previous_streams) / 1024;

    // The flow: each message to one account, so to each of its streams.
    const int64_t messages =
        static_cast<int64_t>(options.flow_rate * options.flow_seconds);
    CallPlan plan;
    for (int64_t i = 0; i < messages; ++i) {
      const int to = static_cast<int>(i % fleet.size());
      const int from = static_cast<int>(
          (to + 1 + (i / fleet.size()) % (fleet.size() - 1)) % fleet.size());
      plan.Add(from, to);
    }
    context.server.ResetPeak();
    CallDriver driver(CallKind::kSendMessage, fleet.account_connections(),
                      &fleet.accounts(), "hello");
    const int64_t start = NowNanos() + 2'000'000;
    driver.RunPaced(&plan, options.flow_rate, start, messages);
    driver.WaitIdle(absl::Seconds(60));
    int64_t acknowledged = 0;
    for (const CallRecord& r : driver.records()) {
      acknowledged += r.code == 0 ? 1 : 0;
    }
    const int streams_per_account = count / fleet.size();
    // Every stream of the recipient gets each message (counts are multiples of
    // the accounts).
    const int64_t expected = acknowledged * std::max(1, streams_per_account);
    fleet.streams().WaitMessages(delivered_before + expected,
                                 absl::Seconds(60));
    std::vector<Delivery> deliveries = fleet.streams().TakeDeliveries();
    delivered_before += static_cast<int64_t>(deliveries.size());
    DeliveryCheck check =
        CheckDeliveries(plan, driver.records(), deliveries,
                        fleet.stream_accounts(), fleet.size());
    const ProcessSample after = context.server.Read();
    const double flow_s =
        static_cast<double>(check.last_received_ns - start) / 1e9;
    const LatencySummary latency = Summarize(check.latencies_ns);
    if (!check.exactly_once()) {
      result.ok = false;
      result.failure = absl::StrCat(count, " streams: ", check.Describe());
    }
    const double per_s = static_cast<double>(check.delivered) / flow_s;
    csv.Add({absl::StrCat(count), absl::StrCat(fleet.size()),
             absl::StrCat(fleet.connection_count()),
             Fixed(Megabytes(idle.rss_bytes), 1),
             Fixed(Megabytes(after.peak_rss_bytes), 1), Fixed(per_stream_kb, 1),
             Fixed(marginal_kb, 1), absl::StrCat(messages),
             absl::StrCat(check.delivered), Fixed(per_s, 0),
             Fixed(latency.p50_us / 1e3, 3), Fixed(latency.p99_us / 1e3, 3),
             Fixed(latency.max_us / 1e3, 3),
             check.exactly_once() ? "yes" : "no"});
    rows.Push(
        Json::Object()
            .Set("streams", count)
            .Set("accounts", fleet.size())
            .Set("connections", fleet.connection_count())
            .Set("server_rss_baseline_mb", Megabytes(baseline.rss_bytes))
            .Set("server_rss_idle_mb", Megabytes(idle.rss_bytes))
            .Set("server_rss_peak_flow_mb", Megabytes(after.peak_rss_bytes))
            .Set("rss_per_stream_kb", per_stream_kb)
            .Set("rss_per_added_stream_kb", marginal_kb)
            .Set("flow_messages", messages)
            .Set("flow_rate_per_s", options.flow_rate)
            .Set("deliveries_per_s", per_s)
            .Set("delivery_latency", ToJson(latency))
            .Set("deliveries", check.Describe())
            .Set("exactly_once", check.exactly_once()));
    absl::StrAppend(
        &table, "| ", count, " | ", fleet.connection_count(), " | ",
        Fixed(Megabytes(idle.rss_bytes), 1), " | ",
        Fixed(Megabytes(after.peak_rss_bytes), 1), " | ",
        Fixed(per_stream_kb, 1), " | ", Fixed(marginal_kb, 1), " | ",
        Fixed(per_s, 0), " | ", Fixed(latency.p50_us / 1e3, 2), " / ",
        Fixed(latency.p99_us / 1e3, 2), " / ", Fixed(latency.max_us / 1e3, 1),
        " | ", check.exactly_once() ? "yes" : "**no**", " |\n");
    Note(absl::StrCat(
        count, " streams: server RSS ", Fixed(Megabytes(idle.rss_bytes), 1),
        " MB idle (", Fixed(per_stream_kb, 1), " KB per stream, ",
        Fixed(marginal_kb, 1), " KB per added stream), peak ",
        Fixed(Megabytes(after.peak_rss_bytes), 1), " MB during the flow; ",
        Fixed(per_s, 0), " deliveries/s, p50/p99 ",
        Fixed(latency.p50_us / 1e3, 2), "/", Fixed(latency.p99_us / 1e3, 2),
        " ms; ", check.Describe()));
    previous = idle;
    previous_streams = count;
    if (count >= largest) {
      largest = count;
      peak_at_largest =
          Megabytes(std::max(after.peak_rss_bytes, idle.rss_bytes));
    }
  }
  if (absl::Status s =
          WriteResult(context.out_dir, "subscribers.csv", csv.Text());
      !s.ok()) {
    Note(s.ToString());
  }
  result.json.Set("server_rss_baseline_mb", Megabytes(baseline.rss_bytes))
      .Set("rows", std::move(rows));
  if (largest >= 10000) {
    result.targets.push_back(
        Target{"10,000 live subscribers: server RSS", "< 400 MB",
               absl::StrCat(Fixed(peak_at_largest, 0),
                            " MB (peak, during the message flow)"),
               peak_at_largest < 400});
  }
  result.markdown = absl::StrCat(
      "## Subscribers (", options.accounts, " accounts, ", options.connections,
      " connections, a flow of ", Fixed(options.flow_rate, 0),
      " messages/s for ", Fixed(options.flow_seconds, 0),
      " s per row)\n\nServer RSS before any stream: ",
      Fixed(Megabytes(baseline.rss_bytes), 1), " MB.\n\n", table, "\n");
  return result;
}

}  // namespace parley::bench
