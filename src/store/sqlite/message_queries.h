// The SQL behind the message methods of SqliteStore: appending, reading and
// marking unread messages, conversations, history and deleting.
//
// Every method runs its statements on the connection it was given, inside the
// transaction the caller opened, if any (SqliteStore commits or rolls it
// back); the methods that write or read more than once need one. Errors: the
// Store codes (store.h) for what the data says, leaving it to the caller to
// roll back; SQLite::Exception for any failure of SQLite itself, which the
// caller turns into INTERNAL.
//
// Thread safety: as the connection's, one thread at a time.
//
// Ownership: borrows the connection, which must outlive the MessageQueries.
// Spans are read during the call only.
#ifndef PARLEY_STORE_SQLITE_MESSAGE_QUERIES_H_
#define PARLEY_STORE_SQLITE_MESSAGE_QUERIES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/store.h"

namespace parley::store {

class MessageQueries {
 public:
  explicit MessageQueries(SqliteConnection& c) : c_(c) {}

  // Store::AppendMessages, for a non-empty batch: NOT_FOUND, naming the
  // missing account, if a sender or recipient does not exist (the messages
  // inserted before it stay until the caller rolls back).
  absl::StatusOr<std::vector<int64_t>> Append(
      std::span<const NewMessage> messages);
  // Store::ReadUnread.
  UnreadBatch ReadUnread(int64_t recipient_id, std::optional<int64_t> peer_id,
                         int limit);
  // Store::MarkRead: NOT_FOUND, having marked nothing, if any id is not a
  // message to `recipient_id`.
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
  // a message sent or received by `account_id`.
  absl::StatusOr<std::vector<MessageRecord>> Delete(
      int64_t account_id, std::span<const int64_t> ids);

 private:
  void MarkOneRead(int64_t id);

  SqliteConnection& c_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_MESSAGE_QUERIES_H_
