// The SQL behind the message methods of PostgresStore: appending with ids in
// commit order, reading and marking unread messages, conversations, history
// and deleting.
//
// Every method runs its statements on the connection it was given, inside the
// transaction the caller opened (PostgresStore commits or rolls it back); the
// methods that write or read more than once need a write transaction. Errors:
// the Store codes (store.h) for what the data says, leaving it to the caller
// to roll back; libpqxx's exceptions for any failure of the database itself,
// which the caller maps (postgres_errors.h).
//
// Thread safety: as the connection's, one thread at a time. Concurrent
// transactions on other connections are ordered by row locks, as each method
// says.
//
// Ownership: borrows the connection, which must outlive the MessageQueries.
// Spans are read during the call only.
#ifndef PARLEY_STORE_POSTGRES_MESSAGE_QUERIES_H_
#define PARLEY_STORE_POSTGRES_MESSAGE_QUERIES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "store/postgres/change_log.h"
#include "store/postgres/postgres_connection.h"
#include "store/store.h"

namespace parley::store::postgres {

class MessageQueries {
 public:
  explicit MessageQueries(PostgresConnection& c) : c_(c) {}

  // Store::AppendMessages, for a non-empty batch: NOT_FOUND, naming the first
  // missing account (a message's sender before its recipient), if one does
  // not exist. Locks every account of the batch FOR KEY SHARE first, so none
  // can be deleted before the commit, then, in one statement, takes the
  // batch's ids from the message_ids row, whose lock the transaction holds
  // until it commits (the next batch's ids are handed out only after this one
  // is committed or rolled back, which puts ids in commit order:
  // docs/postgres.md), inserts the messages and announces them as `announce`
  // says, at the commit.
  absl::StatusOr<std::vector<int64_t>> Append(
      std::span<const NewMessage> messages, const ChangeLogOptions& announce);
  // Store::ReadUnread. Locks the recipient's row (FOR NO KEY UPDATE, which
  // does not hold up sends to it), so that two readers of one account never
  // return the same message.
  UnreadBatch ReadUnread(int64_t recipient_id, std::optional<int64_t> peer_id,
                         int limit);
  // Store::MarkRead: NOT_FOUND, having marked nothing, if any id is not a
  // message to `recipient_id`. Locks the recipient's row as ReadUnread does.
  absl::StatusOr<MarkReadResult> MarkRead(int64_t recipient_id,
                                          std::span<const int64_t> ids);
  // Store::CountUnread.
  int64_t CountUnread(int64_t recipient_id);
  // Store::ListConversations.
  std::vector<ConversationSummary> ListConversations(int64_t account_id);
  // Store::GetHistory.
  std::vector<MessageRecord> History(int64_t account_id, int64_t peer_id,
                                     int64_t before_id, int limit);
  // Store::MessagesAfter.
  std::vector<MessageRecord> After(int64_t recipient_id, int64_t after_id,
                                   int limit);
  // Store::MessagesBetween.
  std::vector<MessageRecord> Between(int64_t after_id, int64_t last_id,
                                     int limit);
  // Store::DeleteMessages: NOT_FOUND, having deleted nothing, if any id is not
  // a message sent or received by `account_id`. Locks the messages, so that
  // of two accounts deleting one message at once, one gets it and the other
  // NOT_FOUND.
  absl::StatusOr<std::vector<MessageRecord>> Delete(
      int64_t account_id, std::span<const int64_t> ids);

 private:
  PostgresConnection& c_;
};

}  // namespace parley::store::postgres

#endif  // PARLEY_STORE_POSTGRES_MESSAGE_QUERIES_H_
