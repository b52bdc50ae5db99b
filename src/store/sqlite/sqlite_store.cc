#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "store/sqlite/account_queries.h"
#include "store/sqlite/message_queries.h"
#include "store/sqlite/session_queries.h"
#include "store/sqlite/sqlite_migrations.h"

namespace parley::store {
namespace {

// The write connection's, with its larger page cache.
SqliteConnectionOptions WriterOptions(const SqliteStoreOptions& options) {
  SqliteConnectionOptions writer = options.connection;
  writer.cache_size_kib = options.writer_cache_size_kib;
  return writer;
}

// FAILED_PRECONDITION unless this process can write the database: a server
// that could read but not write would start, answer health checks, and then
// fail every send and sign-in.
absl::Status CheckWritable(const std::string& path, SQLite::Database& db) {
  std::string why;
  if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
    why = "the file is read-only to this server's user";
  } else {
    try {
      // Takes the write lock, which needs the -wal and -shm files beside it.
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
    } catch (const SQLite::Exception& e) {
      why = e.what();
    }
  }
  if (why.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "cannot write the database ", path, ": ", why,
      " (the server needs to write the file and create files beside it)"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::Open(
    const std::string& path, const SqliteStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<FileLock>> lock =
      FileLock::Acquire(path + ".lock");
  if (!lock.ok()) return lock.status();
  std::unique_ptr<SqliteStore> store(
      new SqliteStore(path, options, *std::move(lock)));
  absl::StatusOr<ConnectionPool::Lease> lease = store->pool_.Acquire();
  if (!lease.ok()) return lease.status();
  // Checked first, so that a read-only file is named as such rather than as
  // a failed migration.
  if (absl::Status writable = CheckWritable(path, (*lease)->db());
      !writable.ok()) {
    return writable;
  }
  if (absl::Status migrated = Migrate((*lease)->db()); !migrated.ok()) {
    return migrated;
  }
  PARLEY_LOG(kInfo) << "opened SQLite store " << path << " at schema version "
                    << kLatestSchemaVersion;
  return store;
}

SqliteStore::SqliteStore(const std::string& path,
                         const SqliteStoreOptions& options,
                         std::unique_ptr<FileLock> lock)
    : lock_(std::move(lock)),
      pool_(path, options.connection, options.max_idle_connections),
      checkpointer_(path, options.connection, options.checkpoint_frames,
                    options.min_wal_restart_frames, options.wal_restart_frames),
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

// Store: accounts.

absl::StatusOr<AccountRecord> SqliteStore::CreateAccount(
    std::string_view username, const Credentials& credentials, int64_t now_us) {
  return Run(Access::kWrite, [&](SqliteConnection& c) {
    return AccountQueries(c).Create(username, credentials, now_us);
  });
}

absl::StatusOr<AccountWithCredentials> SqliteStore::FindAccount(
    std::string_view username) {
  return Run(Access::kRead, [&](SqliteConnection& c) {
    return AccountQueries(c).Find(username);
  });
}

absl::StatusOr<DeletedAccount> SqliteStore::DeleteAccount(int64_t account_id) {
  return Run(Access::kWrite, [&](SqliteConnection& c) {
    return AccountQueries(c).Delete(account_id);
  });
}

absl::StatusOr<AccountPage> SqliteStore::ListAccounts(
    std::string_view pattern, std::string_view after_name, int limit) {
  return Run(Access::kSnapshot,
             [&](SqliteConnection& c) -> absl::StatusOr<AccountPage> {
               return AccountQueries(c).List(pattern, after_name, limit);
             });
}

// Store: sessions.

absl::Status SqliteStore::CreateSession(std::string_view token_hash,
                                        int64_t account_id,
                                        int64_t expires_at_us) {
  return Run(Access::kWrite, [&](SqliteConnection& c) {
    return SessionQueries(c).Create(token_hash, account_id, expires_at_us);
  });
}

absl::StatusOr<SessionRecord> SqliteStore::FindSession(
    std::string_view token_hash, int64_t now_us) {
  return Run(Access::kRead, [&](SqliteConnection& c) {
    return SessionQueries(c).Find(token_hash, now_us);
  });
}

absl::Status SqliteStore::DeleteSession(std::string_view token_hash) {
  return Run(Access::kWrite, [&](SqliteConnection& c) -> absl::Status {
    SessionQueries(c).Delete(token_hash);
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> SqliteStore::DeleteExpiredSessions(int64_t now_us) {
  return Run(Access::kWrite,
             [&](SqliteConnection& c) -> absl::StatusOr<int64_t> {
               return SessionQueries(c).DeleteExpired(now_us);
             });
}

// Store: messages.

absl::StatusOr<std::vector<int64_t>> SqliteStore::AppendMessages(
    std::span<const NewMessage> messages) {
  if (messages.empty()) return std::vector<int64_t>();
  return Run(Access::kWrite, [&](SqliteConnection& c) {
    return MessageQueries(c).Append(messages);
  });
}

absl::StatusOr<UnreadBatch> SqliteStore::ReadUnread(
    int64_t recipient_id, std::optional<int64_t> peer_id, int limit) {
  return Run(
      Access::kWrite, [&](SqliteConnection& c) -> absl::StatusOr<UnreadBatch> {
        return MessageQueries(c).ReadUnread(recipient_id, peer_id, limit);
      });
}

absl::StatusOr<MarkReadResult> SqliteStore::MarkRead(
    int64_t recipient_id, std::span<const int64_t> ids) {
  return Run(Access::kWrite, [&](SqliteConnection& c) {
    return MessageQueries(c).MarkRead(recipient_id, ids);
  });
}

absl::StatusOr<int64_t> SqliteStore::CountUnread(int64_t recipient_id) {
  return Run(Access::kRead,
             [&](SqliteConnection& c) -> absl::StatusOr<int64_t> {
               return MessageQueries(c).CountUnread(recipient_id);
             });
}

absl::StatusOr<std::vector<ConversationSummary>> SqliteStore::ListConversations(
    int64_t account_id) {
  return Run(Access::kRead,
             [&](SqliteConnection& c)
                 -> absl::StatusOr<std::vector<ConversationSummary>> {
               return MessageQueries(c).ListConversations(account_id);
             });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::GetHistory(
    int64_t account_id, int64_t peer_id, int64_t before_id, int limit) {
  return Run(
      Access::kRead,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        return MessageQueries(c).History(account_id, peer_id, before_id, limit);
      });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::MessagesAfter(
    int64_t recipient_id, int64_t after_id, int limit) {
  return Run(
      Access::kRead,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        return MessageQueries(c).After(recipient_id, after_id, limit);
      });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::MessagesBetween(
    int64_t after_id, int64_t last_id, int limit) {
  return Run(
      Access::kRead,
      [&](SqliteConnection& c) -> absl::StatusOr<std::vector<MessageRecord>> {
        return MessageQueries(c).Between(after_id, last_id, limit);
      });
}

absl::StatusOr<std::vector<MessageRecord>> SqliteStore::DeleteMessages(
    int64_t account_id, std::span<const int64_t> ids) {
  return Run(Access::kWrite, [&](SqliteConnection& c) {
    return MessageQueries(c).Delete(account_id, ids);
  });
}

// Store: health.

absl::Status SqliteStore::ProbeWrite() {
  return Run(Access::kWrite, [](SqliteConnection& c) {
    c.db().exec(absl::StrCat("PRAGMA user_version = ", kLatestSchemaVersion));
    return absl::OkStatus();
  });
}

}  // namespace parley::store
