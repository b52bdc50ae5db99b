#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <exception>
#include <limits>
#include <unordered_set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/sqlite/concat_sql.h"
#include "store/sqlite/message_row.h"
#include "store/sqlite/sqlite_migrations.h"
#include "store/wildcard.h"

namespace parley::store {
namespace {

// The SQL the store runs. Each text is also its key in the connection's
// statement cache. Queries returning MessageRecords select message_row.h's
// columns and joins.

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

constexpr char kInsertMessageSql[] = R"sql(
  INSERT INTO messages (sender_id, recipient_id, body, sent_at_us)
  VALUES (?, ?, ?, ?)
)sql";

// The oldest unread messages to ?1, at most ?2.
constexpr auto kUnreadSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.recipient_id = ?1 AND m.read = 0
  ORDER BY m.id
  LIMIT ?2
)sql");

// The same, only from ?3. Left to itself SQLite would pick messages_from_to,
// which walks the whole conversation from its oldest (long read) message; the
// unread index is only as large as the backlog.
constexpr auto kUnreadFromPeerSql = ConcatSql(
    "SELECT ", kMessageRowColumns,
    " FROM messages m INDEXED BY messages_unread ", kMessageRowJoins, R"sql(
  WHERE m.recipient_id = ?1 AND m.read = 0 AND m.sender_id = ?3
  ORDER BY m.id
  LIMIT ?2
)sql");

constexpr char kCountUnreadSql[] =
    "SELECT COUNT(*) FROM messages WHERE recipient_id = ? AND read = 0";

// INDEXED BY for the reason given at kUnreadFromPeerSql.
constexpr char kCountUnreadFromPeerSql[] = R"sql(
  SELECT COUNT(*) FROM messages INDEXED BY messages_unread
  WHERE recipient_id = ? AND read = 0 AND sender_id = ?
)sql";

constexpr char kIsUnreadToSql[] =
    "SELECT read = 0 FROM messages WHERE id = ? AND recipient_id = ?";

constexpr char kMarkReadSql[] = "UPDATE messages SET read = 1 WHERE id = ?";

// Each message of ?1 once, labelled with the other party (a message to oneself
// comes from the first branch only), grouped by that party.
constexpr auto kConversationsSql = ConcatSql(R"sql(
  WITH mine(peer_id, id, unread) AS (
    SELECT recipient_id, id, recipient_id = ?1 AND read = 0
    FROM messages WHERE sender_id = ?1
    UNION ALL
    SELECT sender_id, id, read = 0
    FROM messages WHERE recipient_id = ?1 AND sender_id != ?1
  ),
  per_peer AS (
    SELECT peer_id, SUM(unread) AS unread_count, COUNT(*) AS message_count,
           MAX(id) AS last_id
    FROM mine GROUP BY peer_id
  )
  SELECT p.id, p.username, p.created_at_us,
         per_peer.unread_count, per_peer.message_count, )sql",
                                             kMessageRowColumns, R"sql(
  FROM per_peer
  JOIN accounts p ON p.id = per_peer.peer_id
  JOIN messages m ON m.id = per_peer.last_id
  )sql",
                                             kMessageRowJoins, R"sql(
  ORDER BY per_peer.last_id DESC
)sql");

// One bounded index range per direction, then merged, so that a page costs the
// same however long the conversation is. With oneself (?1 = ?2) the second
// direction would repeat the first.
constexpr auto kHistorySql = ConcatSql("SELECT ", kMessageRowColumns, R"sql(
  FROM (
    SELECT id FROM (
      SELECT id FROM messages
      WHERE sender_id = ?1 AND recipient_id = ?2 AND id < ?3
      ORDER BY id DESC LIMIT ?4)
    UNION ALL
    SELECT id FROM (
      SELECT id FROM messages
      WHERE sender_id = ?2 AND recipient_id = ?1 AND id < ?3 AND ?1 != ?2
      ORDER BY id DESC LIMIT ?4)
  ) AS page
  JOIN messages m ON m.id = page.id
  )sql",
                                       kMessageRowJoins, R"sql(
  ORDER BY m.id DESC
  LIMIT ?4
)sql");

