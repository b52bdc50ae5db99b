// Rate limits for keys an attacker chooses (names, client addresses), in a
// table of fixed size that never evicts: a flood of new keys cannot reset the
// limit of an old one, it can only make colliding keys stricter.
//
// Each key spends from a token bucket of `burst` events that refills one
// event per `interval_us` (the generic cell rate algorithm: one timestamp per
// slot). A key maps to two slots under a secret per-process seed and its state
// is the less loaded of them, so a key is never allowed more than its own
// bucket allows; a key is refused too early only when both of its slots are
// shared with busy keys.
//
// Thread safety: safe for concurrent use. Memory: 8 bytes per slot, fixed at
// construction.
#ifndef PARLEY_SERVER_ENGINE_RATE_SKETCH_H_
#define PARLEY_SERVER_ENGINE_RATE_SKETCH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace parley {

struct RateLimit {
  int burst = 1;            // events allowed at once from a full bucket
  int64_t interval_us = 1;  // one more event is allowed per interval
};

class RateSketch {
 public:
  // `slots` is rounded up to a power of two (at least 2).
  RateSketch(RateLimit limit, size_t slots);
  RateSketch(const RateSketch&) = delete;
  RateSketch& operator=(const RateSketch&) = delete;

  // 0 if one more event for `key` fits its bucket at `now_us`; otherwise the
  // microseconds until it does.
  int64_t WaitUs(std::string_view key, int64_t now_us);
  // Spends one event of `key`'s bucket at `now_us` (whether or not it fit).
  void Charge(std::string_view key, int64_t now_us);
  // Gives back one event charged earlier for `key`.
  void Refund(std::string_view key);

  const RateLimit& limit() const { return limit_; }

 private:
  std::array<size_t, 2> SlotsOf(std::string_view key) const;

  const RateLimit limit_;
  const uint64_t seed_;
  const size_t mask_;
  absl::Mutex mu_;
  // Per slot, the time at which its bucket is full again ("theoretical
  // arrival time"); 0 for a slot never charged.
  std::vector<int64_t> full_at_us_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_RATE_SKETCH_H_
