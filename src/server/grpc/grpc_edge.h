// The gRPC edge of a running server: a grpc::Server on the callback API with
// the three chat.v1 services, the standard health service, server reflection
// (v1alpha), and the byte-counting, logging, metrics and parse-error
// interceptors.
// It only decodes, calls the rules and encodes.
//
// Thread safety: every method may be called from any thread. Ownership: the
// rules are not owned and must outlive the edge.
#ifndef PARLEY_SERVER_GRPC_GRPC_EDGE_H_
#define PARLEY_SERVER_GRPC_GRPC_EDGE_H_

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "interceptors/byte_counter.h"
#include "server/engine/call_metrics.h"
#include "server/grpc/chat_services.h"

namespace parley {

struct GrpcEdgeOptions {
  std::string listen_address = "127.0.0.1:50051";  // port 0 picks a free one
  std::string tls_cert_path;  // PEM; both or neither of cert and key
  std::string tls_key_path;
};

class GrpcEdge {
 public:
  // Binds and starts serving, counting each finished call in `calls` (not
  // owned; it must outlive the edge). INVALID_ARGUMENT for half a TLS pair or
  // an unreadable PEM file, UNAVAILABLE if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<GrpcEdge>> Start(
      const GrpcEdgeOptions& options, AccountRules* accounts,
      MessageRules* messages, SubscriptionRules* subscriptions,
      CallMetrics* calls);
  ~GrpcEdge();
  GrpcEdge(const GrpcEdge&) = delete;
  GrpcEdge& operator=(const GrpcEdge&) = delete;

  // The port actually bound.
  int port() const { return port_; }
  // What the health service answers (SERVING or NOT_SERVING).
  void SetServing(bool serving);
  // Stops taking calls and waits, until `deadline`, for those in flight (then
  // cancels them). Idempotent.
  void Shutdown(absl::Time deadline);
  // Blocks until Shutdown has completed.
  void Wait();
  // Serialized bytes per method, as the server sees them.
  ByteCounter& bytes() { return bytes_; }

 private:
  GrpcEdge(AccountRules* accounts, MessageRules* messages,
           SubscriptionRules* subscriptions);

  AccountServiceImpl account_service_;
  MessageServiceImpl message_service_;
  SubscriptionServiceImpl subscription_service_;
  ByteCounter bytes_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace parley

#endif  // PARLEY_SERVER_GRPC_GRPC_EDGE_H_
