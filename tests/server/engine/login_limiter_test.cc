#include "server/engine/login_limiter.h"

#include <catch2/catch.hpp>

namespace parley {
namespace {

constexpr int64_t kSecond = 1'000'000;

TEST_CASE("a few failures cost nothing, then each one doubles the wait",
          "[limiter]") {
  LoginLimiter limiter(LoginLimiterOptions{});
  int64_t now = 1000 * kSecond;
  for (int i = 0; i < 5; ++i) {
    CHECK(limiter.Check("alice", now).ok());
    limiter.RecordFailure("alice", now);
  }
  CHECK(limiter.Check("alice", now).ok());
  limiter.RecordFailure("alice", now);  // sixth: one second
  CHECK(absl::IsResourceExhausted(limiter.Check("alice", now)));
  CHECK(limiter.Check("alice", now + kSecond).ok());
  limiter.RecordFailure("alice", now + kSecond);  // seventh: two seconds
  CHECK(absl::IsResourceExhausted(limiter.Check("alice", now + 2 * kSecond)));
  CHECK(limiter.Check("alice", now + 3 * kSecond).ok());
}

TEST_CASE("the wait applies to the name in any case and to no other name",
          "[limiter]") {
  LoginLimiter limiter(LoginLimiterOptions{.free_failures = 0});
  limiter.RecordFailure("Alice", 0);
  CHECK(absl::IsResourceExhausted(limiter.Check("ALICE", 0)));
  CHECK(limiter.Check("bob", 0).ok());
}

TEST_CASE("a success clears the count", "[limiter]") {
  LoginLimiter limiter(LoginLimiterOptions{.free_failures = 1});
  limiter.RecordFailure("alice", 0);
  limiter.RecordSuccess("alice");
  limiter.RecordFailure("alice", 0);
  CHECK(limiter.Check("alice", 0).ok());
}

TEST_CASE("the wait never passes the cap and old failures are forgotten",
          "[limiter]") {
  LoginLimiterOptions options{.free_failures = 0, .max_wait_us = 4 * kSecond};
  LoginLimiter limiter(options);
  for (int i = 0; i < 30; ++i) limiter.RecordFailure("alice", 0);
  CHECK(absl::IsResourceExhausted(limiter.Check("alice", 4 * kSecond - 1)));
  CHECK(limiter.Check("alice", 4 * kSecond).ok());
  limiter.RecordFailure("alice", options.forget_after_us + 10 * kSecond);
  // Counted from zero again: the first counted failure waits one second.
  CHECK(limiter.Check("alice", options.forget_after_us + 11 * kSecond).ok());
}

}  // namespace
}  // namespace parley
