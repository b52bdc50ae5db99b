#include "store/postgres/throttle_queries.h"

#include <cstdint>
#include <pqxx/pqxx>
#include <vector>

#include "store/postgres/array_literals.h"

namespace parley::store::postgres {
namespace {

constexpr Statement kSecret = {"parley_throttle_secret",
                               "SELECT secret FROM throttle_secret"};

// In (table, slot) order, as every lock of cells is taken.
constexpr Statement kMakeCells = {"parley_make_throttle_cells", R"sql(
  INSERT INTO throttle_cells (tbl, slot)
  SELECT t, s FROM unnest($1::smallint[], $2::integer[]) AS u(t, s)
  ORDER BY t, s
  ON CONFLICT DO NOTHING
)sql"};

constexpr Statement kLockCells = {"parley_lock_throttle_cells", R"sql(
  SELECT c.tbl, c.slot, c.tag, c.value
  FROM throttle_cells c
  JOIN unnest($1::smallint[], $2::integer[]) AS u(t, s)
    ON c.tbl = u.t AND c.slot = u.s
  ORDER BY c.tbl, c.slot
  FOR UPDATE OF c
)sql"};

constexpr Statement kWriteCells = {"parley_write_throttle_cells", R"sql(
  UPDATE throttle_cells c SET tag = u.tag, value = u.value
  FROM unnest($1::smallint[], $2::integer[], $3::bigint[], $4::bigint[])
       AS u(t, s, tag, value)
  WHERE c.tbl = u.t AND c.slot = u.s
)sql"};

struct Columns {
  std::vector<int64_t> tables;
  std::vector<int64_t> slots;
};

Columns KeysOf(std::span<const ThrottleCell> cells) {
  Columns columns;
  for (const ThrottleCell& cell : cells) {
    columns.tables.push_back(cell.table);
    columns.slots.push_back(cell.slot);
  }
  return columns;
}

}  // namespace

std::string ThrottleQueries::Secret() {
  return c_.Exec(kSecret)[0][0].as<std::string>();
}

void ThrottleQueries::Lock(std::span<ThrottleCell> cells) {
  const Columns keys = KeysOf(cells);
  const std::string tables = BigintArray(keys.tables);
  const std::string slots = BigintArray(keys.slots);
  c_.Exec(kMakeCells, tables, slots);
  for (const pqxx::row& row : c_.Exec(kLockCells, tables, slots)) {
    const int table = row[0].as<int>();
    const auto slot = row[1].as<int64_t>();
    for (ThrottleCell& cell : cells) {
      if (cell.table == table && cell.slot == slot) {
        cell.tag = row[2].as<int64_t>();
        cell.value = row[3].as<int64_t>();
      }
    }
  }
}

void ThrottleQueries::Write(std::span<const ThrottleCell> cells) {
  const Columns keys = KeysOf(cells);
  std::vector<int64_t> tags;
  std::vector<int64_t> values;
  for (const ThrottleCell& cell : cells) {
    tags.push_back(cell.tag);
    values.push_back(cell.value);
  }
  c_.Exec(kWriteCells, BigintArray(keys.tables), BigintArray(keys.slots),
          BigintArray(tags), BigintArray(values));
}

}  // namespace parley::store::postgres
