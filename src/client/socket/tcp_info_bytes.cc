#include "client/socket/tcp_info_bytes.h"

#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace parley {

std::optional<TcpBytes> TcpInfoBytes(int fd) {
  tcp_info info{};
  socklen_t size = sizeof(info);
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) {
    return std::nullopt;
  }
  return TcpBytes{static_cast<int64_t>(info.tcpi_bytes_sent),
                  static_cast<int64_t>(info.tcpi_bytes_received)};
}

}  // namespace parley
