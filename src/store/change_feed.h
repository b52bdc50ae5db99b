// How servers that share one database hear of each other's commits. Message
// ids and the ids of the other changes (messages deleted, an account deleted,
// a session ended) come from one counter in commit order, so "everything up to
// id N" names a point in the database's history that every server agrees on.
// A store shared by several servers records each change in the transaction
// that makes it, and announces each commit to the others (a small wake-up
// that names ids, never a message's text); a server woken reads what it has
// not seen: messages with Store::MessagesBetween, the other changes with
// ChangeFeed::ChangesBetween.
//
// Nothing is lost with an announcement: announcements go out with the commit
// that makes the change, and a feed that may have missed some (its connection
// dropped, or no announcement came for a while) tells its listener how far
// the database has committed (OnCommittedThrough), from which the listener
// reads what it has not seen.
//
// A store on a database no other server can reach (SQLite) has no feed; the
// server then runs without one.
//
// Thread safety: the listener is called on the feed's own thread, one call at
// a time. ChangesBetween may be called from any thread.
#ifndef PARLEY_STORE_CHANGE_FEED_H_
#define PARLEY_STORE_CHANGE_FEED_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace parley::store {

// Messages with ids first_id..last_id (all of them committed) were stored;
// `recipient_ids` are their recipients, each once, or empty when they are not
// known (any account may be one).
struct MessagesCommitted {
  int64_t first_id = 0;
  int64_t last_id = 0;
  std::vector<int64_t> recipient_ids;
};

// `deleted_by` deleted messages `ids` of the conversation of `account_id`
// with `peer` (names as the accounts have them).
struct MessagesDeleted {
  int64_t account_id = 0;
  std::string peer;
  std::string deleted_by;
  std::vector<int64_t> ids;
};

// The account was deleted with its sessions; `peer_ids` had messages with it.
struct AccountDeleted {
  int64_t account_id = 0;
  std::string username;
  std::vector<int64_t> peer_ids;
};

// The session stored under `token_hash` (raw bytes) of `account_id` ended.
struct SessionEnded {
  int64_t account_id = 0;
  std::string token_hash;
};

// A change other servers must act on, besides new messages.
using Change = std::variant<MessagesDeleted, AccountDeleted, SessionEnded>;

// A change as the database recorded it, with its id in commit order.
struct LoggedChange {
  int64_t id = 0;
  Change change;
};

// Changes read from the log: every change with an id up to `read_through`
// (and above the id asked from) is in `changes`, or is one this build does
// not understand (a newer Parley's), which was left out.
struct ChangeBatch {
  std::vector<LoggedChange> changes;
  int64_t read_through = 0;
};

// What each account must hear of messages `deleted_by` deleted: one change
// per party of each conversation, naming the other party as the peer, with
// the ids in the order given. A message to oneself is told once.
std::vector<MessagesDeleted> DeletionsOf(std::span<const MessageRecord> deleted,
                                         std::string_view deleted_by);

class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  // Another server stored `messages`. Must not throw.
  virtual void OnMessagesCommitted(const MessagesCommitted& messages) = 0;
  // Every message and change with an id up to `last_id` is committed, and
  // some of them may not have been announced to this listener. Must not
  // throw.
  virtual void OnCommittedThrough(int64_t last_id) = 0;
};

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;

  // Starts receiving the other servers' announcements and calling `listener`
  // (not owned; it must outlive Stop) with them, on the feed's thread, until
  // Stop. Returns the highest id committed when receiving began: every later
  // commit reaches `listener`. UNAVAILABLE if the database cannot be reached.
  // At most once.
  virtual absl::StatusOr<int64_t> Start(ChangeListener* listener) = 0;
  // The changes other servers committed with ids in (after_id, last_id], in
  // id order: all of them, or the first `limit` (positive) read, with
  // read_through telling how far the batch goes. OUT_OF_RANGE if some of
  // them are no longer kept (changes are kept for a while, then dropped):
  // the caller has fallen too far behind to know what it missed. UNAVAILABLE
  // while the database cannot be reached. Blocks for a round trip to the
  // database.
  virtual absl::StatusOr<ChangeBatch> ChangesBetween(int64_t after_id,
                                                     int64_t last_id,
                                                     int limit) = 0;
  // Stops the feed's thread; the listener is not called after it returns.
  // Idempotent.
  virtual void Stop() = 0;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_CHANGE_FEED_H_
