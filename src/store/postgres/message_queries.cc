#include "store/postgres/message_queries.h"

#include <limits>
#include <pqxx/pqxx>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "store/concat_sql.h"
#include "store/contract_errors.h"
#include "store/postgres/account_queries.h"
#include "store/postgres/array_literals.h"
#include "store/postgres/change_log.h"
#include "store/postgres/message_row.h"
#include "store/postgres/notify_payload.h"

namespace parley::store::postgres {
namespace {

// Queries returning MessageRecords select message_row.h's columns and joins.

// The accounts of a batch that exist, locked so that none is deleted before
// the batch commits (the lock a foreign key check takes, taken up front).
constexpr Statement kLockAccountsForSend = {
    "parley_lock_accounts_for_send",
    "SELECT id FROM accounts WHERE id = ANY($1::bigint[]) FOR KEY SHARE"};

// One statement for the whole batch, so that the row lock of message_ids,
// taken here, is held for this statement and the commit only: it takes $1
// ids (in commit order: change_log.h), inserts the messages (the arrays, in
// input order) under them, and announces them on channel $6 as origin $7,
// to recipients $8 (notify_payload.h's RecipientsField). Returns the last
// id.
constexpr Statement kAppendMessages = {"parley_append_messages", R"sql(
  WITH ids AS (
    UPDATE message_ids SET last_id = last_id + $1 RETURNING last_id
  ), inserted AS (
    INSERT INTO messages (id, sender_id, recipient_id, body, sent_at_us)
    SELECT ids.last_id - $1 + m.ord, m.sender_id, m.recipient_id, m.body,
           m.sent_at_us
    FROM ids,
         unnest($2::bigint[], $3::bigint[], $4::bytea[], $5::bigint[])
           WITH ORDINALITY AS m(sender_id, recipient_id, body, sent_at_us, ord)
  )
  SELECT last_id,
         pg_notify($6, concat_ws(' ', 'm', $7::text, last_id - $1 + 1, last_id,
                                 $8::text))
  FROM ids
)sql"};

// FOR NO KEY UPDATE conflicts with itself, not with the FOR KEY SHARE of a
// send to the account.
constexpr Statement kLockRecipient = {
    "parley_lock_recipient",
    "SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE"};

constexpr auto kUnreadSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.recipient_id = $1 AND NOT m.read
  ORDER BY m.id
  LIMIT $2
)sql");
constexpr Statement kUnread = {"parley_unread", kUnreadSql.data()};

constexpr auto kUnreadFromPeerSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.recipient_id = $1 AND NOT m.read AND m.sender_id = $3
  ORDER BY m.id
  LIMIT $2
)sql");
constexpr Statement kUnreadFromPeer = {"parley_unread_from_peer",
                                       kUnreadFromPeerSql.data()};

constexpr Statement kMarkIdsRead = {
    "parley_mark_ids_read",
    "UPDATE messages SET read = true WHERE id = ANY($1::bigint[])"};

constexpr Statement kCountUnread = {
    "parley_count_unread",
    "SELECT count(*) FROM messages WHERE recipient_id = $1 AND NOT read"};

constexpr Statement kCountUnreadFromPeer = {"parley_count_unread_from_peer",
                                            R"sql(
  SELECT count(*) FROM messages
  WHERE recipient_id = $1 AND NOT read AND sender_id = $2
)sql"};

constexpr Statement kReadStateOf = {"parley_read_state_of", R"sql(
  SELECT id, read FROM messages
  WHERE recipient_id = $1 AND id = ANY($2::bigint[])
)sql"};

