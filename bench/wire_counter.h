// Bytes that actually cross TCP between this process and the server: HTTP/2
// frames with their headers, the connection preface, SETTINGS, PINGs and
// WINDOW_UPDATEs included. They come from the kernel's own per-socket counters
// (tcp_info, read through the sock_diag netlink socket, as `ss -ti` does), so
// measuring costs the traffic nothing, unlike a relay in the path.
//
// The counters are TCP payload bytes; IP and TCP headers are not in them, but
// the segment counts are, so a reader can add 52 bytes per segment (IPv4 + TCP
// with timestamps) for the IP view. A connection's counts vanish when it
// closes: read before closing.
//
// Thread safety: Read may be called from any thread.
#ifndef PARLEY_BENCH_WIRE_COUNTER_H_
#define PARLEY_BENCH_WIRE_COUNTER_H_

#include <cstdint>
#include <set>
#include <utility>

#include "absl/status/statusor.h"

namespace parley::bench {

struct WireBytes {
  int64_t sent = 0;          // client to server, TCP payload
  int64_t received = 0;      // server to client, TCP payload
  int64_t segments_out = 0;  // segments sent by the client, pure ACKs included
  int64_t segments_in = 0;
  int64_t connections = 0;  // client sockets counted

  WireBytes operator-(const WireBytes& before) const;
};

class WireCounter {
 public:
  // Counts the client ends of TCP connections to any of `server_ports` (one
  // per server instance) on this machine, except those whose local port is in
  // `excluded_local_ports` (the bench's heartbeat connections).
  explicit WireCounter(std::set<int> server_ports,
                       std::set<int> excluded_local_ports = {})
      : ports_(std::move(server_ports)),
        excluded_(std::move(excluded_local_ports)) {}

  absl::StatusOr<WireBytes> Read() const;
  // The local ports of the connections to the servers open right now.
  absl::StatusOr<std::set<int>> LocalPorts() const;

 private:
  std::set<int> ports_;
  std::set<int> excluded_;
};

}  // namespace parley::bench

#endif  // PARLEY_BENCH_WIRE_COUNTER_H_
