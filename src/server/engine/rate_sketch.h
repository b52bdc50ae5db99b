// Rate limits for keys an attacker chooses (names, client addresses), kept
// in one table of a ThrottleTable (store/throttle_table.h), whose size is
// fixed and which never evicts: a flood of new keys cannot reset the limit
// of an old one, it can only make colliding keys stricter.
//
// Each key spends from a token bucket of `burst` events that refills one
// event per `interval_us` (the generic cell rate algorithm: a cell's value is
// the time at which its bucket is full again, 0 for a cell never charged). A
// key maps to two slots, by a hash keyed with the table's secret (the same on
// every server that shares the table), and its state is the less loaded of
// them, so a key is never allowed more than its own bucket allows; a key is
// refused too early only when both of its slots are shared with busy keys.
//
// The sketch only computes: the caller reads a key's cells and writes them
// back in one ThrottleTable::Update.
//
// Thread safety: immutable once built; safe from any thread.
#ifndef PARLEY_SERVER_ENGINE_RATE_SKETCH_H_
#define PARLEY_SERVER_ENGINE_RATE_SKETCH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "store/throttle_table.h"

namespace parley {

struct RateLimit {
  int burst = 1;            // events allowed at once from a full bucket
  int64_t interval_us = 1;  // one more event is allowed per interval
};

// Where `key` lives in table `table` of `slots` slots under `secret`: two
// distinct slots, and a fingerprint (never 0) that tells the key apart from
// others on the same slots.
struct KeyCells {
  std::array<store::ThrottleCell, 2> cells;
  int64_t fingerprint = 0;
};
KeyCells CellsOf(std::string_view secret, int table, size_t slots,
                 std::string_view key);

class RateSketch {
 public:
  // `slots` is at least 2.
  RateSketch(RateLimit limit, int table, size_t slots)
      : limit_(limit), table_(table), slots_(slots) {}

  // The key's two cells, for ThrottleTable::Update.
  std::array<store::ThrottleCell, 2> Cells(std::string_view secret,
                                           std::string_view key) const {
    return CellsOf(secret, table_, slots_, key).cells;
  }
  // 0 if one more event fits the bucket of the key whose cells these are,
  // at `now_us`; otherwise the microseconds until it does.
  int64_t WaitUs(std::span<const store::ThrottleCell, 2> cells,
                 int64_t now_us) const;
  // Spends one event at `now_us` (whether or not it fit).
  void Charge(std::span<store::ThrottleCell, 2> cells, int64_t now_us) const;
  // Gives back one event charged earlier.
  void Refund(std::span<store::ThrottleCell, 2> cells) const;

  const RateLimit& limit() const { return limit_; }

 private:
  const RateLimit limit_;
  const int table_;
  const size_t slots_;
};

}  // namespace parley

#endif  // PARLEY_SERVER_ENGINE_RATE_SKETCH_H_
