#include "connection.h"

#include "grpc_connection.h"
#include "socket_connection.h"
#include "socket_loops.h"

namespace parley::bench {

std::unique_ptr<Connection> Connection::Open(const Endpoint& endpoint,
                                             ByteCounter* bytes) {
  if (endpoint.protocol == Protocol::kGrpc) {
    return std::make_unique<GrpcConnection>(endpoint.address, bytes);
  }
  return std::make_unique<SocketConnection>(endpoint.protocol, endpoint.address,
                                            endpoint.loops->Next(), bytes);
}

}  // namespace parley::bench
