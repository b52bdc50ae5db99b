#include "server/metrics/metrics_page.h"

#include <unistd.h>

#include <fstream>

#include "absl/status/status.h"
#include "server/metrics/prometheus_text.h"

namespace parley {
namespace {

constexpr EdgeProtocol kProtocols[] = {
    EdgeProtocol::kGrpc, EdgeProtocol::kBinary, EdgeProtocol::kJson};

void WriteCalls(const CallMetrics& calls, PrometheusText& page) {
  const std::vector<std::string>& methods = calls.method_names();
  page.Family("parley_calls_total", "counter",
              "Finished calls by protocol, method (gRPC's name; \"other\" for "
              "any other or a frame refused before its method was known) and "
              "status code. A Subscribe stream counts when it ends.");
  for (const EdgeProtocol protocol : kProtocols) {
    for (size_t m = 0; m < methods.size(); ++m) {
      const MethodCallCounts& counts = calls.Counts(protocol, m);
      for (int code = 0; code < MethodCallCounts::kCodes; ++code) {
        const int64_t n = counts.by_code[static_cast<size_t>(code)].value();
        if (n == 0) continue;
        const std::string code_name =
            absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
        page.Sample("parley_calls_total",
                    {{"protocol", EdgeProtocolName(protocol)},
                     {"method", methods[m]},
                     {"code", code_name}},
                    n);
      }
    }
  }
  page.Family("parley_call_duration_seconds", "histogram",
              "Seconds from a unary call's request to its reply, by protocol "
              "and method.");
  for (const EdgeProtocol protocol : kProtocols) {
    for (size_t m = 0; m < methods.size(); ++m) {
      const MethodCallCounts& counts = calls.Counts(protocol, m);
      if (counts.streaming) continue;
      const HistogramSnapshot seconds = counts.seconds.Snapshot();
      if (seconds.count == 0) continue;
      page.Histogram(
          "parley_call_duration_seconds",
          {{"protocol", EdgeProtocolName(protocol)}, {"method", methods[m]}},
          seconds);
    }
  }
}

void WriteSends(const SendMetrics& sends, PrometheusText& page) {
  page.Family("parley_messages_stored_total", "counter",
              "Messages committed to the store.");
  page.Sample("parley_messages_stored_total", {}, sends.stored.value());
  page.Family("parley_store_commit_errors_total", "counter",
              "Send transactions the store failed (not counting a recipient "
              "that vanished).");
  page.Sample("parley_store_commit_errors_total", {},
              sends.commit_errors.value());
  page.Family("parley_send_batch_size", "histogram",
              "Messages per send transaction (group commit).");
  page.Histogram("parley_send_batch_size", {}, sends.batch_size.Snapshot());
  page.Family("parley_commit_duration_seconds", "histogram",
              "Seconds per send transaction.");
  page.Histogram("parley_commit_duration_seconds", {},
                 sends.commit_seconds.Snapshot());
}

void WritePayload(const MetricsReadings& readings, PrometheusText& page) {
  const std::vector<std::string>& methods = readings.calls->method_names();
  page.Family("parley_payload_messages_total", "counter",
              "Messages carried by method and direction, over every "
              "protocol; those sent on Subscribe are the events written to "
              "live streams.");
  for (const std::string& method : methods) {
    auto it = readings.bytes.find(method);
    if (it == readings.bytes.end()) continue;
    page.Sample("parley_payload_messages_total",
                {{"method", method}, {"direction", "received"}},
                it->second.received_messages);
    page.Sample("parley_payload_messages_total",
                {{"method", method}, {"direction", "sent"}},
                it->second.sent_messages);
  }
  page.Family("parley_payload_bytes_total", "counter",
              "Payload bytes (serialized protobuf, or the JSON text) by "
              "method and direction, over every protocol.");
  for (const std::string& method : methods) {
    auto it = readings.bytes.find(method);
    if (it == readings.bytes.end()) continue;
    page.Sample("parley_payload_bytes_total",
                {{"method", method}, {"direction", "received"}},
                it->second.received_bytes);
    page.Sample("parley_payload_bytes_total",
                {{"method", method}, {"direction", "sent"}},
                it->second.sent_bytes);
  }
}

}  // namespace

std::string MetricsPage(const MetricsReadings& readings) {
  PrometheusText page;
  WriteCalls(*readings.calls, page);
  page.Family("parley_open_streams", "gauge",
              "Subscribe streams open now, over every protocol.");
  page.Sample("parley_open_streams", {}, readings.open_streams);
  page.Family("parley_socket_connections", "gauge",
              "Client connections open now on the binary and JSON listeners.");
  page.Sample("parley_socket_connections", {{"protocol", "binary"}},
              readings.binary_connections);
  page.Sample("parley_socket_connections", {{"protocol", "json"}},
              readings.json_connections);
  WriteSends(*readings.sends, page);
  page.Family("parley_login_throttled_total", "counter",
              "Sign-in attempts refused by the throttle, by the limit that "
              "refused them (docs/throttling.md).");
  page.Sample("parley_login_throttled_total", {{"limit", "name_address"}},
              readings.login_refusals.pair);
  page.Sample("parley_login_throttled_total", {{"limit", "address"}},
              readings.login_refusals.address);
  page.Sample("parley_login_throttled_total", {{"limit", "name"}},
              readings.login_refusals.name);
  page.Family("parley_database_writable", "gauge",
              "1 while the database takes writes (probed every few seconds), "
              "0 while it does not; health checks answer NOT_SERVING then.");
  page.Sample("parley_database_writable", {},
              static_cast<int64_t>(readings.writable ? 1 : 0));
  page.Family("parley_sign_in_failures_total", "counter",
              "Sign-ins refused for a wrong name or password.");
  page.Sample("parley_sign_in_failures_total", {}, readings.sign_in_failures);
  page.Family("parley_pending_sign_ins", "gauge",
              "Sign-ins begun and not yet completed or expired.");
  page.Sample("parley_pending_sign_ins", {}, readings.pending_sign_ins);
  page.Family("parley_worker_threads", "gauge",
              "Worker threads running store calls (the pool grows while all "
              "are busy).");
  page.Sample("parley_worker_threads", {}, readings.worker_threads);
  page.Family("parley_queued_calls", "gauge",
              "Calls waiting for a worker thread.");
  page.Sample("parley_queued_calls", {}, readings.queued_calls);
  page.Family("parley_queued_sends", "gauge",
              "Messages waiting for the next group commit.");
  page.Sample("parley_queued_sends", {}, readings.queued_sends);
  WritePayload(readings, page);
  if (readings.resident_bytes >= 0) {
    page.Family("process_resident_memory_bytes", "gauge",
                "Resident memory size in bytes.");
    page.Sample("process_resident_memory_bytes", {}, readings.resident_bytes);
  }
  return page.text();
}

int64_t ReadResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  int64_t size_pages = 0;
  int64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return -1;
  return resident_pages * static_cast<int64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace parley
