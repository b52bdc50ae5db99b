// The ThrottleTable of a single server: its cells in memory, allocated in
// full at construction (16 bytes per slot), lost at exit, which is where
// an SQLite server keeps them.
//
// Thread safety: safe for concurrent use (one lock).
#ifndef PARLEY_STORE_MEMORY_THROTTLE_TABLE_H_
#define PARLEY_STORE_MEMORY_THROTTLE_TABLE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "store/throttle_table.h"

namespace parley::store {

class MemoryThrottleTable final : public ThrottleTable {
 public:
  // `tables` tables of `slots` slots each; a random secret.
  MemoryThrottleTable(int tables, size_t slots);
  MemoryThrottleTable(const MemoryThrottleTable&) = delete;
  MemoryThrottleTable& operator=(const MemoryThrottleTable&) = delete;

  // ThrottleTable. A cell outside the tables is a programming error
  // (checked: it aborts).
  const std::string& secret() const override { return secret_; }
  absl::Status Update(
      std::span<ThrottleCell> cells,
      absl::FunctionRef<void(std::span<ThrottleCell>)> update) override;

 private:
  struct Slot {
    int64_t tag = 0;
    int64_t value = 0;
  };
  Slot& At(const ThrottleCell& cell) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string secret_;
  const int tables_;
  const size_t slots_;
  absl::Mutex mu_;
  std::vector<Slot> cells_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parley::store

#endif  // PARLEY_STORE_MEMORY_THROTTLE_TABLE_H_
