#include "server/engine/client_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"

namespace parley {
namespace {

// The host part of "HOST:PORT" or "[HOST]:PORT".
absl::string_view HostOf(absl::string_view address) {
  if (absl::StartsWith(address, "[")) {
    const size_t close = address.find(']');
    return close == absl::string_view::npos ? address.substr(1)
                                            : address.substr(1, close - 1);
  }
  const size_t colon = address.rfind(':');
  return colon == absl::string_view::npos ? address : address.substr(0, colon);
}

}  // namespace

std::string ThrottleAddress(std::string_view peer_view) {
  const absl::string_view peer(peer_view.data(), peer_view.size());
  if (absl::StartsWith(peer, "ipv4:")) {
    return absl::StrCat("ipv4:", HostOf(peer.substr(5)));
  }
  if (!absl::StartsWith(peer, "ipv6:")) return {peer.data(), peer.size()};
  const std::string address = absl::StrReplaceAll(
      peer.substr(5), {{"%5B", "["}, {"%5D", "]"}, {"%5b", "["}, {"%5d", "]"}});
  std::string host(HostOf(address));
  if (const size_t zone = host.find('%'); zone != std::string::npos) {
    host.resize(zone);
  }
  std::array<uint8_t, 16> bytes{};
  if (inet_pton(AF_INET6, host.c_str(), bytes.data()) != 1) {
    return {peer.data(), peer.size()};
  }
  // An IPv4 address mapped into IPv6 is that IPv4 address.
  constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0,    0,
                                               0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(kMapped.begin(), kMapped.end(), bytes.begin())) {
    return absl::StrCat("ipv4:", bytes[12], ".", bytes[13], ".", bytes[14], ".",
                        bytes[15]);
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  std::array<char, INET6_ADDRSTRLEN> text{};
  inet_ntop(AF_INET6, bytes.data(), text.data(), text.size());
  return absl::StrCat("ipv6:", text.data(), "/64");
}

}  // namespace parley
