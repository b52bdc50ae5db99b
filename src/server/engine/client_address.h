// The part of a caller's address that throttling counts by: the IPv4 address
// without its port, or the /64 prefix of an IPv6 address (one host usually
// holds a whole /64, so counting single IPv6 addresses would let it rotate).
#ifndef PARLEY_SERVER_ENGINE_CLIENT_ADDRESS_H_
#define PARLEY_SERVER_ENGINE_CLIENT_ADDRESS_H_

#include <string>
#include <string_view>

namespace parley {

// `peer` as CallContext::peer holds it ("ipv4:203.0.113.7:5555",
// "ipv6:[2001:db8::1]:5555", also with the brackets percent-encoded as gRPC
// writes them). Anything else (a unix socket, an empty peer) is returned
// whole, so that such callers share one key. Thread safety: a pure function.
std::string ThrottleAddress(std::string_view peer);

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_CLIENT_ADDRESS_H_
