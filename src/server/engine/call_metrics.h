// Finished calls, counted by protocol, method and status code, with the time
// each unary call took: what an operator graphs as request rate, error rate
// and latency. The methods that get series of their own are fixed when the
// table is built, so a client naming made-up methods cannot grow it: any
// other method is counted as "other".
//
// Thread safety: Record and the readers are safe to call concurrently and
// never take a lock (the table is read-only after construction).
#ifndef PARLEY_SERVER_ENGINE_CALL_METRICS_H_
#define PARLEY_SERVER_ENGINE_CALL_METRICS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "server/engine/metrics.h"

namespace parley {

// The edge a call came through.
enum class EdgeProtocol { kGrpc = 0, kBinary = 1, kJson = 2 };
inline constexpr int kEdgeProtocols = 3;
// "grpc", "binary" or "json".
std::string_view EdgeProtocolName(EdgeProtocol protocol);

struct MetricsMethod {
  std::string name;  // as gRPC names it: "/chat.v1.MessageService/SendMessage"
  bool streaming = false;  // a stream's duration is not a latency
};

// One method's counts on one protocol.
struct MethodCallCounts {
  static constexpr int kCodes = 17;  // absl::StatusCode kOk..kUnauthenticated

  explicit MethodCallCounts(bool streaming) : streaming(streaming) {}

  const bool streaming;
  std::array<Counter, kCodes> by_code;
  // Seconds from the request to the reply; unary methods only.
  Histogram seconds{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                    0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};
};

class CallMetrics {
 public:
  // Series for each of `methods` (names unique) and for "other", on every
  // protocol.
  explicit CallMetrics(std::vector<MetricsMethod> methods);
  CallMetrics(const CallMetrics&) = delete;
  CallMetrics& operator=(const CallMetrics&) = delete;

  // Counts one finished call of `method` (gRPC's name for it) that ended with
  // `code` after `seconds`. A code outside absl's canonical ones counts as
  // UNKNOWN.
  void Record(EdgeProtocol protocol, std::string_view method,
              absl::StatusCode code, double seconds);

  // The methods with series of their own, then "other"; Counts(protocol, i)
  // holds the counts of the i-th.
  const std::vector<std::string>& method_names() const { return names_; }
  const MethodCallCounts& Counts(EdgeProtocol protocol, size_t method) const;

 private:
  size_t IndexOf(std::string_view method) const;

  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, size_t> index_;
  // By protocol, then by method index.
  std::vector<std::unique_ptr<MethodCallCounts>> counts_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_CALL_METRICS_H_
