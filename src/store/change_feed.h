// How servers that share one database hear of each other's changes: after a
// commit that other servers must act on (messages stored or deleted, an
// account deleted, a session ended), the server that made it announces a
// Change; every other server on the database receives it on its feed's
// thread. A Change is a wake-up that says what changed, never a message's
// text: a server woken by MessagesCommitted reads the messages from the store
// (Store::MessagesBetween).
//
// Announcements may be lost (a server killed between its commit and its
// announcement, a feed whose connection dropped), so a feed also tells its
// listener, whenever it may have missed some, the highest message id
// committed so far (ChangeListener::OnMissed): messages are never lost, only
// late. The other kinds of change are not replayed.
//
// A store on a database no other server can reach (SQLite) has no feed; the
// server then runs without one.
//
// Thread safety: Announce may be called from any thread. The listener is
// called on the feed's own thread, one call at a time, in the order the
// feed received the changes.
#ifndef PARLEY_STORE_CHANGE_FEED_H_
#define PARLEY_STORE_CHANGE_FEED_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"

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

using Change = std::variant<MessagesCommitted, MessagesDeleted, AccountDeleted,
                            SessionEnded>;

class ChangeListener {
 public:
  virtual ~ChangeListener() = default;
  // Another server committed `change`. Must not throw.
  virtual void OnChange(const Change& change) = 0;
  // Changes may have been missed; every message up to `last_message_id` is
  // committed. Must not throw.
  virtual void OnMissed(int64_t last_message_id) = 0;
};

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;

  // Starts receiving changes from the other servers and calling `listener`
  // (not owned; it must outlive Stop) with them, on the feed's thread, until
  // Stop. Returns the highest message id committed when receiving began:
  // every later commit reaches `listener` (or OnMissed covers it).
  // UNAVAILABLE if the database cannot be reached. At most once.
  virtual absl::StatusOr<int64_t> Start(ChangeListener* listener) = 0;
  // Tells the other servers of a change this one committed. Best effort: a
  // failure is logged, not returned (OnMissed covers lost messages). May
  // block for one round trip to the database, and as long as connecting
  // takes while it is unreachable.
  virtual void Announce(const Change& change) = 0;
  // Stops the feed's thread; the listener is not called after it returns.
  // Idempotent.
  virtual void Stop() = 0;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_CHANGE_FEED_H_
