#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parley::store {

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::string& path, const SqliteConnectionOptions& options) {
  try {
    // Each connection serves one thread at a time, so SQLite's own mutex would
    // only add cost.
    SQLite::Database db(
        path,
        SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        options.busy_timeout_ms);
    // WAL lets readers run while one writer commits. The mode is stored in the
    // file, so this only does work the first time; it can fail on file systems
    // without shared memory, where SQLite keeps its rollback journal and the
    // store still works, only with less concurrency.
    const std::string journal_mode =
        db.execAndGet("PRAGMA journal_mode = WAL").getString();
    if (journal_mode != "wal") {
      PARLEY_LOG(kWarning) << "SQLite database " << path
                           << " stays in journal mode " << journal_mode
                           << " instead of WAL";
    }
    db.exec(options.full_sync ? "PRAGMA synchronous = FULL"
                              : "PRAGMA synchronous = NORMAL");
    // Foreign keys are off by default in SQLite and are set per connection; the
    // store relies on them for cascading deletes and for refusing messages to
    // deleted accounts.
    db.exec("PRAGMA foreign_keys = ON");
    if (options.cache_size_kib > 0) {
      db.exec(absl::StrCat("PRAGMA cache_size = -", options.cache_size_kib));
    }
    return std::unique_ptr<SqliteConnection>(
        new SqliteConnection(std::move(db)));
  } catch (const SQLite::Exception& e) {
    return absl::InternalError(
        absl::StrCat("cannot open SQLite database ", path, ": ", e.what()));
  }
}

SqliteConnection::SqliteConnection(SQLite::Database db) : db_(std::move(db)) {}

SQLite::Statement& SqliteConnection::Prepare(const char* sql) {
  auto it = statements_.find(std::string_view(sql));
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql))
             .first;
  } else {
    // The result of the last run (possibly an error already reported) is of no
    // interest.
    it->second->tryReset();
    it->second->clearBindings();
  }
  used_.push_back(it->second.get());
  return *it->second;
}

void SqliteConnection::ResetStatements() noexcept {
  for (SQLite::Statement* statement : used_) statement->tryReset();
  used_.clear();
}

void SqliteConnection::Begin(TransactionMode mode) {
  Prepare(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN").exec();
}

void SqliteConnection::Commit() {
  // A pending SELECT would keep its read lock past the commit; nothing needs it
  // afterwards.
  ResetStatements();
  Prepare("COMMIT").exec();
}

void SqliteConnection::Rollback() noexcept {
  if (!InTransaction()) return;
  ResetStatements();
  const int rc = db_.tryExec("ROLLBACK");
  if (rc != SQLITE_OK) {
    PARLEY_LOG(kError) << "SQLite ROLLBACK failed: " << sqlite3_errstr(rc);
  }
}

bool SqliteConnection::InTransaction() const noexcept {
  return sqlite3_get_autocommit(db_.getHandle()) == 0;
}

}  // namespace parley::store
