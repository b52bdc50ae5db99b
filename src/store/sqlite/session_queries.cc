#include "store/sqlite/session_queries.h"

#include <sqlite3.h>

#include "store/contract_errors.h"
#include "store/sqlite/statement_util.h"

namespace parley::store {
namespace {

// Each text is also its key in the connection's statement cache.

constexpr char kInsertSessionSql[] = R"sql(
  INSERT INTO sessions (token_hash, account_id, expires_at_us) VALUES (?, ?, ?)
)sql";

// A session is live strictly before its expiry time.
constexpr char kFindSessionSql[] = R"sql(
  SELECT s.account_id, a.username, s.expires_at_us
  FROM sessions s JOIN accounts a ON a.id = s.account_id
  WHERE s.token_hash = ? AND s.expires_at_us > ?
)sql";

constexpr char kDeleteSessionSql[] =
    "DELETE FROM sessions WHERE token_hash = ?";

// The same boundary as kFindSessionSql: a session is dead from its expiry on.
constexpr char kDeleteExpiredSessionsSql[] =
    "DELETE FROM sessions WHERE expires_at_us <= ?";

}  // namespace

absl::Status SessionQueries::Create(std::string_view token_hash,
                                    int64_t account_id, int64_t expires_at_us) {
  SQLite::Statement& insert = c_.Prepare(kInsertSessionSql);
  BindBlob(insert, 1, token_hash);
  insert.bind(2, account_id);
  insert.bind(3, expires_at_us);
  try {
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_FOREIGNKEY) throw;
    return NoSuchAccount(account_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<SessionRecord> SessionQueries::Find(std::string_view token_hash,
                                                   int64_t now_us) {
  SQLite::Statement& query = c_.Prepare(kFindSessionSql);
  BindBlob(query, 1, token_hash);
  query.bind(2, now_us);
  if (!query.executeStep()) {
    return NoLiveSession();
  }
  SessionRecord session;
  session.account_id = query.getColumn(0).getInt64();
  session.username = query.getColumn(1).getString();
  session.expires_at_us = query.getColumn(2).getInt64();
  return session;
}

void SessionQueries::Delete(std::string_view token_hash) {
  SQLite::Statement& remove = c_.Prepare(kDeleteSessionSql);
  BindBlob(remove, 1, token_hash);
  remove.exec();
}

int64_t SessionQueries::DeleteExpired(int64_t now_us) {
  SQLite::Statement& remove = c_.Prepare(kDeleteExpiredSessionsSql);
  remove.bind(1, now_us);
  return remove.exec();
}

}  // namespace parley::store
