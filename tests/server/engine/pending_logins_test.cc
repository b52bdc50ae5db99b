// PendingLogins: sign-ins between their two steps, in a table shared fairly
// between client addresses.
#include "server/engine/pending_logins.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/str_cat.h"

namespace parley {
namespace {

PendingLogin From(const std::string& address, int64_t expires_at_us) {
  PendingLogin login;
  login.username = "someone";
  login.address = address;
  login.expires_at_us = expires_at_us;
  return login;
}

TEST_CASE("an attempt is taken once, and not after it expires",
          "[pending_logins]") {
  PendingLogins pending(10);
  REQUIRE(pending.Add("one", From("a", 100), 0).ok());
  REQUIRE(pending.Add("two", From("a", 100), 0).ok());
  CHECK(pending.Take("one", 50).ok());
  CHECK(absl::IsNotFound(pending.Take("one", 50).status()));
  CHECK(absl::IsNotFound(pending.Take("two", 100).status()));
}

TEST_CASE("a full table makes room by displacing the address that holds most",
          "[pending_logins]") {
  PendingLogins pending(4);
  for (int i = 0; i < 4; ++i) {
    REQUIRE(
        pending.Add(absl::StrCat("flood", i), From("flooder", 100), 0).ok());
  }
  // The flooder meets its own share and no more.
  CHECK(absl::IsResourceExhausted(
      pending.Add("flood4", From("flooder", 100), 0)));
  // Others displace its oldest attempts.
  CHECK(pending.Add("honest1", From("h1", 100), 0).ok());
  CHECK(pending.Add("honest2", From("h2", 100), 0).ok());
  CHECK(absl::IsNotFound(pending.Take("flood0", 1).status()));
  CHECK(absl::IsNotFound(pending.Take("flood1", 1).status()));
  CHECK(pending.Take("flood2", 1).ok());
  CHECK(pending.Take("honest1", 1).ok());
  CHECK(pending.Take("honest2", 1).ok());
}

TEST_CASE("a table shared evenly refuses, and expired attempts make room",
          "[pending_logins]") {
  PendingLogins pending(2);
  REQUIRE(pending.Add("a1", From("a", 100), 0).ok());
  REQUIRE(pending.Add("b1", From("b", 100), 0).ok());
  CHECK(absl::IsResourceExhausted(pending.Add("c1", From("c", 100), 0)));
  CHECK(pending.Add("c1", From("c", 200), 100).ok());
  CHECK(pending.Take("c1", 150).ok());
}

}  // namespace
}  // namespace parley
