// One open SQLite database connection, configured the way the Parley store
// needs it (WAL, foreign keys, a busy timeout) and with a cache of prepared
// statements, because preparing is a large share of the cost of the short
// queries the store runs.
//
// Thread safety: a SqliteConnection must be used by one thread at a time;
// ConnectionPool hands each one to a single caller. It is opened without
// SQLite's per-connection mutex.
//
// Errors: Open() returns INTERNAL with the SQLite message. The other methods
// throw SQLite::Exception, as SQLiteCpp does; SqliteStore turns those into
// absl::Status.
#ifndef PARLEY_STORE_SQLITE_SQLITE_CONNECTION_H_
#define PARLEY_STORE_SQLITE_SQLITE_CONNECTION_H_

#include <SQLiteCpp/SQLiteCpp.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace parley::store {

struct SqliteConnectionOptions {
  // In WAL mode, synchronous=NORMAL (the default, false here) syncs only at
  // checkpoints: a commit survives a crash of the process, but the last commits
  // before a power loss or an OS crash may be lost (the database itself stays
  // consistent). synchronous=FULL (true) also syncs the WAL at every commit,
  // which makes commits durable against power loss at the cost of one fsync per
  // write transaction.
  bool full_sync = false;
  // How long a statement waits for another connection's lock before failing
  // with SQLITE_BUSY.
  int busy_timeout_ms = 5000;
  // Upper bound of the connection's page cache, in KiB; 0 keeps SQLite's
  // default (2 MiB). Pages are only allocated as they are used.
  int cache_size_kib = 0;
};

enum class TransactionMode {
  // BEGIN: a consistent snapshot for several reads.
  kRead,
  // BEGIN IMMEDIATE: takes the write lock up front, so a transaction that reads
  // before it writes never fails with SQLITE_BUSY when upgrading its lock.
  kWrite,
};

class SqliteConnection {
 public:
  // Opens (creating if needed) the database file at `path` and applies the
  // pragmas. INTERNAL, with the SQLite message, if it cannot.
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(
      const std::string& path, const SqliteConnectionOptions& options);

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // The database handle, owned by the connection, for what Prepare() does not
  // cover (the last rowid, pragmas, SQLite's C API).
  SQLite::Database& db() { return db_; }

  // The prepared statement for `sql`, prepared on first use and cached for the
  // life of the connection. It comes back reset with its bindings cleared. The
  // reference stays valid until the connection is destroyed. Throws
  // SQLite::Exception if `sql` does not prepare.
  SQLite::Statement& Prepare(const char* sql);

  // Resets every cached statement prepared since the last reset (the others
  // are reset already), so that none keeps a read transaction (and with it an
  // old WAL snapshot) open while the connection sits idle. Never throws.
  void ResetStatements() noexcept;

  // Opens an explicit transaction; the store runs every call that reads twice
  // or writes in one. Throws SQLite::Exception, SQLITE_BUSY included when
  // another process holds the write lock past the busy timeout.
  void Begin(TransactionMode mode);
  // Commits the open transaction, after resetting every pending statement.
  // Throws SQLite::Exception if the commit fails; Rollback() then ends the
  // transaction if SQLite has not already.
  void Commit();
  // Rolls back the open transaction, if there is one. Never throws.
  void Rollback() noexcept;
  // True while an explicit transaction is open.
  bool InTransaction() const noexcept;

 private:
  explicit SqliteConnection(SQLite::Database db);

  SQLite::Database db_;
  std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>>
      statements_;
  // Statements handed out by Prepare since the last ResetStatements.
  std::vector<SQLite::Statement*> used_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_SQLITE_CONNECTION_H_
