// RateSketch: a token bucket per key in cells of a fixed table, whose limits
// a flood of other keys cannot reset.
#include "server/engine/rate_sketch.h"

#include <catch2/catch.hpp>
#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "store/memory_throttle_table.h"

namespace parley {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kNow = 1'000 * kSecond;

// A sketch over one table of a MemoryThrottleTable.
class Bucket {
 public:
  Bucket(RateLimit limit, size_t slots)
      : table_(1, slots), sketch_(limit, 0, slots) {}

  int64_t WaitUs(std::string_view key, int64_t now) {
    int64_t wait = 0;
    Update(key, [&](auto cells) { wait = sketch_.WaitUs(cells, now); });
    return wait;
  }
  void Charge(std::string_view key, int64_t now) {
    Update(key, [&](auto cells) { sketch_.Charge(cells, now); });
  }
  void Refund(std::string_view key) {
    Update(key, [&](auto cells) { sketch_.Refund(cells); });
  }

 private:
  template <typename F>
  void Update(std::string_view key, F f) {
    auto cells = sketch_.Cells(table_.secret(), key);
    REQUIRE(table_
                .Update(cells,
                        [&](std::span<store::ThrottleCell>) {
                          f(std::span<store::ThrottleCell, 2>(cells));
                        })
                .ok());
  }

  store::MemoryThrottleTable table_;
  RateSketch sketch_;
};

TEST_CASE("a bucket allows its burst, then one event per interval",
          "[rate_sketch]") {
  Bucket bucket({3, 2 * kSecond}, 1024);
  for (int i = 0; i < 3; ++i) {
    REQUIRE(bucket.WaitUs("k", kNow) == 0);
    bucket.Charge("k", kNow);
  }
  CHECK(bucket.WaitUs("k", kNow) == 2 * kSecond);
  CHECK(bucket.WaitUs("k", kNow + kSecond) == kSecond);
  CHECK(bucket.WaitUs("k", kNow + 2 * kSecond) == 0);
  // Another key has a bucket of its own.
  CHECK(bucket.WaitUs("other", kNow) == 0);
}

TEST_CASE("a refund gives back one event", "[rate_sketch]") {
  Bucket bucket({1, 60 * kSecond}, 1024);
  bucket.Charge("k", kNow);
  CHECK(bucket.WaitUs("k", kNow) > 0);
  bucket.Refund("k");
  CHECK(bucket.WaitUs("k", kNow) == 0);
}

TEST_CASE("charging many other keys never lets a spent key through",
          "[rate_sketch]") {
  // A small table, so that every slot is shared many times over.
  Bucket bucket({1, 60 * kSecond}, 64);
  bucket.Charge("victim", kNow);
  for (int i = 0; i < 100'000; ++i) bucket.Charge(absl::StrCat("k", i), kNow);
  CHECK(bucket.WaitUs("victim", kNow) > 0);
  CHECK(bucket.WaitUs("victim", kNow + 59 * kSecond) > 0);
}

TEST_CASE(
    "a key's two slots are distinct, the same under one secret, and "
    "elsewhere under another",
    "[rate_sketch]") {
  std::set<int64_t> firsts;
  for (int i = 0; i < 1000; ++i) {
    const KeyCells cells = CellsOf("secret", 2, 4, absl::StrCat("k", i));
    CHECK(cells.cells[0].slot != cells.cells[1].slot);
    CHECK(cells.cells[0].table == 2);
    CHECK(cells.fingerprint != 0);
    firsts.insert(cells.cells[0].slot);
  }
  CHECK(firsts.size() == 4);  // every slot is used
  const KeyCells once = CellsOf("secret", 0, 1 << 16, "alice");
  const KeyCells again = CellsOf("secret", 0, 1 << 16, "alice");
  const KeyCells other = CellsOf("another secret", 0, 1 << 16, "alice");
  CHECK(once.cells[0].slot == again.cells[0].slot);
  CHECK(once.fingerprint == again.fingerprint);
  CHECK(once.fingerprint != other.fingerprint);
}

}  // namespace
}  // namespace parley
