#include "server/engine/rate_sketch.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/crypto.h"

namespace parley {
namespace {

uint64_t Word(const std::string& digest, size_t index) {
  uint64_t word = 0;
  std::memcpy(&word, digest.data() + index * sizeof word, sizeof word);
  return word;
}

}  // namespace

KeyCells CellsOf(std::string_view secret, int table, size_t slots,
                 std::string_view key) {
  // Keyed, so that nobody outside can aim keys at one slot; SHA-256, so that
  // every server computes the same slots.
  const std::string digest = HmacSha256(
      secret,
      absl::StrCat(table, ":", absl::string_view(key.data(), key.size())));
  const uint64_t first = Word(digest, 0) % slots;
  uint64_t second = Word(digest, 1) % (slots - 1);
  // Two distinct slots, so that no key is charged twice in one.
  if (second >= first) ++second;
  KeyCells cells;
  cells.cells[0] = {table, static_cast<int64_t>(first), 0, 0};
  cells.cells[1] = {table, static_cast<int64_t>(second), 0, 0};
  cells.fingerprint = static_cast<int64_t>(Word(digest, 2) | 1);
  return cells;
}

int64_t RateSketch::WaitUs(std::span<const store::ThrottleCell, 2> cells,
                           int64_t now_us) const {
  const int64_t full_at =
      std::max(now_us, std::min(cells[0].value, cells[1].value));
  // One more event moves full_at by an interval; it fits while full_at stays
  // within `burst` intervals of now.
  const int64_t over =
      full_at + limit_.interval_us - now_us - limit_.burst * limit_.interval_us;
  return std::max<int64_t>(over, 0);
}

void RateSketch::Charge(std::span<store::ThrottleCell, 2> cells,
                        int64_t now_us) const {
  for (store::ThrottleCell& cell : cells) {
    cell.value = std::max(cell.value, now_us) + limit_.interval_us;
  }
}

void RateSketch::Refund(std::span<store::ThrottleCell, 2> cells) const {
  for (store::ThrottleCell& cell : cells) {
    cell.value = std::max<int64_t>(cell.value - limit_.interval_us, 0);
  }
}

}  // namespace parley
