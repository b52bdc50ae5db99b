// The SQL behind PostgresStore's ThrottleTable: the cells of sign-in
// throttling in the table throttle_cells, a row made at a slot's first use,
// and the secret of throttle_secret.
//
// Every method runs on the connection it was given, inside the transaction
// the caller opened; libpqxx's exceptions for any failure, which the caller
// maps (postgres_errors.h).
//
// Thread safety: as the connection's, one thread at a time. Concurrent
// transactions that share cells are ordered by the cells' row locks, always
// taken in (table, slot) order, so that they cannot deadlock.
//
// Ownership: borrows the connection, which must outlive the ThrottleQueries.
#ifndef PARLEY_STORE_POSTGRES_THROTTLE_QUERIES_H_
#define PARLEY_STORE_POSTGRES_THROTTLE_QUERIES_H_

#include <span>
#include <string>

#include "store/postgres/postgres_connection.h"
#include "store/throttle_table.h"

namespace parley::store::postgres {

class ThrottleQueries {
 public:
  explicit ThrottleQueries(PostgresConnection& c) : c_(c) {}

  // The secret the migrations made.
  std::string Secret();
  // Locks the rows of `cells` until the transaction ends, making those that
  // do not exist yet, and fills in their tags and values. In a write
  // transaction.
  void Lock(std::span<ThrottleCell> cells);
  // Writes the cells' tags and values, locked before by Lock.
  void Write(std::span<const ThrottleCell> cells);

 private:
  PostgresConnection& c_;
};

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_THROTTLE_QUERIES_H_
