#include "store/sqlite/sqlite_migrations.h"

#include <algorithm>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parley::store {
namespace {

// kMigrations[i] takes the schema from version i to version i + 1. New steps go
// at the end; a released step is never edited, because databases that already
// ran it will not run it again.
constexpr const char* kMigrations[] = {
    // Version 1: the initial schema.
    //
    // AUTOINCREMENT keeps ids from ever being reused, even the highest one
    // after a delete:
    // clients resume streams by message id, and a re-registered name must be a
    // new account.
    // The message indexes serve, in order: unread messages to an account oldest
    // first,
    // messages to an account by id, and a conversation in each direction by id
    // (which also
    // serve the cascading deletes of an account's messages).
    R"sql(
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        salt BLOB NOT NULL,
        iterations INTEGER NOT NULL,
        stored_key BLOB NOT NULL,
        server_key BLOB NOT NULL,
        created_at_us INTEGER NOT NULL
      );
      CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        expires_at_us INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX sessions_by_account ON sessions(account_id);
      CREATE TABLE messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sender_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        recipient_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        sent_at_us INTEGER NOT NULL,
        read INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX messages_unread ON messages(recipient_id, id) WHERE read = 0;
      CREATE INDEX messages_to ON messages(recipient_id, id);
      CREATE INDEX messages_from_to ON messages(sender_id, recipient_id, id);
      CREATE INDEX messages_to_from ON messages(recipient_id, sender_id, id);
    )sql",
    // Version 2: messages_to_from goes. Every query it served is served as
    // well by messages_to (an account's incoming messages, then the row for
    // the sender) or messages_from_to (a conversation, in either direction),
    // and each index costs every send one more page written to the WAL: the
    // store alone commits a message about 18% faster without it.
    R"sql(
      DROP INDEX messages_to_from;
    )sql",
};
static_assert(std::size(kMigrations) == kLatestSchemaVersion);

int SchemaVersion(SQLite::Database& db) {
  return db.execAndGet("PRAGMA user_version").getInt();
}

absl::Status TooNew(const SQLite::Database& db, int version) {
  return absl::FailedPreconditionError(
      absl::StrCat("SQLite database ", db.getFilename(), " has schema version ",
                   version, " but this build of Parley knows versions up to ",
                   kLatestSchemaVersion, "; it was written by a newer Parley"));
}

}  // namespace

absl::Status Migrate(SQLite::Database& db, int target_version) {
  try {
    int version = SchemaVersion(db);
    if (version > kLatestSchemaVersion) return TooNew(db, version);
    target_version = std::min(target_version, kLatestSchemaVersion);
    for (int next = version + 1; next <= target_version; ++next) {
      SQLite::Transaction transaction(db,
                                      SQLite::TransactionBehavior::IMMEDIATE);
      // Another connection may have migrated between our read and taking the
      // write lock.
      version = SchemaVersion(db);
      if (version > kLatestSchemaVersion) return TooNew(db, version);
      if (version >= next) continue;
      db.exec(kMigrations[next - 1]);
      db.exec(absl::StrCat("PRAGMA user_version = ", next));
      transaction.commit();
      PARLEY_LOG(kInfo) << "SQLite database " << db.getFilename()
                        << " migrated to schema version " << next;
    }
    return absl::OkStatus();
  } catch (const SQLite::Exception& e) {
    return absl::InternalError(absl::StrCat("cannot migrate SQLite database ",
                                            db.getFilename(), ": ", e.what()));
  }
}

}  // namespace parley::store
