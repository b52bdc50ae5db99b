// The schema of the Parley SQLite database and the steps that bring an older
// database up to it. The schema version is kept in PRAGMA user_version; version
// N is the result of applying steps 1..N in order, each in its own transaction.
//
// Thread safety: Migrate() may run concurrently from several connections or
// processes on the same file; each step rechecks the version under the write
// lock.
//
// Errors: FAILED_PRECONDITION if the file was written by a newer Parley (its
// version is above kLatestSchemaVersion); INTERNAL with the SQLite message if a
// step fails, in which case that step leaves no trace.
#ifndef PARLEY_STORE_SQLITE_SQLITE_MIGRATIONS_H_
#define PARLEY_STORE_SQLITE_SQLITE_MIGRATIONS_H_

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/status/status.h"

namespace parley::store {

inline constexpr int kLatestSchemaVersion = 2;

// Applies every step the database at `db` lacks, up to `target_version` (tests
// stop early to build an older database). FAILED_PRECONDITION if the database
// is newer than kLatestSchemaVersion; INTERNAL if a step fails. Uses `db` for
// the call only, which must not be in a transaction.
absl::Status Migrate(SQLite::Database& db,
                     int target_version = kLatestSchemaVersion);

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_SQLITE_MIGRATIONS_H_
