#include "wire_counter.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace parley::bench {
namespace {

// Adds the counters of every socket of one address family whose peer port is
// one of `ports` and whose local port is not excluded, and collects their
// local ports.
absl::Status DumpFamily(int family, const std::set<int>& ports,
                        const std::set<int>& excluded, WireBytes* total,
                        std::set<int>* local_ports) {
  const int fd =
      socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) {
    return absl::InternalError(
        absl::StrCat("sock_diag socket: ", strerror(errno)));
  }
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } message{};
  message.header.nlmsg_len = sizeof(message);
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = static_cast<uint8_t>(family);
  message.request.sdiag_protocol = IPPROTO_TCP;
  message.request.idiag_states = ~0u;
  message.request.idiag_ext = 1 << (INET_DIAG_INFO - 1);
  if (send(fd, &message, sizeof(message), 0) < 0) {
    close(fd);
    return absl::InternalError(
        absl::StrCat("sock_diag send: ", strerror(errno)));
  }
  alignas(nlmsghdr) char buffer[64 * 1024];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      close(fd);
      return absl::InternalError(
          absl::StrCat("sock_diag recv: ", strerror(errno)));
    }
    int left = static_cast<int>(n);
    // NLMSG_OK, spelled out: the macro compares signed with unsigned.
    for (auto* h = reinterpret_cast<nlmsghdr*>(buffer);
         left >= static_cast<int>(sizeof(nlmsghdr)) &&
         h->nlmsg_len >= sizeof(nlmsghdr) &&
         h->nlmsg_len <= static_cast<unsigned int>(left);
         h = NLMSG_NEXT(h, left)) {
      if (h->nlmsg_type == NLMSG_DONE) {
        close(fd);
        return absl::OkStatus();
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        close(fd);
        return absl::InternalError("sock_diag answered with an error");
      }
      const auto* diag = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
      if (!ports.contains(ntohs(diag->id.idiag_dport))) continue;
      const int local_port = ntohs(diag->id.idiag_sport);
      if (excluded.contains(local_port)) continue;
      local_ports->insert(local_port);
      int attributes_left =
          static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof(*diag)));
      for (auto* a = reinterpret_cast<const rtattr*>(diag + 1);
           RTA_OK(a, attributes_left); a = RTA_NEXT(a, attributes_left)) {
        if (a->rta_type != INET_DIAG_INFO) continue;
        tcp_info info{};
        std::memcpy(&info, RTA_DATA(a),
                    std::min<size_t>(sizeof(info),
                                     static_cast<size_t>(RTA_PAYLOAD(a))));
        total->sent += static_cast<int64_t>(info.tcpi_bytes_sent);
        total->received += static_cast<int64_t>(info.tcpi_bytes_received);
        total->segments_out += info.tcpi_segs_out;
        total->segments_in += info.tcpi_segs_in;
        total->connections += 1;
      }
    }
  }
}

}  // namespace

WireBytes WireBytes::operator-(const WireBytes& before) const {
  return WireBytes{sent - before.sent, received - before.received,
                   segments_out - before.segments_out,
                   segments_in - before.segments_in, connections};
}

absl::StatusOr<WireBytes> WireCounter::Read() const {
  WireBytes total;
  std::set<int> ports;
  for (int family : {AF_INET, AF_INET6}) {
    if (absl::Status s = DumpFamily(family, ports_, excluded_, &total, &ports);
        !s.ok()) {
      return s;
    }
  }
  return total;
}

absl::StatusOr<std::set<int>> WireCounter::LocalPorts() const {
  WireBytes total;
  std::set<int> ports;
  for (int family : {AF_INET, AF_INET6}) {
    if (absl::Status s = DumpFamily(family, ports_, excluded_, &total, &ports);
        !s.ok()) {
      return s;
    }
  }
  return ports;
}

}  // namespace parley::bench
