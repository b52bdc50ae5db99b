#include "store/sqlite/account_queries.h"

#include <sqlite3.h>

#include <string>

#include "store/contract_errors.h"
#include "store/sqlite/statement_util.h"
#include "store/wildcard.h"

namespace parley::store {
namespace {

// Each text is also its key in the connection's statement cache.

constexpr char kInsertAccountSql[] = R"sql(
  INSERT INTO accounts
    (username, salt, iterations, stored_key, server_key, created_at_us)
  VALUES (?, ?, ?, ?, ?, ?)
)sql";

constexpr char kFindAccountSql[] = R"sql(
  SELECT id, username, created_at_us, salt, iterations, stored_key, server_key
  FROM accounts WHERE username = ?
)sql";

constexpr char kAccountExistsSql[] = "SELECT 1 FROM accounts WHERE id = ?";

constexpr char kPeersSql[] = R"sql(
  SELECT id, username, created_at_us FROM accounts
  WHERE id IN (SELECT recipient_id FROM messages WHERE sender_id = ?1
               UNION
               SELECT sender_id FROM messages WHERE recipient_id = ?1)
    AND id != ?1
  ORDER BY username COLLATE NOCASE
)sql";

// Two counts, so that each can use an index; a message to oneself counts once.
constexpr char kCountMessagesOfSql[] = R"sql(
  SELECT (SELECT COUNT(*) FROM messages WHERE sender_id = ?1) +
         (SELECT COUNT(*) FROM messages
          WHERE recipient_id = ?1 AND sender_id != ?1)
)sql";

// Sessions and messages go with the account (ON DELETE CASCADE).
constexpr char kDeleteAccountSql[] = "DELETE FROM accounts WHERE id = ?";

constexpr char kListAccountsSql[] = R"sql(
  SELECT id, username, created_at_us FROM accounts
  WHERE username LIKE ?1 ESCAPE '\' AND username > ?2 COLLATE NOCASE
  ORDER BY username COLLATE NOCASE
  LIMIT ?3
)sql";

constexpr char kCountAccountsSql[] = R"sql(
  SELECT COUNT(*) FROM accounts WHERE username LIKE ? ESCAPE '\'
)sql";

}  // namespace

absl::StatusOr<AccountRecord> AccountQueries::Create(
    std::string_view username, const Credentials& credentials, int64_t now_us) {
  SQLite::Statement& insert = c_.Prepare(kInsertAccountSql);
  BindText(insert, 1, username);
  BindBlob(insert, 2, credentials.salt);
  insert.bind(3, credentials.iterations);
  BindBlob(insert, 4, credentials.stored_key);
  BindBlob(insert, 5, credentials.server_key);
  insert.bind(6, now_us);
  try {
    insert.exec();
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_UNIQUE) throw;
    return NameTaken(username);
  }
  AccountRecord account;
  account.id = c_.db().getLastInsertRowid();
  account.username = std::string(username);
  account.created_at_us = now_us;
  return account;
}

absl::StatusOr<AccountWithCredentials> AccountQueries::Find(
    std::string_view username) {
  SQLite::Statement& query = c_.Prepare(kFindAccountSql);
  BindText(query, 1, username);
  if (!query.executeStep()) {
    return NoAccountNamed(username);
  }
  AccountWithCredentials found;
  found.account = ReadAccountRow(query);
  found.credentials.salt = query.getColumn(3).getString();
  found.credentials.iterations = query.getColumn(4).getUInt();
  found.credentials.stored_key = query.getColumn(5).getString();
  found.credentials.server_key = query.getColumn(6).getString();
  return found;
}

absl::StatusOr<DeletedAccount> AccountQueries::Delete(int64_t account_id) {
  if (!Exists(account_id)) return NoSuchAccount(account_id);
  DeletedAccount deleted;
  SQLite::Statement& peers = c_.Prepare(kPeersSql);
  peers.bind(1, account_id);
  while (peers.executeStep()) deleted.peers.push_back(ReadAccountRow(peers));
  SQLite::Statement& count = c_.Prepare(kCountMessagesOfSql);
  count.bind(1, account_id);
  deleted.deleted_messages = ReadCount(count);
  SQLite::Statement& remove = c_.Prepare(kDeleteAccountSql);
  remove.bind(1, account_id);
  remove.exec();
  return deleted;
}

AccountPage AccountQueries::List(std::string_view pattern,
                                 std::string_view after_name, int limit) {
  const std::string like = WildcardToLike(pattern);
  AccountPage page;
  SQLite::Statement& query = c_.Prepare(kListAccountsSql);
  query.bind(1, like);
  BindText(query, 2, after_name);
  query.bind(3, limit);
  while (query.executeStep()) page.accounts.push_back(ReadAccountRow(query));
  SQLite::Statement& count = c_.Prepare(kCountAccountsSql);
  count.bind(1, like);
  page.total_count = ReadCount(count);
  return page;
}

bool AccountQueries::Exists(int64_t account_id) {
  SQLite::Statement& query = c_.Prepare(kAccountExistsSql);
  query.bind(1, account_id);
  return query.executeStep();
}

AccountRecord ReadAccountRow(const SQLite::Statement& row, int first) {
  AccountRecord account;
  account.id = row.getColumn(first).getInt64();
  account.username = row.getColumn(first + 1).getString();
  account.created_at_us = row.getColumn(first + 2).getInt64();
  return account;
}

}  // namespace parley::store
