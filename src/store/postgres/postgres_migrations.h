// The schema of the Parley PostgreSQL database and the steps that bring an
// older database up to it. The version is the one row of the schema_version
// table; version N is the result of applying steps 1..N in order, each in a
// transaction of its own (PostgreSQL's DDL is transactional, so a failed step
// leaves no trace). Tables are created unqualified, in the first schema of
// the connection's search_path.
//
// Thread safety: Migrate() may run at once from several connections, servers
// or machines on one database: each step takes a transaction-scoped advisory
// lock and rereads the version under it.
//
// Errors: FAILED_PRECONDITION if the database was written by a newer Parley
// (its version is above kLatestPostgresSchemaVersion); otherwise the
// connection's exceptions propagate (the caller maps them, postgres_errors.h).
#ifndef PARLEY_STORE_POSTGRES_POSTGRES_MIGRATIONS_H_
#define PARLEY_STORE_POSTGRES_POSTGRES_MIGRATIONS_H_

#include "absl/status/status.h"
#include "store/postgres/postgres_connection.h"

namespace parley::store::postgres {

inline constexpr int kLatestPostgresSchemaVersion = 3;

// Applies every step the database lacks, up to `target_version` (tests stop
// early). FAILED_PRECONDITION, changing nothing, if the database is newer
// than kLatestPostgresSchemaVersion. `c` must have no transaction open.
absl::Status Migrate(PostgresConnection& c,
                     int target_version = kLatestPostgresSchemaVersion);

// The schema version of the database, 0 if it has none yet. `c` must have no
// transaction open.
int SchemaVersion(PostgresConnection& c);

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_MIGRATIONS_H_
