// The server's metrics page: what the engine and the edges have counted,
// rendered in the Prometheus text format for the metrics edge
// (metrics_http_server.h). docs/operations.md lists every metric. The caller
// gathers the readings (ParleyServer, at each scrape); this only names and
// formats them.
//
// Thread safety: MetricsPage is a pure function of its readings; the counters
// it reads may move while it runs.
#ifndef PARLEY_SERVER_METRICS_METRICS_PAGE_H_
#define PARLEY_SERVER_METRICS_METRICS_PAGE_H_

#include <cstdint>
#include <map>
#include <string>

#include "interceptors/byte_counter.h"
#include "server/engine/call_metrics.h"
#include "server/engine/login_limiter.h"
#include "server/engine/metrics.h"

namespace parley {

struct MetricsReadings {
  // Not owned; must be set.
  const CallMetrics* calls = nullptr;
  const SendMetrics* sends = nullptr;
  LoginLimiter::Refusals login_refusals;
  int64_t sign_in_failures = 0;
  // What waits in the engine now (ChatCore::Load).
  int64_t worker_threads = 0;
  int64_t queued_calls = 0;
  int64_t queued_sends = 0;
  int64_t pending_sign_ins = 0;
  // Whether the database took the last probe's write.
  bool writable = true;
  // Payload per method over every protocol; methods without call series of
  // their own are left out.
  std::map<std::string, MethodBytes> bytes;
  int64_t open_streams = 0;
  // Client connections open on the binary and JSON listeners.
  int64_t binary_connections = 0;
  int64_t json_connections = 0;
  // The process's resident memory; negative when unknown.
  int64_t resident_bytes = -1;
};

// The page for `readings`.
std::string MetricsPage(const MetricsReadings& readings);

// This process's resident set size in bytes, from /proc/self/statm; -1 when
// it cannot be read.
int64_t ReadResidentBytes();

}  // namespace parley

#endif  // PARLEY_SERVER_METRICS_METRICS_PAGE_H_
