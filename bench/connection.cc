#include "connection.h"

#include "grpc_connection.h"
#include "socket_connection.h"
#include "socket_loops.h"

namespace parley::bench {

std::unique_ptr<Connection> Connection::Open(const Endpoint& endpoint,
                                             int instance, ByteCounter* bytes) {
  const std::string& address = endpoint.address(instance);
  if (endpoint.protocol == Protocol::kGrpc) {
    return std::make_unique<GrpcConnection>(address, bytes);
  }
  return std::make_unique<SocketConnection>(endpoint.protocol, address,
                                            endpoint.loops->Next(), bytes);
}

}  // namespace parley::bench