constexpr auto kMessagesAfterSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.recipient_id = ? AND m.id > ?
  ORDER BY m.id
  LIMIT ?
)sql");

// Message ?1 if ?2 sent or received it.
constexpr auto kMessageOfSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.id = ?1 AND (m.sender_id = ?2 OR m.recipient_id = ?2)
)sql");

constexpr char kDeleteMessageSql[] = "DELETE FROM messages WHERE id = ?";

void BindBlob(SQLite::Statement& statement, int index, std::string_view bytes) {
  // A null pointer would bind SQL NULL instead of an empty blob.
  statement.bind(index, bytes.empty() ? "" : bytes.data(),
                 static_cast<int>(bytes.size()));
}

void BindText(SQLite::Statement& statement, int index, std::string_view text) {
  statement.bind(index, std::string(text));
}

// Reads id, username, created_at_us from the columns from `first` on.
AccountRecord ReadAccount(const SQLite::Statement& row, int first) {
  AccountRecord account;
  account.id = row.getColumn(first).getInt64();
  account.username = row.getColumn(first + 1).getString();
  account.created_at_us = row.getColumn(first + 2).getInt64();
  return account;
}

int64_t ReadCount(SQLite::Statement& query) {
  query.executeStep();
  return query.getColumn(0).getInt64();
}

// `ids` without repeats, in the order of their first appearance.
std::vector<int64_t> Distinct(std::span<const int64_t> ids) {
  std::vector<int64_t> distinct;
  std::unordered_set<int64_t> seen;
  for (const int64_t id : ids) {
    if (seen.insert(id).second) distinct.push_back(id);
  }
  return distinct;
}

bool AccountExists(SqliteConnection& c, int64_t account_id) {
  SQLite::Statement& query = c.Prepare(kAccountExistsSql);
  query.bind(1, account_id);
  return query.executeStep();
}

absl::Status NoSuchAccount(int64_t account_id) {
  return absl::NotFoundError(
      absl::StrCat("account ", account_id, " does not exist"));
}

void MarkMessageRead(SqliteConnection& c, int64_t id) {
  SQLite::Statement& update = c.Prepare(kMarkReadSql);
  update.bind(1, id);
  update.exec();
}

int64_t CountUnreadTo(SqliteConnection& c, int64_t recipient_id) {
  SQLite::Statement& query = c.Prepare(kCountUnreadSql);
  query.bind(1, recipient_id);
  return ReadCount(query);
}

// The write connection's, with its larger page cache.
SqliteConnectionOptions WriterOptions(const SqliteStoreOptions& options) {
  SqliteConnectionOptions writer = options.connection;
  writer.cache_size_kib = options.writer_cache_size_kib;
  return writer;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path, const SqliteStoreOptions& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(path, options));
  absl::StatusOr<ConnectionPool::Lease> lease = store->pool_.Acquire();
  if (!lease.ok()) return lease.status();
  if (absl::Status migrated = Migrate((*lease)->db()); !migrated.ok()) {
    return migrated;
  }
  PARLEY_LOG(kInfo) << "opened SQLite store " << path << " at schema version "
                    << kLatestSchemaVersion;
  return store;
}

SqliteStore::SqliteStore(const std::string& path,
                         const SqliteStoreOptions& options)
    : pool_(path, options.connection, options.max_idle_connections),
      checkpointer_(path, options.connection, options.checkpoint_frames,
                    options.wal_restart_frames),
      writer_(path, WriterOptions(options), &checkpointer_) {}

SqliteStore::~SqliteStore() = default;

template <typename Body>
std::invoke_result_t<Body&, SqliteConnection&> SqliteStore::Run(Access access,
                                                                Body&& body) {
  if (access == Access::kWrite) {
    return writer_.Run(
        [&](SqliteConnection& c) { return RunOn(c, access, body); });
  }
  absl::StatusOr<ConnectionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) {
    PARLEY_LOG(kError) << lease.status();
    return lease.status();
  }
  return RunOn(**lease, access, body);
}

