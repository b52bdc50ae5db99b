// Where and how the bench reaches the server: the protocol a run measures and
// that protocol's listener on each server instance (one, or several servers
// sharing one PostgreSQL database, which deliver live across instances).
#ifndef PARLEY_BENCH_ENDPOINT_H_
#define PARLEY_BENCH_ENDPOINT_H_

#include <string>
#include <vector>

#include "client/protocol.h"

namespace parley::bench {

class SocketLoops;

struct Endpoint {
  Protocol protocol = Protocol::kGrpc;
  // host:port of that protocol's listener, one per server instance; never
  // empty.
  std::vector<std::string> addresses;
  // The event loops socket connections run on (socket_loops.h); unused for
  // gRPC, which has threads of its own. Not owned.
  SocketLoops* loops = nullptr;

  int instances() const { return static_cast<int>(addresses.size()); }
  // Instance of connection (or account) number `i`: i modulo the instances,
  // so that consecutive numbers alternate between them.
  int InstanceOf(int i) const { return i % instances(); }
  const std::string& address(int instance) const {
    return addresses[InstanceOf(instance)];
  }
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_ENDPOINT_H_
