// What the kernel counts for one TCP socket: the bytes it sent and received
// (tcp_info's bytes_sent and bytes_received, retransmissions included), the
// figures the benchmark reads for every protocol (bench/wire_counter.h). Kept
// apart because <linux/tcp.h>, which has them, clashes with the
// <netinet/tcp.h> that Asio includes.
//
// Thread safety: a pure function of the socket.
#ifndef PARLEY_CLIENT_SOCKET_TCP_INFO_BYTES_H_
#define PARLEY_CLIENT_SOCKET_TCP_INFO_BYTES_H_

#include <optional>

#include "interceptors/byte_counter.h"

namespace parley {

// The totals of the TCP socket `fd` so far; nullopt if the kernel does not
// tell (not a TCP socket, closed).
std::optional<TcpBytes> TcpInfoBytes(int fd);

}  // namespace parley

#endif  // PARLEY_CLIENT_SOCKET_TCP_INFO_BYTES_H_
