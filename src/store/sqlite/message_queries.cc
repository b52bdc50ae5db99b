#include "store/sqlite/message_queries.h"

#include <sqlite3.h>

#include <limits>

#include "store/concat_sql.h"
#include "store/contract_errors.h"
#include "store/sqlite/account_queries.h"
#include "store/sqlite/message_row.h"
#include "store/sqlite/statement_util.h"

namespace parley::store {
namespace {

// Each text is also its key in the connection's statement cache. Queries
// returning MessageRecords select message_row.h's columns and joins.

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

constexpr auto kMessagesBetweenSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.id > ? AND m.id <= ?
  ORDER BY m.id
  LIMIT ?
)sql");

// Message ?1 if ?2 sent or received it.
constexpr auto kMessageOfSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.id = ?1 AND (m.sender_id = ?2 OR m.recipient_id = ?2)
)sql");

constexpr char kDeleteMessageSql[] = "DELETE FROM messages WHERE id = ?";

}  // namespace

absl::StatusOr<std::vector<int64_t>> MessageQueries::Append(
    std::span<const NewMessage> messages) {
  std::vector<int64_t> ids;
  ids.reserve(messages.size());
  for (const NewMessage& message : messages) {
    SQLite::Statement& insert = c_.Prepare(kInsertMessageSql);
    insert.bind(1, message.sender_id);
    insert.bind(2, message.recipient_id);
    insert.bind(3, message.text);
    insert.bind(4, message.sent_at_us);
    try {
      insert.exec();
    } catch (const SQLite::Exception& e) {
      if (e.getExtendedErrorCode() != SQLITE_CONSTRAINT_FOREIGNKEY) throw;
      // Only this statement was undone, so the transaction can still tell
      // which account is gone; the caller then rolls back the earlier
      // messages.
      return NoSuchAccount(AccountQueries(c_).Exists(message.sender_id)
                               ? message.recipient_id
                               : message.sender_id);
    }
    ids.push_back(c_.db().getLastInsertRowid());
  }
  return ids;
}

UnreadBatch MessageQueries::ReadUnread(int64_t recipient_id,
                                       std::optional<int64_t> peer_id,
                                       int limit) {
  UnreadBatch batch;
  SQLite::Statement& query = c_.Prepare(
      peer_id.has_value() ? kUnreadFromPeerSql.data() : kUnreadSql.data());
  query.bind(1, recipient_id);
  query.bind(2, limit);
  if (peer_id.has_value()) query.bind(3, *peer_id);
  batch.messages = ReadMessageRows(query);
  for (MessageRecord& message : batch.messages) {
    MarkOneRead(message.id);
    message.read = true;
  }
  if (peer_id.has_value()) {
    SQLite::Statement& count = c_.Prepare(kCountUnreadFromPeerSql);
    count.bind(1, recipient_id);
    count.bind(2, *peer_id);
    batch.remaining_unread = ReadCount(count);
  } else {
    batch.remaining_unread = CountUnread(recipient_id);
  }
  return batch;
}

absl::StatusOr<MarkReadResult> MessageQueries::MarkRead(
    int64_t recipient_id, std::span<const int64_t> ids) {
  std::vector<int64_t> unread;
  for (const int64_t id : DistinctIds(ids)) {
    SQLite::Statement& query = c_.Prepare(kIsUnreadToSql);
    query.bind(1, id);
    query.bind(2, recipient_id);
    if (!query.executeStep()) {
      return NotAMessageToYou(id);
    }
    if (query.getColumn(0).getInt() != 0) unread.push_back(id);
  }
  for (const int64_t id : unread) MarkOneRead(id);
  MarkReadResult result;
  result.marked = static_cast<int64_t>(unread.size());
  result.remaining_unread = CountUnread(recipient_id);
  return result;
}

int64_t MessageQueries::CountUnread(int64_t recipient_id) {
  SQLite::Statement& query = c_.Prepare(kCountUnreadSql);
  query.bind(1, recipient_id);
  return ReadCount(query);
}

std::vector<ConversationSummary> MessageQueries::ListConversations(
    int64_t account_id) {
  SQLite::Statement& query = c_.Prepare(kConversationsSql.data());
  query.bind(1, account_id);
  std::vector<ConversationSummary> conversations;
  while (query.executeStep()) {
    ConversationSummary& summary = conversations.emplace_back();
    summary.peer = ReadAccountRow(query, 0);
    summary.unread_count = query.getColumn(3).getInt64();
    summary.message_count = query.getColumn(4).getInt64();
    summary.last_message = ReadMessageRow(query, 5);
  }
  return conversations;
}

std::vector<MessageRecord> MessageQueries::History(int64_t account_id,
                                                   int64_t peer_id,
                                                   int64_t before_id,
                                                   int limit) {
  SQLite::Statement& query = c_.Prepare(kHistorySql.data());
  query.bind(1, account_id);
  query.bind(2, peer_id);
  query.bind(3,
             before_id == 0 ? std::numeric_limits<int64_t>::max() : before_id);
  query.bind(4, limit);
  return ReadMessageRows(query);
}

std::vector<MessageRecord> MessageQueries::After(int64_t recipient_id,
                                                 int64_t after_id, int limit) {
  SQLite::Statement& query = c_.Prepare(kMessagesAfterSql.data());
  query.bind(1, recipient_id);
  query.bind(2, after_id);
  query.bind(3, limit);
  return ReadMessageRows(query);
}

std::vector<MessageRecord> MessageQueries::Between(int64_t after_id,
                                                   int64_t last_id, int limit) {
  SQLite::Statement& query = c_.Prepare(kMessagesBetweenSql.data());
  query.bind(1, after_id);
  query.bind(2, last_id);
  query.bind(3, limit);
  return ReadMessageRows(query);
}

absl::StatusOr<std::vector<MessageRecord>> MessageQueries::Delete(
    int64_t account_id, std::span<const int64_t> ids) {
  std::vector<MessageRecord> deleted;
  for (const int64_t id : DistinctIds(ids)) {
    SQLite::Statement& query = c_.Prepare(kMessageOfSql.data());
    query.bind(1, id);
    query.bind(2, account_id);
    if (!query.executeStep()) {
      return NotInYourConversations(id);
    }
    deleted.push_back(ReadMessageRow(query));
  }
  for (const MessageRecord& message : deleted) {
    SQLite::Statement& remove = c_.Prepare(kDeleteMessageSql);
    remove.bind(1, message.id);
    remove.exec();
  }
  return deleted;
}

void MessageQueries::MarkOneRead(int64_t id) {
  SQLite::Statement& update = c_.Prepare(kMarkReadSql);
  update.bind(1, id);
  update.exec();
}

}  // namespace parley::store
