// Sign-in throttling through the account rules (docs/throttling.md): the
// pair (name, address) is limited hard, the address over all names and the
// name over all addresses more gently, attempts in flight count, a known
// device is not locked out by strangers, and abandoned attempts crowd out only
// their own address. The core runs on a frozen clock, so every count below is
// exact.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/rules/account_rules.h"
#include "server/rules/core_fixture.h"

namespace parley {
namespace {

using testing::CoreFixture;

constexpr int64_t kSecond = 1'000'000;
constexpr char kStranger[] = "ipv4:198.51.100.7:4000";
constexpr char kOwner[] = "ipv4:203.0.113.1:4000";

struct FrozenClock {
  std::atomic<int64_t> now{1'000 * kSecond};
};

auto OnClock(FrozenClock* clock) {
  return [clock](CoreOptions& options) {
    options.clock = [clock] { return clock->now.load(); };
  };
}

TEST_CASE(
    "five failed sign-ins for a name from one address go through, the "
    "sixth is refused and says how long to wait",
    "[throttling]") {
  FrozenClock clock;
  CoreFixture f(OnClock(&clock));
  f.SignUp("alice", "right");
  for (int i = 0; i < 5; ++i) {
    INFO("attempt " << i + 1);
    CHECK(absl::IsUnauthenticated(
        f.SignIn("alice", "wrong", kStranger).status()));
  }
  absl::Status sixth = f.SignIn("alice", "wrong", kStranger).status();
  CHECK(absl::IsResourceExhausted(sixth));
  CHECK_THAT(std::string(sixth.message()),
             Catch::Contains("for this name from this address") &&
                 Catch::Contains("try again in 30 s"));
  // The right password does not get through either: the pair is spent.
  CHECK(absl::IsResourceExhausted(
      f.SignIn("alice", "right", kStranger).status()));
  // Another address is not affected, and time refills the pair.
  CHECK(f.SignIn("alice", "right", kOwner).ok());
  clock.now += 30 * kSecond;
  CHECK(
      absl::IsUnauthenticated(f.SignIn("alice", "wrong", kStranger).status()));
}

TEST_CASE("attempts begun together count before any of them completes",
          "[throttling]") {
  FrozenClock clock;
  CoreFixture f(OnClock(&clock));
  f.SignUp("alice");
  std::atomic<int> admitted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  clients.reserve(199);
  for (int i = 0; i < 199; ++i) {
    clients.emplace_back([&] {
      absl::Status s = f.BeginOnly("alice", kStranger);
      if (s.ok()) ++admitted;
      if (absl::IsResourceExhausted(s)) ++refused;
    });
  }
  for (std::thread& t : clients) t.join();
  CHECK(admitted == 5);
  CHECK(refused == 194);
}

TEST_CASE(
    "one address trying one password on many names is held to the "
    "address limit",
    "[throttling]") {
  FrozenClock clock;
  CoreFixture f(OnClock(&clock));
  int admitted = 0;
  for (int i = 0; i < 2000; ++i) {
    absl::Status s = f.BeginOnly(absl::StrCat("user", i), kStranger);
    if (s.ok()) {
      ++admitted;
    } else {
      REQUIRE(absl::IsResourceExhausted(s));
      REQUIRE_THAT(std::string(s.message()),
                   Catch::Contains("from this address"));
    }
  }
  CHECK(admitted == 30);
  // One more per second after that.
  clock.now += 10 * kSecond;
  int later = 0;
  for (int i = 2000; i < 2100; ++i) {
    if (f.BeginOnly(absl::StrCat("user", i), kStranger).ok()) ++later;
  }
  CHECK(later == 10);
}

TEST_CASE("successful sign-ins give their charge back", "[throttling]") {
  FrozenClock clock;
  CoreFixture f(OnClock(&clock));
  f.SignUp("alice");
  // Far more than any bucket holds, all from one address.
  for (int i = 0; i < 60; ++i) {
    INFO("sign-in " << i + 1);
    REQUIRE(f.SignIn("alice", "secret", kOwner).ok());
  }
}

TEST_CASE(
    "strangers who spend a name's bucket do not lock its owner out of a "
    "device it signed in from",
    "[throttling]") {
  FrozenClock clock;
  CoreFixture f(OnClock(&clock));
  f.SignUp("alice");
  REQUIRE(f.SignIn("alice", "secret", kOwner).ok());
  // 50 strangers, one guess each from addresses of their own.
  int refused = 0;
  for (int i = 0; i < 50; ++i) {
    absl::Status s =
        f.SignIn("alice", "guess", absl::StrCat("ipv4:192.0.2.", i, ":4000"))
            .status();
    if (absl::IsResourceExhausted(s)) ++refused;
  }
  CHECK(refused == 30);  // the name's burst of 20 went through
  CHECK(f.SignIn("alice", "secret", kOwner).ok());
  // A device alice never used waits like the strangers, and is told why.
  absl::Status fresh =
      f.SignIn("alice", "secret", "ipv4:203.0.113.99:4000").status();
  CHECK(absl::IsResourceExhausted(fresh));
  CHECK_THAT(std::string(fresh.message()), Catch::Contains("new addresses"));
  clock.now += 6 * kSecond;
  CHECK(f.SignIn("alice", "secret", "ipv4:203.0.113.99:4000").ok());
}

TEST_CASE("sign-ins that are never completed crowd out only their own address",
          "[throttling]") {
  FrozenClock clock;
  CoreFixture f([&clock](CoreOptions& options) {
    OnClock (&clock)(options);
    options.service.max_pending_logins = 64;
    // A flood from many addresses, made here from one whose limit is lifted.
    options.login_limits.address = {100'000, 1};
    options.login_limits.pair = {100'000, 1};
    options.login_limits.name = {100'000, 1};
  });
  for (int i = 0; i < 16; ++i) f.SignUp(absl::StrCat("honest", i));
  int flooded = 0;
  for (int i = 0; i < 1000; ++i) {
    if (f.BeginOnly(absl::StrCat("user", i), kStranger).ok()) ++flooded;
  }
  // Every attempt got in; past the table's size, each displaced the flood's
  // own oldest.
  CHECK(flooded == 1000);
  for (int i = 0; i < 16; ++i) {
    INFO("honest user " << i);
    CHECK(f.SignIn(absl::StrCat("honest", i), "secret",
                   absl::StrCat("ipv4:203.0.113.", i, ":4000"))
              .ok());
  }
}

TEST_CASE(
    "sign-ins never completed from many addresses do not refuse an honest "
    "one",
    "[throttling]") {
  FrozenClock clock;
  CoreFixture f([&clock](CoreOptions& options) {
    OnClock (&clock)(options);
    options.service.max_pending_logins = 64;
  });
  f.SignUp("honest");
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(f.BeginOnly(
                 absl::StrCat("user", i),
                 absl::StrCat("ipv4:198.51.", i / 256, ".", i % 256, ":4000"))
                .ok());
  }
  // The honest attempt displaces the oldest of the flood, and completes
  // before 64 more arrive.
  CHECK(f.SignIn("honest", "secret", "ipv4:203.0.113.1:4000").ok());
}

}  // namespace
}  // namespace parley
