// RateSketch: a token bucket per key in a table of fixed size, whose limits a
// flood of other keys cannot reset.
#include "server/engine/rate_sketch.h"

#include <catch2/catch.hpp>

#include "absl/strings/str_cat.h"

namespace parley {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kNow = 1'000 * kSecond;

TEST_CASE("a bucket allows its burst, then one event per interval",
          "[rate_sketch]") {
  RateSketch sketch({3, 2 * kSecond}, 1024);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(sketch.WaitUs("k", kNow) == 0);
    sketch.Charge("k", kNow);
  }
  CHECK(sketch.WaitUs("k", kNow) == 2 * kSecond);
  CHECK(sketch.WaitUs("k", kNow + kSecond) == kSecond);
  CHECK(sketch.WaitUs("k", kNow + 2 * kSecond) == 0);
  // Another key has a bucket of its own.
  CHECK(sketch.WaitUs("other", kNow) == 0);
}

TEST_CASE("a refund gives back one event", "[rate_sketch]") {
  RateSketch sketch({1, 60 * kSecond}, 1024);
  sketch.Charge("k", kNow);
  CHECK(sketch.WaitUs("k", kNow) > 0);
  sketch.Refund("k");
  CHECK(sketch.WaitUs("k", kNow) == 0);
}

TEST_CASE("charging many other keys never lets a spent key through",
          "[rate_sketch]") {
  // A small table, so that every slot is shared many times over.
  RateSketch sketch({1, 60 * kSecond}, 64);
  sketch.Charge("victim", kNow);
  for (int i = 0; i < 100'000; ++i) sketch.Charge(absl::StrCat("k", i), kNow);
  CHECK(sketch.WaitUs("victim", kNow) > 0);
  CHECK(sketch.WaitUs("victim", kNow + 59 * kSecond) > 0);
}

}  // namespace
}  // namespace parley