template <typename Body>
std::invoke_result_t<Body&, SqliteConnection&> SqliteStore::RunOn(
    SqliteConnection& c, Access access, Body& body) {
  try {
    if (access != Access::kRead) {
      c.Begin(access == Access::kWrite ? TransactionMode::kWrite
                                       : TransactionMode::kRead);
    }
    auto result = body(c);
    if (access != Access::kRead) {
      if (result.ok()) {
        c.Commit();
      } else {
        c.Rollback();
      }
    }
    return result;
  } catch (const SQLite::Exception& e) {
    c.Rollback();
    PARLEY_LOG(kError) << "SQLite error: " << e.what();
    return absl::InternalError(absl::StrCat("SQLite: ", e.what()));
  } catch (const std::exception& e) {
    c.Rollback();
    PARLEY_LOG(kError) << "store error: " << e.what();
    return absl::InternalError(e.what());
  }
}

absl::StatusOr<AccountRecord> SqliteStore::CreateAccount(
    std::string_view username, const Credentials& credentials, int64_t now_us) {
  return Run(
      Access::kWrite,
      [&](SqliteConnection& c) -> absl::StatusOr<AccountRecord> {
        SQLite::Statement& insert = c.Prepare(kInsertAccountSql);
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
          return absl::AlreadyExistsError(absl::StrCat(
              "an account named '", std::string(username), "' already exists"));
        }
        AccountRecord account;
        account.id = c.db().getLastInsertRowid();
        account.username = std::string(username);
        account.created_at_us = now_us;
        return account;
      });
}

absl::StatusOr<AccountWithCredentials> SqliteStore::FindAccount(
    std::string_view username) {
  return Run(
      Access::kRead,
      [&](SqliteConnection& c) -> absl::StatusOr<AccountWithCredentials> {
        SQLite::Statement& query = c.Prepare(kFindAccountSql);
        BindText(query, 1, username);
        if (!query.executeStep()) {
          return absl::NotFoundError(
              absl::StrCat("no account named '", std::string(username), "'"));
        }
        AccountWithCredentials found;
        found.account = ReadAccount(query, 0);
        found.credentials.salt = query.getColumn(3).getString();
        found.credentials.iterations = query.getColumn(4).getUInt();
        found.credentials.stored_key = query.getColumn(5).getString();
        found.credentials.server_key = query.getColumn(6).getString();
        return found;
      });
}

absl::StatusOr<DeletedAccount> SqliteStore::DeleteAccount(int64_t account_id) {
  return Run(Access::kWrite,
             [&](SqliteConnection& c) -> absl::StatusOr<DeletedAccount> {
               if (!AccountExists(c, account_id)) {
                 return NoSuchAccount(account_id);
               }
               DeletedAccount deleted;
               SQLite::Statement& peers = c.Prepare(kPeersSql);
               peers.bind(1, account_id);
               while (peers.executeStep()) {
                 deleted.peers.push_back(ReadAccount(peers, 0));
               }
               SQLite::Statement& count = c.Prepare(kCountMessagesOfSql);
               count.bind(1, account_id);
               deleted.deleted_messages = ReadCount(count);
               SQLite::Statement& remove = c.Prepare(kDeleteAccountSql);
               remove.bind(1, account_id);
               remove.exec();
               return deleted;
             });
}

absl::StatusOr<AccountPage> SqliteStore::ListAccounts(
    std::string_view pattern, std::string_view after_name, int limit) {
  return Run(Access::kSnapshot,
             [&](SqliteConnection& c) -> absl::StatusOr<AccountPage> {
               const std::string like = WildcardToLike(pattern);
               AccountPage page;
               SQLite::Statement& query = c.Prepare(kListAccountsSql);
               query.bind(1, like);
               BindText(query, 2, after_name);
               query.bind(3, limit);
               while (query.executeStep()) {
                 page.accounts.push_back(ReadAccount(query, 0));
               }
               SQLite::Statement& count = c.Prepare(kCountAccountsSql);
               count.bind(1, like);
               page.total_count = ReadCount(count);
               return page;
             });
}

