// The Store backed by one SQLite database file. It brings the schema up to date
// at open (sqlite_migrations.h), runs reads on pooled connections
// (connection_pool.h) and every write on the one connection kept for writing
// (write_connection.h), while a thread of its own copies the WAL back into the
// database file and lets it start over (wal_checkpointer.h).
//
// Thread safety: safe for concurrent use from many threads without external
// locking, as Store requires. Reads run in parallel (WAL); writes run one at a
// time.
//
// Ownership: the store owns its connections and closes them when destroyed; it
// must outlive every call in progress.
//
// Errors: as Store describes. A constraint SQLite reports is mapped to the
// Store code it means (a taken name to ALREADY_EXISTS, a vanished account to
// NOT_FOUND); any other SQLite failure becomes INTERNAL with the SQLite message
// and is logged. No exception leaves a Store method.
//
// Durability: a write is committed before its method returns. With the default
// options a commit survives a crash of the process but not necessarily a power
// loss; see SqliteConnectionOptions::full_sync.
#ifndef PARLEY_STORE_SQLITE_SQLITE_STORE_H_
#define PARLEY_STORE_SQLITE_SQLITE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "store/sqlite/connection_pool.h"
#include "store/sqlite/file_lock.h"
#include "store/sqlite/sqlite_connection.h"
#include "store/sqlite/wal_checkpointer.h"
#include "store/sqlite/write_connection.h"
#include "store/store.h"

namespace parley::store {

struct SqliteStoreOptions {
  SqliteConnectionOptions connection;
  // Idle connections kept open for reuse; more are opened while more calls run
  // at once.
  size_t max_idle_connections = 8;
  // Page cache of the connection that writes, in KiB: large enough for the
  // hot index pages of the message table.
  int writer_cache_size_kib = 64 * 1024;
  // WAL growth, in pages, that triggers a background checkpoint, or half the
  // WAL's restart size when that is less (so by default: half of it). A
  // checkpoint copies each page once however often it changed since the last
  // one, so a large database, whose index pages each change many times in a
  // few thousand frames, is written back less often than SQLite's own 1,000.
  int checkpoint_frames = 8192;
  // The WAL starts over once it holds about as many pages as the database,
  // but never fewer than `min_wal_restart_frames` (4 MiB with 4 KiB pages)
  // nor more than `wal_restart_frames` (64 MiB), so the disk a WAL needs is
  // proportionate to the data; see wal_checkpointer.h and docs/operations.md.
  int min_wal_restart_frames = 1024;
  int wal_restart_frames = 16384;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database at `path` and migrates it to the
  // current schema, holding `path`.lock for the store's life.
  // FAILED_PRECONDITION if it was written by a newer Parley, if another store
  // (in any process) holds it, or if this process cannot write it; INTERNAL
  // if it cannot be opened or migrated.
  static absl::StatusOr<std::unique_ptr<SqliteStore>> Open(
      const std::string& path, const SqliteStoreOptions& options);

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  // Stops the checkpoint thread and closes every connection.
  ~SqliteStore() override;

  // Store. Each method keeps its contract in store.h; the SQL behind it is in
  // account_queries.h, session_queries.h or message_queries.h.

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

 private:
  // How a call uses its connection.
  enum class Access {
    kRead,  // a single read statement, which SQLite runs as its own transaction
    kSnapshot,  // several reads that must agree: one read transaction
    kWrite,     // any write: one write transaction, taken with BEGIN IMMEDIATE
  };

  SqliteStore(const std::string& path, const SqliteStoreOptions& options,
              std::unique_ptr<FileLock> lock);

  // Runs `body` with the given access, writes on the write connection and
  // reads on a pooled one, and returns its result; INTERNAL if no connection
  // can be opened.
  template <typename Body>
  std::invoke_result_t<Body&, SqliteConnection&> Run(Access access,
                                                     Body&& body);
  // Runs `body` on `c` in the transaction `access` asks for, commits if it
  // returns OK and rolls back otherwise, and turns exceptions into INTERNAL.
  template <typename Body>
  std::invoke_result_t<Body&, SqliteConnection&> RunOn(SqliteConnection& c,
                                                       Access access,
                                                       Body& body);

  // First: released after every connection has closed.
  const std::unique_ptr<FileLock> lock_;
  ConnectionPool pool_;
  // Declared before writer_, so that it outlives writer_, whose commit hook
  // points at it.
  WalCheckpointer checkpointer_;
  WriteConnection writer_;
};

}  // namespace parley::store

#endif  // PARLEY_STORE_SQLITE_SQLITE_STORE_H_
