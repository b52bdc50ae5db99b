// The storage Parley's chat rules need, in their own words: accounts with their
// SCRAM verifiers, sessions, and messages between accounts. The rules depend
// only on this interface; each implementation lives in a folder of its own
// (sqlite/sqlite_store.h, postgres/postgres_store.h).
//
// Thread safety: a Store is safe for concurrent use from many threads without
// external locking. Each call is atomic: it either applies in full or not at
// all.
//
// Errors: methods return absl::Status codes the rules pass on: NOT_FOUND for a
// missing account, session or message, ALREADY_EXISTS for a taken name, as
// each method states. Any method may also return INTERNAL (with the database's
// message) when the database itself fails, having changed nothing, and a store
// on a database server UNAVAILABLE while it cannot reach the server (its own
// header says what such a call changed). Inputs are
// assumed valid (the rules check names, lengths and limits, and that limits
// are positive, before calling).
//
// Ownership: arguments, spans included, are only read during the call; results
// are the caller's. A Store must outlive every call in progress.
//
// Times are microseconds since the Unix epoch, supplied by the caller.
#ifndef PARLEY_STORE_STORE_H_
#define PARLEY_STORE_STORE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace parley::store {

// What the server keeps to check a SCRAM-SHA-256 login. None of it lets anyone
// log in.
struct Credentials {
  std::string salt;  // raw bytes
  uint32_t iterations = 0;
  std::string stored_key;  // raw 32 bytes
  std::string server_key;  // raw 32 bytes
};

struct AccountRecord {
  int64_t id = 0;  // never reused, so a re-registered name is a new account
  std::string username;
  int64_t created_at_us = 0;
};

struct AccountWithCredentials {
  AccountRecord account;
  Credentials credentials;
};

struct SessionRecord {
  int64_t account_id = 0;
  std::string username;
  int64_t expires_at_us = 0;
};

struct MessageRecord {
  int64_t id = 0;  // increases in commit order, never reused
  int64_t sender_id = 0;
  std::string sender;
  int64_t recipient_id = 0;
  std::string recipient;
  std::string text;
  int64_t sent_at_us = 0;
  bool read = false;
};

struct NewMessage {
  int64_t sender_id = 0;
  int64_t recipient_id = 0;
  std::string text;
  int64_t sent_at_us = 0;
};

struct AccountPage {
  std::vector<AccountRecord>
      accounts;             // ordered by name without regard to case
  int64_t total_count = 0;  // all matches, not just this page
};

struct UnreadBatch {
  std::vector<MessageRecord> messages;  // oldest first, now marked read
  int64_t remaining_unread = 0;         // unread left in the same scope
};

struct MarkReadResult {
  int64_t marked = 0;            // how many were unread before
  int64_t remaining_unread = 0;  // unread to the account afterwards
};

struct ConversationSummary {
  AccountRecord peer;
  int64_t unread_count = 0;   // from the peer, unread by the account
  int64_t message_count = 0;  // both directions
  MessageRecord last_message;
};

struct DeletedAccount {
  int64_t deleted_messages = 0;
  std::vector<AccountRecord> peers;  // accounts that had messages with it
};

class Store {
 public:
  virtual ~Store() = default;

  // Accounts.

  // Creates an account named `username` with `credentials`, created at
  // `now_us`, and returns it with its new id. ALREADY_EXISTS if the name is
  // taken without regard to case.
  virtual absl::StatusOr<AccountRecord> CreateAccount(
      std::string_view username, const Credentials& credentials,
      int64_t now_us) = 0;
  // Finds an account, with its credentials, by name without regard to case.
  // NOT_FOUND if there is none.
  virtual absl::StatusOr<AccountWithCredentials> FindAccount(
      std::string_view username) = 0;
  // Deletes an account with its sessions and every message it sent or received.
  // Returns the count of removed messages and the peers it had messages with.
  // NOT_FOUND if absent.
  virtual absl::StatusOr<DeletedAccount> DeleteAccount(int64_t account_id) = 0;
  // Accounts whose names match `pattern` (`*` any run, `?` one character,
  // everything else literal, case-insensitive), ordered by name, with names
  // greater than `after_name` (empty for the first page), at most `limit` of
  // them, and the total number of matches. No match is an empty page with a
  // total of 0, not an error.
  virtual absl::StatusOr<AccountPage> ListAccounts(std::string_view pattern,
                                                   std::string_view after_name,
                                                   int limit) = 0;