// Each message of $1 once, labelled with the other party (a message to oneself
// comes from the first branch only), grouped by that party.
constexpr auto kConversationsSql = ConcatSql(R"sql(
  WITH mine(peer_id, id, unread) AS (
    SELECT recipient_id, id, (recipient_id = $1 AND NOT read)::int
    FROM messages WHERE sender_id = $1
    UNION ALL
    SELECT sender_id, id, (NOT read)::int
    FROM messages WHERE recipient_id = $1 AND sender_id <> $1
  ),
  per_peer AS (
    SELECT peer_id, sum(unread) AS unread_count, count(*) AS message_count,
           max(id) AS last_id
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
constexpr Statement kConversations = {"parley_conversations",
                                      kConversationsSql.data()};

// One bounded index range per direction, then merged, so that a page costs the
// same however long the conversation is. With oneself ($1 = $2) the second
// direction would repeat the first.
constexpr auto kHistorySql = ConcatSql("SELECT ", kMessageRowColumns, R"sql(
  FROM (
    (SELECT id FROM messages
     WHERE sender_id = $1 AND recipient_id = $2 AND id < $3
     ORDER BY id DESC LIMIT $4)
    UNION ALL
    (SELECT id FROM messages
     WHERE sender_id = $2 AND recipient_id = $1 AND id < $3 AND $1 <> $2
     ORDER BY id DESC LIMIT $4)
  ) AS page
  JOIN messages m ON m.id = page.id
  )sql",
                                       kMessageRowJoins, R"sql(
  ORDER BY m.id DESC
  LIMIT $4
)sql");
constexpr Statement kHistory = {"parley_history", kHistorySql.data()};

constexpr auto kMessagesAfterSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.recipient_id = $1 AND m.id > $2
  ORDER BY m.id
  LIMIT $3
)sql");
constexpr Statement kMessagesAfter = {"parley_messages_after",
                                      kMessagesAfterSql.data()};

constexpr auto kMessagesBetweenSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.id > $1 AND m.id <= $2
  ORDER BY m.id
  LIMIT $3
)sql");
constexpr Statement kMessagesBetween = {"parley_messages_between",
                                        kMessagesBetweenSql.data()};

// The messages of $1 that $2 sent or received, locked against a concurrent
// delete.
constexpr auto kMessagesOfSql = ConcatSql(
    "SELECT ", kMessageRowColumns, " FROM messages m ", kMessageRowJoins, R"sql(
  WHERE m.id = ANY($1::bigint[]) AND (m.sender_id = $2 OR m.recipient_id = $2)
  FOR UPDATE OF m
)sql");
constexpr Statement kMessagesOf = {"parley_messages_of", kMessagesOfSql.data()};

constexpr Statement kDeleteMessages = {
    "parley_delete_messages",
    "DELETE FROM messages WHERE id = ANY($1::bigint[])"};

}  // namespace

absl::StatusOr<std::vector<int64_t>> MessageQueries::Append(
    std::span<const NewMessage> messages, const ChangeLogOptions& announce) {
  std::vector<int64_t> senders;
  std::vector<int64_t> recipients;
  std::vector<std::string_view> bodies;
  std::vector<int64_t> sent_at;
  std::vector<int64_t> accounts;
  for (const NewMessage& message : messages) {
    senders.push_back(message.sender_id);
    recipients.push_back(message.recipient_id);
    bodies.push_back(message.text);
    sent_at.push_back(message.sent_at_us);
    accounts.push_back(message.sender_id);
    accounts.push_back(message.recipient_id);
  }
  std::unordered_set<int64_t> existing;
  for (const pqxx::row& row :
       c_.Exec(kLockAccountsForSend, BigintArray(DistinctIds(accounts)))) {
    existing.insert(row[0].as<int64_t>());
  }
  for (const int64_t account : accounts) {
    if (!existing.contains(account)) return NoSuchAccount(account);
  }
  const auto count = static_cast<int64_t>(messages.size());
  const int64_t last =
      c_.Exec(kAppendMessages, count, BigintArray(senders),
              BigintArray(recipients), ByteaArray(bodies), BigintArray(sent_at),
              announce.channel, announce.origin,
              RecipientsField(DistinctIds(recipients)))[0][0]
          .as<int64_t>();
  const int64_t first = last - count + 1;
  std::vector<int64_t> ids;
  ids.reserve(messages.size());
  for (int64_t id = first; id <= last; ++id) ids.push_back(id);
  return ids;
}

