// Where sign-in throttling keeps its counts (server/engine/login_limiter.h):
// fixed tables of cells, each a slot that holds a tag and a value, which
// every server on one database shares, so that guesses cannot be spread over
// servers. What the cells mean is the limiter's business; the table only
// keeps them and updates them atomically.
//
// Memory and rows are bounded: a table has a fixed number of slots, and keys
// are hashed to slots under the table's secret, so a flood of new keys
// cannot grow it.
//
// Thread safety: safe for concurrent use; Update is atomic with respect to
// every other Update, from this server or another.
#ifndef PARLEY_STORE_THROTTLE_TABLE_H_
#define PARLEY_STORE_THROTTLE_TABLE_H_

#include <cstdint>
#include <span>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"

namespace parley::store {

// One slot of one table.
struct ThrottleCell {
  int table = 0;     // 0 to 15
  int64_t slot = 0;  // 0 up to the table's size
  int64_t tag = 0;   // what the slot holds; 0 in a slot never written
  int64_t value = 0;
};

class ThrottleTable {
 public:
  virtual ~ThrottleTable() = default;

  // A random secret, the same for every server sharing the table, under
  // which keys are hashed to slots (so that nobody outside can aim keys at
  // one slot). Fixed for the table's life.
  virtual const std::string& secret() const = 0;
  // Reads `cells` (the caller sets table and slot; tag and value are filled
  // in), calls `update` with them, which may change their tags and values,
  // and stores them. No other Update of any of these cells runs in between.
  // `update` must not block; it may run more than once (a retried
  // transaction), each time on fresh values. The cells must be distinct.
  // UNAVAILABLE while the database cannot be reached (nothing changed then).
  virtual absl::Status Update(
      std::span<ThrottleCell> cells,
      absl::FunctionRef<void(std::span<ThrottleCell>)> update) = 0;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_THROTTLE_TABLE_H_
