// The SQL behind the session methods of PostgresStore. Sessions are stored by
// the hash of their token only.
//
// Every method runs its statements on the connection it was given, inside the
// transaction the caller opened (PostgresStore commits or rolls it back).
// Errors: the Store codes (store.h) for what the data says; libpqxx's
// exceptions for any failure of the database itself, which the caller maps
// (postgres_errors.h).
//
// Thread safety: as the connection's, one thread at a time.
//
// Ownership: borrows the connection, which must outlive the SessionQueries.
#ifndef PARLEY_STORE_POSTGRES_SESSION_QUERIES_H_
#define PARLEY_STORE_POSTGRES_SESSION_QUERIES_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/postgres/postgres_connection.h"
#include "store/store.h"

namespace parley::store::postgres {

class SessionQueries {
 public:
  explicit SessionQueries(PostgresConnection& c) : c_(c) {}

  // Store::CreateSession: NOT_FOUND if the account does not exist (the
  // foreign key refuses the row). A hash already stored throws.
  absl::Status Create(std::string_view token_hash, int64_t account_id,
                      int64_t expires_at_us);
  // Store::FindSession: NOT_FOUND if absent or expired at `now_us`.
  absl::StatusOr<SessionRecord> Find(std::string_view token_hash,
                                     int64_t now_us);
  // Store::DeleteSession: the account of the session deleted; nullopt if it
  // was already gone.
  std::optional<int64_t> Delete(std::string_view token_hash);
  // Store::DeleteExpiredSessions: how many were removed.
  int64_t DeleteExpired(int64_t now_us);

 private:
  PostgresConnection& c_;
};

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_SESSION_QUERIES_H_
