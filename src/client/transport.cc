// The one place that knows every transport: a new protocol is one more case
// here, chosen from ClientOptions.
#include "client/transport.h"

#include "client/grpc/grpc_transport.h"
#include "client/socket/socket_transport.h"

namespace parley {

absl::StatusOr<std::unique_ptr<Transport>> NewTransport(
    const ClientOptions& options) {
  if (options.protocol == Protocol::kGrpc) {
    return GrpcTransport::Create(options);
  }
  return SocketTransport::Create(options);
}

}  // namespace parley
