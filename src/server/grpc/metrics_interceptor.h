// A server interceptor that counts each finished gRPC call in the server's
// call metrics (engine/call_metrics.h): method, status code and, for unary
// calls, the time from its creation to its status.
//
// Thread safety: the factory is safe for concurrent use; the metrics are not
// owned and must outlive the server.
#ifndef PARLEY_SERVER_GRPC_METRICS_INTERCEPTOR_H_
#define PARLEY_SERVER_GRPC_METRICS_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "server/engine/call_metrics.h"

namespace parley {

class MetricsServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsServerInterceptorFactory(CallMetrics* metrics)
      : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  CallMetrics* const metrics_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_METRICS_INTERCEPTOR_H_
