#include "server/engine/call_metrics.h"

#include <utility>

namespace parley {

std::string_view EdgeProtocolName(EdgeProtocol protocol) {
  switch (protocol) {
    case EdgeProtocol::kGrpc:
      return "grpc";
    case EdgeProtocol::kBinary:
      return "binary";
    case EdgeProtocol::kJson:
      return "json";
  }
  return "unknown";
}

CallMetrics::CallMetrics(std::vector<MetricsMethod> methods) {
  std::vector<bool> streaming;
  for (MetricsMethod& method : methods) {
    index_.emplace(method.name, names_.size());
    names_.push_back(std::move(method.name));
    streaming.push_back(method.streaming);
  }
  names_.emplace_back("other");
  streaming.push_back(false);
  for (int p = 0; p < kEdgeProtocols; ++p) {
    for (const bool s : streaming) {
      counts_.push_back(std::make_unique<MethodCallCounts>(s));
    }
  }
}

size_t CallMetrics::IndexOf(std::string_view method) const {
  auto it = index_.find(absl::string_view(method.data(), method.size()));
  return it == index_.end() ? names_.size() - 1 : it->second;
}

void CallMetrics::Record(EdgeProtocol protocol, std::string_view method,
                         absl::StatusCode code, double seconds) {
  MethodCallCounts& counts =
      *counts_[static_cast<size_t>(protocol) * names_.size() + IndexOf(method)];
  int c = static_cast<int>(code);
  if (c < 0 || c >= MethodCallCounts::kCodes) {
    c = static_cast<int>(absl::StatusCode::kUnknown);
  }
  counts.by_code[static_cast<size_t>(c)].Add();
  if (!counts.streaming) counts.seconds.Observe(seconds);
}

const MethodCallCounts& CallMetrics::Counts(EdgeProtocol protocol,
                                            size_t method) const {
  return *counts_[static_cast<size_t>(protocol) * names_.size() + method];
}

}  // namespace parley
