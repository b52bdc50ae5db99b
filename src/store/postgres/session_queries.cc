#include "store/postgres/session_queries.h"

#include <exception>
#include <pqxx/pqxx>

#include "store/contract_errors.h"
#include "store/postgres/postgres_errors.h"

namespace parley::store::postgres {
namespace {

constexpr Statement kInsertSession = {"parley_insert_session", R"sql(
  INSERT INTO sessions (token_hash, account_id, expires_at_us)
  VALUES ($1, $2, $3)
)sql"};

// A session is live strictly before its expiry time.
constexpr Statement kFindSession = {"parley_find_session", R"sql(
  SELECT s.account_id, a.username, s.expires_at_us
  FROM sessions s JOIN accounts a ON a.id = s.account_id
  WHERE s.token_hash = $1 AND s.expires_at_us > $2
)sql"};

constexpr Statement kDeleteSession = {
    "parley_delete_session",
    "DELETE FROM sessions WHERE token_hash = $1 RETURNING account_id"};

// The same boundary as kFindSession: a session is dead from its expiry on.
constexpr Statement kDeleteExpiredSessions = {
    "parley_delete_expired_sessions",
    "DELETE FROM sessions WHERE expires_at_us <= $1"};

constexpr char kForeignKeyViolation[] = "23503";

pqxx::binarystring Hash(std::string_view token_hash) {
  return pqxx::binarystring(token_hash.data(), token_hash.size());
}

}  // namespace

absl::Status SessionQueries::Create(std::string_view token_hash,
                                    int64_t account_id, int64_t expires_at_us) {
  try {
    c_.Exec(kInsertSession, Hash(token_hash), account_id, expires_at_us);
  } catch (const std::exception& e) {
    if (!IsConstraintViolation(e, kForeignKeyViolation)) throw;
    return NoSuchAccount(account_id);
  }
  return absl::OkStatus();
}

absl::StatusOr<SessionRecord> SessionQueries::Find(std::string_view token_hash,
                                                   int64_t now_us) {
  const pqxx::result rows = c_.Exec(kFindSession, Hash(token_hash), now_us);
  if (rows.empty()) return NoLiveSession();
  SessionRecord session;
  session.account_id = rows[0][0].as<int64_t>();
  session.username = rows[0][1].as<std::string>();
  session.expires_at_us = rows[0][2].as<int64_t>();
  return session;
}

std::optional<int64_t> SessionQueries::Delete(std::string_view token_hash) {
  const pqxx::result rows = c_.Exec(kDeleteSession, Hash(token_hash));
  if (rows.empty()) return std::nullopt;
  return rows[0][0].as<int64_t>();
}

int64_t SessionQueries::DeleteExpired(int64_t now_us) {
  return static_cast<int64_t>(
      c_.Exec(kDeleteExpiredSessions, now_us).affected_rows());
}

}  // namespace parley::store::postgres
