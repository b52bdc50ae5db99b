// Where and how the bench reaches the server: the protocol a run measures and
// that protocol's listener.
#ifndef PARLEY_BENCH_ENDPOINT_H_
#define PARLEY_BENCH_ENDPOINT_H_

#include <string>

#include "client/protocol.h"

namespace parley::bench {

class SocketLoops;

struct Endpoint {
  Protocol protocol = Protocol::kGrpc;
  std::string address;  // host:port of that protocol's listener
  // The event loops socket connections run on (socket_loops.h); unused for
  // gRPC, which has threads of its own. Not owned.
  SocketLoops* loops = nullptr;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_ENDPOINT_H_
