// ThrottleAddress: the key sign-in throttling counts a caller by.
#include "server/engine/client_address.h"

#include <catch2/catch.hpp>

namespace parley {
namespace {

TEST_CASE("an IPv4 caller is counted by its address without the port",
          "[client_address]") {
  CHECK(ThrottleAddress("ipv4:203.0.113.7:5555") == "ipv4:203.0.113.7");
  CHECK(ThrottleAddress("ipv4:203.0.113.7:1") ==
        ThrottleAddress("ipv4:203.0.113.7:2"));
}

TEST_CASE("an IPv6 caller is counted by its /64 prefix", "[client_address]") {
  CHECK(ThrottleAddress("ipv6:[2001:db8:1:2:3:4:5:6]:5555") ==
        "ipv6:2001:db8:1:2::/64");
  CHECK(ThrottleAddress("ipv6:%5B2001:db8:1:2:ffff::1%5D:80") ==
        "ipv6:2001:db8:1:2::/64");
  CHECK(ThrottleAddress("ipv6:[2001:db8:1:3::1]:80") !=
        ThrottleAddress("ipv6:[2001:db8:1:2::1]:80"));
}

TEST_CASE("an IPv4 address mapped into IPv6 is that IPv4 address",
          "[client_address]") {
  CHECK(ThrottleAddress("ipv6:[::ffff:198.51.100.1]:9") == "ipv4:198.51.100.1");
}

TEST_CASE("other peers are counted whole", "[client_address]") {
  CHECK(ThrottleAddress("unix:/run/parley.sock") == "unix:/run/parley.sock");
  CHECK(ThrottleAddress("").empty());
  CHECK(ThrottleAddress("ipv6:[not an address]:1") ==
        "ipv6:[not an address]:1");
}

}  // namespace
}  // namespace parley
