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
  pending.Add("one", From("a", 100), 0);
  pending.Add("two", From("a", 100), 0);
  CHECK(pending.Take("one", 50).ok());
  CHECK(absl::IsNotFound(pending.Take("one", 50).status()));
  CHECK(absl::IsNotFound(pending.Take("two", 100).status()));
}

TEST_CASE("a full table makes room by displacing the address that holds most",
          "[pending_logins]") {
  PendingLogins pending(4);
  for (int i = 0; i < 4; ++i) {
    pending.Add(absl::StrCat("flood", i), From("flooder", 100), 0);
  }
  // The flooder displaces its own oldest attempt.
  pending.Add("flood4", From("flooder", 100), 0);
  // Others displace its oldest attempts.
  pending.Add("honest1", From("h1", 100), 0);
  pending.Add("honest2", From("h2", 100), 0);
  for (const char* gone : {"flood0", "flood1", "flood2"}) {
    INFO(gone);
    CHECK(absl::IsNotFound(pending.Take(gone, 1).status()));
  }
  CHECK(pending.Take("flood3", 1).ok());
  CHECK(pending.Take("honest1", 1).ok());
  CHECK(pending.Take("honest2", 1).ok());
}

TEST_CASE(
    "a table shared evenly makes room with the oldest attempt, after the "
    "expired ones",
    "[pending_logins]") {
  PendingLogins pending(2);
  pending.Add("a1", From("a", 100), 0);
  pending.Add("b1", From("b", 200), 1);
  pending.Add("c1", From("c", 300), 2);
  CHECK(absl::IsNotFound(pending.Take("a1", 3).status()));
  // Expired attempts go first: b1's, not c1's.
  pending.Add("d1", From("d", 300), 250);
  CHECK(pending.Take("c1", 260).ok());
  CHECK(pending.Take("d1", 260).ok());
}

}  // namespace
}  // namespace parley