UnreadBatch MessageQueries::ReadUnread(int64_t recipient_id,
                                       std::optional<int64_t> peer_id,
                                       int limit) {
  c_.Exec(kLockRecipient, recipient_id);
  UnreadBatch batch;
  batch.messages = ReadMessageRows(
      peer_id.has_value()
          ? c_.Exec(kUnreadFromPeer, recipient_id, limit, *peer_id)
          : c_.Exec(kUnread, recipient_id, limit));
  if (!batch.messages.empty()) {
    std::vector<int64_t> ids;
    for (MessageRecord& message : batch.messages) {
      ids.push_back(message.id);
      message.read = true;
    }
    c_.Exec(kMarkIdsRead, BigintArray(ids));
  }
  batch.remaining_unread =
      peer_id.has_value()
          ? c_.Exec(kCountUnreadFromPeer, recipient_id, *peer_id)[0][0]
                .as<int64_t>()
          : CountUnread(recipient_id);
  return batch;
}

absl::StatusOr<MarkReadResult> MessageQueries::MarkRead(
    int64_t recipient_id, std::span<const int64_t> ids) {
  c_.Exec(kLockRecipient, recipient_id);
  const std::vector<int64_t> distinct = DistinctIds(ids);
  std::unordered_map<int64_t, bool> read_of;
  for (const pqxx::row& row :
       c_.Exec(kReadStateOf, recipient_id, BigintArray(distinct))) {
    read_of.emplace(row[0].as<int64_t>(), row[1].as<bool>());
  }
  std::vector<int64_t> unread;
  for (const int64_t id : distinct) {
    const auto found = read_of.find(id);
    if (found == read_of.end()) return NotAMessageToYou(id);
    if (!found->second) unread.push_back(id);
  }
  if (!unread.empty()) c_.Exec(kMarkIdsRead, BigintArray(unread));
  MarkReadResult result;
  result.marked = static_cast<int64_t>(unread.size());
  result.remaining_unread = CountUnread(recipient_id);
  return result;
}

int64_t MessageQueries::CountUnread(int64_t recipient_id) {
  return c_.Exec(kCountUnread, recipient_id)[0][0].as<int64_t>();
}

std::vector<ConversationSummary> MessageQueries::ListConversations(
    int64_t account_id) {
  std::vector<ConversationSummary> conversations;
  for (const pqxx::row& row : c_.Exec(kConversations, account_id)) {
    ConversationSummary& summary = conversations.emplace_back();
    summary.peer = ReadAccountRow(row, 0);
    summary.unread_count = row[3].as<int64_t>();
    summary.message_count = row[4].as<int64_t>();
    summary.last_message = ReadMessageRow(row, 5);
  }
  return conversations;
}

std::vector<MessageRecord> MessageQueries::History(int64_t account_id,
                                                   int64_t peer_id,
                                                   int64_t before_id,
                                                   int limit) {
  return ReadMessageRows(c_.Exec(
      kHistory, account_id, peer_id,
      before_id == 0 ? std::numeric_limits<int64_t>::max() : before_id, limit));
}

std::vector<MessageRecord> MessageQueries::After(int64_t recipient_id,
                                                 int64_t after_id, int limit) {
  return ReadMessageRows(
      c_.Exec(kMessagesAfter, recipient_id, after_id, limit));
}

std::vector<MessageRecord> MessageQueries::Between(int64_t after_id,
                                                   int64_t last_id, int limit) {
  return ReadMessageRows(c_.Exec(kMessagesBetween, after_id, last_id, limit));
}

absl::StatusOr<std::vector<MessageRecord>> MessageQueries::Delete(
    int64_t account_id, std::span<const int64_t> ids) {
  const std::vector<int64_t> distinct = DistinctIds(ids);
  std::unordered_map<int64_t, MessageRecord> found;
  for (const pqxx::row& row :
       c_.Exec(kMessagesOf, BigintArray(distinct), account_id)) {
    MessageRecord message = ReadMessageRow(row);
    found.emplace(message.id, std::move(message));
  }
  std::vector<MessageRecord> deleted;
  deleted.reserve(distinct.size());
  for (const int64_t id : distinct) {
    const auto message = found.find(id);
    if (message == found.end()) return NotInYourConversations(id);
    deleted.push_back(std::move(message->second));
  }
  c_.Exec(kDeleteMessages, BigintArray(distinct));
  return deleted;
}

}  // namespace parley::store::postgres
