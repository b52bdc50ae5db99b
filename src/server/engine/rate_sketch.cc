#include "server/engine/rate_sketch.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <tuple>

#include "absl/hash/hash.h"
#include "common/crypto.h"

namespace parley {
namespace {

uint64_t RandomSeed() {
  const std::string bytes = RandomBytes(sizeof(uint64_t));
  uint64_t seed = 0;
  std::memcpy(&seed, bytes.data(), sizeof seed);
  return seed;
}

size_t RoundUpToPowerOfTwo(size_t n) {
  size_t size = 2;
  while (size < n) size *= 2;
  return size;
}

}  // namespace

RateSketch::RateSketch(RateLimit limit, size_t slots)
    : limit_(limit),
      seed_(RandomSeed()),
      mask_(RoundUpToPowerOfTwo(slots) - 1),
      full_at_us_(mask_ + 1, 0) {}

std::array<size_t, 2> RateSketch::SlotsOf(std::string_view key) const {
  const absl::Hash<std::tuple<uint64_t, std::string_view, int>> hash;
  const size_t first = hash(std::make_tuple(seed_, key, 0)) & mask_;
  size_t second = hash(std::make_tuple(seed_, key, 1)) & mask_;
  // Two distinct slots, so that no key is charged twice in one.
  if (second == first) second = first ^ 1;
  return {first, second};
}

int64_t RateSketch::WaitUs(std::string_view key, int64_t now_us) {
  const std::array<size_t, 2> slots = SlotsOf(key);
  absl::MutexLock lock(&mu_);
  const int64_t full_at =
      std::max(now_us, std::min(full_at_us_[slots[0]], full_at_us_[slots[1]]));
  // One more event moves full_at by an interval; it fits while full_at stays
  // within `burst` intervals of now.
  const int64_t over =
      full_at + limit_.interval_us - now_us - limit_.burst * limit_.interval_us;
  return std::max<int64_t>(over, 0);
}

void RateSketch::Charge(std::string_view key, int64_t now_us) {
  const std::array<size_t, 2> slots = SlotsOf(key);
  absl::MutexLock lock(&mu_);
  for (size_t slot : slots) {
    full_at_us_[slot] =
        std::max(full_at_us_[slot], now_us) + limit_.interval_us;
  }
}

void RateSketch::Refund(std::string_view key) {
  const std::array<size_t, 2> slots = SlotsOf(key);
  absl::MutexLock lock(&mu_);
  for (size_t slot : slots) {
    full_at_us_[slot] =
        std::max<int64_t>(full_at_us_[slot] - limit_.interval_us, 0);
  }
}

}  // namespace parley
