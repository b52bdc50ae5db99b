#include "store/memory_throttle_table.h"

#include <cstdlib>

#include "common/crypto.h"

namespace parley::store {

MemoryThrottleTable::MemoryThrottleTable(int tables, size_t slots)
    : secret_(RandomBytes(16)),
      tables_(tables),
      slots_(slots),
      cells_(static_cast<size_t>(tables) * slots) {}

MemoryThrottleTable::Slot& MemoryThrottleTable::At(const ThrottleCell& cell) {
  if (cell.table < 0 || cell.table >= tables_ || cell.slot < 0 ||
      static_cast<size_t>(cell.slot) >= slots_) {
    std::abort();
  }
  return cells_[static_cast<size_t>(cell.table) * slots_ +
                static_cast<size_t>(cell.slot)];
}

absl::Status MemoryThrottleTable::Update(
    std::span<ThrottleCell> cells,
    absl::FunctionRef<void(std::span<ThrottleCell>)> update) {
  absl::MutexLock lock(&mu_);
  for (ThrottleCell& cell : cells) {
    const Slot& slot = At(cell);
    cell.tag = slot.tag;
    cell.value = slot.value;
  }
  update(cells);
  for (const ThrottleCell& cell : cells) At(cell) = Slot{cell.tag, cell.value};
  return absl::OkStatus();
}

}  // namespace parley::store
