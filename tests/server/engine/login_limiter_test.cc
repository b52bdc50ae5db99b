// The LoginLimiter's policy on its own (docs/throttling.md), on a clock the
// test sets: which bucket refuses, what a success gives back, and that a
// flood of new names or addresses cannot flush what it throttles.
#include "server/engine/login_limiter.h"

#include <catch2/catch.hpp>
#include <string>

#include "absl/strings/str_cat.h"

namespace parley {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kNow = 1'000 * kSecond;

TEST_CASE("the pair of name and address has five attempts, then one per 30 s",
          "[limiter]") {
  LoginLimiter limiter(LoginLimiterOptions{});
  for (int i = 0; i < 5; ++i) CHECK(limiter.Admit("alice", "a", kNow).ok());
  CHECK(absl::IsResourceExhausted(limiter.Admit("alice", "a", kNow)));
  CHECK(absl::IsResourceExhausted(
      limiter.Admit("alice", "a", kNow + 29 * kSecond)));
  CHECK(limiter.Admit("alice", "a", kNow + 30 * kSecond).ok());
}

TEST_CASE("names count without regard to case", "[limiter]") {
  LoginLimiter limiter(LoginLimiterOptions{});
  for (int i = 0; i < 5; ++i) CHECK(limiter.Admit("Alice", "a", kNow).ok());
  CHECK(absl::IsResourceExhausted(limiter.Admit("ALICE", "a", kNow)));
  CHECK(limiter.Admit("bob", "a", kNow).ok());
}

TEST_CASE("a refused attempt is not charged", "[limiter]") {
  LoginLimiterOptions options;
  options.pair = {1, 10 * kSecond};
  LoginLimiter limiter(options);
  CHECK(limiter.Admit("alice", "a", kNow).ok());
  for (int i = 0; i < 100; ++i) {
    CHECK(absl::IsResourceExhausted(limiter.Admit("alice", "a", kNow)));
  }
  // Had the refusals been charged, the wait would have grown far past 10 s.
  CHECK(limiter.Admit("alice", "a", kNow + 10 * kSecond).ok());
}

TEST_CASE("a success gives the attempt back and makes the address known",
          "[limiter]") {
  LoginLimiterOptions options;
  options.name = {1, 100 * kSecond};
  LoginLimiter limiter(options);
  CHECK(limiter.Admit("alice", "home", kNow).ok());
  limiter.RecordSuccess("alice", "home", kNow);
  // A stranger spends the name's single attempt.
  CHECK(limiter.Admit("alice", "stranger", kNow).ok());
  CHECK(absl::IsResourceExhausted(limiter.Admit("alice", "elsewhere", kNow)));
  // Home is known, so the name's bucket does not apply to it.
  for (int i = 0; i < 20; ++i) {
    REQUIRE(limiter.Admit("alice", "home", kNow).ok());
    limiter.RecordSuccess("alice", "home", kNow);
  }
}

TEST_CASE("a known device is forgotten after its time to live", "[limiter]") {
  LoginLimiterOptions options;
  options.name = {1, 1000 * kSecond};
  options.known_device_ttl_us = 10 * kSecond;
  LoginLimiter limiter(options);
  CHECK(limiter.Admit("alice", "home", kNow).ok());
  limiter.RecordSuccess("alice", "home", kNow);
  CHECK(limiter.Admit("alice", "stranger", kNow).ok());
  CHECK(limiter.Admit("alice", "home", kNow + 10 * kSecond).ok());
  CHECK(absl::IsResourceExhausted(
      limiter.Admit("alice", "home", kNow + 11 * kSecond)));
}

TEST_CASE("a flood of new names and addresses does not free a throttled pair",
          "[limiter]") {
  LoginLimiter limiter(LoginLimiterOptions{});
  for (int i = 0; i < 5; ++i) REQUIRE(limiter.Admit("alice", "x", kNow).ok());
  REQUIRE(absl::IsResourceExhausted(limiter.Admit("alice", "x", kNow)));
  for (int i = 0; i < 100'000; ++i) {
    (void)limiter.Admit(absl::StrCat("throwaway", i), absl::StrCat("addr", i),
                        kNow);
  }
  CHECK(absl::IsResourceExhausted(limiter.Admit("alice", "x", kNow)));
}

}  // namespace
}  // namespace parley