absl::Status SqliteStore::CreateSession(std::string_view token_hash,
                                        int64_t account_id,
                                        int64_t expires_at_us) {
  return Run(Access::kWrite, [&](SqliteConnection& c) -> absl::Status {
    SQLite::Statement& insert = c.Prepare(kInsertSessionSql);
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
  });
}

absl::StatusOr<SessionRecord> SqliteStore::FindSession(
    std::string_view token_hash, int64_t now_us) {
  return Run(Access::kRead,
             [&](SqliteConnection& c) -> absl::StatusOr<SessionRecord> {
               SQLite::Statement& query = c.Prepare(kFindSessionSql);
               BindBlob(query, 1, token_hash);
               query.bind(2, now_us);
               if (!query.executeStep()) {
                 return absl::NotFoundError("no live session for this token");
               }
               SessionRecord session;
               session.account_id = query.getColumn(0).getInt64();
               session.username = query.getColumn(1).getString();
               session.expires_at_us = query.getColumn(2).getInt64();
               return session;
             });
}

absl::Status SqliteStore::DeleteSession(std::string_view token_hash) {
  return Run(Access::kWrite, [&](SqliteConnection& c) -> absl::Status {
    SQLite::Statement& remove = c.Prepare(kDeleteSessionSql);
    BindBlob(remove, 1, token_hash);
    remove.exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> SqliteStore::DeleteExpiredSessions(int64_t now_us) {
  return Run(Access::kWrite,
             [&](SqliteConnection& c) -> absl::StatusOr<int64_t> {
               SQLite::Statement& remove = c.Prepare(kDeleteExpiredSessionsSql);
               remove.bind(1, now_us);
               return remove.exec();
             });
}

absl::StatusOr<std::vector<int64_t>> SqliteStore::AppendMessages(
    std::span<const NewMessage> messages) {
  if (messages.empty()) return std::vector<int64_t>();
  return Run(
      Access::kWrite,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<int64_t>> {
        std::vector<int64_t> ids;
        ids.reserve(messages.size());
        for (const NewMessage& message : messages) {
          SQLite::Statement& insert = c.Prepare(kInsertMessageSql);
          insert.bind(1, message.sender_id);
          insert.bind(2, message.recipient_id);
          insert.bind(3, message.text);
          insert.bind(4, message.sent_at_us);
          try {
            insert.exec();
          } catch (const SQLite::Exception& e) {
            if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_FOREIGNKEY) {
              throw;
            }
            // Only this statement was undone, so the transaction can
            // still tell which account is gone; Run() then rolls back
            // the earlier messages.
            return NoSuchAccount(AccountExists(c, message.sender_id)
                                     ? message.recipient_id
                                     : message.sender_id);
          }
          ids.push_back(c.db().getLastInsertRowid());
        }
        return ids;
      });
}

absl::StatusOr<UnreadBatch> SqliteStore::ReadUnread(
    int64_t recipient_id, std::optional<int64_t> peer_id, int limit) {
  return Run(Access::kWrite,
             [&](SqliteConnection& c) -> absl::StatusOr<UnreadBatch> {
               UnreadBatch batch;
               SQLite::Statement& query =
                   c.Prepare(peer_id.has_value() ? kUnreadFromPeerSql.data()
                                                 : kUnreadSql.data());
               query.bind(1, recipient_id);
               query.bind(2, limit);
               if (peer_id.has_value()) query.bind(3, *peer_id);
               batch.messages = ReadMessageRows(query);
               for (MessageRecord& message : batch.messages) {
                 MarkMessageRead(c, message.id);
                 message.read = true;
               }
               if (peer_id.has_value()) {
                 SQLite::Statement& count = c.Prepare(kCountUnreadFromPeerSql);
                 count.bind(1, recipient_id);
                 count.bind(2, *peer_id);
                 batch.remaining_unread = ReadCount(count);
               } else {
                 batch.remaining_unread = CountUnreadTo(c, recipient_id);
               }
               return batch;
             });
}

absl::StatusOr<MarkReadResult> SqliteStore::MarkRead(
    int64_t recipient_id, std::span<const int64_t> ids) {
  return Run(Access::kWrite,
             [&](SqliteConnection& c) -> absl::StatusOr<MarkReadResult> {
               std::vector<int64_t> unread;
               for (const int64_t id : Distinct(ids)) {
                 SQLite::Statement& query = c.Prepare(kIsUnreadToSql);
                 query.bind(1, id);
                 query.bind(2, recipient_id);
                 if (!query.executeStep()) {
                   return absl::NotFoundError(absl::StrCat(
                       "message ", id, " is not a message to you"));
                 }
                 if (query.getColumn(0).getInt() != 0) unread.push_back(id);
               }
               for (const int64_t id : unread) MarkMessageRead(c, id);
               MarkReadResult result;
               result.marked = static_cast<int64_t>(unread.size());
               result.remaining_unread = CountUnreadTo(c, recipient_id);
               return result;
             });
}

absl::StatusOr<int64_t> SqliteStore::CountUnread(int64_t recipient_id) {
  return Run(Access::kRead,
             [&](SqliteConnection& c) -> absl::StatusOr<int64_t> {
               return CountUnreadTo(c, recipient_id);
             });
}

absl::StatusOr<std::vector<ConversationSummary>> SqliteStore::ListConversations(
    int64_t account_id) {
  return Run(Access::kRead,
             [&](SqliteConnection& c)
                 -> absl::StatusOr<std::vector<ConversationSummary>> {
               SQLite::Statement& query = c.Prepare(kConversationsSql.data());
               query.bind(1, account_id);
               std::vector<ConversationSummary> conversations;
               while (query.executeStep()) {
                 ConversationSummary& summary = conversations.emplace_back();
                 summary.peer = ReadAccount(query, 0);
                 summary.unread_count = query.getColumn(3).getInt64();
                 summary.message_count = query.getColumn(4).getInt64();
                 summary.last_message = ReadMessageRow(query, 5);
               }
               return conversations;
             });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::GetHistory(
    int64_t account_id, int64_t peer_id, int64_t before_id, int limit) {
  return Run(
      Access::kRead,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        SQLite::Statement& query = c.Prepare(kHistorySql.data());
        query.bind(1, account_id);
        query.bind(2, peer_id);
        query.bind(3, before_id == 0 ? std::numeric_limits<int64_t>::max()
                                     : before_id);
        query.bind(4, limit);
        return ReadMessageRows(query);
      });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::MessagesAfter(
    int64_t recipient_id, int64_t after_id, int limit) {
  return Run(
      Access::kRead,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        SQLite::Statement& query = c.Prepare(kMessagesAfterSql.data());
        query.bind(1, recipient_id);
        query.bind(2, after_id);
        query.bind(3, limit);
        return ReadMessageRows(query);
      });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::DeleteMessages(
    int64_t account_id, std::span<const int64_t> ids) {
  return Run(
      Access::kWrite,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        std::vector<MessageRecord> deleted;
        for (const int64_t id : Distinct(ids)) {
          SQLite::Statement& query = c.Prepare(kMessageOfSql.data());
          query.bind(1, id);
          query.bind(2, account_id);
          if (!query.executeStep()) {
            return absl::NotFoundError(
                absl::StrCat("message ", id, " is not in your conversations"));
          }
          deleted.push_back(ReadMessageRow(query));
        }
        for (const MessageRecord& message : deleted) {
          SQLite::Statement& remove = c.Prepare(kDeleteMessageSql);
          remove.bind(1, message.id);
          remove.exec();
        }
        return deleted;
      });
}

}  // namespace parley::store