  // Sessions. Tokens are never stored, only their hashes.

  // Stores a session of `account_id` under `token_hash`, live until
  // `expires_at_us`. NOT_FOUND, storing nothing, if the account does not exist:
  // it may have been deleted while a sign-in was in flight, and the sign-in
  // relies on this answer to fail instead of handing out a token for no
  // account. `token_hash` must not be stored already (tokens are random); a
  // repeat is INTERNAL.
  virtual absl::Status CreateSession(std::string_view token_hash,
                                     int64_t account_id,
                                     int64_t expires_at_us) = 0;
  // The live session with this hash. NOT_FOUND if absent or expired at
  // `now_us`.
  virtual absl::StatusOr<SessionRecord> FindSession(std::string_view token_hash,
                                                    int64_t now_us) = 0;
  // Removes a session. OK even if it was already gone.
  virtual absl::Status DeleteSession(std::string_view token_hash) = 0;
  // Removes sessions that expired before `now_us`; returns how many.
  virtual absl::StatusOr<int64_t> DeleteExpiredSessions(int64_t now_us) = 0;

  // Messages.

  // Stores messages in one transaction, durable on return. Returns their ids in
  // input order; none for no messages. NOT_FOUND, naming the account, if a
  // sender or recipient no longer exists (nothing is stored then).
  virtual absl::StatusOr<std::vector<int64_t>> AppendMessages(
      std::span<const NewMessage> messages) = 0;
  // The oldest unread messages to `recipient_id` (only from `peer_id` if set),
  // at most `limit`, marked read in the same transaction, and how many stay
  // unread in that scope. An unknown account has none.
  virtual absl::StatusOr<UnreadBatch> ReadUnread(int64_t recipient_id,
                                                 std::optional<int64_t> peer_id,
                                                 int limit) = 0;
  // Marks messages to `recipient_id` read; a repeated id counts once. Returns
  // how many were unread and how many messages to the account stay unread.
  // NOT_FOUND, changing nothing, if any id is not a message to `recipient_id`.
  virtual absl::StatusOr<MarkReadResult> MarkRead(
      int64_t recipient_id, std::span<const int64_t> ids) = 0;
  // How many messages to the account are unread; 0 for an unknown account.
  virtual absl::StatusOr<int64_t> CountUnread(int64_t recipient_id) = 0;
  // One summary per peer the account has messages with, newest last message
  // first; empty for an account without messages or an unknown one.
  virtual absl::StatusOr<std::vector<ConversationSummary>> ListConversations(
      int64_t account_id) = 0;
  // Messages between the two accounts (both directions) with id < `before_id`
  // (0 means no bound), newest first, at most `limit`; empty if there are
  // none.
  virtual absl::StatusOr<std::vector<MessageRecord>> GetHistory(
      int64_t account_id, int64_t peer_id, int64_t before_id, int limit) = 0;
  // Messages to `recipient_id` with id > `after_id`, oldest first, at most
  // `limit`; empty if there are none.
  virtual absl::StatusOr<std::vector<MessageRecord>> MessagesAfter(
      int64_t recipient_id, int64_t after_id, int limit) = 0;
  // Messages to anyone with `after_id` < id <= `last_id`, oldest first, at
  // most `limit`; empty if there are none. Since ids increase in commit order,
  // a server that saw id `last_id` committed (by any server on the database)
  // reads with this every message committed before it: how a server hears of
  // the messages other servers committed (docs/postgres.md).
  virtual absl::StatusOr<std::vector<MessageRecord>> MessagesBetween(
      int64_t after_id, int64_t last_id, int limit) = 0;
  // Deletes messages from the account's conversations (sent or received by it)
  // and returns them; a repeated id counts once. NOT_FOUND, deleting nothing,
  // if any id is not such a message.
  virtual absl::StatusOr<std::vector<MessageRecord>> DeleteMessages(
      int64_t account_id, std::span<const int64_t> ids) = 0;

  // Health.

  // Commits a write that changes nothing anyone reads, so that a database
  // that cannot take writes (a read-only file, a full disk, a database server
  // that is down or read-only) shows before a user's write fails. OK if it
  // committed; otherwise the error a write would get.
  virtual absl::Status ProbeWrite() = 0;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_STORE_H_
