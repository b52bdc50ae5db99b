// The Store backed by a PostgreSQL database, which several Parley servers may
// share. It brings the schema up to date at open (postgres_migrations.h) and
// runs each call on a connection of its own from a bounded pool
// (connection_pool.h), in one transaction, with statements prepared once per
// connection (the SQL is in account_queries.h, session_queries.h and
// message_queries.h).
//
// Order: message ids increase in commit order across every server on the
// database, so a reader that has seen id N has seen every message below it
// (message_queries.h; the argument is in docs/postgres.md).
//
// Other servers: every commit that other servers on the database must hear
// of announces itself, and deletions and sign-outs are logged, inside the
// committing transaction (change_log.h); NewChangeFeed hears the others'.
//
// Thread safety: safe for concurrent use from many threads without external
// locking, as Store requires. Calls run in parallel up to the pool's size;
// message writes, from every server, commit one at a time.
//
// Ownership: the store owns its connections and closes them when destroyed;
// it must outlive every call in progress.
//
// Errors: as Store describes, and UNAVAILABLE, with a message that says so,
// when PostgreSQL cannot be reached (connecting gives up after
// connect_timeout), goes away during a call, or is shutting down; the call
// then changed nothing, except that a commit cut off midway may or may not
// have been applied (the message says which case it is). The pool connects
// again on the next call, so the store recovers by itself when the server is
// back. Constraints PostgreSQL reports are mapped to the Store code they mean
// (a taken name to ALREADY_EXISTS, a vanished account to NOT_FOUND); any other
// failure is INTERNAL with PostgreSQL's message, and is logged. No exception
// leaves a Store method.
//
// Durability: a call answered OK has committed, with the server's own
// synchronous_commit (on by default: flushed to its WAL).
#ifndef PARLEY_STORE_POSTGRES_POSTGRES_STORE_H_
#define PARLEY_STORE_POSTGRES_POSTGRES_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "store/change_feed.h"
#include "store/postgres/change_log.h"
#include "store/postgres/connection_pool.h"
#include "store/postgres/postgres_change_feed.h"
#include "store/postgres/postgres_connection.h"
#include "store/store.h"
#include "store/throttle_table.h"

namespace parley::store {

struct PostgresStoreOptions {
  // Connections open at once, each a server process; a call waits for one
  // when all are busy.
  size_t max_connections = 16;
  // How long a call waits for a busy pool before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(10);
  // libpq's connect_timeout, in seconds, unless the URL sets its own: how long
  // connecting to an unreachable server may take before UNAVAILABLE.
  int connect_timeout_s = 5;
  // How long deletions and sign-outs stay in the change log for servers that
  // fell behind (change_log.h).
  absl::Duration change_retention = absl::Hours(24);
  // Run inside every AppendMessages transaction after its messages are
  // inserted and before it commits, with the ids already taken; tests widen
  // that window with it to race writers against readers. Empty in servers.
  std::function<void()> before_append_commit;
};

class PostgresStore final : public Store, public ThrottleTable {
 public:
  // Connects to the database at `url` (postgresql://user@host:port/db?...,
  // libpq's URL form) and migrates it to the current schema.
  // UNAVAILABLE if the server cannot be reached; FAILED_PRECONDITION if the
  // database was written by a newer Parley; INTERNAL if it cannot be migrated.
  static absl::StatusOr<std::unique_ptr<PostgresStore>> Open(
      const std::string& url, const PostgresStoreOptions& options);

  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;
  // Closes every connection.
  ~PostgresStore() override;

  // Store. Each method keeps its contract in store.h.

  absl::StatusOr<AccountRecord> CreateAccount(std::string_view username,
                                              const Credentials& credentials,
                                              int64_t now_us) override;
  absl::StatusOr<AccountWithCredentials> FindAccount(
      std::string_view username) override;
  absl::StatusOr<DeletedAccount> DeleteAccount(int64_t account_id) override;
  absl::StatusOr<AccountPage> ListAccounts(std::string_view pattern,
                                           std::string_view after_name,
                                           int limit) override;

  absl::Status CreateSession(std::string_view token_hash, int64_t account_id,
                             int64_t expires_at_us) override;
  absl::StatusOr<SessionRecord> FindSession(std::string_view token_hash,
                                            int64_t now_us) override;
  absl::Status DeleteSession(std::string_view token_hash) override;
  absl::StatusOr<int64_t> DeleteExpiredSessions(int64_t now_us) override;

  // One transaction for the whole span: the send pipeline's group commit.
  absl::StatusOr<std::vector<int64_t>> AppendMessages(
      std::span<const NewMessage> messages) override;
  absl::StatusOr<UnreadBatch> ReadUnread(int64_t recipient_id,
                                         std::optional<int64_t> peer_id,
                                         int limit) override;
  absl::StatusOr<MarkReadResult> MarkRead(
      int64_t recipient_id, std::span<const int64_t> ids) override;
  absl::StatusOr<int64_t> CountUnread(int64_t recipient_id) override;
  absl::StatusOr<std::vector<ConversationSummary>> ListConversations(
      int64_t account_id) override;
  absl::StatusOr<std::vector<MessageRecord>> GetHistory(int64_t account_id,
                                                        int64_t peer_id,
                                                        int64_t before_id,
                                                        int limit) override;
  absl::StatusOr<std::vector<MessageRecord>> MessagesAfter(int64_t recipient_id,
                                                           int64_t after_id,
                                                           int limit) override;
  absl::StatusOr<std::vector<MessageRecord>> MessagesBetween(
      int64_t after_id, int64_t last_id, int limit) override;
  absl::StatusOr<std::vector<MessageRecord>> DeleteMessages(
      int64_t account_id, std::span<const int64_t> ids) override;
  // Writes the schema version over itself.
  absl::Status ProbeWrite() override;

  // ThrottleTable: sign-in throttling shared by every server on the
  // database. Update runs in a transaction of its own.

  const std::string& secret() const override { return throttle_secret_; }
  absl::Status Update(
      std::span<ThrottleCell> cells,
      absl::FunctionRef<void(std::span<ThrottleCell>)> update) override;

  // Other servers on the database.

  // A feed of the other servers' commits (it ignores this store's own), with
  // a listening connection of its own; not started. The store must outlive
  // it.
  std::unique_ptr<ChangeFeed> NewChangeFeed(
      const PostgresChangeFeedOptions& options);
  // ChangeFeed::ChangesBetween for the feeds of this store: the changes the
  // other servers logged.
  absl::StatusOr<ChangeBatch> ChangesBetween(int64_t after_id, int64_t last_id,
                                             int limit);

 private:
  PostgresStore(const std::string& url, PostgresStoreOptions options);

  // Runs `body` on a leased connection in a transaction of `mode`, commits if
  // it returns OK and rolls back otherwise, and turns exceptions into
  // statuses (postgres_errors.h). A deadlock or serialization failure runs it
  // again, up to kAttempts times in all; a lost connection is closed with
  // the pool's idle ones.
  template <typename Body>
  std::invoke_result_t<Body&, postgres::PostgresConnection&> Run(
      postgres::TransactionMode mode, Body&& body);

  static constexpr int kAttempts = 3;

  const std::string url_;
  const PostgresStoreOptions options_;
  postgres::ConnectionPool pool_;
  // The origin is this store's own; the channel is set by Open, and so is
  // the secret.
  postgres::ChangeLogOptions change_log_;
  std::string throttle_secret_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_POSTGRES_POSTGRES_STORE_H_
